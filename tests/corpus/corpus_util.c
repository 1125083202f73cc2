/*
 * What the files of napmon-gencorpus share: memory, growing strings, the
 * PRNG, the Azerbaijani of numbers and dates, and the noise of real files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "corpus.h"

/* ---------------------------------------------------------------- helpers */

void __attribute__((noreturn, format(printf, 1, 2)))
fatalx(const char *fmt, ...)
{
	va_list	ap;

	fputs("napmon-gencorpus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EX_SOFTWARE);
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		fatalx("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

void
bgrow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = xrealloc(b->p, b->cap);
}

void
bput(struct buf *b, const char *s)
{
	size_t	n = strlen(s);

	bgrow(b, n);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

void __attribute__((format(printf, 2, 3)))
bprintf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("vsnprintf failed");
	bgrow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
breset(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

/* ------------------------------------------------------------------- PRNG */

/* Step splitmix64: the same sequence on every machine and compiler. */
uint64_t
rng_next(struct rng *r)
{
	uint64_t	z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* A number in [lo, hi]. */
int
between(struct rng *r, int lo, int hi)
{
	return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

int
chance(struct rng *r, int percent)
{
	return (int)below(r, 100) < percent;
}

static const char *const months[] = {
	"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust",
	"sentyabr", "oktyabr", "noyabr", "dekabr"
};

static const char *const months_genitive[] = {
	"yanvarın", "fevralın", "martın", "aprelin", "mayın", "iyunun",
	"iyulun", "avqustun", "sentyabrın", "oktyabrın", "noyabrın", "dekabrın"
};

/* ------------------------------------------------------------- morphology */

/*
 * The -ci/-cı/-cu/-cü of a numeral follows the last vowel of its spoken
 * form: 2016 "iki min on altı" -> -cı, 2019 "... doqquz" -> -cu.
 */
const char *
ordinal_suffix(int n)
{
	static const char *const units[] = { NULL, "ci", "ci", "cü", "cü",
	    "ci", "cı", "ci", "ci", "cu" };
	static const char *const tens[] = { NULL, "cu", "ci", "cu", "cı",
	    "ci", "cı", "ci", "ci", "cı" };

	if (n % 10 != 0)
		return units[n % 10];
	if ((n / 10) % 10 != 0)
		return tens[(n / 10) % 10];
	if ((n / 100) % 10 != 0)
		return "cü";		/* yüz */
	return "ci";			/* min */
}

/* Whether a numeral's last vowel is a front one (-də) or back (-da). */
static int
numeral_front(int n)
{
	const char	*s = ordinal_suffix(n);

	return strcmp(s, "ci") == 0 || strcmp(s, "cü") == 0;
}

/* The genitive of a name: Gürcüstan -> Gürcüstanın, Kanada -> Kanadanın. */
void
genitive(struct buf *b, const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	const char		*v = "ı";
	size_t			 i, n = strlen(name);
	int			 last_vowel_end = 0;

	for (i = 0; i < n; i++) {
		/* ASCII vowels and the two-byte Azerbaijani ones. */
		if (s[i] != '\0' && strchr("aAoOuUI", s[i]) != NULL) {
			v = strchr("oOuU", s[i]) ? "u" : "ı";
			last_vowel_end = (int)i + 1;
		} else if (s[i] != '\0' && strchr("eEi", s[i]) != NULL) {
			v = "i";
			last_vowel_end = (int)i + 1;
		} else if (i + 1 < n && ((s[i] == 0xc4 && s[i + 1] == 0xb1) ||
		    (s[i] == 0xc4 && s[i + 1] == 0xb0))) {	/* ı İ */
			v = s[i + 1] == 0xb1 ? "ı" : "i";
			last_vowel_end = (int)i + 2;
		} else if (i + 1 < n && s[i] == 0xc9 && (s[i + 1] == 0x99 ||
		    s[i + 1] == 0x8f)) {			/* ə Ə */
			v = "i";
			last_vowel_end = (int)i + 2;
		} else if (i + 1 < n && s[i] == 0xc3 && (s[i + 1] == 0xb6 ||
		    s[i + 1] == 0xbc || s[i + 1] == 0x96 ||
		    s[i + 1] == 0x9c)) {			/* ö ü Ö Ü */
			v = "ü";
			last_vowel_end = (int)i + 2;
		}
	}
	bput(b, name);
	if (last_vowel_end == (int)n)
		bput(b, "n");
	bput(b, v);
	bput(b, "n");
}

/* ------------------------------------------------------------------ dates */

struct date
random_date(struct rng *r, int y, int m_lo, int m_hi)
{
	struct date	d;

	d.y = y;
	d.m = between(r, m_lo, m_hi);
	d.d = between(r, 1, 27);
	return d;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y - b->y;
	if (a->m != b->m)
		return a->m - b->m;
	return a->d - b->d;
}

/* Write a date in one of the report forms. */
void
put_date(struct buf *b, struct rng *r, const struct date *d,
    enum date_form f)
{
	const char	*ys = ordinal_suffix(d->y);

	switch (f) {
	case DF_IL_DAY_MONTH:
		bprintf(b, "%d-%s il %d %s tarixində", d->y, ys, d->d,
		    months[d->m - 1]);
		break;
	case DF_DAY_MONTH_YEAR:
		bprintf(b, "%d %s %d-%s il tarixində", d->d, months[d->m - 1],
		    d->y, ys);
		break;
	case DF_ILIN_MONTH:
		bprintf(b, "%d-%s ilin %s %d-%s", d->y, ys,
		    months_genitive[d->m - 1], d->d,
		    numeral_front(d->d) ? "də" : "da");
		break;
	case DF_RANGE:
		bprintf(b, "%d-%d %s %d-%s il tarixlərdə", d->d,
		    d->d + between(r, 1, 2), months[d->m - 1], d->y, ys);
		break;
	case DF_FROM:
		bprintf(b, "%d-%s il %d %s tarixindən", d->y, ys, d->d,
		    months[d->m - 1]);
		break;
	}
}

void
date_iso(char out[11], const struct date *d)
{
	if (d == NULL || d->y == 0)
		out[0] = '\0';
	else
		snprintf(out, 11, "%04d-%02d-%02d", d->y, d->m, d->d);
}

/* Join words with a space, or now and then an NBSP or two spaces. */
void
put_noisy(struct gen *g, struct buf *b, const char *s)
{
	const char	*p;

	if (!g->noisy) {
		bput(b, s);
		return;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' && chance(&g->r, 3)) {
			bput(b, chance(&g->r, 50) ? NBSP : "  ");
			continue;
		}
		bgrow(b, 1);
		b->p[b->len++] = *p;
		b->p[b->len] = '\0';
	}
}
