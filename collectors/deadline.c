/*
 * Deadline cells: "Mütəmadi", "2014-cü il", "2012-2013-cü illər",
 * "2013-cü ilin sonunadək", "2012-ci ilin I rübü".  Numerals carry a suffix
 * that follows vowel harmony (-ci/-cı/-cu/-cü), so all four are read alike.
 */
#include <string.h>

#include "internal.h"

/* Words a plain year cell may end with; anything else narrows the year. */
static const char *const whole_year[] = { "il", "ildə", "il ərzində" };

/* Read a numeral with its -ci suffix ("2014-cü"); return it, or 0. */
int
year_token(const char *s, size_t len, size_t *used)
{
	size_t		 i = 0, j;
	int		 n = 0;
	uint32_t	 c;

	while (i < len && i < 4 && s[i] >= '0' && s[i] <= '9')
		n = n * 10 + (s[i++] - '0');
	if (i == 0 || i >= len || s[i] != '-' || i + 1 >= len)
		return 0;
	j = i + 1;
	if (s[j] != 'c' && s[j] != 'C')
		return 0;
	j++;
	if (j >= len)
		return 0;
	c = utf8_next(s, &j);
	if (c != 'i' && c != 0x131 && c != 'u' && c != 0xfc)
		return 0;
	if (j < len && is_letter_cp((uint32_t)(unsigned char)s[j]) &&
	    (unsigned char)s[j] < 0x80)
		return 0;	/* "-cisi" and the like: not a bare numeral */
	*used = j;
	return n;
}

/* A four-digit year at s, alone or before its suffix; 0 when none. */
static int
bare_year(const char *s, size_t len, size_t *used)
{
	size_t	i = 0;
	int	y = 0;

	while (i < len && i < 5 && s[i] >= '0' && s[i] <= '9')
		y = y * 10 + (s[i++] - '0');
	if (i != 4 || y < 1900 || y > 2100)
		return 0;
	*used = i;
	return y;
}

static int
is_word_count_at_most(const char *s, int max)
{
	int	words = *s != '\0';

	for (; *s != '\0'; s++)
		if (*s == ' ')
			words++;
	return words <= max;
}

/* Classify a year cell whose first year is at the start of s. */
static int
year_cell(const char *s, struct deadline *d)
{
	size_t		 len = strlen(s), used, k;
	int		 y1, y2 = 0;
	const char	*rest, *num;

	if ((y1 = bare_year(s, len, &used)) == 0)
		return 0;
	rest = s + used;
	num = s;			/* the numeral that carries the suffix */
	if (*rest == '-' || strncmp(rest, "\u2013", 3) == 0) {
		const char *second = rest + (*rest == '-' ? 1 : 3);

		if ((y2 = bare_year(second, strlen(second), &used)) != 0) {
			if (y2 < y1)
				return 0;
			num = second;	/* "2012-2013-cü" */
		}
	}
	if (year_token(num, strlen(num), &used) == 0)
		return 0;
	rest = num;
	rest += used;
	while (*rest == ' ')
		rest++;
	if (!is_word_count_at_most(rest, 4))
		return 0;	/* a sentence that opens with a year */
	d->end = y2 != 0 ? y2 : y1;
	if (y2 != 0) {
		d->kind = DEADLINE_RANGE;
		d->start = y1;
		return 1;
	}
	for (k = 0; k < sizeof whole_year / sizeof whole_year[0]; k++)
		if (match_fold(rest, strlen(rest), whole_year[k]) ==
		    strlen(rest)) {
			d->kind = DEADLINE_YEAR;
			d->start = y1;
			return 1;
		}
	d->kind = DEADLINE_UNTIL;	/* "ilin sonunadək", "ilin I rübü" */
	d->start = 0;
	return 1;
}

/*
 * Read a deadline cell.  Return 1 when the cell is recognisably a deadline
 * (a regular word or a year), 0 when it is not: then a caller that knows the
 * cell's place may still take it as a deadline of another kind.
 */
int
deadline_parse(const struct lexicon *lex, const char *cell,
    struct deadline *d)
{
	size_t	len = strlen(cell), k, m;

	memset(d, 0, sizeof *d);
	for (k = 0; k < lex->regular_words.n; k++) {
		m = match_fold(cell, len, lex->regular_words.v[k]);
		if (m != 0 && (cell[m] == '\0' || cell[m] == ' ' ||
		    cell[m] == '.' || cell[m] == ',')) {
			d->kind = DEADLINE_REGULAR;
			d->text = xstrdup(cell);
			return 1;
		}
	}
	if (year_cell(cell, d)) {
		d->text = xstrdup(cell);
		return 1;
	}
	memset(d, 0, sizeof *d);
	d->kind = DEADLINE_OTHER;
	return 0;
}
