/*
 * The files napmon-gencorpus reads and writes: the partners of
 * config/partners.ini, and each report in its encoding and line ends.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

/* -------------------------------------------------------------- partners */

/* States Azerbaijan signed nothing with in these years: not partners. */
static const char *const never_partners[] = { "AM", "XK", "TW" };

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Read the canonical names of partners.ini's [states] and [groups]. */
void
partners_load(const char *path, struct partners *p)
{
	FILE	*f;
	char	 line[1024], *s, *eq, *key, *val, *bar;
	int	 section = 0;	/* 1 states, 2 groups */
	size_t	 k;

	memset(p, 0, sizeof *p);
	if ((f = fopen(path, "r")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		s = trim(line);
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			section = strcmp(s, "[states]") == 0 ? 1 :
			    strcmp(s, "[groups]") == 0 ? 2 : 0;
			continue;
		}
		if (section == 0 || (eq = strchr(s, '=')) == NULL)
			continue;
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		if ((bar = strchr(val, '|')) != NULL)
			*bar = '\0';
		val = trim(val);
		if (section == 1) {
			for (k = 0; k < NELEM(never_partners); k++)
				if (strcmp(key, never_partners[k]) == 0)
					break;
			if (k < NELEM(never_partners))
				continue;
			p->states = xrealloc(p->states, (p->nstates + 1) *
			    sizeof *p->states);
			p->states[p->nstates].name = xstrdup(val);
			p->states[p->nstates++].iso = xstrdup(key);
		} else {
			p->groups = xrealloc(p->groups, (p->ngroups + 1) *
			    sizeof *p->groups);
			p->groups[p->ngroups].name = xstrdup(val);
			p->groups[p->ngroups++].iso = NULL;
		}
	}
	fclose(f);
	if (p->nstates == 0 || p->ngroups == 0)
		fatalx("%s: no [states] or no [groups]", path);
}

/* Free what partners_load() read. */
void
partners_free(struct partners *p)
{
	size_t	i;

	for (i = 0; i < p->nstates; i++) {
		free(p->states[i].name);
		free(p->states[i].iso);
	}
	for (i = 0; i < p->ngroups; i++)
		free(p->groups[i].name);
	free(p->states);
	free(p->groups);
}

/* ------------------------------------------------------------------ reports */

/* The name the manifest gives an encoding. */
const char *
encoding_name(enum encoding enc)
{
	static const char *const names[] = {
		"utf-8", "utf-8-bom", "utf-16le", "utf-16be"
	};

	return names[enc];
}

/* Convert UTF-8 to UTF-16 (LE or BE) with iconv(3). */
static void
to_utf16(const struct buf *in, const char *to, struct buf *out)
{
	iconv_t	 cd;
	char	*ip = in->p, *op;
	size_t	 il = in->len, ol;

	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1)
		fatalx("iconv_open %s: %s", to, strerror(errno));
	breset(out);
	bgrow(out, in->len * 2 + 16);
	op = out->p;
	ol = out->cap - 1;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		fatalx("iconv to %s: %s", to, strerror(errno));
	out->len = (size_t)(op - out->p);
	iconv_close(cd);
}

/* Write the report's bytes in its encoding and line ends. */
size_t
write_report(const char *path, const struct buf *text, enum encoding enc,
    int crlf, struct buf *tmp, struct buf *tmp2)
{
	const struct buf	*src = text;
	FILE			*f;
	size_t			 i, n = 0;

	if (crlf) {
		breset(tmp2);
		bgrow(tmp2, text->len * 2);
		for (i = 0; i < text->len; i++) {
			if (text->p[i] == '\n')
				tmp2->p[tmp2->len++] = '\r';
			tmp2->p[tmp2->len++] = text->p[i];
		}
		tmp2->p[tmp2->len] = '\0';
		src = tmp2;
	}
	if ((f = fopen(path, "wb")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	switch (enc) {
	case E_UTF8:
		n = fwrite(src->p, 1, src->len, f);
		break;
	case E_UTF8_BOM:
		n = fwrite("\xef\xbb\xbf", 1, 3, f);
		n += fwrite(src->p, 1, src->len, f);
		break;
	case E_UTF16LE:
		to_utf16(src, "UTF-16LE", tmp);
		n = fwrite("\xff\xfe", 1, 2, f);
		n += fwrite(tmp->p, 1, tmp->len, f);
		break;
	case E_UTF16BE:
		to_utf16(src, "UTF-16BE", tmp);
		n = fwrite("\xfe\xff", 1, 2, f);
		n += fwrite(tmp->p, 1, tmp->len, f);
		break;
	}
	if (ferror(f) || fclose(f) != 0)
		fatalx("%s: write error", path);
	return n;
}
