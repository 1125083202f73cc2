/*
 * Case folding the Azerbaijani way (I/ı and İ/i are two pairs) and the
 * searches that ignore case: cue words at a word start in a text, or in a
 * text folded once for many searches; and the index of words by their
 * first letter.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "simd.h"

/*
 * The bytes of the character at pat when s (left bytes, at least one)
 * starts with the same bytes: an ASCII character other than a space (whose
 * runs match_fold() takes by a rule of their own), or two bytes of a
 * character of two; else 0.
 */
static inline size_t
same_char(const char *s, size_t left, const char *pat)
{
	unsigned char	c = (unsigned char)pat[0];

	if (s[0] != pat[0])
		return 0;
	if (c < 0x80)
		return c != ' ';
	return (c & 0xe0) == 0xc0 && left > 1 && s[1] == pat[1] &&
	    ((unsigned char)pat[1] & 0xc0) == 0x80 ? 2 : 0;
}

/*
 * Match pat at the start of s (len bytes), case folded; a space in pat
 * matches any run of spaces.  Return the bytes of s matched, or 0.  Most
 * characters that match are the same bytes in both: those need no
 * decoding and no fold.
 */
size_t
match_fold(const char *s, size_t len, const char *pat)
{
	size_t	i = 0, j = 0, n;

	while (pat[j] != '\0') {
		uint32_t pc, sc;

		if (i >= len)
			return 0;
		if ((n = same_char(s + i, len - i, pat + j)) != 0) {
			i += n;
			j += n;
			continue;
		}
		pc = utf8_next(pat, &j);
		sc = utf8_next(s, &i);
		if (pc == ' ') {
			if (!is_space_cp(sc))
				return 0;
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			continue;
		}
		if (fold_cp(pc) != fold_cp(sc))
			return 0;
	}
	return i;
}

/*
 * Whether the byte at a position can start a character that folds to pf:
 * a cheap test that lets find_fold skip most positions without decoding.
 */
static int
may_start(unsigned char b, uint32_t pf)
{
	if (b < 0x80)
		return fold_cp(b) == pf;
	if (b < 0xc0)
		return 0;		/* a continuation byte */
	return pf >= 0x80 || pf == 'i';	/* only İ folds into ASCII */
}

/*
 * The first byte from i on that may_start() a character folding to pf, or
 * len.  With SSE2, 16 bytes at a time are tested for the bytes that could:
 * the ASCII ones that fold to pf, and lead bytes where one of more bytes
 * could; may_start() has the last word.
 */
static size_t
next_start(const char *s, size_t i, size_t len, uint32_t pf)
{
#ifdef __SSE2__
	const int	leads = pf >= 0x80 || pf == 'i';
	const int	low = pf == 0x131 ? 'I' : pf < 0x80 ? (int)pf : 0xc0;
	const int	up = low >= 'a' && low <= 'z' ? low - 32 : low;
	__m128i		v, m;
	unsigned int	mask;
	size_t		k;

	for (; i < len && len - i >= 16; i += 16) {
		v = load16(s + i);
		m = _mm_or_si128(bytes_are(v, low), bytes_are(v, up));
		if (leads)
			m = _mm_or_si128(m, bytes_between(v, 0xc0, 0xff));
		for (mask = bits16(m); mask != 0; mask &= mask - 1) {
			k = i + (size_t)__builtin_ctz(mask);
			if (may_start((unsigned char)s[k], pf))
				return k;
		}
	}
#endif
	for (; i < len; i++)
		if (may_start((unsigned char)s[i], pf))
			return i;
	return len;
}

/* Find pat at a word start in s, case folded; NULL when absent. */
const char *
find_fold(const char *s, size_t len, const char *pat, size_t *matchlen)
{
	size_t		i, n, j = 0;
	uint32_t	pf = fold_cp(utf8_next(pat, &j));

	for (i = 0; (i = next_start(s, i, len, pf)) < len; i++) {
		if (!at_word_start(s, s + i) ||
		    (n = match_fold(s + i, len - i, pat)) == 0)
			continue;
		if (matchlen != NULL)
			*matchlen = n;
		return s + i;
	}
	return NULL;
}


#ifdef __SSE2__
/*
 * Fold the 16 bytes at s to out as if each were ASCII, and return how many
 * from the first that is right for: ASCII other than I, and the lower-case
 * letters of two bytes that Azerbaijani writes, which fold to themselves.
 * Most of a paragraph is a run of these.
 */
static inline size_t
fold_run(char *out, const char *s)
{
	const __m128i	v = load16(s);
	const __m128i	next = _mm_srli_si128(v, 1);	/* byte i + 1 at i */
	__m128i		odd, lead;
	unsigned int	plain, ok;

	_mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi8(v, _mm_and_si128(
	    bytes_between(v, 'A', 'Z'), _mm_set1_epi8(32))));
	plain = ~bits16(_mm_or_si128(v, bytes_are(v, 'I')));
	if ((plain & 0xffff) == 0xffff)
		return 16;
	/* Leads whose character stays: C3 97 and C3 9F-BF (× and U+00DF-
	 * U+00FF: ç ö ü), C4 80-B7 and C5 8A-B7 when odd (ı ğ ş), C9 80-BF
	 * (ə).  The byte after such a lead stays too. */
	odd = bytes_are(_mm_and_si128(next, _mm_set1_epi8(1)), 1);
	lead = _mm_and_si128(bytes_are(v, 0xc3), _mm_or_si128(bytes_are(next,
	    0x97), bytes_between(next, 0x9f, 0xbf)));
	lead = _mm_or_si128(lead, _mm_and_si128(_mm_and_si128(bytes_are(v,
	    0xc4), odd), bytes_between(next, 0x80, 0xb7)));
	lead = _mm_or_si128(lead, _mm_and_si128(_mm_and_si128(bytes_are(v,
	    0xc5), odd), bytes_between(next, 0x8a, 0xb7)));
	lead = _mm_or_si128(lead, _mm_and_si128(bytes_are(v, 0xc9),
	    bytes_between(next, 0x80, 0xbf)));
	ok = bits16(lead);
	return (size_t)__builtin_ctz(~(plain | ok | ok << 1) | 1U << 16);
}
#endif

/*
 * Write the case fold of s (len bytes) to out, which has room for 3 * len
 * bytes, and return its length.  Only I and İ fold to a length of their
 * own (I is 1 byte, ı 2; İ is 2, i 1), and a byte of broken UTF-8 becomes
 * U+FFFD (3): with f, note where each one ends in s and in out, to map
 * offsets between the two.
 */
static size_t
fold_into(char *out, const char *s, size_t len, struct folded *f)
{
	size_t	i = 0, o = 0, prev, n;

	while (i < len) {
#ifdef __SSE2__
		/* Whole runs step by a constant, as decode.c's do. */
		for (; len - i >= 16 && (n = fold_run(out + o, s + i)) == 16;
		    i += 16, o += 16)
			;
		if (len - i >= 16) {	/* to the character it ends at */
			i += n;
			o += n;
		} else if (i == len)
			break;
#endif
		if ((unsigned char)s[i] < 0x80 && s[i] != 'I') {
			out[o++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
			i++;
			continue;
		}
		prev = i;
		n = utf8_put(out + o, fold_cp(utf8_next(s, &i)));
		o += n;
		if (f != NULL && n != i - prev) {
			f->jumps = xgrowarray(f->jumps, f->njumps,
			    sizeof *f->jumps);
			f->jumps[f->njumps].text = i;
			f->jumps[f->njumps++].fold = o;
		}
	}
	out[o] = '\0';
	return o;
}

/* A case folded copy of a string. */
char *
fold_string(const char *s)
{
	size_t	 len = strlen(s);
	char	*out = xmalloc(3 * len + 1);

	fold_into(out, s, len, NULL);
	return out;
}

/* Fold text (len bytes) once for the searches folded_find() makes in it. */
void
folded_init(struct folded *f, const char *text, size_t len)
{
	memset(f, 0, sizeof *f);
	f->text = text;
	f->len = len;
	f->fold = xmalloc(3 * len + 1);
	f->foldlen = fold_into(f->fold, text, len, f);
}

void
folded_free(struct folded *f)
{
	free(f->fold);
	free(f->jumps);
}

/* The offset in the fold of offset at (a character's start) in the text,
 * or with to_text, the other way round. */
size_t
folded_offset(const struct folded *f, size_t at, int to_text)
{
	const struct fold_jump	*j = NULL;
	size_t			 lo = 0, hi = f->njumps, mid;

	while (lo < hi) {	/* the last jump at or before at */
		mid = lo + (hi - lo) / 2;
		if ((to_text ? f->jumps[mid].fold : f->jumps[mid].text) <= at) {
			j = &f->jumps[mid];
			lo = mid + 1;
		} else
			hi = mid;
	}
	if (j == NULL)
		return at;
	return to_text ? at - j->fold + j->text : at - j->text + j->fold;
}

/*
 * Find a folded pattern in fold[at, to).  A first search of the rest of the
 * fold, which every status cue makes, is a strstr(): libc makes that one
 * many bytes at a time, not memmem().  Only the first: ASan's strstr()
 * measures the whole haystack, and hits that start no word can be many.
 */
static const char *
fold_search(const struct folded *f, size_t at, size_t to, const char *fpat,
    size_t plen, int first)
{
	if (first && to == f->foldlen)
		return strstr(f->fold + at, fpat);
	return memmem(f->fold + at, to - at, fpat, plen);
}

/*
 * find_fold() for a pattern already folded (plen bytes), in s (len bytes)
 * within a folded text: a memmem() in the fold.  That finds the same place,
 * since the fold of a character sequence matches where each character's
 * fold does; only white space differs, where match_fold() lets a pattern's
 * space match a run: the texts searched here are normalised, one space a
 * run.
 */
const char *
folded_find(const struct folded *f, const char *s, size_t len,
    const char *fpat, size_t plen, size_t *matchlen)
{
	size_t		 from = folded_offset(f, (size_t)(s - f->text), 0);
	size_t		 to = folded_offset(f, (size_t)(s - f->text) + len, 0);
	size_t		 at, start;
	const char	*hit;

	if (plen == 0)
		return NULL;	/* as find_fold(): an empty pattern is absent */
	for (at = from; at < to && (hit = fold_search(f, at, to, fpat,
	    plen, at == from)) != NULL; at = (size_t)(hit - f->fold) + 1) {
		if (!at_word_start(f->fold + from, hit))
			continue;
		start = folded_offset(f, (size_t)(hit - f->fold), 1);
		if (matchlen != NULL)
			*matchlen = folded_offset(f, (size_t)(hit - f->fold) +
			    plen, 1) - start;
		return f->text + start;
	}
	return NULL;
}


/* Remove the first matching prefix (and the space after it), in place. */
char *
strip_prefix_fold(char *s, const char *const *prefixes, size_t n)
{
	size_t	k, len = strlen(s), m;

	for (k = 0; k < n; k++) {
		m = match_fold(s, len, prefixes[k]);
		if (m != 0 && m < len && s[m] == ' ') {
			memmove(s, s + m + 1, len - m);
			return s;
		}
	}
	return s;
}


static size_t
initial_bucket(const char *s)
{
	size_t	i = 0;

	return fold_cp(utf8_next(s, &i)) % INITIAL_BUCKETS;
}

/* File a word under its first letter; ids keep the order they came in. */
void
initial_add(struct initial_index *ix, const char *word, size_t id)
{
	size_t	b = initial_bucket(word);

	ix->ids[b] = xreallocarray(ix->ids[b], ix->n[b] + 1, sizeof *ix->ids[b]);
	ix->ids[b][ix->n[b]++] = id;
}

/* The ids of the words that may start at s. */
const size_t *
initial_candidates(const struct initial_index *ix, const char *s, size_t *n)
{
	size_t	b = initial_bucket(s);

	*n = ix->n[b];
	return ix->ids[b];
}

void
initial_free(struct initial_index *ix)
{
	size_t	b;

	for (b = 0; b < INITIAL_BUCKETS; b++)
		free(ix->ids[b]);
}
