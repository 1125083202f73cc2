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

/* Whether the rest of a word after an alias is a known case ending. */
static int
ending_ok(const struct lexicon *lex, const char *s, size_t len)
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
			if (ending_ok(lex, s + at + m, len - at - m))
				return pa;
		}
	}
	return NULL;
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

/* Name the partner of an agreement from its name; NULLs when unnamed. */
void
partner_find(const struct lexicon *lex, const char *name, char **partner,
    char **iso)
{
	const struct partner_alias	*pa;
	const char			*between, *side;
	size_t				 sidelen;
	char				*clean;

	*partner = *iso = NULL;
	between = find_fold(name, strlen(name), "arasında", NULL);
	if (between == NULL) {
		if ((pa = alias_in(lex, name, strlen(name))) != NULL) {
			*partner = xstrdup(pa->name);
			*iso = pa->iso ? xstrdup(pa->iso) : NULL;
		}
		return;
	}
	other_side(lex, name, (size_t)(between - name), &side, &sidelen);
	clean = clean_side(lex, side, sidelen);
	if ((pa = alias_in(lex, clean, strlen(clean))) != NULL) {
		*partner = xstrdup(pa->name);
		*iso = pa->iso ? xstrdup(pa->iso) : NULL;
		free(clean);
	} else if (*clean != '\0' && !is_home(lex, clean, strlen(clean)))
		*partner = clean;
	else
		free(clean);
}
