/*
 * The names of a walk: the qualified names libxml2's SAX1 callbacks give,
 * resolved with the namespace declarations in scope to the vocabulary's
 * namespaces and local names.
 *
 * libxml2's SAX2 callbacks resolve them too, but its parse of a Word file
 * took 15% more instructions in SAX2 than in SAX1 (a dictionary lookup for
 * the prefix and one for the local name of each element and attribute);
 * here a name is split and looked up once per document, then found by its
 * pointer in the parser's dictionary, where SAX1 keeps names whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "package.h"

/* A prefix bound to no namespace, or unbound by xmlns:p="". */
#define UNBOUND		(-2)

/* The slot of a table of 2^bits slots where a pointer's search starts. */
static unsigned
pointer_slot(const void *p, int bits)
{
	return (unsigned)(((uintptr_t)p * UINT64_C(0x9e3779b97f4a7c15)) >>
	    (64 - bits));
}

/*
 * Intern the vocabulary in the parser's dictionary, and fill the table that
 * finds a local name's index from its pointer there.
 */
void
qnames_init(struct walk *w, xmlDictPtr dict)
{
	const xmlChar	*p;
	unsigned	 slot;
	int		 i;

	w->dict = dict;
	memset(w->slots, 0, sizeof w->slots);
	for (i = 0; i < w->vocab->nnames; i++) {
		p = xmlDictLookup(dict, BAD_CAST w->vocab->names[i], -1);
		for (slot = pointer_slot(p, NAME_SLOTS_BITS);
		    w->slots[slot].name != NULL && w->slots[slot].name != p;
		    slot = (slot + 1) % NAME_SLOTS)
			;
		w->slots[slot].name = p;
		w->slots[slot].index = i;
	}
	w->spaces = xreallocarray(NULL, (size_t)w->vocab->nspaces,
	    sizeof *w->spaces);
	for (i = 0; i < w->vocab->nspaces; i++)
		w->spaces[i] = xmlDictLookup(dict,
		    BAD_CAST w->vocab->spaces[i], -1);
	w->xml = xmlDictLookup(dict, BAD_CAST "xml", -1);
	w->xmlns = xmlDictLookup(dict, BAD_CAST "xmlns", -1);
	w->qnames = xcalloc(QNAME_SLOTS, sizeof *w->qnames);
	w->nqnames = 0;
	w->bindings = NULL;
	w->nbindings = w->bindcap = 0;
	w->scope = 1;
}

void
qnames_free(struct walk *w)
{
	free(w->spaces);
	free(w->qnames);
	free(w->bindings);
	w->spaces = NULL;
	w->qnames = NULL;
	w->bindings = NULL;
}

/* The vocabulary's index of an interned local name, or -1. */
static int
qnames_local(const struct walk *w, const xmlChar *local)
{
	unsigned	slot;

	for (slot = pointer_slot(local, NAME_SLOTS_BITS);
	    w->slots[slot].name != local; slot = (slot + 1) % NAME_SLOTS)
		if (w->slots[slot].name == NULL)
			return -1;
	return w->slots[slot].index;
}

/* Split a qualified name into its prefix and local name, interned. */
static void
qnames_split(struct walk *w, const xmlChar *qname, struct qname *q)
{
	const xmlChar	*colon = BAD_CAST strchr((const char *)qname, ':');

	memset(q, 0, sizeof *q);
	q->qname = qname;
	q->local = colon != NULL ? colon + 1 : qname;
	q->prefix = colon != NULL ? xmlDictLookup(w->dict, qname,
	    (int)(colon - qname)) : NULL;
	q->name = qnames_local(w, xmlDictLookup(w->dict, q->local, -1));
	/* xmlns and xmlns:p declare */
	q->declares = q->prefix == w->xmlns || qname == w->xmlns;
	if (q->prefix == w->xmlns)
		q->prefix = xmlDictLookup(w->dict, q->local, -1);
	else if (qname == w->xmlns)
		q->prefix = NULL;
}

/*
 * What a qualified name is, from the table of names seen; a name past
 * half of the table is split each time it comes, in w->spare.
 */
static struct qname *
qnames_qname(struct walk *w, const xmlChar *qname)
{
	struct qname	*q;
	unsigned	 slot;

	for (slot = pointer_slot(qname, QNAME_SLOTS_BITS);
	    (q = &w->qnames[slot])->qname != NULL;
	    slot = (slot + 1) % QNAME_SLOTS)
		if (q->qname == qname)
			return q;
	if (w->nqnames >= QNAME_SLOTS / 2)
		q = &w->spare;
	else
		w->nqnames++;
	qnames_split(w, qname, q);
	return q;
}

/* The namespace a prefix is bound to: its index, -1 for another, UNBOUND. */
static int
qnames_bound(const struct walk *w, const xmlChar *prefix)
{
	size_t	i;

	if (prefix == w->xml)
		return -1;
	for (i = w->nbindings; i-- > 0; )
		if (w->bindings[i].prefix == prefix)
			return w->bindings[i].space;
	return prefix == NULL ? -1 : UNBOUND;
}

/*
 * The namespace of a name, found again only when the bindings in scope
 * have changed since it was last asked (in a Word file, never after the
 * root element).
 */
static int
qnames_space(struct walk *w, struct qname *q)
{
	if (q->scope != w->scope) {
		q->space = qnames_bound(w, q->prefix);
		q->scope = w->scope;
	}
	return q->space;
}

/* Bind a prefix (NULL: the default namespace) at the element starting. */
static void
qnames_bind(struct walk *w, const xmlChar *prefix, const xmlChar *value)
{
	struct binding	*b;
	const xmlChar	*uri;
	int		 i;

	if (w->nbindings == w->bindcap) {
		w->bindcap = w->bindcap == 0 ? 32 : w->bindcap * 2;
		w->bindings = xreallocarray(w->bindings, w->bindcap,
		    sizeof *w->bindings);
	}
	b = &w->bindings[w->nbindings++];
	b->prefix = prefix;
	b->depth = w->open;
	uri = xmlDictLookup(w->dict, value, -1);
	b->space = *value == '\0' && prefix != NULL ? UNBOUND : -1;
	for (i = 0; i < w->vocab->nspaces; i++)
		if (w->spaces[i] == uri)
			b->space = i;
	w->scope++;
}

/* Stop the walk for a prefix bound to no namespace, as libxml2 says it. */
static int
qnames_unbound(struct walk *w, const struct qname *q, const xmlChar *element)
{
	const char	*prefix = (const char *)q->prefix;
	const char	*local = (const char *)q->local;
	char		*why;
	int		 line = w->ctxt->input->line;

	if (q->qname == element)
		xasprintf(&why, "malformed XML at line %d: Namespace prefix %s "
		    "on %s is not defined", line, prefix, local);
	else
		xasprintf(&why, "malformed XML at line %d: Namespace prefix %s "
		    "for %s on %s is not defined", line, prefix, local,
		    (const char *)qnames_qname(w, element)->local);
	walk_stop(w, why);
	return -1;
}

/*
 * An element starts, with its attributes: bind the prefixes it declares,
 * then find its namespace and local name.  0 with *space and *name, which
 * are -1 when not of the vocabulary; -1 when the walk stopped.
 */
int
qnames_start(struct walk *w, const xmlChar *qname, const xmlChar **atts,
    int *space, int *name)
{
	struct qname	*q;
	size_t		 i;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2)
		if ((q = qnames_qname(w, atts[i]))->declares)
			qnames_bind(w, q->prefix, atts[i + 1]);
	for (i = 0; atts != NULL && atts[i] != NULL; i += 2)
		if (!(q = qnames_qname(w, atts[i]))->declares &&
		    q->prefix != NULL && qnames_space(w, q) == UNBOUND)
			return qnames_unbound(w, q, qname);
	q = qnames_qname(w, qname);
	if ((*space = qnames_space(w, q)) == UNBOUND)
		return qnames_unbound(w, q, qname);
	*name = *space >= 0 ? q->name : -1;
	return 0;
}

/*
 * An element ends, before the walk counts it closed: its namespace and
 * local name as qnames_start() found them, then the prefixes it declared go
 * out of scope.
 */
void
qnames_end(struct walk *w, const xmlChar *qname, int *space, int *name)
{
	struct qname	*q = qnames_qname(w, qname);

	*space = qnames_space(w, q);
	*name = *space >= 0 ? q->name : -1;
	if (w->nbindings > 0 && w->bindings[w->nbindings - 1].depth ==
	    w->open) {
		while (w->nbindings > 0 &&
		    w->bindings[w->nbindings - 1].depth == w->open)
			w->nbindings--;
		w->scope++;
	}
}

/*
 * The value of an attribute of the element starting, in namespace ns, and
 * its length.  NULL when it has none.
 */
const char *
walk_attribute(struct walk *w, const char *local, const char *ns,
    size_t *len)
{
	struct qname	*q;
	size_t		 i;
	int		 space;

	for (i = 0; w->attrs != NULL && w->attrs[i] != NULL; i += 2) {
		q = qnames_qname(w, w->attrs[i]);
		if (q->declares || q->prefix == NULL ||
		    strcmp((const char *)q->local, local) != 0)
			continue;
		if ((space = qnames_space(w, q)) >= 0 &&
		    strcmp(w->vocab->spaces[space], ns) == 0) {
			*len = strlen((const char *)w->attrs[i + 1]);
			return (const char *)w->attrs[i + 1];
		}
	}
	return NULL;
}
