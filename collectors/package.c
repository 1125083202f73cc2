/*
 * Zip packages of XML, as Word and OpenDocument files are: open one from
 * memory, inflate a member within limits, stream it through libxml2's SAX
 * parser, and write the text the walk finds in the layout the text reader
 * yields.
 *
 * A hostile package is refused with its reason: a member that inflates past
 * COLLECT_MAX_BYTES or by more than RATIO_MAX to 1 (a zip bomb), a corrupt
 * or encrypted member, XML nested deeper than XML_MAX_DEPTH, and a DOCTYPE:
 * no DTD is loaded, no entity expanded, nothing fetched from a network.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <zip.h>

#include "package.h"

#define RATIO_MAX	100			/* inflated : compressed */
#define RATIO_FLOOR	(1024 * 1024)		/* smaller members may */
#define SNIFF_MAX	(64 * 1024)		/* [Content_Types].xml, mimetype:
						   bigger ones are no format's */

/* An input's zip package, opened once for all who look inside. */
struct package {
	zip_t	*za;		/* NULL when the bytes are none */
	char	*cause;		/* and why */
};

/* A member inflated whole, the XML parser's read of it, and what went wrong. */
struct member {
	const char	*name;
	char		*buf;		/* inflated */
	size_t		 len;
	size_t		 at;		/* the parser has read up to */
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
	if (s->cap == 0)
		s->cap = n + 1;		/* the first room asked is the text's
					   likely bound: not rounded up */
	while (s->len + n + 1 > s->cap)
		s->cap *= 2;
	s->buf = xreallocarray(s->buf, s->cap, 1);
}

/* Make each c of the n bytes at p a space. */
static void
sink_blank(char *p, size_t n, int c)
{
	char	*end = p + n;

	while ((p = memchr(p, c, (size_t)(end - p))) != NULL)
		*p++ = ' ';
}

/*
 * Add text to the line, opening it with a tab inside a table cell.  A line
 * end inside a text node is a space there, as Word and LibreOffice show it.
 */
void
sink_text(struct sink *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	sink_room(s, n + 1);
	if (!s->open && s->cells > 0)
		s->buf[s->len++] = '\t';
	s->open = 1;
	memcpy(s->buf + s->len, p, n);
	sink_blank(s->buf + s->len, n, '\n');
	sink_blank(s->buf + s->len, n, '\r');	/* from a &#13; */
	s->len += n;
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
	if (za == NULL)
		xasprintf(cause, "a corrupt or truncated zip package: %s",
		    zip_error_strerror(&err));
	zip_error_fini(&err);
	return za;
}

/* The input's bytes opened as a zip package, the first time it is asked. */
static zip_t *
input_zip(struct input *in)
{
	if (in->package == NULL) {
		in->package = xcalloc(1, sizeof *in->package);
		in->package->za = package_open(in->b, in->len,
		    &in->package->cause);
	}
	return in->package->za;
}

/* Close the input's package, if it was opened. */
void
input_close(struct input *in)
{
	if (in->package == NULL)
		return;
	if (in->package->za != NULL)
		zip_discard(in->package->za);
	free(in->package->cause);
	free(in->package);
	in->package = NULL;
}

/*
 * Whether the member can be inflated at all, by what its directory entry
 * declares; the inflating checks again, for an entry may lie.
 */
static int
member_check(struct input *in, const char *name, size_t max, zip_stat_t *st,
    char **cause)
{
	if (zip_stat(in->package->za, name, 0, st) != 0)
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
	if (st->size > max) {
		xasprintf(cause, "member %s inflates to %llu bytes, over the "
		    "limit of %zu (a zip bomb?)", name,
		    (unsigned long long)st->size, max);
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

/*
 * A member's bytes as the package stores them, deflated or not: read raw,
 * so that libdeflate inflates them whole (below).  They lie within the
 * package: libzip's ZIP_CHECKCONS refused it at open otherwise.
 */
static char *
member_raw(zip_t *za, const char *name, const zip_stat_t *st, char **cause)
{
	zip_file_t	*f;
	zip_int64_t	 n;
	char		*raw;

	if ((f = zip_fopen(za, name, ZIP_FL_COMPRESSED)) == NULL) {
		xasprintf(cause, "member %s: %s", name,
		    zip_error_strerror(zip_get_error(za)));
		return NULL;
	}
	raw = xmalloc(st->comp_size + 1);
	n = zip_fread(f, raw, st->comp_size);
	if (n < 0)
		xasprintf(cause, "member %s: %s", name,
		    zip_error_strerror(zip_file_get_error(f)));
	else if ((zip_uint64_t)n != st->comp_size)
		xasprintf(cause, "member %s: cut short, %lld of its %llu "
		    "bytes", name, (long long)n,
		    (unsigned long long)st->comp_size);
	zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st->comp_size) {
		free(raw);
		return NULL;
	}
	return raw;
}

/*
 * Inflate raw into the size its entry declares, no more: data that would
 * inflate past it is refused, as is data that stops short or fails its CRC.
 */
static int
member_inflate(const char *name, const zip_stat_t *st, const char *raw,
    char *out, char **cause)
{
	struct libdeflate_decompressor	*d;
	enum libdeflate_result		 rc;
	size_t				 got = 0;

	if ((d = libdeflate_alloc_decompressor()) == NULL) {
		xasprintf(cause, "member %s: no memory to inflate it", name);
		return -1;
	}
	rc = libdeflate_deflate_decompress(d, raw, st->comp_size, out,
	    st->size, &got);
	libdeflate_free_decompressor(d);
	if (rc == LIBDEFLATE_INSUFFICIENT_SPACE)
		xasprintf(cause, "member %s: inflates past the %llu bytes its "
		    "directory entry declares (a zip bomb?)", name,
		    (unsigned long long)st->size);
	else if (rc != LIBDEFLATE_SUCCESS)
		xasprintf(cause, "member %s: corrupt deflated data", name);
	else if (got != st->size)
		xasprintf(cause, "member %s: inflates to %zu bytes, not the "
		    "%llu its directory entry declares", name, got,
		    (unsigned long long)st->size);
	return *cause != NULL ? -1 : 0;
}

/*
 * Inflate a member whole, within the limits, and check its CRC.  libdeflate
 * inflates a Word file's document.xml in a quarter of the time zlib takes
 * through libzip's reads (docs/performance.md); the member is held whole,
 * which the text written from it, sized by the same entry, was already.
 */
static int
member_load(struct input *in, const char *name, size_t max,
    struct member *m, char **cause)
{
	zip_stat_t	 st;
	char		*raw;
	int		 rc = 0;

	memset(m, 0, sizeof *m);
	m->name = name;
	if (member_check(in, name, max, &st, cause) != 0)
		return -1;
	if (st.comp_method != ZIP_CM_STORE &&
	    st.comp_method != ZIP_CM_DEFLATE) {
		xasprintf(cause, "member %s is compressed with method %d; "
		    "Word and OpenDocument files use deflate", name,
		    (int)st.comp_method);
		return -1;
	}
	if (st.comp_method == ZIP_CM_STORE && st.comp_size != st.size) {
		xasprintf(cause, "member %s is stored as it is, yet its "
		    "directory entry gives it %llu bytes and %llu inflated",
		    name, (unsigned long long)st.comp_size,
		    (unsigned long long)st.size);
		return -1;
	}
	if ((raw = member_raw(in->package->za, name, &st, cause)) == NULL)
		return -1;
	if (st.comp_method == ZIP_CM_STORE) {
		m->buf = raw;
		raw = NULL;
	} else {
		m->buf = xmalloc(st.size + 1);
		rc = member_inflate(name, &st, raw, m->buf, cause);
	}
	free(raw);
	m->len = st.size;
	if (rc == 0 && (st.valid & ZIP_STAT_CRC) &&
	    libdeflate_crc32(0, m->buf, m->len) != st.crc) {
		xasprintf(cause, "member %s: its CRC does not match (corrupt)",
		    name);
		rc = -1;
	}
	if (rc != 0) {
		free(m->buf);
		m->buf = NULL;
	}
	return rc;
}

/*
 * A DOCTYPE in the prolog, found before libxml2 parses the declarations
 * inside it, whose errors (an entity loop) would hide the reason.  The
 * walk refuses a DOCTYPE node too, should this miss one.
 */
static int
member_doctype(const struct member *m)
{
	static const char	doctype[] = "<!DOCTYPE";
	size_t			i;
	int			matched = 0;

	for (i = 0; i < m->len; i++) {
		if (matched > 0 && m->buf[i] == doctype[matched])
			matched++;
		else if (matched == 1 && m->buf[i] != '!' && m->buf[i] != '?')
			return 0;		/* the root element */
		else
			matched = m->buf[i] == '<';
		if (matched == sizeof doctype - 1)
			return 1;
	}
	return 0;
}

/* The parser's read callback: the next bytes of the member. */
static int
member_read(void *ctx, char *buf, int len)
{
	struct member	*m = ctx;
	size_t		 n;

	if (len < 0)
		return -1;
	n = m->len - m->at < (size_t)len ? m->len - m->at : (size_t)len;
	memcpy(buf, m->buf + m->at, n);
	m->at += n;
	return (int)n;
}

/*
 * Whether a package holds a small member (SNIFF_MAX bytes at most) equal to
 * (whole) or containing needle: how the readers know their formats.
 */
int
package_holds(struct input *in, const char *name, const char *needle,
    int whole)
{
	struct member	 m;
	char		*cause = NULL;
	size_t		 nlen = strlen(needle);
	int		 holds;

	if (in->len < 4 || memcmp(in->b, "PK\003\004", 4) != 0 ||
	    input_zip(in) == NULL)
		return 0;
	if (member_load(in, name, SNIFF_MAX, &m, &cause) != 0) {
		free(cause);
		return 0;
	}
	if (whole)
		holds = m.len == nlen && memcmp(m.buf, needle, nlen) == 0;
	else
		holds = memmem(m.buf, m.len, needle, nlen) != NULL;
	free(m.buf);
	return holds;
}

/* Why a zip package is no format's: unreadable, or neither kind. */
char *
package_why(struct input *in)
{
	if (input_zip(in) == NULL)
		return xstrdup(in->package->cause);
	return xstrdup("a zip archive, but neither a Word .docx nor an "
	    "OpenDocument .odt text: no [Content_Types].xml naming a Word "
	    "document, no mimetype naming an OpenDocument text");
}

/* Keep the first error libxml2 reports, with its line. */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct walk	*w = arg;
	size_t		 n;

	if (w->why != NULL || e == NULL || e->level == XML_ERR_WARNING)
		return;
	n = e->message != NULL ? strlen(e->message) : 0;
	while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	xasprintf(&w->why, "malformed XML at line %d: %.*s", e->line, (int)n,
	    e->message != NULL ? e->message : "");
}

/* Stop the parse with a cause, unless one came first. */
void
walk_stop(struct walk *w, char *why)
{
	if (w->why == NULL)
		w->why = why;
	else
		free(why);
	xmlStopParser(w->ctxt);
}

/* SAX1: an element starts. */
static void
walk_start(void *ctx, const xmlChar *qname, const xmlChar **atts)
{
	struct walk	*w = ctx;
	char		*why;
	int		 space, name;

	if (++w->open > XML_MAX_DEPTH) {
		xasprintf(&why, "XML nested deeper than %d elements",
		    XML_MAX_DEPTH);
		walk_stop(w, why);
		return;
	}
	if (qnames_start(w, qname, atts, &space, &name) != 0 ||
	    w->skip != 0 || name < 0)
		return;
	w->depth = w->open;
	w->attrs = atts;
	w->element(w, space, name, 1);
	w->attrs = NULL;
}

/* SAX1: an element ends. */
static void
walk_end(void *ctx, const xmlChar *qname)
{
	struct walk	*w = ctx;
	int		 depth = w->open, space, name;

	qnames_end(w, qname, &space, &name);
	w->open--;
	if (w->skip != 0 && depth > w->skip)
		return;
	w->depth = depth;
	if (name >= 0)
		w->element(w, space, name, 0);
	if (w->skip == depth)
		w->skip = 0;
}

/* SAX: text, CDATA, whitespace, the character of a reference. */
static void
walk_text(void *ctx, const xmlChar *p, int n)
{
	struct walk	*w = ctx;

	if (w->text > 0 && w->skip == 0)
		sink_text(&w->sink, (const char *)p, (size_t)n);
}

/* SAX: a DOCTYPE, should member_doctype() have missed it. */
static void
walk_doctype(void *ctx, const xmlChar *name, const xmlChar *external,
    const xmlChar *system)
{
	(void)name;
	(void)external;
	(void)system;
	walk_stop(ctx, xstrdup("a DOCTYPE: DTDs and entities are refused"));
}

/* SAX: an entity declared, which only a DOCTYPE can do. */
static void
walk_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public,
    const xmlChar *system, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)public;
	(void)system;
	(void)content;
	walk_stop(ctx, xstrdup("a DOCTYPE: DTDs and entities are refused"));
}

/*
 * A SAX parser for a walk, pulling the member through member_read().  It
 * calls the walk for elements and text only, and builds no
 * tree: libxml2's xmlTextReader built and freed a node for each of them,
 * 40% more instructions for the parse of a Word file; its push parser,
 * fed 64 KiB at a time, copied each chunk into its own buffer and looked
 * ahead for each tag's end, 4% more.  A SAX1 handler, with the walk
 * resolving namespaces (walk_names.c), since SAX2's took 15% more
 * (docs/performance.md).  Debian's libxml2 parses in SAX2 whenever the
 * handler says XML_SAX2_MAGIC, so libxml2's errors come to the walk
 * through the thread's structured error handler (walk_member), not serror.
 */
static xmlParserCtxtPtr
walk_parser(struct walk *w, struct member *m)
{
	xmlSAXHandler		sax;
	xmlParserCtxtPtr	ctxt;

	memset(&sax, 0, sizeof sax);
	sax.initialized = 1;
	sax.startElement = walk_start;
	sax.endElement = walk_end;
	sax.characters = walk_text;
	sax.ignorableWhitespace = walk_text;
	sax.cdataBlock = walk_text;
	sax.internalSubset = walk_doctype;
	sax.externalSubset = walk_doctype;
	sax.entityDecl = walk_entity;
	if ((ctxt = xmlCreateIOParserCtxt(&sax, w, member_read, NULL, m,
	    XML_CHAR_ENCODING_NONE)) == NULL)
		return NULL;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	w->ctxt = ctxt;
	qnames_init(w, ctxt->dict);
	return ctxt;
}

/*
 * Parse one member through the walk.  No DTD is loaded (no
 * XML_PARSE_DTDLOAD), no entity replaced (no XML_PARSE_NOENT), nothing
 * fetched (XML_PARSE_NONET), and a DOCTYPE ends the walk.
 */
static int
walk_member(struct member *m, struct walk *w, char **cause)
{
	int	wellformed = 0;

	if (member_doctype(m)) {
		xasprintf(cause, "%s: a DOCTYPE: DTDs and entities are refused",
		    m->name);
		return -1;
	}
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlSetStructuredErrorFunc(w, xml_error);
	/* room for as much text as there is XML, so that it is never copied */
	sink_room(&w->sink, m->len);
	if (walk_parser(w, m) == NULL)
		xasprintf(&w->why, "no XML parser");
	else {
		xmlParseDocument(w->ctxt);
		wellformed = w->ctxt->wellFormed;
		if (w->ctxt->myDoc != NULL)
			xmlFreeDoc(w->ctxt->myDoc);
		xmlFreeParserCtxt(w->ctxt);
		w->ctxt = NULL;
		qnames_free(w);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (w->why == NULL && !wellformed)
		w->why = xstrdup("malformed XML");
	if (w->why != NULL) {
		xasprintf(cause, "%s: %s", m->name, w->why);
		free(w->why);
		return -1;
	}
	return 0;
}

/*
 * Read a package's member through a walk into text for the layout pass;
 * the format's element() decides what is text and what is structure.
 */
int
package_walk(struct input *in, const char *name, struct walk *w,
    struct decoded *out, char **cause)
{
	struct member	 m;
	zip_t		*za;
	int		 rc;

	memset(out, 0, sizeof *out);
	pthread_once(&xml_once, xml_init);
	if ((za = input_zip(in)) == NULL) {
		*cause = xstrdup(in->package->cause);
		return -1;
	}
	if (zip_name_locate(za, name, 0) < 0) {
		xasprintf(cause, "no member %s in the package", name);
		return -1;
	}
	if (member_load(in, name, COLLECT_MAX_BYTES, &m, cause) != 0)
		return -1;
	rc = walk_member(&m, w, cause);
	free(m.buf);
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
