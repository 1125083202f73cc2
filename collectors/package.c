/*
 * Zip packages of XML, as Word and OpenDocument files are: open one from
 * memory, stream a member through libxml2's reader within limits, and write
 * the text the walk finds in the layout the text reader yields.
 *
 * A hostile package is refused with its reason: a member that inflates past
 * COLLECT_MAX_BYTES or by more than RATIO_MAX to 1 (a zip bomb), a corrupt
 * or encrypted member, XML nested deeper than XML_MAX_DEPTH, and a DOCTYPE:
 * no DTD is loaded, no entity expanded, nothing fetched from a network.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <zip.h>

#include "package.h"

#define RATIO_MAX	100			/* inflated : compressed */
#define RATIO_FLOOR	(1024 * 1024)		/* smaller members may */
#define SNIFF_MAX	(64 * 1024)		/* [Content_Types].xml, mimetype */

/* The member being inflated into the XML reader, and what went wrong. */
struct member {
	zip_file_t	*f;
	const char	*name;
	zip_uint64_t	 comp;		/* its compressed bytes */
	zip_uint64_t	 got;		/* inflated so far */
	int		 prolog;	/* bytes of "<!DOCTYPE" matched; -1
					   past the prolog */
	char		*cause;
};

static pthread_once_t	xml_once = PTHREAD_ONCE_INIT;

/* Set libxml2 up once, before two threads can race to. */
static void
xml_init(void)
{
	xmlInitParser();
}

/* Drop what libxml2 would print: errors come back as causes instead. */
static void
xml_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Grow the sink for n more bytes. */
static void
sink_room(struct sink *s, size_t n)
{
	if (s->len + n + 1 <= s->cap)
		return;
	while (s->len + n + 1 > s->cap)
		s->cap = s->cap == 0 ? 4096 : s->cap * 2;
	s->buf = xreallocarray(s->buf, s->cap, 1);
}

/*
 * Add text to the line, opening it with a tab inside a table cell.  A line
 * end inside a text node is a space there, as Word and LibreOffice show it.
 */
void
sink_text(struct sink *s, const char *p, size_t n)
{
	size_t	i;

	if (n == 0)
		return;
	sink_room(s, n + 1);
	if (!s->open && s->cells > 0)
		s->buf[s->len++] = '\t';
	s->open = 1;
	for (i = 0; i < n; i++)
		s->buf[s->len++] = p[i] == '\n' || p[i] == '\r' ? ' ' : p[i];
}

/* End the line, if one was opened: a paragraph's end, or a line break. */
void
sink_end_line(struct sink *s)
{
	if (!s->open)
		return;
	sink_room(s, 1);
	s->buf[s->len++] = '\n';
	s->open = 0;
}

/* Open or close a table cell: its paragraphs are lines of their own. */
void
sink_cell(struct sink *s, int open)
{
	sink_end_line(s);
	s->cells += open ? 1 : -1;
}

/* End a table row with a blank line, as a text export does. */
void
sink_row_end(struct sink *s)
{
	sink_end_line(s);
	sink_room(s, 1);
	s->buf[s->len++] = '\n';
}

/* Open a zip package held in memory; NULL with libzip's reason. */
static zip_t *
package_open(const unsigned char *b, size_t len, char **cause)
{
	zip_error_t	 err;
	zip_source_t	*src;
	zip_t		*za = NULL;

	zip_error_init(&err);
	if ((src = zip_source_buffer_create(b, len, 0, &err)) != NULL &&
	    (za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &err)) == NULL)
		zip_source_free(src);
	if (za == NULL && cause != NULL)
		xasprintf(cause, "a corrupt or truncated zip package: %s",
		    zip_error_strerror(&err));
	zip_error_fini(&err);
	return za;
}

/*
 * Whether the member can be inflated at all, by what its directory entry
 * declares; the inflating checks again, for an entry may lie.
 */
static int
member_check(zip_t *za, const char *name, zip_stat_t *st, char **cause)
{
	if (zip_stat(za, name, 0, st) != 0)
		return -1;
	if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st->encryption_method != ZIP_EM_NONE) {
		xasprintf(cause, "member %s is encrypted", name);
		return -1;
	}
	if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE)) {
		xasprintf(cause, "member %s has no size", name);
		return -1;
	}
	if (st->size > COLLECT_MAX_BYTES) {
		xasprintf(cause, "member %s inflates to %llu bytes, over the "
		    "limit of %u (a zip bomb?)", name,
		    (unsigned long long)st->size, COLLECT_MAX_BYTES);
		return -1;
	}
	if (st->size > RATIO_FLOOR && st->size / RATIO_MAX > st->comp_size) {
		xasprintf(cause, "member %s inflates %llu:1, over the limit "
		    "of %d:1 for members over 1 MiB (a zip bomb?)", name,
		    (unsigned long long)(st->size / (st->comp_size ?
		    st->comp_size : 1)), RATIO_MAX);
		return -1;
	}
	return 0;
}

/* Open a member for inflating, within the limits. */
static int
member_open(zip_t *za, const char *name, struct member *m, char **cause)
{
	zip_stat_t	st;

	memset(m, 0, sizeof *m);
	m->name = name;
	if (member_check(za, name, &st, cause) != 0)
		return -1;
	if ((m->f = zip_fopen(za, name, 0)) == NULL) {
		xasprintf(cause, "member %s: %s", name,
		    zip_error_strerror(zip_get_error(za)));
		return -1;
	}
	m->comp = st.comp_size;
	return 0;
}

/*
 * Look for a DOCTYPE in the prolog as it is inflated, before libxml2 parses
 * the declarations inside it, whose errors (an entity loop) would hide the
 * reason.  The walk refuses a DOCTYPE node too, should this miss one.
 */
static void
member_prolog(struct member *m, const char *p, size_t n)
{
	static const char	doctype[] = "<!DOCTYPE";
	size_t			i;

	for (i = 0; i < n && m->prolog >= 0; i++) {
		if (m->prolog > 0 && p[i] == doctype[m->prolog])
			m->prolog++;
		else if (m->prolog == 1 && p[i] != '!' && p[i] != '?')
			m->prolog = -1;		/* the root element */
		else
			m->prolog = p[i] == '<';
		if (m->prolog == sizeof doctype - 1) {
			xasprintf(&m->cause, "%s: a DOCTYPE: DTDs and "
			    "entities are refused", m->name);
			return;
		}
	}
}

/* Inflate the next bytes of a member: libxml2's read callback. */
static int
member_read(void *ctx, char *buf, int len)
{
	struct member	*m = ctx;
	zip_int64_t	 n;

	if (m->cause != NULL)
		return -1;
	if ((n = zip_fread(m->f, buf, (zip_uint64_t)len)) < 0) {
		xasprintf(&m->cause, "member %s: %s", m->name,
		    zip_error_strerror(zip_file_get_error(m->f)));
		return -1;
	}
	m->got += (zip_uint64_t)n;
	member_prolog(m, buf, (size_t)n);
	if (m->cause != NULL)
		return -1;
	if (m->got > COLLECT_MAX_BYTES)
		xasprintf(&m->cause, "member %s inflates to more than %u "
		    "bytes, the limit (a zip bomb?)", m->name,
		    COLLECT_MAX_BYTES);
	else if (m->got > RATIO_FLOOR && m->got / RATIO_MAX > m->comp)
		xasprintf(&m->cause, "member %s inflates more than %d:1, "
		    "the limit for members over 1 MiB (a zip bomb?)", m->name,
		    RATIO_MAX);
	return m->cause != NULL ? -1 : (int)n;
}

/*
 * Whether a package holds a small member equal to (whole) or containing
 * needle: how the readers know their formats.
 */
int
package_holds(const unsigned char *b, size_t len, const char *name,
    const char *needle, int whole)
{
	struct member	 m;
	zip_t		*za;
	char		*buf, *cause = NULL;
	zip_int64_t	 n;
	size_t		 got = 0, nlen = strlen(needle);
	int		 holds = 0;

	if (len < 4 || memcmp(b, "PK\003\004", 4) != 0 ||
	    (za = package_open(b, len, NULL)) == NULL)
		return 0;
	if (member_open(za, name, &m, &cause) != 0) {
		free(cause);
		zip_discard(za);
		return 0;
	}
	buf = xmalloc(SNIFF_MAX);
	while (got < SNIFF_MAX &&
	    (n = zip_fread(m.f, buf + got, SNIFF_MAX - got)) > 0)
		got += (size_t)n;
	if (whole)
		holds = got == nlen && memcmp(buf, needle, nlen) == 0;
	else
		holds = memmem(buf, got, needle, nlen) != NULL;
	free(buf);
	zip_fclose(m.f);
	zip_discard(za);
	return holds;
}

/* Why a zip package is no format's: unreadable, or neither kind. */
char *
package_why(const unsigned char *b, size_t len)
{
	zip_t	*za;
	char	*cause = NULL;

	if ((za = package_open(b, len, &cause)) == NULL)
		return cause;
	zip_discard(za);
	return xstrdup("a zip archive, but neither a Word .docx nor an "
	    "OpenDocument .odt text: no [Content_Types].xml naming a Word "
	    "document, no mimetype naming an OpenDocument text");
}

/* Keep the first error libxml2 reports, with its line. */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	char	**cause = arg;
	size_t	  n;

	if (*cause != NULL || e == NULL || e->level == XML_ERR_WARNING)
		return;
	n = e->message != NULL ? strlen(e->message) : 0;
	while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	xasprintf(cause, "malformed XML at line %d: %.*s", e->line, (int)n,
	    e->message != NULL ? e->message : "");
}

/*
 * Which element of the vocabulary the current node is; 0, or -1 when it is
 * none.  Local names are compared as pointers into the reader's dictionary:
 * a string compare with each name of the vocabulary took a tenth of a
 * Word file's parse.
 */
static int
walk_lookup(struct walk *w, int *space, int *name)
{
	const char	*ns;
	const xmlChar	*local = xmlTextReaderConstLocalName(w->reader);

	if ((ns = (const char *)xmlTextReaderConstNamespaceUri(w->reader)) ==
	    NULL)
		return -1;
	for (*name = 0; *name < w->vocab->nnames; (*name)++)
		if (w->names[*name] == local)
			break;
	if (*name == w->vocab->nnames)
		return -1;
	for (*space = 0; *space < w->vocab->nspaces; (*space)++)
		if (strcmp(ns, w->vocab->spaces[*space]) == 0)
			return 0;
	return -1;
}

/* Hand one node of the document to the walk; -1 with a cause to stop. */
static int
walk_node(struct walk *w, char **cause)
{
	xmlTextReaderPtr	 r = w->reader;
	const char		*v;
	int			 type = xmlTextReaderNodeType(r);
	int			 depth = xmlTextReaderDepth(r) + 1;
	int			 space, name;

	if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
		*cause = xstrdup("a DOCTYPE: DTDs and entities are refused");
		return -1;
	}
	if (depth > XML_MAX_DEPTH) {
		xasprintf(cause, "XML nested deeper than %d elements",
		    XML_MAX_DEPTH);
		return -1;
	}
	if (w->skip != 0 && depth > w->skip)
		return 0;
	w->depth = depth;
	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		if (walk_lookup(w, &space, &name) != 0)
			break;
		w->element(w, space, name, 1);
		if (xmlTextReaderIsEmptyElement(r))
			w->element(w, space, name, 0);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		if (walk_lookup(w, &space, &name) == 0)
			w->element(w, space, name, 0);
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (w->text > 0 && w->skip == 0 &&
		    (v = (const char *)xmlTextReaderConstValue(r)) != NULL)
			sink_text(&w->sink, v, strlen(v));
		break;
	}
	if (w->skip == depth && (type == XML_READER_TYPE_END_ELEMENT ||
	    (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r))))
		w->skip = 0;
	return 0;
}

/*
 * Stream one member of a package through the walk.  No DTD is loaded
 * (no XML_PARSE_DTDLOAD), no entity replaced (no XML_PARSE_NOENT), nothing
 * fetched (XML_PARSE_NONET), and a DOCTYPE ends the walk.
 */
static int
walk_member(struct member *m, struct walk *w, char **cause)
{
	char	*why = NULL;
	int	 rc, i;

	xmlSetGenericErrorFunc(NULL, xml_silent);
	w->reader = xmlReaderForIO(member_read, NULL, m, m->name, NULL,
	    XML_PARSE_NONET);
	if (w->reader == NULL) {
		xasprintf(cause, "%s: no XML reader", m->name);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(w->reader, xml_error, &why);
	w->names = xreallocarray(NULL, (size_t)w->vocab->nnames,
	    sizeof *w->names);
	for (i = 0; i < w->vocab->nnames; i++)
		w->names[i] = xmlTextReaderConstString(w->reader,
		    BAD_CAST w->vocab->names[i]);
	while ((rc = xmlTextReaderRead(w->reader)) == 1 && why == NULL)
		if (walk_node(w, &why) != 0)
			break;
	xmlFreeTextReader(w->reader);
	w->reader = NULL;
	free(w->names);
	if (m->cause != NULL) {		/* it explains libxml2's error */
		*cause = m->cause;
		free(why);
		return -1;
	}
	if (why == NULL && rc != 0)
		why = xstrdup("malformed XML");
	if (why != NULL) {
		xasprintf(cause, "%s: %s", m->name, why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * Read a package's member through a walk into text for the layout pass;
 * the format's element() decides what is text and what is structure.
 */
int
package_walk(const unsigned char *b, size_t len, const char *name,
    struct walk *w, struct decoded *out, char **cause)
{
	struct member	 m;
	zip_t		*za;
	int		 rc;

	memset(out, 0, sizeof *out);
	pthread_once(&xml_once, xml_init);
	if ((za = package_open(b, len, cause)) == NULL)
		return -1;
	if (zip_name_locate(za, name, 0) < 0) {
		xasprintf(cause, "no member %s in the package", name);
		zip_discard(za);
		return -1;
	}
	if (member_open(za, name, &m, cause) != 0) {
		zip_discard(za);
		return -1;
	}
	rc = walk_member(&m, w, cause);
	zip_fclose(m.f);
	zip_discard(za);
	if (rc != 0) {
		free(w->sink.buf);
		return -1;
	}
	sink_end_line(&w->sink);
	sink_room(&w->sink, 0);
	w->sink.buf[w->sink.len] = '\0';
	out->text = w->sink.buf;
	out->len = w->sink.len;
	out->encoding = ENC_UTF8;
	return 0;
}
