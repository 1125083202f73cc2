/*
 * Dates in the narrative.  The reports write them several ways:
 *   2016-cı il 21 noyabr tarixində      23-24 noyabr 2016-cı il tarixlərdə
 *   2016-cı ilin oktyabrın 10-da        2016-cı ilin yanvar ayının 15-dən
 *   15 mart 2017-ci il tarixində        21.11.2016
 * Each is anchored on its year; the day of a range is its first day.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct token {
	const char	*s;
	size_t		 len;
};

#define MAX_TOKENS	4096

/* Split into words, trimming the punctuation around them. */
static size_t
tokenize(const char *s, size_t len, struct token *t, size_t max)
{
	size_t	i = 0, n = 0, start;

	while (i < len && n < max) {
		while (i < len && strchr(" ,;:()\"", s[i]) != NULL && s[i])
			i++;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		while (i > start && strchr(".,;:()", s[i - 1]) != NULL)
			i--;
		if (i > start) {
			t[n].s = s + start;
			t[n++].len = i - start;
		}
		while (i < len && s[i] != ' ')
			i++;
	}
	return n;
}

int
date_valid(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* The month a word names, inflected or not ("oktyabrın"); 0 if none. */
int
month_of_word(const struct lexicon *lex, const char *s, size_t len)
{
	size_t	k, m, i;

	for (k = 0; k < lex->nmonths; k++) {
		m = match_fold(s, len, lex->months[k].word);
		if (m == 0)
			continue;
		for (i = m; i < len; ) {	/* only a case ending may follow */
			if (!is_letter_cp(utf8_next(s, &i)))
				return 0;
		}
		if (len - m <= 6)
			return lex->months[k].value;
	}
	return 0;
}

/* A day number, maybe the start of a range or with a suffix: 23-24, 10-da. */
static int
day_of(const struct token *t)
{
	size_t	i = 0;
	int	d = 0;

	while (i < t->len && i < 3 && t->s[i] >= '0' && t->s[i] <= '9')
		d = d * 10 + (t->s[i++] - '0');
	if (i == 0 || i > 2 || (i < t->len && t->s[i] != '-'))
		return 0;
	return d;
}

static int
token_is(const struct token *t, const char *w)
{
	return t->len == strlen(w) && match_fold(t->s, t->len, w) == t->len;
}

/* A numeric date dd.mm.yyyy. */
static int
numeric_date(const struct token *t, int *y, int *m, int *d)
{
	unsigned int	dd, mm, yy;
	int		n = 0;
	char		buf[11];

	if (t->len != 10)
		return 0;
	/* A copy: sscanf takes the length of the string it reads, and the
	 * token's string is the rest of a paragraph of up to 64 MiB. */
	memcpy(buf, t->s, 10);
	buf[10] = '\0';
	if (sscanf(buf, "%2u.%2u.%4u%n", &dd, &mm, &yy, &n) != 3 || n != 10)
		return 0;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return 1;
}

/* Read the date anchored at year token i, if any. */
static int
date_at(const struct lexicon *lex, const struct token *t, size_t n,
    size_t i, int y, struct date_hit *h)
{
	int	m, d;

	h->y = y;
	if (i >= 2 && (m = month_of_word(lex, t[i - 1].s, t[i - 1].len)) &&
	    (d = day_of(&t[i - 2])) != 0) {
		h->pos = (size_t)(t[i - 2].s - t[0].s);	/* 23-24 noyabr 2016 */
		h->m = m;
		h->d = d;
		return date_valid(y, m, d);
	}
	h->pos = (size_t)(t[i].s - t[0].s);
	if (i + 3 < n && token_is(&t[i + 1], "il") &&
	    (d = day_of(&t[i + 2])) != 0 &&
	    (m = month_of_word(lex, t[i + 3].s, t[i + 3].len)) != 0) {
		h->m = m;			/* 2016-cı il 21 noyabr */
		h->d = d;
		return date_valid(y, m, d);
	}
	if (i + 3 < n && (token_is(&t[i + 1], "ilin") ||
	    token_is(&t[i + 1], "il")) &&
	    (m = month_of_word(lex, t[i + 2].s, t[i + 2].len)) != 0) {
		size_t k = i + 3;		/* 2016-cı ilin oktyabrın 10-da,
						   2018-ci il sentyabrın 1-də */

		if (k + 1 < n && (token_is(&t[k], "ayının") ||
		    token_is(&t[k], "ayın")))
			k++;
		if ((d = day_of(&t[k])) != 0) {
			h->m = m;
			h->d = d;
			return date_valid(y, m, d);
		}
	}
	return 0;
}

/* Find the dates in s; return how many were stored in hits. */
size_t
dates_scan(const struct lexicon *lex, const char *s, size_t len,
    struct date_hit *hits, size_t max)
{
	static __thread struct token t[MAX_TOKENS];
	size_t			 n, i, found = 0, used;
	int			 y;

	n = tokenize(s, len, t, MAX_TOKENS);
	for (i = 0; i < n && found < max; i++) {
		struct date_hit h;

		if (numeric_date(&t[i], &h.y, &h.m, &h.d)) {
			if (date_valid(h.y, h.m, h.d)) {
				h.pos = (size_t)(t[i].s - s);
				hits[found++] = h;
			}
			continue;
		}
		y = year_token(t[i].s, t[i].len, &used);
		if (y < 1900 || used != t[i].len)
			continue;
		if (date_at(lex, t, n, i, y, &h)) {
			h.pos += (size_t)(t[0].s - s);
			hits[found++] = h;
		}
	}
	return found;
}

/*
 * Whether s names a day, with its year or not: "iyunun 18-də", "18 iyun",
 * "bu gündən".
 * A dated present ("iyunun 18-də … qüvvəyə minir") tells an event that
 * has its day; only a year would give it a date.
 */
int
dates_day_named(const struct lexicon *lex, const char *s, size_t len)
{
	static __thread struct token t[MAX_TOKENS];
	size_t			 n, i;

	for (i = 0; i < lex->today_words.n; i++)
		if (find_fold(s, len, lex->today_words.v[i], NULL) != NULL)
			return 1;
	n = tokenize(s, len, t, MAX_TOKENS);
	for (i = 0; i < n; i++) {
		if (month_of_word(lex, t[i].s, t[i].len) == 0)
			continue;
		if ((i + 1 < n && day_of(&t[i + 1]) != 0) ||
		    (i > 0 && day_of(&t[i - 1]) != 0))
			return 1;
	}
	return 0;
}
