/*
 * The suffix grammar of stage verbs: what the letters after a verb stem
 * say about the event.  "imzala" + "nmışdır" is a perfect, so the signing
 * happened; "imzala" + "nacaq" is a future, so it has not.
 *
 * The grammar is data (lexicon.ini's [grammar]): a word's rest reads as
 *     [voice] [negation] form [person]
 * where each slot is a list of endings written with archiphonemes that
 * vowel harmony resolves by the last vowel before them.  This file knows
 * the slots, the harmony and the matching, not one Azerbaijani ending.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Archiphonemes in an ending: capitals, which no folded text holds. */
#define ARCH_I	'I'	/* ı i u ü */
#define ARCH_A	'A'	/* a ə */
#define ARCH_Q	'Q'	/* q k */
#define ARCH_G	'G'	/* ğ y */
#define ARCH_Y	'Y'	/* y after a vowel, nothing after a consonant */

#define LETTER_SCHWA	0x259	/* ə */
#define LETTER_DOTLESS	0x131	/* ı */
#define LETTER_O_UML	0xf6	/* ö */
#define LETTER_U_UML	0xfc	/* ü */
#define LETTER_G_BREVE	0x11f	/* ğ */

/* Longest ending a slot may hold, in letters: data past it is refused. */
#define ENDING_MAX	16

static int
is_vowel(uint32_t c)
{
	return c == 'a' || c == LETTER_DOTLESS || c == 'o' || c == 'u' ||
	    c == 'e' || c == LETTER_SCHWA || c == 'i' || c == LETTER_O_UML ||
	    c == LETTER_U_UML;
}

static int
is_back(uint32_t v)
{
	return v == 'a' || v == LETTER_DOTLESS || v == 'o' || v == 'u';
}

static int
is_rounded(uint32_t v)
{
	return v == 'o' || v == 'u' || v == LETTER_O_UML || v == LETTER_U_UML;
}

/* The letter an archiphoneme (or a plain letter) stands for after v. */
static uint32_t
harmonize(uint32_t a, uint32_t v)
{
	switch (a) {
	case ARCH_I:
		if (is_back(v))
			return is_rounded(v) ? 'u' : LETTER_DOTLESS;
		return is_rounded(v) ? LETTER_U_UML : 'i';
	case ARCH_A:
		return is_back(v) ? 'a' : LETTER_SCHWA;
	case ARCH_Q:
		return is_back(v) ? 'q' : 'k';
	case ARCH_G:
		return is_back(v) ? LETTER_G_BREVE : 'y';
	default:
		return a;
	}
}

/* Note a letter read: it may set the vowel harmony follows. */
static void
harmony_note(struct harmony *h, uint32_t c)
{
	h->after_vowel = is_vowel(c);
	if (h->after_vowel)
		h->vowel = c;
}

/* The harmony after the letters of a stem, case folded or not. */
struct harmony
harmony_of(const char *s, size_t len)
{
	struct harmony	h = { 'a', 0 };
	size_t		i = 0;

	while (i < len)
		harmony_note(&h, fold_cp(utf8_next(s, &i)));
	return h;
}

/*
 * Match one ending at the start of s (len bytes, any case) after the
 * harmony h, which it moves on; return the bytes it takes, or SIZE_MAX.
 */
static size_t
ending_match(const uint32_t *e, const char *s, size_t len, struct harmony *h)
{
	size_t		i = 0, j;
	uint32_t	want;

	for (; *e != 0; e++) {
		if (*e == ARCH_Y && !h->after_vowel)
			continue;
		want = *e == ARCH_Y ? 'y' : harmonize(*e, h->vowel);
		if (i >= len)
			return SIZE_MAX;
		j = i;
		if (fold_cp(utf8_next(s, &j)) != want)
			return SIZE_MAX;
		i = j;
		harmony_note(h, want);
	}
	return i;
}

/* The letter an ending starts with after the harmony h; 0 if none. */
static inline uint32_t
first_letter(const uint32_t *e, const struct harmony *h)
{
	if (*e == ARCH_Y && !h->after_vowel)
		e++;
	if (*e == 0)
		return 0;
	return *e == ARCH_Y ? 'y' : harmonize(*e, h->vowel);
}

/* The first letter of s, folded; 0 if s is empty. */
static uint32_t
first_of(const char *s, size_t len)
{
	size_t	i = 0;

	return len == 0 ? 0 : fold_cp(utf8_next(s, &i));
}

/* Parse an ending as written in the data into code points. */
static uint32_t *
ending_parse(const char *word)
{
	uint32_t	*e = xcalloc(ENDING_MAX + 1, sizeof *e);
	size_t		 i = 0, n = 0;
	uint32_t	 c;

	while (word[i] != '\0') {
		c = utf8_next(word, &i);
		if (n == ENDING_MAX || !is_letter_cp(c)) {
			free(e);
			return NULL;
		}
		e[n++] = c == ARCH_I || c == ARCH_A || c == ARCH_Q ||
		    c == ARCH_G || c == ARCH_Y ? c : fold_cp(c);
	}
	return e;
}

/* Add the space-separated endings of value to a slot; -1 on a bad one. */
static int
slot_add(struct slot *sl, const char *value)
{
	char		*copy = xstrdup(value), *tok, *save = NULL;
	uint32_t	*e;
	int		 rc = 0;

	for (tok = strtok_r(copy, " ", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " ", &save)) {
		if ((e = ending_parse(tok)) == NULL) {
			rc = -1;
			break;
		}
		sl->v = xreallocarray(sl->v, sl->n + 1, sizeof *sl->v);
		sl->v[sl->n++] = e;
	}
	free(copy);
	return rc;
}

static void
slot_free(struct slot *sl)
{
	size_t	i;

	for (i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
}

static int
attest_of(const char *word)
{
	if (strcmp(word, "yes") == 0)
		return ATTEST_YES;
	if (strcmp(word, "dated") == 0)
		return ATTEST_DATED;
	if (strcmp(word, "no") == 0)
		return ATTEST_NO;
	return -1;
}

/* "NAME yes|dated|no ENDING...": one form class. */
static int
form_add(struct grammar *g, const char *value)
{
	char		 name[64], attest[8];
	int		 used = 0, a;
	struct form	*f;

	if (sscanf(value, "%63s %7s %n", name, attest, &used) != 2 ||
	    (a = attest_of(attest)) < 0 || value[used] == '\0')
		return -1;
	g->forms = xreallocarray(g->forms, g->nforms + 1, sizeof *g->forms);
	f = &g->forms[g->nforms++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->attests = a;
	return slot_add(&f->endings, value + used);
}

/* File one key of lexicon.ini's [grammar]; -1 when it is not one. */
int
grammar_key(struct grammar *g, const char *key, const char *value)
{
	static unsigned	next_id;

	if (g->id == 0)		/* never 0: no memo of grammar_read() is */
		g->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
	if (strcmp(key, "voice") == 0)
		return slot_add(&g->voice, value);
	if (strcmp(key, "negation") == 0)
		return slot_add(&g->negation, value);
	if (strcmp(key, "person") == 0)
		return slot_add(&g->person, value);
	if (strcmp(key, "form") == 0)
		return form_add(g, value);
	return -1;
}

void
grammar_free(struct grammar *g)
{
	size_t	i;

	slot_free(&g->voice);
	slot_free(&g->negation);
	slot_free(&g->person);
	for (i = 0; i < g->nforms; i++) {
		free(g->forms[i].name);
		slot_free(&g->forms[i].endings);
	}
	free(g->forms);
}

/* A reading is better when it attests less: doubt never adds a stage. */
static void
keep_reading(struct verb_form *best, int form, int negated, int attests)
{
	if (best->form < 0 || attests < best->attests) {
		best->form = form;
		best->negated = negated;
		best->attests = attests;
	}
}

/* Try every form and person after a voice and a negation already read. */
static void
read_forms(const struct grammar *g, struct harmony h, const char *s,
    size_t len, int negated, int whole, struct verb_form *best)
{
	struct harmony	 hf, hp;
	size_t		 k, e, p, m, q;
	const struct form *f;
	uint32_t	 c0 = first_of(s, len);

	/* Most endings are ruled out by their first letter: test it
	 * before the whole ending, for a word is read against them all. */
	for (k = 0; k < g->nforms; k++) {
		f = &g->forms[k];
		for (e = 0; e < f->endings.n; e++) {
			if (first_letter(f->endings.v[e], &h) != c0)
				continue;
			hf = h;
			if ((m = ending_match(f->endings.v[e], s, len, &hf)) ==
			    SIZE_MAX)
				continue;
			/* Past a form that attests nothing, any ending does:
			 * "imzalanmasından" is no more an event. */
			if (m == len || (!whole && f->attests == ATTEST_NO)) {
				keep_reading(best, (int)k, negated,
				    negated ? ATTEST_NO : f->attests);
				continue;
			}
			for (p = 0; p < g->person.n; p++) {
				hp = hf;
				q = ending_match(g->person.v[p], s + m, len - m,
				    &hp);
				if (q != SIZE_MAX && m + q == len)
					keep_reading(best, (int)k, negated,
					    negated ? ATTEST_NO : f->attests);
			}
		}
	}
}

/* Try the forms with and without each negation after a voice. */
static void
read_negation(const struct grammar *g, struct harmony h, const char *s,
    size_t len, int whole, struct verb_form *best)
{
	struct harmony	hn;
	size_t		k, m;

	read_forms(g, h, s, len, 0, whole, best);
	for (k = 0; k < g->negation.n; k++) {
		hn = h;
		if ((m = ending_match(g->negation.v[k], s, len, &hn)) !=
		    SIZE_MAX)
			read_forms(g, hn, s + m, len - m, 1, whole, best);
	}
}

static void
read_all(const struct grammar *g, struct harmony h, const char *s,
    size_t len, int whole, struct verb_form *best)
{
	struct harmony	hv;
	size_t		k, m;

	read_negation(g, h, s, len, whole, best);
	for (k = 0; k < g->voice.n; k++) {
		hv = h;
		if ((m = ending_match(g->voice.v[k], s, len, &hv)) != SIZE_MAX)
			read_negation(g, hv, s + m, len - m, whole, best);
	}
}

/*
 * Readings already made, per thread: a report says "imzalanmışdır" many
 * times, and each reading tries every voice, negation, form and person
 * (4,500 instructions).  Keyed by the grammar's id, not its address, which
 * a lexicon loaded again may reuse.
 */
#define MEMO_SLOTS	256
#define MEMO_BYTES	32
struct memo {
	unsigned	 grammar;
	struct harmony	 h;
	unsigned char	 len;
	char		 rest[MEMO_BYTES];
	struct verb_form v;
};

static struct memo *
memo_slot(const struct grammar *g, struct harmony h, const char *rest,
    size_t len)
{
	static __thread struct memo	memo[MEMO_SLOTS];
	uint32_t			hash = 2166136261u ^ h.vowel;
	size_t				i;

	for (i = 0; i < len; i++)	/* FNV-1a */
		hash = (hash ^ (unsigned char)rest[i]) * 16777619u;
	hash ^= g->id * 2654435761u ^ (uint32_t)h.after_vowel;
	return &memo[hash % MEMO_SLOTS];
}

/*
 * Read the rest of a word after a verb stem whose letters left the harmony
 * h: which form it is and whether that form attests the event.  form is
 * -1 when the grammar does not read it, and then it attests nothing.
 */
struct verb_form
grammar_read(const struct grammar *g, struct harmony h, const char *rest,
    size_t len)
{
	struct verb_form	 best = { -1, 0, ATTEST_NO };
	struct memo		*m = NULL;

	if (len < MEMO_BYTES) {
		m = memo_slot(g, h, rest, len);
		if (m->grammar == g->id && m->len == len &&
		    m->h.vowel == h.vowel && m->h.after_vowel ==
		    h.after_vowel && memcmp(m->rest, rest, len) == 0)
			return m->v;
	}
	read_all(g, h, rest, len, 1, &best);
	if (best.form < 0)	/* a form that attests nothing, then more */
		read_all(g, h, rest, len, 0, &best);
	if (m != NULL) {
		m->grammar = g->id;
		m->h = h;
		m->len = (unsigned char)len;
		memcpy(m->rest, rest, len);
		m->v = best;
	}
	return best;
}

/* The bytes of the letters that go on from s: the rest of a word. */
size_t
word_rest(const char *s, size_t len)
{
	size_t	i = 0, j;

	while (i < len) {
		j = i;
		if (!is_letter_cp(utf8_next(s, &j)))
			break;
		i = j;
	}
	return i;
}
