/*
 * The partner of an agreement: the party other than the reporting state.
 * "Azərbaycan Respublikası Hökuməti ilə Rusiya Federasiyası Hökuməti
 * arasında ..." names the parties before its first "arasında"; the partner
 * is the side that is not "Azərbaycan", and a body of a state stands for the
 * state (partners.ini lists every state's names with its ISO code).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const separators[] = { "ilə", "və" };

/* Whether s starts with the reporting state's name. */
static int
is_home(const struct lexicon *lex, const char *s, size_t len)
{
	size_t	k;

	while (len > 0 && *s == ' ')
		s++, len--;
	for (k = 0; k < lex->home_names.n; k++)
		if (match_fold(s, len, lex->home_names.v[k]) != 0)
			return 1;
	return 0;
}

/* Pick the side of "A ilə B" that is not the reporting state. */
static void
other_side(const struct lexicon *lex, const char *p, size_t len,
    const char **side, size_t *sidelen)
{
	size_t		 k, m;
	const char	*at, *from;

	*side = p;
	*sidelen = len;
	for (k = 0; k < sizeof separators / sizeof separators[0]; k++)
		for (from = p; (at = find_fold(from, len - (size_t)(from - p),
		    separators[k], &m)) != NULL; from = at + m) {
			size_t left = (size_t)(at - p);

			if (at == p || at[-1] != ' ' || at + m >= p + len ||
			    at[m] != ' ')
				continue;
			if (is_home(lex, p, left) &&
			    !is_home(lex, at + m + 1, len - left - m - 1)) {
				*side = at + m + 1;
				*sidelen = len - left - m - 1;
				return;
			}
			if (!is_home(lex, p, left) &&
			    is_home(lex, at + m + 1, len - left - m - 1)) {
				*sidelen = left - 1;
				return;
			}
		}
}

/* Find the leftmost (then longest) partner alias in s. */
static const struct partner_alias *
alias_in(const struct lexicon *lex, const char *s, size_t len)
{
	const struct partner_alias	*pa;
	const size_t			*ids;
	size_t				 at, k, n, m, i;

	for (at = 0; at < len; at = next_word(s, len, at)) {
		ids = initial_candidates(&lex->partner_initials, s + at, &n);
		for (k = 0; k < n; k++) {	/* longest first */
			pa = &lex->partners[ids[k]];
			if ((m = match_fold(s + at, len - at, pa->alias)) == 0)
				continue;
			i = 0;
			/* Capitals must match: "Mali" the state, not "mali". */
			if (is_upper_cp(utf8_next(pa->alias, &i)) &&
			    (i = at, !is_upper_cp(utf8_next(s, &i))))
				continue;
			if (case_ending_ok(lex, s + at + m, len - at - m))
				return pa;
		}
	}
	return NULL;
}

/* A near miss is looked for only in names this long: a letter off a
 * short name ("Mali", "Oman") is too often another word. */
#define NEAR_MIN_LETTERS	6
#define NEAR_MAX_LETTERS	64

/* Decode up to max folded code points of s, with the byte offset after
 * each; return how many. */
static size_t
fold_cps(const char *s, size_t len, uint32_t *cp, size_t *after, size_t max)
{
	size_t	i = 0, n = 0;

	while (i < len && n < max) {
		cp[n] = fold_cp(utf8_next(s, &i));
		after[n++] = i;
	}
	return n;
}

/* Whether a (na) and b (nb) differ by exactly one letter: one changed,
 * one left out or one put in. */
static int
one_letter_off(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t	i = 0, j = 0;
	int	edits = 0;

	if (na > nb + 1 || nb > na + 1)
		return 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			i++, j++;
			continue;
		}
		if (++edits > 1)
			return 0;
		if (na > nb)
			i++;
		else if (nb > na)
			j++;
		else
			i++, j++;
	}
	return edits + (int)(na - i) + (int)(nb - j) == 1;
}

/* Whether a state's alias stands at s, misspelt by one letter, before a
 * case ending: "Emənistan" for "Ermənistan". */
static int
near_at(const struct lexicon *lex, const struct partner_alias *pa,
    const char *s, size_t len)
{
	uint32_t	a[NEAR_MAX_LETTERS], t[NEAR_MAX_LETTERS + 1];
	size_t		ab[NEAR_MAX_LETTERS], tb[NEAR_MAX_LETTERS + 1];
	size_t		na, nt, k;

	na = fold_cps(pa->alias, strlen(pa->alias), a, ab, NEAR_MAX_LETTERS);
	if (na < NEAR_MIN_LETTERS || na == NEAR_MAX_LETTERS)
		return 0;
	nt = fold_cps(s, len, t, tb, na + 1);
	if (nt == 0 || t[0] != a[0])
		return 0;
	for (k = na > 1 ? na - 1 : 1; k <= nt; k++)
		if (one_letter_off(a, na, t, k) &&
		    case_ending_ok(lex, s + tb[k - 1], len - tb[k - 1]))
			return 1;
	return 0;
}

/* Find a state named in s with one letter wrong, at a capitalised word. */
static const struct partner_alias *
alias_near(const struct lexicon *lex, const char *s, size_t len)
{
	size_t	at, k, i;

	for (at = 0; at < len; at = next_word(s, len, at)) {
		i = at;
		if (!is_upper_cp(utf8_next(s, &i)))
			continue;
		for (k = 0; k < lex->npartners; k++)
			if (lex->partners[k].iso != NULL &&
			    near_at(lex, &lex->partners[k], s + at, len - at))
				return &lex->partners[k];
	}
	return NULL;
}

/* The partner named in s exactly, else one letter off (*near set). */
static const struct partner_alias *
partner_in(const struct lexicon *lex, const char *s, size_t len, int *near)
{
	const struct partner_alias	*pa;

	if ((pa = alias_in(lex, s, len)) != NULL)
		return pa;
	if ((pa = alias_near(lex, s, len)) != NULL)
		*near = 1;
	return pa;
}

/* Copy the side without parentheses and without trailing government words. */
static char *
clean_side(const struct lexicon *lex, const char *s, size_t len)
{
	char	*buf = xcalloc(1, len + 1), *o = buf, *out;
	size_t	 i, k, n, m;
	int	 depth = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			*o++ = s[i];
	}
	out = normalize_space(buf, (size_t)(o - buf));
	free(buf);
	n = strlen(out);
	for (k = 0; k < lex->party_words.n; k++) {
		m = strlen(lex->party_words.v[k]);
		if (n > m && out[n - m - 1] == ' ' &&
		    match_fold(out + n - m, m, lex->party_words.v[k]) == m)
			out[n -= m + 1] = '\0';
	}
	return out;
}

/* Whether the word s[0, len) is an agreement noun with a case ending
 * or a closing mark after it ("Sazişin", "Saziş”in"). */
static int
inflected_noun(const struct lexicon *lex, const char *s, size_t len)
{
	size_t		k, m, i;
	uint32_t	c;

	for (k = 0; k < lex->nnouns; k++) {
		if ((m = match_fold(s, len, lex->nouns[k].form)) == 0)
			continue;
		i = m;
		if (i < len && (c = utf8_next(s, &i), is_quote_cp(c)))
			m = i;
		if (m < len && case_ending_ok(lex, s + m, len - m))
			return 1;
	}
	return 0;
}

/* Where the agreement a name quotes inside it ends: past its noun, the
 * first inflected one after from, where a pair of parties was named, and
 * before the name's last word ("Kollektiv Təhlükəsizlik Müqaviləsi
 * Təşkilatı arasında" is a party's name); NULL if none. */
static const char *
inner_end(const struct lexicon *lex, const char *from)
{
	const char	*w = from, *e;

	for (;;) {
		while (*w == ' ')
			w++;
		if ((e = strchr(w, ' ')) == NULL)
			return NULL;	/* the last word: the name's own */
		if (inflected_noun(lex, w, (size_t)(e - w)))
			return e;
		w = e;
	}
}

/*
 * The "arasında" that names a name's own parties, and where those start.
 * A name that quotes another names two pairs: its own before the other's
 * ("A ilə Latviya arasında Avropa İttifaqı ilə A arasında … Saziş”in
 * həyata keçirilməsi üzrə İcra Protokolu") or after it ("A ilə Avropa
 * İttifaqı arasında … Saziş”in həyata keçirilməsi üzrə A ilə Niderland
 * arasında İcra Protokolu"): the other's is the last one before its noun.
 */
static const char *
own_between(const struct lexicon *lex, const char *name, const char **from)
{
	const char	*at, *inner, *first;
	size_t		 m, len = strlen(name);

	*from = name;
	if ((first = find_fold(name, len, "arasında", &m)) == NULL)
		return NULL;
	inner = inner_end(lex, first + m);
	for (at = first; (at = find_fold(at, len - (size_t)(at - name),
	    "arasında", &m)) != NULL; at += m) {
		if (inner != NULL && at > inner) {
			*from = inner;	/* its own, after the other */
			return at;
		}
	}
	return first;
}

/* Name the partner of an agreement from its name; NULLs when unnamed.
 * *near says the name misspells it by a letter. */
void
partner_find(const struct lexicon *lex, const char *name, char **partner,
    char **iso, int *near)
{
	const struct partner_alias	*pa;
	const char			*between, *side, *from;
	size_t				 sidelen;
	char				*clean;

	*partner = *iso = NULL;
	*near = 0;
	between = own_between(lex, name, &from);
	if (between == NULL) {
		if ((pa = partner_in(lex, name, strlen(name), near)) != NULL) {
			*partner = xstrdup(pa->name);
			*iso = pa->iso ? xstrdup(pa->iso) : NULL;
		}
		return;
	}
	other_side(lex, from, (size_t)(between - from), &side, &sidelen);
	clean = clean_side(lex, side, sidelen);
	if ((pa = partner_in(lex, clean, strlen(clean), near)) != NULL) {
		*partner = xstrdup(pa->name);
		*iso = pa->iso ? xstrdup(pa->iso) : NULL;
		free(clean);
	} else if (*clean != '\0' && !is_home(lex, clean, strlen(clean)))
		*partner = clean;
	else
		free(clean);
}
