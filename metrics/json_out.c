/*
 * JSON written straight to a stream, byte for byte as cJSON prints it: the
 * strings, numbers and objects that report_write.c's documents are made
 * of, and any cJSON document compact, for the answers and the export files.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "json_out.h"
#include "metrics.h"

/* Hand what the buffer holds to the stream. */
void
out_flush(struct out *o)
{
	fwrite_unlocked(o->buf, 1, o->n, o->f);
	o->n = 0;
}

/* The bytes a JSON string escapes: control characters, '"' and '\'. */
static const unsigned char escaped[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1
};

#ifdef __SSE2__
/* Which of the 16 bytes at s a JSON string escapes, a bit each. */
static inline unsigned int
escapes16(const char *s)
{
	const __m128i	space = _mm_set1_epi8(' ');
	__m128i		v, bad;

	v = _mm_loadu_si128((const __m128i *)(const void *)s);
	/* Below ' ' unsigned: the minimum of v and ' ' is v itself and v is
	 * not ' '. */
	bad = _mm_andnot_si128(_mm_cmpeq_epi8(v, space),
	    _mm_cmpeq_epi8(_mm_min_epu8(v, space), v));
	bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
	return (unsigned int)_mm_movemask_epi8(bad);
}
#endif

/*
 * The offset of the first byte of s from i on (len bytes in all) that
 * needs an escape, or len: tested 16 at a time with SSE2, the last of a
 * string of 16 or more in its last 16 bytes; else one at a time.
 */
static size_t
plain_run(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	unsigned int	mask;

	for (; len - i >= 16; i += 16)
		if ((mask = escapes16(s + i)) != 0)
			return i + (size_t)__builtin_ctz(mask);
	if (i < len && len >= 16) {
		mask = escapes16(s + len - 16) >> (16 - (len - i));
		return mask != 0 ? i + (size_t)__builtin_ctz(mask) : len;
	}
#endif
	while (i < len && !escaped[(unsigned char)s[i]])
		i++;
	return i;
}

static void
put_escape(struct out *o, unsigned char c)
{
	static const char	letter[256] = { ['\b'] = 'b', ['\f'] = 'f',
	    ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't', ['"'] = '"',
	    ['\\'] = '\\' };
	static const char	hex[] = "0123456789abcdef";
	char			e[6] = { '\\', 'u', '0', '0' };

	if (letter[c] != '\0') {
		e[1] = letter[c];
		out_bytes(o, e, 2);
	} else {
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		out_bytes(o, e, 6);
	}
}

void
put_string(struct out *o, const char *s)
{
	size_t	len = strlen(s), i = 0, n;

	out_byte(o, '"');
	for (;;) {
		n = plain_run(s, i, len);
		out_bytes(o, s + i, n - i);
		if ((i = n) == len)
			break;
		put_escape(o, (unsigned char)s[i++]);
	}
	out_byte(o, '"');
}

void
put_string_or_null(struct out *o, const char *s)
{
	if (s != NULL && *s != '\0')
		put_string(o, s);
	else
		out_bytes(o, "null", 4);
}

/* An int as cJSON prints the double it holds: every int is exact. */
void
put_int(struct out *o, int v)
{
	char		 buf[16], *p = buf + sizeof buf;
	unsigned int	 u = v < 0 ? 0U - (unsigned int)v : (unsigned int)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	out_bytes(o, p, (size_t)(buf + sizeof buf - p));
}

void
put_int_or_null(struct out *o, int v)
{
	if (v != 0)
		put_int(o, v);
	else
		out_str(o, "null");
}

/* cJSON's test that a number printed reads back as the same. */
static int
same_double(double a, double b)
{
	double	most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= most * DBL_EPSILON;
}

/*
 * A number as cJSON prints it: in 15 significant digits when they read back
 * as the same, else 17; NaN and the infinities as null.  One equal to whole,
 * its int, is that int in 15 digits, written without printf (but -0).
 */
void
put_number(struct out *o, double d, int whole)
{
	char	buf[32];
	double	test;

	if (isnan(d) || isinf(d)) {
		out_bytes(o, "null", 4);
		return;
	}
	if (d == (double)whole && !(d == 0 && signbit(d))) {
		put_int(o, whole);
		return;
	}
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &test) != 1 || !same_double(test, d))
		snprintf(buf, sizeof buf, "%1.17g", d);
	out_str(o, buf);
}

/* A rate in [0, 1], as cJSON prints it. */
void
put_rate(struct out *o, double d)
{
	put_number(o, d, (int)d);
}


/* End an object whose members stand at depth. */
void
put_end(struct out *o, int depth)
{
	out_byte(o, '\n');
	put_indent(o, depth - 1);
	out_byte(o, '}');
}


/* A cJSON value as cJSON_PrintUnformatted() prints it. */
void
put_value(struct out *o, const cJSON *v)
{
	const cJSON	*c;

	switch (v->type & 0xff) {
	case cJSON_False:
		out_bytes(o, "false", 5);
		break;
	case cJSON_True:
		out_bytes(o, "true", 4);
		break;
	case cJSON_Number:
		put_number(o, v->valuedouble, v->valueint);
		break;
	case cJSON_String:
		put_string(o, v->valuestring != NULL ? v->valuestring : "");
		break;
	case cJSON_Raw:
		out_str(o, v->valuestring);
		break;
	case cJSON_Array:
		out_byte(o, '[');
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				out_byte(o, ',');
			put_value(o, c);
		}
		out_byte(o, ']');
		break;
	case cJSON_Object:
		/* A reference to an object printed before, with its text: the
		 * ledger's by_agency. */
		if ((v->type & cJSON_IsReference) && v->valuestring != NULL) {
			out_str(o, v->valuestring);
			break;
		}
		out_byte(o, '{');
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				out_byte(o, ',');
			put_string(o, c->string != NULL ? c->string : "");
			out_byte(o, ':');
			put_value(o, c);
		}
		out_byte(o, '}');
		break;
	default:
		out_bytes(o, "null", 4);
	}
}

/*
 * Write a cJSON document as cJSON_PrintUnformatted() prints it, byte for
 * byte, without its buffer grown by realloc() as it goes and its sprintf()
 * for every number: that printing was a quarter of a recount of the
 * indicators and 45% of writing agreements.json.  The caller checks the
 * stream for errors.
 */
void
json_write(FILE *f, const cJSON *doc)
{
	struct out	o;

	o.f = f;
	o.n = 0;
	put_value(&o, doc);
	out_flush(&o);
}

/* The same in a string of its own, with its length. */
char *
json_text(const cJSON *doc, size_t *len)
{
	FILE	*f;
	char	*text = NULL;

	if ((f = open_memstream(&text, len)) == NULL)
		abort();
	json_write(f, doc);
	if (fclose(f) != 0)
		abort();
	return (text);
}
