/*
 * UTF-8 helpers for Azerbaijani text: walking code points, folding case the
 * Azerbaijani way (I/ı and İ/i are two pairs), matching cue words without
 * regard to case, and allocation wrappers that never return NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

/* Abort on exhausted memory: a report parser has nothing sane to do then. */
static void *
checked(void *p)
{
	if (p == NULL) {
		fputs("napmon: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

/* Memory that is written before it is read: calloc() clearing the big
 * buffers of a parse (its text, each paragraph's fold) cost 3% of it. */
void *
xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	return checked(reallocarray(p, n ? n : 1, size ? size : 1));
}

/*
 * Make room for element n of an array that grows one element at a time:
 * the capacity doubles at each power of two, so that n appends copy O(n)
 * bytes even where realloc must move the block, as ASan's always does (a
 * million measures took minutes there, growing by one).
 */
void *
xgrowarray(void *p, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return p;	/* room is left since n was a power of two */
	return xreallocarray(p, n != 0 ? 2 * n : 1, size);
}

char *
xstrndup(const char *s, size_t n)
{
	return checked(strndup(s, n));
}

char *
xstrdup(const char *s)
{
	return checked(strdup(s));
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0)
		checked(NULL);
	return n;
}

#ifdef __SSE2__
/* Which bytes of x are from lo to hi: x - lo is at most hi - lo. */
static inline __m128i
bytes_between(__m128i x, int lo, int hi)
{
	return _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(x,
	    _mm_set1_epi8((char)lo)), _mm_set1_epi8((char)(hi - lo))),
	    _mm_setzero_si128());
}

static inline __m128i
bytes_are(__m128i x, int c)
{
	return _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c));
}

static inline __m128i
load16(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* The top bits of the 16 bytes of a compare, a bit each. */
static inline unsigned int
bits16(__m128i x)
{
	return (unsigned int)_mm_movemask_epi8(x);
}

/* Which bytes of v are a, b or c, a bit each. */
static inline unsigned int
bits_of3(__m128i v, char a, char b, char c)
{
	return bits16(_mm_or_si128(_mm_or_si128(bytes_are(v, a), bytes_are(v,
	    b)), bytes_are(v, c)));
}

/* Which bytes of v are blanks: tab, form feed, space. */
static inline __m128i
blanks(__m128i v)
{
	return _mm_or_si128(_mm_or_si128(bytes_are(v, '\t'), bytes_are(v,
	    '\f')), bytes_are(v, ' '));
}

/* Which bytes of v are ASCII letters or digits. */
static inline __m128i
bytes_alnum(__m128i v)
{
	return _mm_or_si128(_mm_or_si128(bytes_between(v, 'a', 'z'),
	    bytes_between(v, 'A', 'Z')), bytes_between(v, '0', '9'));
}
#endif

/*
 * Lower-case a code point, with Turkic dotted and dotless i.  Static, so
 * that the matching loops below inline it: it runs for every character.
 * Tested by blocks, so that a letter of the text (ASCII, then ə, ı, ş, ü)
 * meets few tests.
 */
static inline uint32_t
fold_cp(uint32_t c)
{
	if (c < 0x80)
		return c == 'I' ? 0x131 : c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c < 0x100)
		return c >= 0xc0 && c <= 0xde && c != 0xd7 ? c + 0x20 : c;
	if (c < 0x180) {
		if (c == 0x130)
			return 'i';
		if (c <= 0x137 || (c >= 0x14a && c <= 0x177))
			return c | 1;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return (c & 1) ? c + 1 : c;
		return c;
	}
	if (c == 0x18f)
		return 0x259;
	if (c >= 0x400 && c <= 0x42f)
		return c < 0x410 ? c + 0x50 : c + 0x20;
	return c;
}

int
is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == 0xa0 ||
	    (c >= 0x2000 && c <= 0x200b) || c == 0x202f || c == 0x205f ||
	    c == 0x3000 || c == 0xfeff;
}

int
is_quote_cp(uint32_t c)
{
	return c == '"' || c == 0xab || c == 0xbb ||
	    (c >= 0x201c && c <= 0x201f);
}

int
is_letter_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c == 0xd7 || c == 0xf7 || c == 0xfeff || c == 0xfffd)
		return 0;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f))
		return 0;
	return c >= 0xc0;
}

int
is_upper_cp(uint32_t c)
{
	return is_letter_cp(c) && fold_cp(c) != c;
}

/* Whether p starts a word: the character before it is no letter or digit. */
int
at_word_start(const char *base, const char *p)
{
	const char	*q = p;
	size_t		 i = 0;
	uint32_t	 c;

	if (p == base)
		return 1;
	q--;
	while (q > base && ((unsigned char)*q & 0xc0) == 0x80)
		q--;
	c = utf8_next(q, &i);
	return !is_letter_cp(c) && !(c >= '0' && c <= '9');
}

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

	for (; len - i >= 16; i += 16) {
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

/*
 * The offset of the first byte of s[from, to) that is a, b or c, or to.
 * Scans look for the few bytes that can start what they want: SSE2 tests
 * 16 bytes at a time, the tail one at a time.
 */
size_t
find_byte3(const char *s, size_t from, size_t to, char a, char b, char c)
{
	size_t	i = from;

#ifdef __SSE2__
	unsigned int	mask;

	for (; to - i >= 16; i += 16)
		if ((mask = bits_of3(load16(s + i), a, b, c)) != 0)
			return i + (size_t)__builtin_ctz(mask);
#endif
	for (; i < to; i++)
		if (s[i] == a || s[i] == b || s[i] == c)
			return i;
	return to;
}

/* One past the offset of the last byte of s[0, to) that is a, b or c, or
 * 0 when none is: find_byte3() backwards. */
size_t
last_byte3(const char *s, size_t to, char a, char b, char c)
{
#ifdef __SSE2__
	unsigned int	mask;

	for (; to >= 16; to -= 16)
		if ((mask = bits_of3(load16(s + to - 16), a, b, c)) != 0)
			return to - 16 + (size_t)(32 - __builtin_clz(mask));
#endif
	for (; to > 0; to--)
		if (s[to - 1] == a || s[to - 1] == b || s[to - 1] == c)
			return to;
	return 0;
}

static inline int
is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * The first offset of s from i on, before to, where a word may start for
 * at_word_start() to say: not after an ASCII letter or digit, most of
 * them; to when none.  With SSE2 16 at a time.
 */
size_t
may_start_word(const char *s, size_t i, size_t to)
{
#ifdef __SSE2__
	unsigned int	mask;
#endif

	if (i == 0)
		return 0;
#ifdef __SSE2__
	for (; to - i >= 16; i += 16)
		if ((mask = ~bits16(bytes_alnum(load16(s + i - 1))) &
		    0xffff) != 0)
			return i + (size_t)__builtin_ctz(mask);
#endif
	for (; i < to; i++)
		if (!is_ascii_alnum(s[i - 1]))
			return i;
	return to;
}

/* Write code point c as UTF-8 to o; return the bytes written. */
size_t
utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
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

/*
 * How squeeze_space() takes the byte that starts a character: most bytes
 * need no decoding.  A blank is ' ', '\t' or '\f'.  Only a lead byte that
 * utf8_next() can decode to a white space character needs its character
 * decoded and tested: those of U+00A0, U+2000-U+200B, U+202F, U+205F,
 * U+3000 and U+FEFF, and in text that may be broken (lexicon data), the
 * overlong forms of the ASCII ones and the bytes utf8_next() takes as the
 * lead of four.  Other lead bytes start characters that are copied whole.
 */
enum { B_PLAIN, B_BLANK, B_SEQ, B_MAYBE };
static const unsigned char any_class[256] = {
	['\t'] = B_BLANK, ['\f'] = B_BLANK, [' '] = B_BLANK,
	[0x80 ... 0xbf] = B_MAYBE,
	[0xc0] = B_MAYBE, [0xc1] = B_SEQ, [0xc2] = B_MAYBE,
	[0xc3 ... 0xdf] = B_SEQ,
	[0xe0] = B_MAYBE, [0xe1] = B_SEQ, [0xe2 ... 0xe3] = B_MAYBE,
	[0xe4 ... 0xee] = B_SEQ, [0xef ... 0xff] = B_MAYBE
};

/* In well-formed UTF-8 a character is copied byte by byte, as it is. */
static const unsigned char utf8_class[256] = {
	['\t'] = B_BLANK, ['\f'] = B_BLANK, [' '] = B_BLANK,
	[0xc2] = B_MAYBE, [0xe2 ... 0xe3] = B_MAYBE, [0xef] = B_MAYBE
};

/* The bytes of the white space character at s[i], or 0 if it is none. */
static inline size_t
space_at(const unsigned char *class, const char *s, size_t i)
{
	size_t	j = i;

	switch (class[(unsigned char)s[i]]) {
	case B_BLANK:
		return 1;
	case B_MAYBE:
		return is_space_cp(utf8_next(s, &j)) ? j - i : 0;
	default:
		return 0;
	}
}

/*
 * The end of the bytes from i, a plain one of class, that squeeze_space()
 * keeps as they are, found without a look at each where it can be: with
 * SSE2, 16 at a time, each with the byte after it, runs of ASCII other
 * than blanks, of well-formed characters of two bytes other than U+0080-
 * U+00BF (where the non-breaking space is), and of spaces before either.
 * Those are kept in any text, broken or not.  Else, and near the end, the
 * bytes of the class that are plain.
 */
static inline size_t
plain_end(const unsigned char *class, const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	const size_t	from = i;
	__m128i		v, w;
	unsigned int	vplain, wplain, lead, stop;

	for (; len - i > 16; i += 16) {
		v = load16(s + i);
		w = load16(s + i + 1);
		vplain = ~bits16(_mm_or_si128(v, blanks(v)));
		wplain = ~bits16(_mm_or_si128(w, blanks(w))) |
		    bits16(bytes_between(w, 0xc3, 0xdf));
		lead = bits16(_mm_and_si128(bytes_between(v, 0xc3, 0xdf),
		    bytes_between(w, 0x80, 0xbf)));
		lead &= 0x7fff;		/* its second byte in these 16 */
		stop = ~(vplain | lead | lead << 1 |
		    (bits16(bytes_are(v, ' ')) & wplain)) & 0xffff;
		if (stop != 0) {
			i += (size_t)__builtin_ctz(stop);
			return i > from ? i : i + 1;
		}
	}
#endif
	while (i < len && class[(unsigned char)s[i]] == B_PLAIN)
		i++;
	return i;
}

/*
 * Write s with every run of white space made one space, trimmed, to out and
 * NUL-terminate it; return its length.  out may be s itself: the copy never
 * gets ahead of what it has read.  Text is taken a run at a time, a run
 * being what is kept as it is, single spaces between words included: most
 * lines are one run, and in place they are not copied at all.
 */
static size_t
squeeze_space(const unsigned char *class, char *out, const char *s,
    size_t len)
{
	char	*o = out;
	size_t	 i = 0, run, n;
	int	 pending = 0;

	while (i < len) {
		for (run = i; i < len; ) {
			unsigned char c = class[(unsigned char)s[i]];

			if (c == B_PLAIN)
				i = plain_end(class, s, i, len);
			else if (c == B_SEQ)
				(void)utf8_next(s, &i);
			else if (s[i] == ' ' && (i > run || o != out) &&
			    i + 1 < len && space_at(class, s, i + 1) == 0)
				i++;	/* one space between words: kept */
			else if (space_at(class, s, i) != 0)
				break;
			else
				(void)utf8_next(s, &i);
		}
		if (i > run) {
			if (pending)
				*o++ = ' ';
			pending = 0;
			if (o != s + run)
				memmove(o, s + run, i - run);
			o += i - run;
		}
		while (i < len && (n = space_at(class, s, i)) != 0)
			i += n;
		pending = o != out;
	}
	*o = '\0';
	return (size_t)(o - out);
}

/* Copy s with every run of white space made one space, trimmed. */
char *
normalize_space(const char *s, size_t len)
{
	char	*out = xmalloc(len + 1);

	squeeze_space(any_class, out, s, len);
	return out;
}

/* Whether byte i of s (len bytes) is one line_stop() stops at. */
static inline int
stops_line(const char *s, size_t i, size_t len)
{
	return s[i] == '\n' || s[i] == '\t' || s[i] == '\f' ||
	    utf8_class[(unsigned char)s[i]] == B_MAYBE ||
	    (s[i] == ' ' && i + 1 < len && s[i + 1] == ' ');
}

/*
 * The offset of the first byte of s from i on that ends a line or may make
 * well-formed text need normalising: LF, a tab, a form feed, a lead byte of
 * wider white space, a space before a space; len when none.  With SSE2 16
 * bytes at a time, each with the byte after it.
 */
size_t
line_stop(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	__m128i		v, w, m;
	unsigned int	mask;

	for (; len - i > 16; i += 16) {
		v = load16(s + i);
		w = load16(s + i + 1);
		m = _mm_or_si128(_mm_or_si128(bytes_are(v, '\n'),
		    bytes_are(v, '\t')), _mm_or_si128(bytes_are(v, '\f'),
		    bytes_are(v, 0xc2)));
		m = _mm_or_si128(m, _mm_or_si128(bytes_are(v, 0xef),
		    bytes_between(v, 0xe2, 0xe3)));
		m = _mm_or_si128(m, _mm_and_si128(bytes_are(v, ' '),
		    bytes_are(w, ' ')));
		if ((mask = bits16(m)) != 0)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < len; i++)
		if (stops_line(s, i, len))
			return i;
	return len;
}

/*
 * Normalise the white space of s (len bytes of well-formed UTF-8, as the
 * decoder leaves it, and a NUL) in place; return its length.  Most lines
 * need at most their indent removed.
 */
size_t
normalize_space_in_place(char *s, size_t len)
{
	size_t	lead = 0;

	while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (lead < len && s[len - 1] != ' ' && line_stop(s, lead, len) == len) {
		memmove(s, s + lead, len - lead + 1);
		return len - lead;
	}
	return squeeze_space(utf8_class, s, s, len);
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

/* The byte offset of the next word start after i (len when none). */
size_t
next_word(const char *s, size_t len, size_t i)
{
	size_t		prev;
	uint32_t	c;
	int		in_word = 1;

	while (i < len) {
		prev = i;
		c = utf8_next(s, &i);
		if (is_letter_cp(c) || (c >= '0' && c <= '9')) {
			if (!in_word)
				return prev;
		} else
			in_word = 0;
	}
	return len;
}
