/*
 * The writers every piece of outside text goes through on its way into the
 * page, as cgit's html.c: text and attribute values escaped, query values
 * percent-encoded.  Report text reaches HTML through these and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/*
 * Write text escaped for an element's content or a quoted attribute value:
 * the five characters that can end either, and the C0 controls HTML does
 * not allow (as U+FFFD), so that no report can close a tag or a quote.
 */
void
html_text(FILE *f, const char *s)
{
	const char	*run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char	*with;

		switch (*s) {
		case '&': with = "&amp;"; break;
		case '<': with = "&lt;"; break;
		case '>': with = "&gt;"; break;
		case '"': with = "&quot;"; break;
		case '\'': with = "&#39;"; break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' ||
			    *s == '\n' || *s == '\r')
				continue;
			with = "\xef\xbf\xbd";
			break;
		}
		fwrite(run, 1, s - run, f);
		fputs(with, f);
		run = s + 1;
	}
	fwrite(run, 1, s - run, f);
}

/* Write text for a quoted attribute value: the same escaping, named for
 * where it goes. */
void
html_attr(FILE *f, const char *s)
{
	html_text(f, s);
}

/*
 * Write a query value percent-encoded: every byte but RFC 3986's unreserved
 * ones, so that what comes out is safe in a URL and in an attribute, and
 * can never start a scheme such as javascript:.
 */
void
html_url_arg(FILE *f, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	unsigned char		c;

	if (s == NULL)
		return;
	for (; (c = *s) != '\0'; s++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			fputc(c, f);
		else
			fprintf(f, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* Write at most max characters of UTF-8 text, escaped, with an ellipsis
 * when cut: labels of charts, whose full text is in the tables. */
void
html_text_cut(FILE *f, const char *s, size_t max)
{
	const char	*p;
	size_t		 chars = 0;
	char		*cut;

	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		if (chars++ == max)
			break;
	}
	if (*p == '\0') {
		html_text(f, s);
		return;
	}
	cut = xstrdup(s);
	cut[p - s] = '\0';
	html_text(f, cut);
	fputs("\xe2\x80\xa6", f);
	free(cut);
}
