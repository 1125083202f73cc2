/*
 * The lexicon: every Azerbaijani word the parser looks for, read at start
 * from two INI files in a data folder (lexicon.ini for the report's own
 * vocabulary and cues, partners.ini for the world's states and organisations)
 * so that a deployment adds a partner or a cue without a rebuild.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "internal.h"

struct load_ctx {
	struct lexicon	*lex;
	const char	*file;
	char		*error;		/* first problem met, with its reason */
};

/* Where the lexicon lives: $NAPMON_LEXICON_DIR, beside the program, or the
 * compiled-in install folder, in that order. */
const char *
lexicon_default_dir(void)
{
	static char	 dir[PATH_MAX];
	char		 exe[PATH_MAX], *slash;
	ssize_t		 n;
	const char	*env = getenv("NAPMON_LEXICON_DIR");
	const char	 up[] = "/../" NAPMON_DATA_SUBDIR, probe[] = "/lexicon.ini";

	if (env != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NAPMON_DATADIR;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL ||
	    (size_t)(slash - exe) + sizeof up + sizeof probe > sizeof dir)
		return NAPMON_DATADIR;
	memcpy(dir, exe, (size_t)(slash - exe));
	memcpy(dir + (slash - exe), up, sizeof up);
	memcpy(exe, dir, strlen(dir) + 1);
	strcat(exe, probe);
	return access(exe, R_OK) == 0 ? dir : NAPMON_DATADIR;
}

static void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
	initial_add(&l->initials, s, l->n - 1);
	if (strlen(s) > l->longest)
		l->longest = strlen(s);
}

static void
strlist_free(struct strlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	initial_free(&l->initials);
}

/*
 * Whether s (len bytes) is, case folded, exactly one of the list's words.
 * Every line is asked, and most are prose, too long to be any word: a
 * character of a word matches one of at most three times its bytes (ı for
 * I, İ for i, U+FFFD for a broken byte), a space one space of normalised
 * text.  Of the rest, most start with a letter no word starts with.
 */
int
lexicon_has_word(const struct strlist *l, const char *s, size_t len)
{
	const size_t	*ids;
	size_t		 k, n;

	if (len > 3 * l->longest)
		return 0;
	ids = initial_candidates(&l->initials, s, &n);
	for (k = 0; k < n; k++)
		if (match_fold(s, len, l->v[ids[k]]) == len)
			return 1;
	return 0;
}

/*
 * Whether the letters that s starts with (none at all, or a whole word's
 * rest) are a known case ending: "Rusiya|nın", "Saziş|inə".
 */
int
case_ending_ok(const struct lexicon *lex, const char *s, size_t len)
{
	size_t	w = 0, k;

	while (w < len) {
		size_t prev = w;

		if (!is_letter_cp(utf8_next(s, &w))) {
			w = prev;
			break;
		}
	}
	if (w == 0)
		return 1;
	for (k = 0; k < lex->suffixes.n; k++)
		if (match_fold(s, w, lex->suffixes.v[k]) == w)
			return 1;
	return 0;
}

/* Whether a stage verb's stem starts the word s (len bytes): "imzalanmış". */
int
stem_starts(const struct lexicon *lex, const char *s, size_t len)
{
	const struct cue	*c;
	size_t			 k;

	for (k = 0; k < lex->nstage_cues; k++) {
		c = &lex->stage_cues[k];
		if (c->verb && c->nparts == 1 && c->lens[0] < len &&
		    match_fold(s, len, c->parts[0]) != 0)
			return 1;
	}
	return 0;
}

/* Split a cue "müzakirəsi … keçirilmişdir" into its ordered parts. */
static void
cue_init(struct cue *c, const char *text, int value)
{
	const char	*p = text, *gap;
	char		*part;
	size_t		 seplen, plen;

	memset(c, 0, sizeof *c);
	c->value = value;
	for (;;) {
		const char *e1 = strstr(p, "\u2026"), *e2 = strstr(p, "...");

		gap = e1 != NULL && (e2 == NULL || e1 < e2) ? e1 : e2;
		seplen = gap == e1 ? strlen("\u2026") : 3;
		c->parts = xreallocarray(c->parts, c->nparts + 1,
		    sizeof *c->parts);
		c->lens = xreallocarray(c->lens, c->nparts + 1,
		    sizeof *c->lens);
		part = normalize_space(p, gap ? (size_t)(gap - p) : strlen(p));
		if (gap == NULL && (plen = strlen(part)) > 1 &&
		    part[plen - 1] == '+') {	/* "imzala+": a verb stem */
			part[plen - 1] = '\0';
			c->verb = 1;
			c->stem = harmony_of(part, plen - 1);
		}
		c->parts[c->nparts] = fold_string(part);
		c->lens[c->nparts] = strlen(c->parts[c->nparts]);
		c->nparts++;
		free(part);
		if (gap == NULL)
			break;
		p = gap + seplen;
	}
}

/* Given a cue's first part matched up to after_first in a folded text,
 * find its parts up to (not with) part upto in order before end; return
 * where the last of them ends, or NULL. */
const char *
cue_rest(const struct cue *c, const struct folded *f, const char *after_first,
    const char *end, size_t upto)
{
	const char	*at = after_first, *hit;
	size_t		 k, m;

	for (k = 1; k < upto; k++) {
		hit = folded_find(f, at, (size_t)(end - at), c->parts[k],
		    c->lens[k], &m);
		if (hit == NULL)
			return NULL;
		at = hit + m;
	}
	return at;
}

/* Find a cue in a folded text, its parts in order; return its start and
 * set *end. */
const char *
cue_find(const struct cue *c, const struct folded *f, const char **end)
{
	const char	*first;
	size_t		 m;

	first = folded_find(f, f->text, f->len, c->parts[0], c->lens[0], &m);
	if (first == NULL ||
	    (*end = cue_rest(c, f, first + m, f->text + f->len,
	    c->nparts)) == NULL)
		return NULL;	/* nor after a later start */
	return first;
}

/* Add a cue; only stage cues may end in a verb stem ("imzala+"). */
static int
add_cue(struct cue **v, size_t *n, const char *text, int value, int stage)
{
	if (value < 0 && !(stage && value == CUE_NONE))
		return -1;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	cue_init(&(*v)[(*n)++], text, value);
	return (*v)[*n - 1].verb && !stage ? -1 : 0;
}

static int
add_named(struct named **v, size_t *n, const char *word, const char *num)
{
	char	*end;
	long	 x = strtol(num, &end, 10);

	if (*end != '\0' || x < 1 || x > 100)
		return -1;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].word = xstrdup(word);
	(*v)[(*n)++].value = (int)x;
	return 0;
}

/* Add "canonical | alias | alias" for one partner. */
static void
add_partner(struct lexicon *lex, const char *iso, const char *value)
{
	char		*copy = xstrdup(value), *tok, *save = NULL, *name = NULL;

	for (tok = strtok_r(copy, "|", &save); tok != NULL;
	    tok = strtok_r(NULL, "|", &save)) {
		char *alias = normalize_space(tok, strlen(tok));
		struct partner_alias *pa;

		if (*alias == '\0') {
			free(alias);
			continue;
		}
		if (name == NULL)
			name = alias;
		lex->partners = xreallocarray(lex->partners,
		    lex->npartners + 1, sizeof *lex->partners);
		pa = &lex->partners[lex->npartners++];
		pa->alias = alias == name ? xstrdup(alias) : alias;
		pa->name = xstrdup(name);
		pa->iso = iso != NULL ? xstrdup(iso) : NULL;
	}
	free(name);
	free(copy);
}

/* Add each space-separated word of value to a list. */
static void
add_words(struct strlist *l, const char *value)
{
	char	*copy = xstrdup(value), *tok, *save = NULL;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		strlist_add(l, tok);
	free(copy);
}

static int
report_key(struct lexicon *lex, const char *k, const char *v)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "header", offsetof(struct lexicon, header_cells) },
		{ "work_done", offsetof(struct lexicon, work_done_markers) },
		{ "chapter", offsetof(struct lexicon, chapter_words) },
		{ "agency_after", offsetof(struct lexicon, agency_markers) },
		{ "year_marker", offsetof(struct lexicon, title_year_markers) },
		{ "noise", offsetof(struct lexicon, noise_prefixes) },
		{ "home", offsetof(struct lexicon, home_names) },
		{ "party_word", offsetof(struct lexicon, party_words) },
		{ "artefact", offsetof(struct lexicon, artefacts) },
		{ "measure_subject", offsetof(struct lexicon, measure_subjects) },
		{ "regular", offsetof(struct lexicon, regular_words) },
		{ "name_gap", offsetof(struct lexicon, name_gaps) },
	};
	size_t	i;

	if (strcmp(k, "suffixes") == 0) {
		add_words(&lex->suffixes, v);
		return 0;
	}
	if (strcmp(k, "joiners") == 0) {
		add_words(&lex->joiners, v);
		return 0;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(k, keys[i].key) == 0) {
			strlist_add((struct strlist *)((char *)lex +
			    keys[i].off), v);
			return 0;
		}
	return -1;
}

/* inih callback: file one key into the lexicon. */
static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx	*ctx = user;
	struct lexicon	*lex = ctx->lex;
	int		 rc = 0;

	if (strcmp(section, "report") == 0)
		rc = report_key(lex, name, value);
	else if (strcmp(section, "ordinals") == 0)
		rc = add_named(&lex->ordinals, &lex->nordinals, name, value);
	else if (strcmp(section, "months") == 0)
		rc = add_named(&lex->months, &lex->nmonths, name, value);
	else if (strcmp(section, "nouns") == 0) {
		lex->nouns = xreallocarray(lex->nouns, lex->nnouns + 1,
		    sizeof *lex->nouns);
		lex->nouns[lex->nnouns].form = xstrdup(name);
		lex->nouns[lex->nnouns++].kind = xstrdup(value);
	} else if (strcmp(section, "status") == 0)
		rc = add_cue(&lex->status_cues, &lex->nstatus_cues, name,
		    status_from_name(value), 0);
	else if (strcmp(section, "status.measure") == 0)
		rc = add_cue(&lex->subject_cues, &lex->nsubject_cues, name,
		    status_from_name(value), 0);
	else if (strcmp(section, "stages") == 0)
		rc = add_cue(&lex->stage_cues, &lex->nstage_cues, name,
		    strcmp(value, "none") == 0 ? CUE_NONE :
		    stage_from_name(value), 1);
	else if (strcmp(section, "grammar") == 0 &&
	    strcmp(name, "condition") == 0)
		strlist_add(&lex->condition_words, value);
	else if (strcmp(section, "grammar") == 0 &&
	    strcmp(name, "today") == 0)
		strlist_add(&lex->today_words, value);
	else if (strcmp(section, "grammar") == 0)
		rc = grammar_key(&lex->grammar, name, value);
	else if (strcmp(section, "states") == 0) {
		if (strlen(name) != 2)
			rc = -1;
		else
			add_partner(lex, name, value);
	} else if (strcmp(section, "groups") == 0)
		add_partner(lex, NULL, value);
	else
		rc = -1;
	if (rc != 0 && ctx->error == NULL)
		xasprintf(&ctx->error, "[%s] %s = %s: unknown key or value",
		    section, name, value);
	return rc == 0;
}

static int
by_alias_length(const void *a, const void *b)
{
	size_t	la = strlen(((const struct partner_alias *)a)->alias);
	size_t	lb = strlen(((const struct partner_alias *)b)->alias);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static int
load_file(struct load_ctx *ctx, const char *dir, const char *base,
    char **cause)
{
	char	*path;
	int	 rc;

	xasprintf(&path, "%s/%s", dir, base);
	ctx->file = path;
	rc = ini_parse(path, on_key, ctx);
	if (rc < 0)
		xasprintf(cause, "%s: cannot read lexicon file", path);
	else if (rc > 0)
		xasprintf(cause, "%s:%d: %s", path, rc,
		    ctx->error ? ctx->error : "malformed line");
	free(ctx->error);
	ctx->error = NULL;
	free(path);
	return rc == 0 ? 0 : -1;
}

/* Check that the lexicon holds what the parser cannot do without. */
static int
lexicon_complete(const struct lexicon *lex, const char *dir, char **cause)
{
	const char	*missing = NULL;

	if (lex->header_cells.n == 0)
		missing = "[report] header";
	else if (lex->work_done_markers.n == 0)
		missing = "[report] work_done";
	else if (lex->chapter_words.n == 0)
		missing = "[report] chapter";
	else if (lex->nmonths != 12)
		missing = "[months] (all twelve)";
	else if (lex->nnouns == 0)
		missing = "[nouns]";
	else if (lex->nstage_cues == 0)
		missing = "[stages]";
	else if (lex->grammar.nforms == 0)
		missing = "[grammar] form";
	if (missing == NULL)
		return 0;
	xasprintf(cause, "%s: lexicon lacks %s", dir, missing);
	return -1;
}

/* Index stage cues, partner aliases and ordinals by their first letter. */
static void
index_initials(struct lexicon *lex)
{
	size_t	i;

	for (i = 0; i < lex->nstage_cues; i++) {
		initial_add(&lex->stage_initials, lex->stage_cues[i].parts[0], i);
		lex->stage_leads[(unsigned char)lex->stage_cues[i].parts[0][0]] = 1;
	}
	for (i = 0; i < lex->npartners; i++)
		initial_add(&lex->partner_initials, lex->partners[i].alias, i);
	for (i = 0; i < lex->nordinals; i++)
		initial_add(&lex->ordinal_initials, lex->ordinals[i].word, i);
}

/* Case fold the words of a list that is searched for in folded text. */
static void
fold_words(struct strlist *l)
{
	size_t	 i;
	char	*f;

	for (i = 0; i < l->n; i++) {
		f = fold_string(l->v[i]);
		free(l->v[i]);
		l->v[i] = f;
		if (strlen(f) > l->longest)
			l->longest = strlen(f);
	}
}

/* Load the lexicon from a data folder. */
struct lexicon *
lexicon_load(const char *dir, char **cause)
{
	struct lexicon	*lex = xcalloc(1, sizeof *lex);
	struct load_ctx	 ctx = { lex, NULL, NULL };

	if (load_file(&ctx, dir, "lexicon.ini", cause) != 0 ||
	    load_file(&ctx, dir, "partners.ini", cause) != 0 ||
	    lexicon_complete(lex, dir, cause) != 0) {
		lexicon_free(lex);
		return NULL;
	}
	qsort(lex->partners, lex->npartners, sizeof *lex->partners,
	    by_alias_length);
	index_initials(lex);
	fold_words(&lex->measure_subjects);
	fold_words(&lex->agency_markers);
	return lex;
}

static void
cues_free(struct cue *v, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < v[i].nparts; k++)
			free(v[i].parts[k]);
		free(v[i].parts);
		free(v[i].lens);
	}
	free(v);
}

static void
named_free(struct named *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].word);
	free(v);
}

void
lexicon_free(struct lexicon *lex)
{
	struct strlist	*lists[] = { &lex->header_cells,
	    &lex->work_done_markers, &lex->chapter_words, &lex->agency_markers,
	    &lex->title_year_markers, &lex->noise_prefixes, &lex->home_names,
	    &lex->party_words, &lex->regular_words,
	    &lex->measure_subjects, &lex->suffixes, &lex->artefacts,
	    &lex->name_gaps, &lex->condition_words, &lex->today_words,
	    &lex->joiners };
	size_t		 i;

	if (lex == NULL)
		return;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		strlist_free(lists[i]);
	named_free(lex->ordinals, lex->nordinals);
	named_free(lex->months, lex->nmonths);
	for (i = 0; i < lex->nnouns; i++) {
		free(lex->nouns[i].form);
		free(lex->nouns[i].kind);
	}
	free(lex->nouns);
	cues_free(lex->status_cues, lex->nstatus_cues);
	cues_free(lex->subject_cues, lex->nsubject_cues);
	cues_free(lex->stage_cues, lex->nstage_cues);
	for (i = 0; i < lex->npartners; i++) {
		free(lex->partners[i].alias);
		free(lex->partners[i].name);
		free(lex->partners[i].iso);
	}
	free(lex->partners);
	initial_free(&lex->stage_initials);
	initial_free(&lex->partner_initials);
	initial_free(&lex->ordinal_initials);
	grammar_free(&lex->grammar);
	free(lex);
}
