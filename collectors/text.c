/*
 * UTF-8 helpers for Azerbaijani text: classes of code points, word starts,
 * scans for the few bytes a search wants, and white space normalised.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "simd.h"

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

	/* from may be past to (a character read across it): then none. */
	for (; i < to && to - i >= 16; i += 16)
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
	for (; i < to && to - i >= 16; i += 16)
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
 * Those are kept in any text, broken or not.  Else, near the end, or where
 * those stop at i, the bytes of the class that are plain; s[i] is one.
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
		if (stop == 0)
			continue;
		i += (size_t)__builtin_ctz(stop);
		if (i > from)
			return i;
		/* Stopped at once (a character of three bytes or four, say):
		 * the class goes further, where two loads a byte would not. */
		break;
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
