/*
 * Zip packages of XML (package.c), for the readers of office formats: the
 * text they write, and the walk of an XML member that finds it.
 */
#ifndef NAPMON_COLLECTORS_PACKAGE_H
#define NAPMON_COLLECTORS_PACKAGE_H

#include <libxml/parser.h>

#include "reader.h"

/* XML nested deeper than this is refused. */
#define XML_MAX_DEPTH	128

/*
 * The text being written, as the layout pass wants it.  A line is opened by
 * the first text after a paragraph starts, so empty paragraphs and cells
 * write nothing.
 */
struct sink {
	char	*buf;
	size_t	 len, cap;
	int	 cells;		/* table cells open around the text */
	int	 open;		/* a line has text and no end yet */
};
void	 sink_text(struct sink *, const char *, size_t);
void	 sink_end_line(struct sink *);
void	 sink_cell(struct sink *, int open);
void	 sink_row_end(struct sink *);

/* A hash table of the names a format acts on: at most half full. */
#define NAME_SLOTS_BITS	6
#define NAME_SLOTS	(1 << NAME_SLOTS_BITS)

/* The table of qualified names a walk has seen: at most half full. */
#define QNAME_SLOTS_BITS 9
#define QNAME_SLOTS	(1 << QNAME_SLOTS_BITS)

/* A qualified name as SAX1 gives it, split and looked up (walk_names.c). */
struct qname {
	const xmlChar	*qname;		/* in the parser's dictionary */
	const xmlChar	*prefix;	/* interned; NULL when none; the
					   prefix declared when declares */
	const xmlChar	*local;		/* within qname */
	int		 name;		/* the vocabulary's index, or -1 */
	int		 declares;	/* an xmlns or xmlns:p attribute */
	unsigned	 scope;		/* of the bindings space was found in */
	int		 space;		/* the namespace: the vocabulary's
					   index, -1 for another or none,
					   -2 for a prefix bound to none */
};

/* A prefix bound to a namespace by the element at depth. */
struct binding {
	const xmlChar	*prefix;	/* interned; NULL: the default */
	int		 space;		/* as in struct qname */
	int		 depth;
};

/* The namespaces and local names of the elements a format acts on. */
struct vocabulary {
	const char *const	*spaces;	/* namespace URIs */
	int			 nspaces;
	const char *const	*names;		/* local names */
	int			 nnames;
};

/*
 * A walk of one XML member: element() is called at the start (start = 1)
 * and end (start = 0; an empty element gets both) of each element of the
 * vocabulary, with the indexes of its namespace and name there; text goes
 * to the sink while text > 0.  At a start, element() may read the
 * element's attributes (walk_attribute) and set skip to the depth of that
 * element or of one around it: all inside is then ignored, and only its
 * end is reported.
 */
struct walk {
	struct sink		 sink;
	xmlParserCtxtPtr	 ctxt;
	const struct vocabulary	*vocab;
	struct {
		const xmlChar	*name;		/* vocab's names interned in */
		int		 index;		/* the parser's dictionary, */
	}			 slots[NAME_SLOTS];	/* by pointer */
	const xmlChar		**spaces;	/* vocab's namespaces, interned */
	xmlDictPtr		 dict;		/* the parser's */
	const xmlChar		*xml, *xmlns;	/* the prefixes, interned */
	struct qname		*qnames;	/* QNAME_SLOTS, by pointer */
	int			 nqnames;
	struct qname		 spare;		/* for names past half */
	struct binding		*bindings;	/* in scope, innermost last */
	size_t			 nbindings, bindcap;
	unsigned		 scope;		/* changed with the bindings */
	const xmlChar		**attrs;	/* of the element starting, as
						   SAX1 gives them: name, value
						   pairs, then NULL */
	int			 open;		/* elements open */
	char			*why;		/* the walk stopped */
	int			 depth;		/* of the current element */
	int			 skip;		/* depth of the element skipped,
						   or 0 */
	int			 text;		/* inside an element whose text
						   counts */
	void			(*element)(struct walk *, int space, int name,
				    int start);
	void			*state;		/* the format's own */
};
int	 package_holds(struct input *, const char *member, const char *needle,
	     int whole);
void	 walk_stop(struct walk *, char *why);

/* walk_names.c: qualified names resolved with the namespaces in scope. */
void	 qnames_init(struct walk *, xmlDictPtr);
void	 qnames_free(struct walk *);
int	 qnames_start(struct walk *, const xmlChar *qname, const xmlChar **atts,
	     int *space, int *name);
void	 qnames_end(struct walk *, const xmlChar *qname, int *space,
	     int *name);
const char *walk_attribute(struct walk *, const char *local, const char *ns,
	     size_t *len);
int	 package_walk(struct input *, const char *member, struct walk *,
	     struct decoded *, char **cause);

#endif
