/*
 * The door of the metrics module: indicators computed from collected
 * reports, and their renderings.
 */
#ifndef NAPMON_METRICS_H
#define NAPMON_METRICS_H

#include <stdio.h>

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
	int	stuck;		/* of its agreements, those stuck and */
	int	regressed;	/* regressed (the ledger's counts only) */
	int	review;		/* facts read with low confidence */
};

void	 tally_measure(struct tally *, const struct measure *);
void	 tally_agreement(struct tally *, const struct agreement *);
void	 tally_report(struct tally *, const struct report *);
void	 tally_add(struct tally *to, const struct tally *from);
void	 tally_addk(struct tally *to, const struct tally *from, int k);
double	 tally_completion_rate(const struct tally *);	/* < 0: none fixed */

cJSON	*tally_to_json(const struct tally *);
cJSON	*report_to_json(const struct report *);

/*
 * The store: every report ingested, kept over the years in SQLite.  One
 * connection does all the writing; each report goes in, or is replaced,
 * whole, in a transaction of its own or in a batch of them.  Each other
 * connection is a reader, and every connection is used by one thread at a
 * time.
 */
struct store;

enum ingest_result { INGEST_UNCHANGED, INGEST_ADDED, INGEST_REPLACED };

#define STORE_SCHEMA_VERSION	8
#define STORE_LOG_KEEP		1000	/* log lines listed */

struct store	*store_open(const char *path, char **cause);
struct store	*store_open_reader(const char *path, char **cause);
struct store	*store_open_editor(const char *path, char **cause);
void		 store_close(struct store *);
void		 store_cache(struct store *, int kib);
void		 store_shrink(struct store *);
int		 store_version(struct store *);
int		 store_known(struct store *, const char *sha256);
int		 store_ingest(struct store *, const struct report *,
		     const char *name, long long now, char **cause);
int		 store_batch_begin(struct store *, char **cause);
int		 store_batch_end(struct store *, char **cause);
int		 store_log(struct store *, const char *file,
		     const char *sha256, const char *outcome,
		     const char *detail, long long now, char **cause);
/* Per-group counts: per agency, chapter, executing body or partner. */
struct group {
	char		*key;
	char		*label;		/* a chapter's title, a partner's ISO
					   code, or NULL */
	int		 reports;
	struct tally	 tally;
};

/*
 * The indicator snapshot: computed after each change, so serving the
 * indicators or the measures costs no SQL.  Measures are those of each
 * agency's latest report; an agreement counts at the stage of the latest
 * report of its agency that names it.
 */
struct mrows;

struct snapshot {
	int		 refs;		/* snapshot_free() drops one */
	long long	 built;
	int		 nreports;
	struct tally	 overall;
	struct group	*agencies;
	size_t		 nagencies;
	cJSON		*indicators;
	struct mrows	**measures;	/* an agency's counted measures each */
	size_t		  nmeasures;
};

/*
 * The ledger keeps the indicators by agency, so that a new report costs
 * the recount of its own agency, not of the archive: after store_ingest(),
 * touch the report's agency (or all, when a file was replaced), then take
 * a snapshot.
 */
struct ledger;

struct ledger	*ledger_open(struct store *, int stuck_reports);
void		 ledger_free(struct ledger *);
void		 ledger_touch(struct ledger *, const char *agency);
void		 ledger_touch_all(struct ledger *);
struct snapshot	*ledger_snapshot(struct ledger *, long long now,
		     char **cause);

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
	int		 stuck;		/* only stuck ones */
	int		 regressed;	/* only regressed ones */
	int		 stuck_reports;	/* reports at one stage that make an
					   agreement stuck; 0: the default */
	int		 limit;		/* agreements to list; 0: all */
	const char	*after;		/* a cursor: list after where the
					   listing it came from stopped */
};

/* An agreement a listing stopped after, read from its cursor. */
struct cursor {
	char	*name;
	char	*agency;
	int	 has_agency;	/* 0: the reports naming none */
};
int		 cursor_decode(const char *, struct cursor *);
void		 cursor_clear(struct cursor *);

/* DOMAIN.md's N: an agreement is stuck at one stage over N reports. */
#define STUCK_REPORTS_DEFAULT	3

struct transition_filter {
	const char	*agency;	/* NULL: any */
	int		 from, to;	/* enum stage; -1: any */
	int		 year;		/* the later report's; 0: any */
};

/* History across the years, read from the store when asked. */
cJSON		*history_trends(struct store *, const char *agency,
		     char **cause);
cJSON		*history_measure(struct store *, const char *agency,
		     const char *id, char **cause);
cJSON		*history_transitions(struct store *,
		     const struct transition_filter *, char **cause);

struct snapshot	*snapshot_ref(struct snapshot *);
void		 snapshot_free(struct snapshot *);
cJSON		*snapshot_measures(const struct snapshot *,
		     const struct measure_filter *);
char		*snapshot_measures_text(const struct snapshot *,
		     const struct measure_filter *, size_t *len);

/*
 * The agreements with their history across reports are the one list that
 * grows with the archive: it is never held whole but read from SQLite a page
 * at a time, as the JSON array `[...]`, for an answer or an export file.
 * Each agreement is read whole, in one transaction; an ingest between two
 * pages shows in the later ones.
 */
struct listing;

struct listing	*listing_agreements(struct store *,
		     const struct agreement_filter *);
int		 listing_next(struct listing *, char **text, char **cause);
const char	*listing_next_cursor(const struct listing *);
void		 listing_free(struct listing *);

/*
 * Corrections: a person's value for a status, stage, date or partner that
 * napmon read, stored apart from the reports and laid over them wherever
 * facts become indicators and listings.  corrections_add() takes the JSON
 * body of POST /v1/corrections; it returns 0 with the stored correction
 * (committed), 1 when the body is refused (cause says why, for a 400), or
 * -1 when the store failed.  corrections_delete() returns 1 with the
 * agency of the correction taken back, 0 when there is none, or -1.
 */
#define CORRECTION_BODY_MAX	4096	/* bytes of a POST's body */

int		 corrections_add(struct store *, const char *body, size_t len,
		     const char *who, long long now, cJSON **stored,
		     char **cause);
cJSON		*corrections_list(struct store *, char **cause);
int		 corrections_delete(struct store *, long long id,
		     char **agency, char **cause);

/*
 * The review queue: the facts napmon read with low confidence, of every
 * report, newest first, an item per field of a measure or agreement.
 */
struct review_filter {
	const char	*agency;	/* NULL: any; "(unknown)": none named */
	int		 limit;		/* items to list; 0: all */
	const char	*after;		/* a cursor: list after where the
					   listing it came from stopped */
};
cJSON		*review_list(struct store *, const struct review_filter *,
		     char **cause);
int		 review_cursor_check(const char *);

/* {"reports":[...],"quarantined":[...],"log":[...]}, read from SQLite. */
cJSON		*store_reports(struct store *, char **cause);

/*
 * The process as Prometheus' client libraries describe theirs, so that the
 * usual dashboards and alerts work on napmond.  Read from /proc by the
 * daemon, as nothing else here knows of the running process; < 0: unknown.
 */
struct prom_process {
	double		 start_time;	/* unix time */
	long long	 resident_bytes;
	long long	 open_fds;
	long long	 max_fds;
};

/* What /metrics shows besides the snapshot. */
struct prom_state {
	const char		*version;
	long long		 ingest_failures;
	long long		 last_scan;	/* unix time; 0 before the first */
	long long		 store_failures;
	long long		 export_failures;
	int			 scan_interval;	/* seconds */
	struct prom_process	 process;
};

char		*render_prom(const struct snapshot *,
		     const struct prom_state *);
char		*render_measures_csv(const struct snapshot *);
char		*render_trends_csv(const cJSON *trends);

/* The writers every piece of outside text goes through into HTML. */
void		 html_text(FILE *, const char *);
void		 html_attr(FILE *, const char *);
void		 html_url_arg(FILE *, const char *);
void		 html_text_cut(FILE *, const char *, size_t max);

/* What a page of the HTML view shows: the filters of its query string. */
struct html_view {
	const char	*agency;	/* NULL: all */
	int		 year;		/* of the reports; 0: any */
	int		 stage;		/* -1: any */
	const char	*partner;	/* ISO 3166 code; NULL: any */
	const char	*agreement;	/* one agreement's page, of agency */
	const char	*only;		/* "stuck" or "regressed"; NULL: all */
	const char	*after;		/* agreements after this cursor */
	int		 from;		/* overdue measures from this one */
	int		 agencies_from;	/* the agency table from this one */
	int		 file;		/* a file: no form, links nor pages */
	int		 stuck_reports;
};
#define HTML_ROWS	100	/* rows of a paged table */
#define HTML_AGENCY_ROWS 100	/* agencies a page of the agency table */
#define HTML_AGENCY_SELECT 200	/* past this, the filter is typed */
#define HTML_CSP	"default-src 'none'; style-src 'unsafe-inline';" \
			" img-src data:; form-action 'self'; base-uri 'none'"

char		*render_html(struct store *, const struct snapshot *,
		     const struct html_view *, char **cause);

/* report_to_json() written as cJSON_Print() prints it, but straight to a
 * stream, the object standing at depth. */
void		 report_write_json(FILE *, const struct report *, int depth);
/* A document as cJSON_PrintUnformatted() prints it, but faster. */
void		 json_write(FILE *, const cJSON *);
char		*json_text(const cJSON *, size_t *len);

#endif
