/*
 * SSE2 tests of 16 bytes at a time, for the scans of text.c and fold.c and
 * the decoding of decode.c: each runs them while the bytes it loads are
 * left (16, or 17 for a scan that also looks at the byte after) and
 * finishes a byte at a time, which is also all it does where SSE2 is
 * missing.
 */
#ifndef NAPMON_COLLECTORS_SIMD_H
#define NAPMON_COLLECTORS_SIMD_H

#ifdef __SSE2__
#include <emmintrin.h>

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
load16(const void *s)
{
	return _mm_loadu_si128((const __m128i *)s);
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

#endif
