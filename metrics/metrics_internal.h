/*
 * What the ledger and the listings read from the store, internal to
 * metrics/: the store keeps the SQL, they keep the arithmetic.
 */
#ifndef NAPMON_METRICS_INTERNAL_H
#define NAPMON_METRICS_INTERNAL_H

#include <sqlite3.h>

#include "json_util.h"

#define UNKNOWN_AGENCY	"(unknown)"
/* The report years trends count: those a date may have (date_valid()). */
#define HISTORY_FIRST_YEAR	1900
#define HISTORY_YEARS		201
#define STORE_BUSY_MS	5000	/* how long a connection waits for a lock */

/* A report as stored, with where and when it came in. */
struct stored_report {
	long long	 id;
	char		*name;		/* file name in the inbox */
	long long	 ingested;	/* unix time */
	struct report	*report;	/* measures without their narrative */
	cJSON		**corrected;	/* per measure: what a correction
					   changed, to show; NULL: none */
};

/* One agreement row of one report, as history is followed. */
struct sighting {
	const char	*name;
	enum stage	 stage;
	const char	*partner;
	const char	*partner_iso;
	const char	*date;
	int		 year;
	long long	 report_id;
	const char	*file;
	unsigned	 doubts;
};

/* One row of the agreement listing: an agreement as one report gave it. */
struct listed_row {
	struct agreement	 a;
	char			*events;	/* JSON as stored; NULL for rows
						   stored before events were */
	char			*agency;
	int			 year;
	char			*file;
	char			*corrected;	/* JSON members a correction
						   adds, from ','; or NULL */
};

/*
 * Names kept once, for as long as the pool: the executing bodies, partners
 * and chapter titles of 6,667 agencies are a few hundred names, and a copy
 * of each for every agency was some 300,000 strings at 100,000 reports.
 */
struct strpool {
	const char	**names;	/* by number */
	size_t		  n;
	size_t		 *slots;	/* number + 1; 0: free */
	size_t		  nslots;	/* a power of two, or 0 */
	char		**slabs;
	size_t		  nslabs;
	size_t		  used;		/* of the last slab */
};

size_t	 name_hash(const char *);
size_t	 strpool_intern(struct strpool *, const char *);
void	 strpool_free(struct strpool *);

/*
 * A growing set of groups in the order they came, found by key through a
 * hash table of their indexes: the executing bodies and partners of an
 * agency number in the hundreds, and a search of them for every row was a
 * quarter of a recount.
 */
struct groups {
	struct group	*v;
	size_t		 n;
	size_t		 cap;
	size_t		*slots;		/* index + 1; 0: free */
	size_t		 nslots;	/* a power of two, or 0 */
	struct strpool	*pool;		/* where its names are; NULL: its own */
};

struct group	*groups_get(struct groups *, const char *key);
struct group	*groups_find(const struct groups *, const char *key);
void		 group_label(struct groups *, struct group *,
		     const char *label);
void		 groups_free(struct groups *);

/* A set of groups once counted, packed: each its key's and label's
 * numbers in the set's pool and its counts, as varints. */
struct packed {
	unsigned char	*b;
	size_t		 len;
};

void	 packed_make(struct packed *, const struct groups *);
int	 packed_next(const struct packed *, const struct strpool *,
	    size_t *off, struct group *);
void	 packed_free(struct packed *);

/* Of a summed group: how many parts add to it, which one labelled it. */
struct summed {
	int		 parts;
	int		 lost;		/* the part that labelled it left */
	long long	 label_first;	/* that part's first report */
};

/*
 * Every agency's groups of one kind summed, kept in place: a recount takes
 * its agency's old counts out and puts the new ones in, rather than the
 * snapshot merging 6,667 agencies' groups anew (60 ms at 100,000 reports).
 */
struct sums {
	struct groups	 gs;
	struct summed	*pv;		/* one per group of gs */
	size_t		 npv;
	int		 lost;		/* groups whose label is lost */
};

void	 sums_add(struct sums *, const struct packed *,
	    const struct strpool *, long long first, int sign);
void	 sums_relabel_begin(struct sums *);
void	 sums_relabel(struct sums *, const struct packed *,
	    const struct strpool *, long long first);
void	 sums_relabel_end(struct sums *);
int	 sums_counted(const struct sums *, size_t);
void	 sums_free(struct sums *);

/* A counted measure: where its JSON text is and what the filters read. */
struct mrow {
	size_t		 off;		/* in its block's text */
	size_t		 len;
	signed char	 status;
	unsigned char	 overdue;
	int		 chapter;	/* -1: none */
};

/* The counted measures of one agency, shared by reference. */
struct mrows {
	int		 refs;
	char		*agency;	/* its label */
	struct mrow	*v;
	size_t		 n;
	size_t		 cap;
	char		*text;		/* the rows' texts, end to end, while
					   the block is built */
	size_t		 tlen;
	size_t		 tcap;
	unsigned char	*z;		/* the same deflated, once done */
	size_t		 zlen;
	cJSON		*counts;	/* the agency's counts, as by_agency
					   has them: each snapshot's member
					   is a reference to these */
	char		*counts_text;	/* the same printed */
};

struct mrows	*mrows_new(const char *agency);
struct mrows	*mrows_ref(struct mrows *);
void		 mrows_unref(struct mrows *);
void		 mrows_add(struct mrows *, const struct measure *,
		     const cJSON *);
void		 mrows_done(struct mrows *);
char		*mrows_open(const struct mrows *);
cJSON		*mrows_row(const struct mrows *, size_t, char **text);
int		 mrow_match(const struct mrows *, const struct mrow *,
		     const struct measure_filter *);
char		*mrows_text(struct mrows *const *, size_t,
		     const struct measure_filter *, size_t *len);

/* Where a page of the review queue stopped: the last item's row (report
 * year and id, 0 for a measure or 1 for an agreement, its seq) and field. */
struct review_at {
	long long	year, report, kind, seq, field;
};
int	 review_cursor_decode(const char *, struct review_at *);

typedef void	 store_agency_fn(const char *agency, void *);
typedef void	 store_sighting_fn(const struct sighting *, void *);

struct checkpointer;

struct checkpointer	*checkpointer_start(sqlite3 *, const char *path);
void			 checkpointer_stop(struct checkpointer *);
void			 checkpointer_idle(struct checkpointer *);

sqlite3	*store_db(struct store *);
/* schema.c: migration i takes the schema from version i to i + 1. */
extern const char *const store_migrations[];
/* The read statements a connection keeps prepared (store_query()). */
#define STORE_QUERIES	16
sqlite3_stmt *store_query(struct store *, const char *sql);
void	 store_query_done(struct store *, sqlite3_stmt *);
char	*column_text(sqlite3_stmt *, int);
unsigned column_doubts(sqlite3_stmt *, int);
int	 tally_doubted(unsigned doubts);
int	 store_agencies(struct store *, store_agency_fn *, void *,
	     char **cause);
int	 store_counted(struct store *, const char *agency, long long **ids,
	     size_t *nids, int *nreports, char **cause);
int	 store_report_load(struct store *, long long id,
	     struct stored_report *, char **cause);
void	 stored_report_clear(struct stored_report *);
int	 store_sightings(struct store *, const char *agency,
	     store_sighting_fn *, void *, char **cause);

/* What an agreement's rows, oldest first, say of its history. */
struct row_history {
	int	first_seen;		/* year of the first report naming it */
	int	years_at_stage;		/* since the first report at its stage */
	int	stuck;			/* its stage the same over the last
					   stuck_reports reports */
	int	regressed;		/* a later report put it at an earlier
					   stage than an earlier report */
	size_t	high, low;		/* the rows of the first regression */
};
void	 rows_history(const struct listed_row *, size_t n, int stuck_reports,
	     struct row_history *);
void	 listed_agreement_write(FILE *, const struct listed_row *, size_t n,
	     const struct row_history *);
char	*events_json(const struct agreement *);
char	*cursor_encode(const char *name, const char *agency);

/* A correction as stored (corrections.c). */
enum correction_kind { CORRECTION_MEASURE, CORRECTION_AGREEMENT };
struct correction {
	long long		 id;
	char			*agency;
	enum correction_kind	 kind;
	char			*key;		/* measure id, agreement name */
	int			 year;		/* 0: every year */
	char			*field;
	char			*value;
	char			*note;		/* NULL: none */
	char			*who;
	long long		 created;
};
struct corrections {
	struct correction	*v;		/* oldest first */
	size_t			 n;
};

/* The hooks where facts are read: each lays the corrections over them. */
int	 corrections_read(sqlite3 *, const char *agency, struct corrections *,
	     char **cause);
void	 corrections_clear(struct corrections *);
int	 corrections_report(sqlite3 *, struct stored_report *);
void	 corrections_measure_json(const struct stored_report *,
	     const struct measure *, cJSON *);
void	 corrections_sighting(const struct corrections *, const char *agency,
	     struct sighting *);
void	 corrections_history(const struct corrections *, const char *agency,
	     const char *id, cJSON *row);
int	 corrections_rows(sqlite3 *, struct listed_row *, size_t n);
int	 corrections_trend_measure(const struct corrections *,
	     const char *agency, int year, struct measure *);
int	 corrections_trend_stage(const struct corrections *, const char *agency,
	     int year, const char *name);

const char	*agency_label(const char *agency);
void		 time_iso(long long t, char *buf, size_t len);

/* One row of a chart of the page: a label, and its parts or its rate. */
struct chart_row {
	const char	*label;
	int		 part[STAGE_COUNT];
	double		 rate;		/* < 0: none */
};
void	 chart_rate(FILE *, const char *id, const char *title,
	     const struct chart_row *, size_t n);
void	 chart_stack(FILE *, const char *id, const char *title,
	     const struct chart_row *, size_t n, const char *const *names,
	     int nparts);
void	 chart_funnel(FILE *, const char *id, const char *title,
	     const int *count);

#endif
