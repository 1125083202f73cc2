/*
 * The door of the metrics module: indicators computed from collected
 * reports, and their renderings.
 */
#ifndef NAPMON_METRICS_H
#define NAPMON_METRICS_H

#include <cjson/cJSON.h>

#include "collector.h"

/* Counts behind DOMAIN.md's indicators, for any set of measures. */
struct tally {
	int	measures;
	int	by_status[STATUS_COUNT];
	int	fixed;		/* measures with a fixed deadline (year, range, until) */
	int	fixed_completed;
	int	overdue;
	int	agreements;
	int	by_stage[STAGE_COUNT];
};

void	 tally_measure(struct tally *, const struct measure *);
void	 tally_agreement(struct tally *, const struct agreement *);
void	 tally_report(struct tally *, const struct report *);
double	 tally_completion_rate(const struct tally *);	/* < 0: none fixed */

cJSON	*tally_to_json(const struct tally *);
cJSON	*report_to_json(const struct report *);

/*
 * The store: every report ingested, kept over the years in SQLite.  One
 * connection does all the writing; each report goes in, or is replaced, in
 * one transaction.
 */
struct store;

enum ingest_result { INGEST_UNCHANGED, INGEST_ADDED, INGEST_REPLACED };

/* A report as stored, with where and when it came in. */
struct stored_report {
	long long	 id;
	char		*name;		/* file name in the inbox */
	long long	 ingested;	/* unix time */
	struct report	*report;	/* as collect_file() builds one */
};

/* One line of the ingest log: what happened to a file. */
struct ingest_entry {
	long long	 at;
	char		*file;
	char		*sha256;	/* NULL when unknown */
	char		*outcome;	/* "added", "replaced", "quarantined" */
	char		*detail;	/* NULL or why */
};

/* Everything the indicators are computed from. */
struct corpus {
	struct stored_report	*reports;	/* in ingest order */
	size_t			 nreports;
	struct ingest_entry	*log;		/* newest last */
	size_t			 nlog;
};

#define STORE_SCHEMA_VERSION	1
#define STORE_LOG_KEEP		1000	/* log lines read back */

struct store	*store_open(const char *path, char **cause);
void		 store_close(struct store *);
int		 store_version(struct store *);
int		 store_known(struct store *, const char *sha256);
int		 store_ingest(struct store *, const struct report *,
		     const char *name, long long now, char **cause);
int		 store_log(struct store *, const char *file,
		     const char *sha256, const char *outcome,
		     const char *detail, long long now, char **cause);
/* Every report, for the indicators: measures come without their narrative. */
struct corpus	*store_load(struct store *, char **cause);
void		 corpus_free(struct corpus *);

/* Per-group counts kept for the Prometheus rendering. */
struct group {
	char		*key;
	int		 reports;
	struct tally	 tally;
};

/*
 * The indicator snapshot: computed once after each change, so serving a
 * query costs no SQL.  Measures and agreements are those of each agency's
 * latest report; agreements carry their history across all reports.
 */
struct snapshot {
	long long	 built;
	int		 nreports;
	struct tally	 overall;
	struct group	*agencies;
	size_t		 nagencies;
	cJSON		*indicators;
	cJSON		*measures;	/* {"measures":[...]} */
	cJSON		*agreements;	/* {"agreements":[...]} */
	cJSON		*reports;	/* {"reports":[...],"log":[...]} */
};

struct measure_filter {
	const char	*agency;	/* NULL: any */
	int		 status;	/* -1: any */
	int		 chapter;	/* -1: any */
	int		 overdue;	/* only overdue ones */
};

struct agreement_filter {
	const char	*agency;
	int		 stage;		/* -1: any */
	const char	*partner_iso;
};

struct snapshot	*snapshot_build(const struct corpus *, long long now);
void		 snapshot_free(struct snapshot *);
cJSON		*snapshot_measures(const struct snapshot *,
		     const struct measure_filter *);
cJSON		*snapshot_agreements(const struct snapshot *,
		     const struct agreement_filter *);

/* What /metrics shows besides the snapshot. */
struct prom_state {
	const char	*version;
	long long	 ingest_failures;
	long long	 last_scan;	/* unix time; 0 before the first */
	long long	 store_failures;
	long long	 export_failures;
};

char		*render_prom(const struct snapshot *,
		     const struct prom_state *);
char		*render_measures_csv(const struct snapshot *);

#endif
