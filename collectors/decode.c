/*
 * Bytes to text.  Reports arrive as UTF-8, UTF-8 with a BOM, or UTF-16 with
 * a BOM; iconv does the converting and the validating, so an invalid sequence
 * is refused at the byte offset where iconv stopped.  Nothing is guessed: a
 * file that is none of these is an error, never "probably Latin-1".
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "reader.h"
#include "simd.h"

static const unsigned char bom_utf8[] = { 0xef, 0xbb, 0xbf };
static const unsigned char bom_utf16le[] = { 0xff, 0xfe };
static const unsigned char bom_utf16be[] = { 0xfe, 0xff };

static const char *
encoding_charset(enum encoding enc)
{
	return enc == ENC_UTF16LE ? "UTF-16LE" : enc == ENC_UTF16BE ?
	    "UTF-16BE" : "UTF-8";
}

/* Tell the encoding from the byte-order mark; return the mark's length. */
static size_t
sniff_bom(const unsigned char *b, size_t len, enum encoding *enc)
{
	if (len >= 3 && memcmp(b, bom_utf8, 3) == 0) {
		*enc = ENC_UTF8_BOM;
		return 3;
	}
	if (len >= 2 && memcmp(b, bom_utf16le, 2) == 0) {
		*enc = ENC_UTF16LE;
		return 2;
	}
	if (len >= 2 && memcmp(b, bom_utf16be, 2) == 0) {
		*enc = ENC_UTF16BE;
		return 2;
	}
	*enc = ENC_UTF8;
	return 0;
}

/* Whether a code unit is a control character no text report contains. */
static int
is_binary_unit(unsigned int u)
{
	return (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f')
	    || u == 0x7f;
}

/* Find the first binary code unit; return its byte offset or -1. */
static long
find_binary(const unsigned char *b, size_t len, enum encoding enc)
{
	size_t	i, step = (enc == ENC_UTF16LE || enc == ENC_UTF16BE) ? 2 : 1;

	for (i = 0; i + step <= len; i += step) {
		unsigned int u = b[i];

		if (enc == ENC_UTF16LE)
			u = b[i] | (unsigned int)b[i + 1] << 8;
		else if (enc == ENC_UTF16BE)
			u = (unsigned int)b[i] << 8 | b[i + 1];
		if (is_binary_unit(u))
			return (long)i;
	}
	return -1;
}

/*
 * Convert to UTF-8 with iconv.  On failure set *at to the offset (in b) of
 * the first byte iconv could not take, and *why to what was wrong there.
 */
static int
convert(const unsigned char *b, size_t len, enum encoding enc,
    struct decoded *out, size_t *at, const char **why)
{
	iconv_t	 cd = iconv_open("UTF-8", encoding_charset(enc));
	size_t	 cap = len * 3 / 2 + 4, inleft = len, outleft = cap - 1;
	char	*in = (char *)(uintptr_t)b, *buf, *o;

	if (cd == (iconv_t)-1) {
		*at = 0;
		*why = "no converter for";
		return -1;
	}
	buf = o = xcalloc(1, cap);
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		*why = errno == EINVAL ? "truncated" : "invalid";
		*at = (size_t)(in - (const char *)b);
		iconv_close(cd);
		free(buf);
		return -1;
	}
	iconv_close(cd);
	out->text = buf;
	out->len = (size_t)(o - buf);
	return 0;
}

/*
 * The length of the well-formed UTF-8 sequence (RFC 3629) at b, or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t
utf8_sequence(const unsigned char *b, size_t left)
{
	size_t	n, k;

	if (b[0] < 0x80)
		return 1;
	if (b[0] >= 0xc2 && b[0] <= 0xdf)
		n = 2;
	else if (b[0] >= 0xe0 && b[0] <= 0xef)
		n = 3;
	else if (b[0] >= 0xf0 && b[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (left < n)
		return 0;
	for (k = 1; k < n; k++)
		if ((b[k] & 0xc0) != 0x80)
			return 0;
	if ((b[0] == 0xe0 && b[1] < 0xa0) || (b[0] == 0xed && b[1] >= 0xa0) ||
	    (b[0] == 0xf0 && b[1] < 0x90) || (b[0] == 0xf4 && b[1] >= 0x90))
		return 0;
	return n;
}

static uint32_t
utf16_unit(const unsigned char *b, enum encoding enc)
{
	return enc == ENC_UTF16BE ? (uint32_t)b[0] << 8 | b[1] :
	    (uint32_t)b[1] << 8 | b[0];
}

/*
 * Read the code point at b[*i] of UTF-16 and step past it; 0 (never valid
 * here: a control character) for an unpaired surrogate.
 */
static uint32_t
utf16_next(const unsigned char *b, size_t len, size_t *i, enum encoding enc)
{
	uint32_t	u = utf16_unit(b + *i, enc), low;

	*i += 2;
	if (u < 0xd800 || u > 0xdfff)
		return u;
	if (u >= 0xdc00 || *i + 2 > len ||
	    (low = utf16_unit(b + *i, enc)) < 0xdc00 || low > 0xdfff)
		return 0;
	*i += 2;
	return 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
}

#ifdef __SSE2__
#define RUN_BYTES	16

/*
 * How many of the 16 bytes at b, from the first, need no more than a copy:
 * printable ASCII, tab, LF and FF, and the well-formed sequences of two
 * bytes (C2-DF, 80-BF) that are a fifth of Azerbaijani text, so that most
 * runs end only at a line end.  The run ends before any other byte, and
 * before a sequence the 16 do not hold whole.
 */
static inline size_t
utf8_run(const unsigned char *b)
{
	__m128i		v = load16(b);
	unsigned int	high, cont, lead, low, ok, bad;

	/*
	 * Signed compares, one instruction each where bytes_between() takes
	 * three: 80-BF are -128..-65, C2-DF -62..-33.
	 */
	high = bits16(v);
	cont = bits16(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
	lead = bits16(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8(-32))));
	low = bits16(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) & ~high;
	ok = bits_of3(v, '\t', '\n', '\f');
	bad = (low & ~ok) | bits16(bytes_are(v, 0x7f)) |
	    (high & ~(cont | lead)) | (cont & ~(lead << 1)) |
	    (lead & ~(cont >> 1));
	return (size_t)__builtin_ctz(bad | 1U << 16);
}
#else
#define RUN_BYTES	8

/*
 * How many of the 8 bytes at b, from the first, are printable ASCII
 * (0x20-0x7e), most of a report: tested 8 at a time where the machine is
 * little-endian, for there a borrow that spoils a byte's test only carries
 * into the bytes after it.
 */
static inline size_t
utf8_run(const unsigned char *b)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t	x, bad;

	memcpy(&x, b, sizeof x);
	bad = (x | (x - 0x20 * ones) | ((x ^ 0x7f * ones) - ones)) & high;
	return bad == 0 ? 8 : (size_t)__builtin_ctzll(bad) / 8;
#else
	size_t	n = 0;

	while (n < 8 && b[n] >= 0x20 && b[n] < 0x7f)
		n++;
	return n;
#endif
}
#endif

/*
 * Copy well-formed UTF-8 to o with LF line ends; return the end of the
 * copy, or NULL at a byte that needs iconv's word.  A whole run steps by a
 * constant: a step by what the run found would make each load wait for
 * the test of the block before it.
 */
static char *
utf8_fast(const unsigned char *b, size_t len, char *o)
{
	size_t	i = 0, n;

	while (i < len) {
		for (; len - i >= RUN_BYTES && (n = utf8_run(b + i)) ==
		    RUN_BYTES; i += RUN_BYTES, o += RUN_BYTES)
			memcpy(o, b + i, RUN_BYTES);	/* o - i <= b */
		if (len - i >= RUN_BYTES) {	/* to the byte it ends at */
			memcpy(o, b + i, RUN_BYTES);
			o += n;
			i += n;
		} else if (i == len)
			break;
		if (b[i] >= 0x20 && b[i] < 0x7f)
			*o++ = (char)b[i++];
		else if (b[i] >= 0x80) {
			if ((n = utf8_sequence(b + i, len - i)) == 0)
				return NULL;
			memcpy(o, b + i, n);
			o += n;
			i += n;
		} else if (b[i] == '\r') {
			*o++ = '\n';
			i += i + 1 < len && b[i + 1] == '\n' ? 2 : 1;
		} else if (is_binary_unit(b[i]))
			return NULL;
		else
			*o++ = (char)b[i++];
	}
	return o;
}

#ifdef __SSE2__
/*
 * Convert what the 8 code units at b hold from the first of characters
 * below U+0800 other than control characters (tab, LF and FF excepted): to
 * UTF-8 of one byte or two, all 8 computed at once.  Write them to *o, which
 * has room for two bytes a unit, and return the bytes of b taken.
 */
static inline size_t
utf16_run(const unsigned char *b, enum encoding enc, char **o)
{
	__m128i		v = load16(b);
	__m128i		zero = _mm_setzero_si128(), ok, two, pair;
	unsigned char	units[16];
	unsigned int	bad, wide;
	size_t		n, k;

	if (enc == ENC_UTF16BE)
		v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
	ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v,
	    _mm_set1_epi16('\t')), _mm_cmpeq_epi16(v, _mm_set1_epi16('\n'))),
	    _mm_cmpeq_epi16(v, _mm_set1_epi16('\f')));
	bad = ~bits16(_mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(-0x800)),
	    zero)) | (bits16(_mm_cmpeq_epi16(_mm_and_si128(v,
	    _mm_set1_epi16(-0x20)), zero)) & ~bits16(ok)) |
	    bits16(_mm_cmpeq_epi16(v, _mm_set1_epi16(0x7f)));
	n = (size_t)__builtin_ctz(bad | 1U << 16);
	/* Both bytes of U+0080-U+07FF, lead in the low byte, or the unit. */
	two = _mm_cmpgt_epi16(v, _mm_set1_epi16(0x7f));
	pair = _mm_or_si128(_mm_or_si128(_mm_srli_epi16(v, 6),
	    _mm_set1_epi16(0xc0)), _mm_slli_epi16(_mm_or_si128(_mm_and_si128(v,
	    _mm_set1_epi16(0x3f)), _mm_set1_epi16(0x80)), 8));
	_mm_storeu_si128((__m128i *)(void *)units, _mm_or_si128(_mm_and_si128(
	    two, pair), _mm_andnot_si128(two, v)));
	wide = bits16(two);
	for (k = 0; k < n; k += 2) {
		memcpy(*o, units + k, 2);
		*o += 1 + (wide >> k & 1);
	}
	return n & ~(size_t)1;
}
#endif

/* The same for UTF-16, to UTF-8. */
static char *
utf16_fast(const unsigned char *b, size_t len, enum encoding enc, char *o)
{
	size_t		i = 0;
	uint32_t	c;
#ifdef __SSE2__
	size_t		n;
#endif

	while (i < len) {
#ifdef __SSE2__
		/* As in utf8_fast(), whole runs step by a constant. */
		for (; len - i >= 16 && (n = utf16_run(b + i, enc, &o)) == 16;
		    i += 16)
			;
		if (len - i >= 16)
			i += n;		/* to the unit the run ends at */
		else if (i == len)
			break;
#endif
		if ((c = utf16_unit(b + i, enc)) - 0x20 < 0x5f) {
			*o++ = (char)c;		/* printable ASCII */
			i += 2;
			continue;
		}
		c = utf16_next(b, len, &i, enc);
		if (c == '\r') {
			c = '\n';
			if (i + 2 <= len && utf16_unit(b + i, enc) == '\n')
				i += 2;
		} else if (is_binary_unit(c))
			return NULL;
		o += utf8_put(o, c);
	}
	return o;
}

/*
 * Decode without iconv when nothing is wrong: well-formed UTF-8 or UTF-16
 * without control characters, straight to UTF-8 with LF line ends.  Most
 * reports are that, and iconv (then a pass for the line ends) cost a fifth
 * of the parse.  Return -1 at the first doubt, before any output: then the
 * iconv path decides, and names the fault and its offset.  What this takes,
 * iconv takes too, and what it writes is what iconv would write.
 */
static int
decode_fast(const unsigned char *b, size_t len, struct decoded *out)
{
	int	 utf16 = out->encoding == ENC_UTF16LE ||
		     out->encoding == ENC_UTF16BE;
	char	*buf = xmalloc((utf16 ? len / 2 * 3 : len) + 1), *o;

	o = utf16 ? utf16_fast(b, len, out->encoding, buf) :
	    utf8_fast(b, len, buf);
	if (o == NULL) {
		free(buf);
		return -1;
	}
	*o = '\0';
	out->text = buf;
	out->len = (size_t)(o - buf);
	return 0;
}

/* Turn CRLF and lone CR into LF, in place. */
static void
unify_line_ends(struct decoded *d)
{
	size_t	i, j;

	for (i = j = 0; i < d->len; i++) {
		if (d->text[i] == '\r') {
			d->text[j++] = '\n';
			if (i + 1 < d->len && d->text[i + 1] == '\n')
				i++;
		} else
			d->text[j++] = d->text[i];
	}
	d->text[j] = '\0';
	d->len = j;
}

/* Decode a report's bytes into UTF-8 text with LF line ends. */
int
decode_bytes(const unsigned char *b, size_t len, struct decoded *out,
    char **cause)
{
	size_t		 skip, at;
	long		 bin;
	const char	*why;

	memset(out, 0, sizeof *out);
	if (len == 0) {
		*cause = xstrdup("empty file");
		return -1;
	}
	skip = sniff_bom(b, len, &out->encoding);
	if (skip == len) {
		*cause = xstrdup("byte-order mark and no text after it");
		return -1;
	}
	if (skip == 2 && (len - skip) % 2 != 0) {
		xasprintf(cause, "odd length for UTF-16: %zu bytes, stray byte "
		    "at byte offset %zu", len, len - 1);
		return -1;
	}
	if (decode_fast(b + skip, len - skip, out) == 0)
		return 0;
	bin = find_binary(b + skip, len - skip, out->encoding);
	if (convert(b + skip, len - skip, out->encoding, out, &at, &why) != 0 &&
	    (bin < 0 || (size_t)bin >= at)) {
		xasprintf(cause, "%s %s at byte offset %zu", why,
		    encoding_charset(out->encoding), skip + at);
		return -1;
	}
	if (bin >= 0) {		/* the earliest fault is a control byte */
		free(out->text);
		out->text = NULL;
		xasprintf(cause, "binary content: control character at byte "
		    "offset %zu", skip + (size_t)bin);
		return -1;
	}
	unify_line_ends(out);
	return 0;
}

/* Any bytes may be text: this reader is the last one asked. */
static int
text_sniff(struct input *in)
{
	(void)in;
	return 1;
}

static int
text_read(struct input *in, struct decoded *out, char **cause)
{
	return decode_bytes(in->b, in->len, out, cause);
}

const struct reader reader_text = {
	"text", FORMAT_TEXT, text_sniff, text_read
};

/* Hex SHA-256 of the file's bytes, as they arrived. */
void
sha256_hex(const unsigned char *b, size_t len, char out[65])
{
	struct sha256_ctx	ctx;
	uint8_t			digest[SHA256_DIGEST_SIZE];
	size_t			i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, b);
	sha256_digest(&ctx, sizeof digest, digest);
	for (i = 0; i < sizeof digest; i++) {
		out[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	out[64] = '\0';
}
