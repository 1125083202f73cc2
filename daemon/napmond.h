/*
 * napmond's parts: one struct owns the loop, the store and the snapshot;
 * the server, the scanner and the exporter hang off it.
 */
#ifndef NAPMON_NAPMOND_H
#define NAPMON_NAPMOND_H

#include <sys/types.h>

#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "collector.h"
#include "config.h"
#include "metrics.h"

/* Event priorities: events get the middle one, the ingest the lowest. */
#define NAPMOND_PRIORITIES	3

struct server;
struct scan;
struct export;
struct refresher;

/*
 * A JSON text with its final newline, shared by the snapshot, the export
 * files and the answers still being sent: freed with its last reference, so
 * a refresh never frees a text a slow client is still reading.
 */
struct blob {
	unsigned	 refs;
	size_t		 len;
	char		 text[];	/* NUL-terminated */
};

/* The result of a scan, as POST /v1/scan reports it. */
struct scan_result {
	int	seen;		/* report files in the inbox */
	int	added;
	int	replaced;
	int	unchanged;
	int	quarantined;
	int	errors;		/* left in place, tried again later */
	int	waiting;	/* still being written */
};

struct napmond {
	struct config		*config;
	struct event_base	*base;
	struct store		*store;		/* the loop's, read-only */
	struct store		*editor;	/* the loop's, for corrections */
	struct snapshot		*snapshot;
	struct blob		*indicators;	/* the snapshot's, as text */
	struct refresher	*refresher;
	struct server		*server;
	struct scan		*scan;
	struct export		*export;
	long long		 started;
	long long		 last_scan;
	long long		 failures;	/* quarantined since start */
	long long		 store_failures;	/* not stored, left in
							   the inbox */
	long long		 export_failures;
	double			 refresh_ms;	/* the last refresh took */
	int			 export_stale;	/* the last export failed */
	int			 ready;		/* every file there at start
						   is in */
	int			 startup_waiting; /* ... or this many not */
};

/* napmond.c */
void	napmond_notify_status(struct napmond *);

/* listen.c: where the server listens. */
struct listening {
	struct napmond		*nd;
	struct evhttp		*http;
	struct evhttp_bound_socket *bound[2];	/* unix, tcp */
	char			*path;		/* the unix socket we made */
	dev_t			 dev;
	ino_t			 ino;
};

int	listen_bind(struct listening *, char **);
void	listen_unlink(struct listening *);
void	listen_page_url(const struct listening *, cJSON *);

/* server.c */
struct server	*server_start(struct napmond *, char **);
void		 server_stop(struct server *);
void		 server_free(struct server *);
void		 server_json(struct server *, struct evhttp_request *, int,
		     cJSON *);
void		 server_error(struct server *, struct evhttp_request *, int,
		     const char *);

/* correct.c: POST, GET /v1/corrections, DELETE /v1/corrections/{id}. */
void		 correct_list(struct napmond *, struct evhttp_request *);
void		 correct_add(struct napmond *, struct evhttp_request *);
void		 correct_delete(struct napmond *, struct evhttp_request *,
		     long long id);

/* procstat.c */
void		 procstat_read(struct prom_process *);

/* blob.c */
struct blob	*blob_json(const cJSON *);
void		 blob_unref(struct blob *);

/* scan.c */
typedef void	 scan_cb(struct napmond *, const struct scan_result *,
		     void *);
struct scan	*scan_start(struct napmond *, struct store *, struct lexicon *,
		     char **);
void		 scan_stop(struct scan *);
int		 scan_watch(struct scan *, struct lexicon *, char **);
void		 scan_request(struct scan *, scan_cb *, void *);
int		 scan_busy(struct scan *);

/* ingest.c: the threads that read, parse and store what a scan queues. */
enum ingest_outcome {
	INGESTED_NOTHING,	/* gone, not a regular file, or refused before
				   and left in place */
	INGESTED_WAITING,	/* changed while read */
	INGESTED_UNCHANGED,	/* these bytes are stored already */
	INGESTED_ADDED,
	INGESTED_REPLACED,
	INGESTED_QUARANTINED,
	INGESTED_ERROR,		/* could not be read: left in the inbox */
	INGESTED_NOT_STORED	/* the store failed: left in the inbox */
};

/* What became of a queued file, told the loop once it is committed. */
struct ingested {
	char			*name;
	enum ingest_outcome	 outcome;
	off_t			 size;		/* as read */
	struct timespec		 mtime;
	char			*agency;	/* stored: its report's, or NULL */
	int			 year;
	size_t			 nmeasures;
	size_t			 nagreements;
};

struct ingest;
typedef void	 ingest_cb(const struct ingested *, void *);
struct ingest	*ingest_start(struct napmond *, struct store *, ingest_cb *,
		     void *, char **);
void		 ingest_setup(struct ingest *, const char *inbox,
		     const char *quarantine, struct lexicon *);
void		 ingest_queue(struct ingest *, char *const *, size_t);
void		 ingest_stop(struct ingest *);

/* quarantine.c */
char		*quarantine_move(const char *inbox, const char *quarantine,
		     const char *name, char **cause);
void		 quarantine_reason(const char *dest, const char *name,
		     const char *sha256, const char *why);

/* export.c: the schedule on the loop, the writing on the refresher. */
struct export_to {
	char	*dir;
	int	 summary;	/* today's summary too */
	int	 summary_keep;
	int	 stuck_reports;
	int	 trends;	/* trends.json and trends.csv too */
};

struct export	*export_start(struct napmond *);
void		 export_stop(struct export *);
void		 export_reschedule(struct export *);
int		 export_lists_now(struct export *);
int		 export_lists_due(struct export *);
int		 export_small(const struct export_to *, struct store *,
		     const struct snapshot *, const struct blob *, char **);
int		 export_lists(const struct export_to *, struct store *,
		     const struct snapshot *, char **);

/* refresh.c: error is NULL when the round read and wrote all it had to. */
#define REFRESH_SNAPSHOT	0x1	/* recount, write the small files */
#define REFRESH_LISTS		0x2	/* and agreements.json */
#define REFRESH_SUMMARY		0x4	/* and today's summary */
#define REFRESH_TRENDS		0x8	/* and trends.json, trends.csv: all
					   the archive, so on a schedule */
#define REFRESH_QUIET		0x10	/* the snapshot alone, no file */
#define REFRESH_FILES		0x20	/* (any request but a quiet one) */

typedef void	 refresh_cb(struct napmond *, const char *error, void *);
struct refresher *refresher_start(struct napmond *, char **);
void		 refresher_stop(struct refresher *);
void		 refresher_touch(struct refresher *, const char *agency);
void		 refresher_touch_all(struct refresher *);
void		 refresher_request(struct refresher *, int, refresh_cb *,
		     void *);
int		 refresher_wait(struct refresher *);
int		 refresher_exporting(struct refresher *);

#endif
