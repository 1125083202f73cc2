/*
 * The OpenDocument reader: content.xml of an .odt, its paragraphs, headings
 * and table cells written as a text export of the document would have them.
 */
#include <stdlib.h>
#include <string.h>

#include "package.h"

#define TEXT_NS		"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS	"urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define OFFICE_NS	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define ODT_MIMETYPE	"application/vnd.oasis.opendocument.text"

enum { SPACE_TEXT, SPACE_TABLE, SPACE_OFFICE };
static const char *const namespaces[] = { TEXT_NS, TABLE_NS, OFFICE_NS };

enum { P, H, S, TAB, LINE_BREAK, TRACKED_CHANGES, NOTE, TABLE_CELL,
    TABLE_ROW, COVERED_TABLE_CELL, ANNOTATION };
static const char *const names[] = {
	"p", "h", "s", "tab", "line-break", "tracked-changes", "note",
	"table-cell", "table-row", "covered-table-cell", "annotation"
};

_Static_assert(sizeof names / sizeof names[0] <= NAME_SLOTS / 2,
    "the name table at most half full");

static const struct vocabulary vocabulary = {
	namespaces, sizeof namespaces / sizeof namespaces[0],
	names, sizeof names / sizeof names[0]
};

/* More spaces than this in one text:s say no more to the layout. */
#define SPACES_MAX	16

/* Write the spaces a text:s stands for: text:c of them, 1 by default. */
static void
spaces(struct walk *w)
{
	static const char	 blank[SPACES_MAX] = "                ";
	const char		*c;
	size_t			 len, i;
	long			 n = 1;

	if ((c = walk_attribute(w, "c", TEXT_NS, &len)) != NULL) {
		/* a non-negative integer: its digits, as far as the cap */
		for (i = 0; i < len && c[i] == ' '; i++)
			;
		for (n = 0; i < len && c[i] >= '0' && c[i] <= '9' &&
		    n <= SPACES_MAX; i++)
			n = n * 10 + (c[i] - '0');
	}
	if (n > SPACES_MAX)
		n = SPACES_MAX;
	if (n > 0)
		sink_text(&w->sink, blank, (size_t)n);
}

/*
 * Act on a text: element.  Notes (their citation and body stand inline)
 * and the record of tracked changes, deleted text with it, are out.
 */
static void
text_element(struct walk *w, int name, int start)
{
	if (name == P || name == H) {
		w->text += start ? 1 : -1;
		if (!start)
			sink_end_line(&w->sink);
	} else if (!start)
		return;
	else if (name == S)
		spaces(w);
	else if (name == TAB)
		sink_text(&w->sink, "\t", 1);
	else if (name == LINE_BREAK)
		sink_end_line(&w->sink);
	else if (name == TRACKED_CHANGES || name == NOTE)
		w->skip = w->depth;
}

/*
 * Act on a table: element.  A cell covered by a merged one before it
 * holds nothing of the table's.
 */
static void
table_element(struct walk *w, int name, int start)
{
	if (name == TABLE_CELL)
		sink_cell(&w->sink, start);
	else if (name == TABLE_ROW && !start)
		sink_row_end(&w->sink);
	else if (name == COVERED_TABLE_CELL && start)
		w->skip = w->depth;
}

/* The walk's element callback for content.xml. */
static void
odt_element(struct walk *w, int space, int name, int start)
{
	if (space == SPACE_TEXT)
		text_element(w, name, start);
	else if (space == SPACE_TABLE)
		table_element(w, name, start);
	else if (name == ANNOTATION && start)
		w->skip = w->depth;	/* a comment */
}

/* A zip package whose mimetype member names an OpenDocument text. */
static int
odt_sniff(struct input *in)
{
	return package_holds(in, "mimetype", ODT_MIMETYPE, 1);
}

/* Read content.xml into the text layout. */
static int
odt_read(struct input *in, struct decoded *out, char **cause)
{
	struct walk	w = { .vocab = &vocabulary, .element = odt_element };

	return package_walk(in, "content.xml", &w, out, cause);
}

const struct reader reader_odt = {
	"odt", FORMAT_ODT, odt_sniff, odt_read
};
