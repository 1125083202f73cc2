/*
 * napmon-gencorpus's door between its files: gencorpus.c (the words of
 * measures and reports, and main), agreements.c (the agreements and their
 * stages), corpus_files.c (partners.ini and the report files) and
 * corpus_util.c (what they all share).
 */
#ifndef NAPMON_CORPUS_H
#define NAPMON_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define NBSP	"\xc2\xa0"

void	 fatalx(const char *, ...)
	     __attribute__((noreturn, format(printf, 1, 2)));
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/* A growing string. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

void	 bgrow(struct buf *, size_t more);
void	 bput(struct buf *, const char *);
void	 bprintf(struct buf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
void	 breset(struct buf *);

/* The PRNG: splitmix64, the same sequence on every machine. */
struct rng {
	uint64_t	s;
};

uint64_t rng_next(struct rng *);
uint32_t below(struct rng *, uint32_t n);
int	 between(struct rng *, int lo, int hi);
int	 chance(struct rng *, int percent);

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define PICK(r, a)	((a)[below((r), NELEM(a))])

struct date {
	int	y, m, d;
};

enum date_form {
	DF_IL_DAY_MONTH,	/* 2016-cı il 21 noyabr tarixində */
	DF_DAY_MONTH_YEAR,	/* 15 mart 2017-ci il tarixində */
	DF_ILIN_MONTH,		/* 2016-cı ilin oktyabrın 10-da */
	DF_RANGE,		/* 23-24 noyabr 2016-cı il tarixlərdə */
	DF_FROM,		/* 2017-ci il 1 may tarixindən */
};

struct date	 random_date(struct rng *, int y, int m_lo, int m_hi);
int		 date_cmp(const struct date *, const struct date *);
void		 put_date(struct buf *, struct rng *, const struct date *,
		     enum date_form);
void		 date_iso(char out[11], const struct date *);
const char	*ordinal_suffix(int n);
void		 genitive(struct buf *, const char *name);

struct agency {
	const char	*name;
	const char	*tag;		/* for the file name */
	int		 agreements;	/* how much it reports on treaties, % */
};

struct partner {
	char	*name;		/* canonical */
	char	*iso;		/* NULL for a group */
};

struct partners {
	struct partner	*states, *groups;
	size_t		 nstates, ngroups;
};

void	 partners_load(const char *path, struct partners *);
void	 partners_free(struct partners *);

enum encoding { E_UTF8, E_UTF8_BOM, E_UTF16LE, E_UTF16BE };

const char	*encoding_name(enum encoding);
size_t		 write_report(const char *path, const struct buf *text,
		     enum encoding, int crlf, struct buf *tmp,
		     struct buf *tmp2);

/*
 * Long histories (--history YEARS): agency k reports once a year, and its
 * agreements are a pool of its own that each report draws from, each
 * moving up its stages over the years, now and then stalling or going
 * back, the same way in every report of the agency.
 */
#define HISTORY_FIRST_YEAR	2012
struct history {
	uint64_t	 seed;
	unsigned	 years_per_agency;
	unsigned	 agency;	/* the report's agency's number */
	unsigned	 next;		/* the report's next slot of the pool */
};

/* One report being written. */
struct gen {
	struct rng		 r;
	const struct partners	*pt;
	const struct agency	*agency;
	int			 year;
	int			 noisy;		/* NBSP, double spaces, ... */
	struct buf		 text;
	cJSON			*measures, *agreements;
	char			**names;	/* agreement names used */
	size_t			 nnames;
	struct history		*history;	/* NULL: every agreement new */
};

void	 put_noisy(struct gen *, struct buf *, const char *);
void	 put_agreement(struct gen *, struct buf *, const char *measure);
void	 put_joined_agreements(struct gen *, struct buf *,
	     const char *measure);
void	 put_mention(struct gen *, struct buf *);

/* corpus_report.c */
cJSON	*gen_report(struct gen *, uint64_t seed, unsigned index);

#endif
