/*
 * A JSON writer to a stream that prints byte for byte what cJSON prints:
 * the pieces report_write.c makes napmon's documents of, and put_value()
 * for any cJSON tree.  Internal to metrics/.
 */
#ifndef NAPMON_JSON_OUT_H
#define NAPMON_JSON_OUT_H

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

/*
 * The pieces go to a buffer of the writer's own and from there to the
 * stream a buffer at a time: a stdio call per piece, most of them a few
 * bytes, took a fifth of the writing.
 */
#define OUT_SIZE	16384

struct out {
	FILE	*f;
	size_t	 n;
	char	 buf[OUT_SIZE];
};

void	 out_flush(struct out *);

/* The three below run for every piece: inline, so nothing pays a call. */
static inline void
out_bytes(struct out *o, const void *p, size_t n)
{
	if (n > OUT_SIZE - o->n) {
		out_flush(o);
		if (n > OUT_SIZE) {	/* a long text: straight through */
			fwrite_unlocked(p, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

static inline void
out_byte(struct out *o, char c)
{
	if (o->n == OUT_SIZE)
		out_flush(o);
	o->buf[o->n++] = c;
}

static inline void
out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

void	 put_string(struct out *, const char *);
void	 put_string_or_null(struct out *, const char *);
void	 put_int(struct out *, int);
void	 put_int_or_null(struct out *, int);
void	 put_number(struct out *, double, int whole);
void	 put_rate(struct out *, double);
void	 put_end(struct out *, int depth);
void	 put_value(struct out *, const cJSON *);

static inline void
put_indent(struct out *o, int depth)
{
	while (depth-- > 0)
		out_byte(o, '\t');
}

/* Start a member of an object whose members stand at depth, as
 * cJSON_Print() prints it; all but the first end the member before them.
 * Inline, so that the length of each key, a literal, is known where it is
 * written. */
static inline void
put_key(struct out *o, int depth, const char *key, int first)
{
	out_str(o, first ? "{\n" : ",\n");
	put_indent(o, depth);
	out_byte(o, '"');
	out_str(o, key);
	out_str(o, "\":\t");
}

/* Start a member of a compact object; keys are literals, nothing to escape. */
static inline void
put_member(struct out *o, const char *key, int first)
{
	out_byte(o, first ? '{' : ',');
	out_byte(o, '"');
	out_str(o, key);
	out_bytes(o, "\":", 2);
}

#endif
