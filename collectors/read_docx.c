/*
 * The Word reader: word/document.xml of a .docx, its paragraphs and table
 * cells written as a text export of the document would have them.
 */
#include <stdlib.h>
#include <string.h>

#include "package.h"

#define W_NS		"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS	"http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS		"http://schemas.openxmlformats.org/markup-compatibility/2006"

enum act { ACT_PARA, ACT_TEXT, ACT_TAB, ACT_BREAK, ACT_HYPHEN, ACT_ROW,
    ACT_CELL, ACT_VMERGE, ACT_SKIP };

/*
 * What the elements that matter do; any other is walked through, so the
 * content of smart tags, content controls (w:sdtContent), insertions,
 * hyperlinks and simple fields counts.  Deleted and moved-away text is out,
 * as are properties, of which a change's old ones may hold a w:vMerge.  A
 * field's instructions (w:instrText), footnote and comment references and
 * bookmarks hold no w:t, so no text of theirs is read.
 */
static const char *const names[] = {
	"p", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "tr", "tc",
	"vMerge", "del", "moveFrom", "pPr", "rPr", "sdtPr", "tblPr", "tblGrid",
	"trPr", "tcPrChange", "sectPr", "Fallback"
};
static const enum act acts[] = {
	ACT_PARA, ACT_TEXT, ACT_TAB, ACT_TAB, ACT_BREAK, ACT_BREAK, ACT_HYPHEN,
	ACT_ROW, ACT_CELL, ACT_VMERGE, ACT_SKIP, ACT_SKIP, ACT_SKIP, ACT_SKIP,
	ACT_SKIP, ACT_SKIP, ACT_SKIP, ACT_SKIP, ACT_SKIP, ACT_SKIP
};
#define FALLBACK	(int)(sizeof acts / sizeof acts[0])
_Static_assert(sizeof names / sizeof names[0] == FALLBACK + 1,
    "an act for each name but Fallback");

_Static_assert(sizeof names / sizeof names[0] <= NAME_SLOTS / 2,
    "the name table at most half full");

enum { SPACE_W, SPACE_W_STRICT, SPACE_MC };
static const char *const namespaces[] = { W_NS, W_STRICT_NS, MC_NS };

static const struct vocabulary vocabulary = {
	namespaces, sizeof namespaces / sizeof namespaces[0],
	names, sizeof names / sizeof names[0]
};

/* The table cells open, innermost last: a merged cell skips its own. */
struct docx {
	int	cell[XML_MAX_DEPTH];
	int	ncells;
};

/* Whether a w:vMerge continues the cell above: all but "restart" do. */
static int
continues(struct walk *w, const char *ns)
{
	const char	*v;
	size_t		 n;

	v = walk_attribute(w, "val", ns, &n);
	return v == NULL || n != strlen("restart") ||
	    memcmp(v, "restart", n) != 0;
}

/* Open or close a table cell. */
static void
cell(struct walk *w, struct docx *d, int start)
{
	sink_cell(&w->sink, start);
	if (start && d->ncells < (int)(sizeof d->cell / sizeof d->cell[0]))
		d->cell[d->ncells++] = w->depth;
	else if (!start && d->ncells > 0)
		d->ncells--;
}

/* Act on a WordprocessingML element's start or end. */
static void
act(struct walk *w, const char *ns, enum act a, int start)
{
	struct docx	*d = w->state;

	switch (a) {
	case ACT_PARA:
		if (!start)
			sink_end_line(&w->sink);
		break;
	case ACT_TEXT:
		w->text += start ? 1 : -1;
		break;
	case ACT_TAB:
		if (start)
			sink_text(&w->sink, "\t", 1);
		break;
	case ACT_BREAK:
		if (start)
			sink_end_line(&w->sink);
		break;
	case ACT_HYPHEN:
		if (start)
			sink_text(&w->sink, "-", 1);
		break;
	case ACT_ROW:
		if (!start)
			sink_row_end(&w->sink);
		break;
	case ACT_CELL:
		cell(w, d, start);
		break;
	case ACT_VMERGE:
		/* in w:tcPr, before any content: the rest of the cell */
		if (start && d->ncells > 0 && continues(w, ns))
			w->skip = d->cell[d->ncells - 1];
		break;
	case ACT_SKIP:
		if (start)
			w->skip = w->depth;
		break;
	}
}

/* The walk's element callback for word/document.xml. */
static void
docx_element(struct walk *w, int space, int name, int start)
{
	if (space == SPACE_MC) {
		/* the same content again, for older readers */
		if (name == FALLBACK && start)
			w->skip = w->depth;
	} else if (name != FALLBACK)
		act(w, namespaces[space], acts[name], start);
}

/* A zip package whose content types name a WordprocessingML part. */
static int
docx_sniff(struct input *in)
{
	return package_holds(in, "[Content_Types].xml", "wordprocessingml", 0);
}

/* Read word/document.xml into the text layout. */
static int
docx_read(struct input *in, struct decoded *out, char **cause)
{
	struct docx	d = { .ncells = 0 };
	struct walk	w = { .vocab = &vocabulary, .element = docx_element,
			    .state = &d };

	return package_walk(in, "word/document.xml", &w, out, cause);
}

const struct reader reader_docx = {
	"docx", FORMAT_DOCX, docx_sniff, docx_read
};
