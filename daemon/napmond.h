/*
 * napmond's parts: one struct owns the loop, the store and the snapshot;
 * the server, the scanner and the exporter hang off it.
 */
#ifndef NAPMON_NAPMOND_H
#define NAPMON_NAPMOND_H

#include <event2/event.h>
#include <event2/http.h>

#include "collector.h"
#include "config.h"
#include "metrics.h"

struct server;
struct scan;
struct export;

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
	struct store		*store;
	struct lexicon		*lexicon;
	struct snapshot		*snapshot;
	struct ledger		*ledger;
	struct blob		*snapshot_json[2];	/* indicators, measures */
	struct server		*server;
	struct scan		*scan;
	struct export		*export;
	long long		 started;
	long long		 last_scan;
	long long		 failures;	/* quarantined since start */
	long long		 store_failures;	/* not stored, left in
							   the inbox */
	long long		 export_failures;
	int			 export_stale;	/* the last export failed */
	int			 lists_due;	/* agreements.json is behind */
	int			 ready;		/* first scan done */
};

/* napmond.c */
int	napmond_refresh(struct napmond *);
void	napmond_export(struct napmond *);
void	napmond_notify_status(struct napmond *);

/* server.c */
struct server	*server_start(struct napmond *, char **);
void		 server_stop(struct server *);
void		 server_free(struct server *);
struct blob	*blob_json(const cJSON *);
void		 blob_unref(struct blob *);

/* scan.c */
typedef void	 scan_cb(struct napmond *, const struct scan_result *,
		     void *);
struct scan	*scan_start(struct napmond *, char **);
void		 scan_stop(struct scan *);
int		 scan_watch(struct scan *, char **);
void		 scan_request(struct scan *, scan_cb *, void *);
int		 scan_busy(struct scan *);

/* export.c: error is NULL when all was written. */
typedef void	 export_cb(struct napmond *, const char *error, void *);
struct export	*export_start(struct napmond *);
void		 export_stop(struct export *);
void		 export_reschedule(struct export *);
int		 export_small(struct napmond *, char **);
void		 export_lists(struct export *, int summary, export_cb *,
		     void *);
void		 export_all(struct export *, export_cb *, void *);

#endif
