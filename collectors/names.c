/*
 * The quoted agreement names of a paragraph.
 *
 * A name opens with a quote mark and ends with its agreement noun, inside
 * the marks ("… Saziş”") or after the closing one ("… haqqında” Saziş",
 * "…” 2017-ci il oktyabrın 27-də Vilnüs şəhərində imzalanmış Sazişin").
 * Marks are told apart by where they stand, not by their glyph: exports
 * use “ as a closing mark too.  A name may quote another name inside it,
 * with marks of its own («…» inside “…”) or with none (“… dair Saziş”in
 * həyata keçirilməsi üzrə Protokol”): the name runs to the last noun and
 * mark before a name that follows it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* No agreement's name is longer; bounds the scan on broken quoting. */
#define NAME_MAX_BYTES	2048
/* Words between a closing mark and the noun after it: a date, a place
 * and a participle ("2017-ci il oktyabrın 27-də Vilnüs şəhərində
 * imzalanmış") are seven. */
#define GAP_MAX_WORDS	10
/* Names quoted inside a name: real ones quote one, in a name that may
 * itself be quoted.  Deeper is broken quoting, and following it made each
 * of 30 MiB of opening marks scan the 2 KiB after it. */
#define MAX_NESTING	2

struct quote {
	size_t	pos;
	size_t	len;
	int	opening;
};

/* The code point that ends just before byte at of p; 0 at the start. */
static uint32_t
cp_before(const char *p, size_t at)
{
	size_t	k;

	if (at == 0)
		return 0;
	for (k = at - 1; k > 0 && ((unsigned char)p[k] & 0xc0) == 0x80; k--)
		;
	return utf8_next(p, &k);
}

/*
 * Find the first quote mark that starts at or after byte from and before
 * limit in p (len bytes), and tell opening from closing by the characters
 * around it.  Marks are found one at a time, not listed first: a paragraph
 * of 50 MiB of quote marks made a list of 1.3 GB.
 */
static int
next_quote(const char *p, size_t len, size_t from, size_t limit,
    struct quote *q)
{
	size_t		i = from, at, j;
	uint32_t	c, prev, next;

	/* Every mark starts with one of these bytes, and none of them is
	 * inside a character: skip the others undecoded. */
	while ((i = find_byte3(p, i, limit, '"', '\xc2', '\xe2')) < limit) {
		at = i;
		c = utf8_next(p, &i);
		if (!is_quote_cp(c))
			continue;
		prev = cp_before(p, at);
		j = i;
		next = i < len ? utf8_next(p, &j) : 0;
		q->pos = at;
		q->len = i - at;
		q->opening = (prev == 0 || is_space_cp(prev) ||
		    strchr("([{,;:-/", (int)prev) != NULL ||
		    prev == 0x2013 || prev == 0x2014) &&
		    next != 0 && !is_space_cp(next);
		return 1;
	}
	return 0;
}

/* The [nouns] entry that the word p[w, e) is, exactly; NULL if none. */
static const struct noun *
noun_exact(const struct lexicon *lex, const char *p, size_t w, size_t e)
{
	size_t	k;

	if (w == e)
		return NULL;	/* no word: match_fold() would give 0 */
	for (k = 0; k < lex->nnouns; k++)
		if (match_fold(p + w, e - w, lex->nouns[k].form) == e - w)
			return &lex->nouns[k];
	return NULL;
}

/* The agreement noun ending at q, or NULL; set where its word starts. */
static const struct noun *
noun_before(const struct lexicon *lex, const char *p, size_t from, size_t q,
    size_t *word)
{
	size_t	w = q;

	while (w > from && p[w - 1] != ' ' && p[w - 1] != '(')
		w--;
	*word = w;
	return noun_exact(lex, p, w, q);
}

/* The [nouns] entry the word p[w, e) inflects ("Sazişinə"), or NULL. */
static const struct noun *
noun_inflected(const struct lexicon *lex, const char *p, size_t w, size_t e)
{
	size_t	k, m;

	for (k = 0; k < lex->nnouns; k++) {
		m = match_fold(p + w, e - w, lex->nouns[k].form);
		if (m != 0 && case_ending_ok(lex, p + w + m, e - w - m))
			return &lex->nouns[k];
	}
	return NULL;
}

/* Whether a word may stand between a closing mark and the noun after it:
 * a number or date word, a capitalised place, a listed word, a verb. */
static int
gap_word(const struct lexicon *lex, const char *p, size_t w, size_t e)
{
	size_t		i = w;
	uint32_t	c = utf8_next(p, &i);

	return (c >= '0' && c <= '9') || is_upper_cp(c) ||
	    month_of_word(lex, p + w, e - w) != 0 ||
	    lexicon_has_word(&lex->name_gaps, p + w, e - w) ||
	    stem_starts(lex, p + w, e - w);
}

/*
 * The agreement noun after the closing mark that ends at from, past the
 * words a date and place take, in the same sentence; NULL if none.  Set
 * the noun's word.
 */
static const struct noun *
noun_after(const struct lexicon *lex, const char *p, size_t len, size_t from,
    size_t *word, size_t *word_end)
{
	const struct noun	*n;
	size_t			 w = from, e, stop, words;

	for (words = 0; words <= GAP_MAX_WORDS; words++) {
		while (w < len && (p[w] == ' ' || p[w] == ','))
			w++;
		for (stop = w; stop < len && p[stop] != ' ' && p[stop] != ',';
		    stop++)
			;
		for (e = stop; e > w && strchr(".;:!?)", p[e - 1]) != NULL; )
			e--;	/* the word, without a stop after it */
		if (e == w)
			return NULL;
		if ((n = noun_inflected(lex, p, w, e)) != NULL) {
			*word = w;
			*word_end = e;
			return n;
		}
		if ((e < stop && p[e] != ')') || !gap_word(lex, p, w, e))
			return NULL;	/* the sentence ends, or the gap */
		w = stop;
	}
	return NULL;
}

/* Whether no word stands between from and the mark at q: "““", "Saziş ”". */
static int
no_word_before(const char *p, size_t from, size_t q)
{
	return q == from || p[q - 1] == ' ' || p[q - 1] == '(';
}

/*
 * Find where the name that opens with the mark open ends: fill n and
 * return 1, or return 0 when the quoted words name no agreement.
 */
static int
name_end(const struct lexicon *lex, const char *p, size_t len,
    const struct quote *open, struct name_span *n)
{
	struct quote		 q;
	const struct noun	*noun;
	size_t			 after, limit, from = open->pos + open->len, w, e;
	int			 depth = 0, found = 0;

	limit = len - open->pos > NAME_MAX_BYTES ?
	    open->pos + NAME_MAX_BYTES + 1 : len;
	for (after = from; next_quote(p, len, after, limit, &q);
	    after = q.pos + q.len) {
		if (q.opening) {
			if (found || depth == MAX_NESTING)
				break;	/* the next name, or no name */
			depth++;	/* a name quoted inside this one */
			continue;
		}
		if (depth > 0) {
			depth--;
			continue;
		}
		if (no_word_before(p, from, q.pos))
			continue;	/* a doubled mark: look on */
		if ((noun = noun_before(lex, p, from, q.pos, &w)) != NULL) {
			n->noun_after = 0;
			e = q.pos;
		} else if (!found && (noun = noun_after(lex, p, len,
		    q.pos + q.len, &w, &e)) != NULL)
			n->noun_after = 1;
		else
			break;	/* a quoted name that is no agreement */
		found = 1;
		n->name_end = q.pos;
		n->close_end = q.pos + q.len;
		n->noun = w;
		n->noun_end = e;
		n->end = n->noun_after ? e : n->close_end;
		n->kind = noun->kind;
		if (n->noun_after)
			break;
	}
	if (!found)
		return 0;
	n->open = open->pos;
	n->name = from;
	return 1;
}

/*
 * Find the quoted agreement names of one paragraph; -1 when it names more
 * agreements than a report may hold (mentions too: each costs memory).
 */
int
names_find(const struct lexicon *lex, const char *p, size_t len,
    struct name_span **out, size_t *nout)
{
	struct quote		 open;
	struct name_span	*v = NULL, n;
	size_t			 count = 0, at;

	for (at = 0; next_quote(p, len, at, len, &open); ) {
		at = open.pos + open.len;
		if (!open.opening || !name_end(lex, p, len, &open, &n))
			continue;
		if (count == COLLECT_MAX_AGREEMENTS) {
			free(v);
			return -1;
		}
		v = xgrowarray(v, count, sizeof *v);
		v[count++] = n;
		at = n.close_end;	/* go on after its closing mark */
	}
	*out = v;
	*nout = count;
	return 0;
}
