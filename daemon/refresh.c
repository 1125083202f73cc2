/*
 * The refresher: a thread that recounts the indicators and writes the export
 * files, so that the event loop never waits for either.  At 10,000 reports a
 * recount of every agency takes some 200 ms, agreements.json is 60 MB and
 * each export file ends with an fsync: on the loop, those held /healthz
 * waiting for as long during an ingest.
 *
 * The loop asks (refresher_touch, refresher_request); the thread reads the
 * store through its own read-only connection (WAL lets it read while the
 * loop writes), keeps the ledger, builds a snapshot and its JSON texts,
 * writes the files, and hands the result back through a pipe.  The loop
 * swaps the snapshot in and calls back whoever waited.  Requests made while
 * the thread works are served together by its next round.
 *
 * measures.json and agreements.json list the whole archive: at 100,000
 * reports they took the refresher tens of seconds, and a report arriving
 * meanwhile waited for them.  A second thread, the exporter, writes them
 * on a connection of its own from a snapshot it holds by reference, while
 * the refresher goes on counting; a list asked for while it writes one is
 * written next, once, from the latest snapshot.
 */
#include <sys/resource.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "napmond.h"

/* Someone waiting for the round that serves their request. */
struct refresh_waiter {
	unsigned long		 gen;
	int			 lists;		/* waits for agreements.json */
	refresh_cb		*cb;
	void			*arg;
	struct refresh_waiter	*next;
};

/*
 * What the thread gives back to the loop, twice a round: the snapshot as
 * soon as it is counted, then whether agreements.json was written.
 */
struct refresh_result {
	unsigned long	 snap_gen;	/* requests served by the snapshot */
	unsigned long	 lists_gen;	/* ... and by agreements.json */
	struct snapshot	*snapshot;	/* NULL: none (or the store failed) */
	struct blob	*indicators;	/* the snapshot's, as text */
	double		 ms;
	int		 export_failures;
	char		*error;		/* why the snapshot failed */
	char		*lists_error;	/* why the files failed */
};

/* The lists to write from a snapshot, for the exporter. */
struct lists_job {
	unsigned long	  gen;		/* requests it serves */
	struct snapshot	 *snap;		/* a reference of its own */
	struct export_to  to;
};

/* A round's work, taken from the requests under the lock. */
struct refresh_work {
	unsigned long	  gen;
	int		  flags;
	char		**touched;
	size_t		  ntouched;
	int		  touch_all;
	struct export_to  to;
};

#define REFRESH_NICE	10	/* the thread's nice value */

struct refresher {
	struct napmond		*nd;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	int			 pipe[2];	/* thread to loop */
	struct event		*ev;
	struct refresh_waiter	*waiters;	/* the loop's own */
	unsigned long		 lists_asked;	/* ... gen of the last LISTS */
	unsigned long		 lists_done;	/* ... of the last written */

	/* Under the lock. */
	struct refresh_work	 asked;
	int			 stop;
	struct refresh_result	*result;	/* not yet taken */
	struct lists_job	*job;		/* for the exporter, not begun */
	pthread_cond_t		 job_cond;

	/* The thread's own. */
	struct store		*store;
	struct ledger		*ledger;

	/* The exporter's own. */
	pthread_t		 exporter;
	struct store		*lists_store;
};

/* Free a result and what it still holds. */
static void
result_free(struct refresh_result *res)
{
	if (res == NULL)
		return;
	snapshot_free(res->snapshot);
	blob_unref(res->indicators);
	free(res->error);
	free(res->lists_error);
	free(res);
}

/* Hand a result to the loop, with what it has not taken yet. */
static void
refresher_publish(struct refresher *r, struct refresh_result *res)
{
	struct refresh_result	*old;

	pthread_mutex_lock(&r->lock);
	if ((old = r->result) != NULL) {
		if (res->snapshot == NULL && old->snapshot != NULL) {
			res->snapshot = old->snapshot;
			old->snapshot = NULL;
			res->indicators = old->indicators;
			old->indicators = NULL;
			res->ms = old->ms;
		}
		if (old->snap_gen > res->snap_gen)
			res->snap_gen = old->snap_gen;
		if (old->lists_gen > res->lists_gen)
			res->lists_gen = old->lists_gen;
		res->export_failures += old->export_failures;
		if (res->error == NULL) {
			res->error = old->error;
			old->error = NULL;
		}
		if (res->lists_error == NULL) {
			res->lists_error = old->lists_error;
			old->lists_error = NULL;
		}
		result_free(old);
	}
	r->result = res;
	pthread_mutex_unlock(&r->lock);
	while (write(r->pipe[1], "", 1) == -1 && errno == EINTR)
		;
}

/* Free what a round's work holds. */
static void
work_clear(struct refresh_work *w)
{
	size_t	i;

	for (i = 0; i < w->ntouched; i++)
		free(w->touched[i]);
	free(w->touched);
	free(w->to.dir);
	memset(w, 0, sizeof *w);
}

/* Recount and build the texts. */
static struct refresh_result *
refresher_count(struct refresher *r, struct refresh_work *w)
{
	struct refresh_result	*res;
	struct timespec		 t0, t1;
	size_t			 i;

	res = xcalloc(1, sizeof *res);
	res->snap_gen = w->gen;
	if (w->touch_all)
		ledger_touch_all(r->ledger);
	for (i = 0; i < w->ntouched; i++)
		ledger_touch(r->ledger, w->touched[i]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	res->snapshot = ledger_snapshot(r->ledger, time(NULL), &res->error);
	if (res->snapshot == NULL) {
		log_error("reading the store: %s", res->error);
		return (res);
	}
	res->indicators = blob_json(res->snapshot->indicators);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->ms = (t1.tv_sec - t0.tv_sec) * 1000.0 +
	    (t1.tv_nsec - t0.tv_nsec) / 1e6;
	log_debug("refresh: %d reports, %.1f ms", res->snapshot->nreports,
	    res->ms);
	return (res);
}

/* Free a job and its reference. */
static void
job_free(struct lists_job *job)
{
	if (job == NULL)
		return;
	snapshot_free(job->snap);
	free(job->to.dir);
	free(job);
}

/*
 * Give the exporter the lists of a snapshot.  A job it has not begun is
 * replaced: the newer snapshot serves its requests too, and keeps what it
 * asked for (the summary, the trends).
 */
static void
refresher_hand_lists(struct refresher *r, struct refresh_work *w,
    struct snapshot *snap)
{
	struct lists_job	*job, *old;

	job = xcalloc(1, sizeof *job);
	job->gen = w->gen;
	job->snap = snapshot_ref(snap);
	job->to = w->to;
	job->to.dir = xstrdup(w->to.dir);
	pthread_mutex_lock(&r->lock);
	if ((old = r->job) != NULL) {
		job->to.summary |= old->to.summary;
		job->to.trends |= old->to.trends;
	}
	r->job = job;
	pthread_cond_signal(&r->job_cond);
	pthread_mutex_unlock(&r->lock);
	job_free(old);
}

/* Say an export failed, and count it. */
static void
export_failed(struct refresh_result *res)
{
	log_error("export: %s; the files there are the last ones written,"
	    " whole; trying again after the next scan", res->lists_error);
	res->export_failures++;
}

/*
 * Write the files of a snapshot just counted: indicators.json and
 * index.html; with REFRESH_LISTS the exporter then writes measures.json
 * and agreements.json (and the summary), and says so itself.
 */
static struct refresh_result *
refresher_files(struct refresher *r, struct refresh_work *w,
    struct snapshot *snap, const struct blob *indicators)
{
	struct refresh_result	*res;
	int			 lists = (w->flags & REFRESH_LISTS) != 0;

	res = xcalloc(1, sizeof *res);
	if (export_small(&w->to, r->store, snap, indicators,
	    &res->lists_error) != 0) {
		/* Nothing more is written: say so to who waits for it. */
		if (lists)
			res->lists_gen = w->gen;
		export_failed(res);
	} else if (lists)
		refresher_hand_lists(r, w, snap);
	return (res);
}

/* The exporter: write the lists of each job handed over. */
static void *
exporter_run(void *arg)
{
	struct refresher	*r = arg;
	struct refresh_result	*res;
	struct lists_job	*job;

	setpriority(PRIO_PROCESS, gettid(), REFRESH_NICE);
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->job == NULL && !r->stop)
			pthread_cond_wait(&r->job_cond, &r->lock);
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			return (NULL);
		}
		job = r->job;
		r->job = NULL;
		pthread_mutex_unlock(&r->lock);
		res = xcalloc(1, sizeof *res);
		res->lists_gen = job->gen;
		if (export_lists(&job->to, r->lists_store, job->snap,
		    &res->lists_error) != 0)
			export_failed(res);
		job_free(job);
		refresher_publish(r, res);
		store_shrink(r->lists_store);
		malloc_trim(0);
	}
}

/*
 * One round: the snapshot, handed over at once, then the files.  Their
 * fsyncs used to come first, and under a busy disk held the answer to a
 * POST /v1/scan of one new report for 100 ms and more.
 */
static void
refresher_round(struct refresher *r, struct refresh_work *w)
{
	struct refresh_result	*res;
	struct snapshot		*snap;
	struct blob		*indicators;

	res = refresher_count(r, w);
	snap = res->snapshot;
	indicators = res->indicators;
	if (snap == NULL && (w->flags & REFRESH_LISTS)) {
		/* Nothing can be written: say so to who waits for it. */
		res->lists_gen = w->gen;
		res->lists_error = xstrdup(res->error);
	}
	refresher_publish(r, res);
	/*
	 * The loop frees a snapshot and its texts only for a later one,
	 * which this thread has yet to count, or after the thread is
	 * stopped: they outlive the small files, and neither side writes to
	 * them.  The exporter takes a reference of its own.
	 */
	if (snap != NULL && (w->flags & REFRESH_FILES))
		refresher_publish(r, refresher_files(r, w, snap, indicators));
}

/* The thread: wait for requests, serve them a round at a time. */
static void *
refresher_run(void *arg)
{
	struct refresher	*r = arg;
	struct refresh_work	 w;

	/*
	 * Yield to the loop: with this thread, the checkpointer and the loop
	 * runnable on two cores, the scheduler took the loop off its core for
	 * several milliseconds at a time, and requests waited as long.
	 */
	setpriority(PRIO_PROCESS, gettid(), REFRESH_NICE);
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->asked.flags == 0 && !r->stop)
			pthread_cond_wait(&r->cond, &r->lock);
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			return (NULL);
		}
		w = r->asked;
		memset(&r->asked, 0, sizeof r->asked);
		r->asked.gen = w.gen;
		pthread_mutex_unlock(&r->lock);
		refresher_round(r, &w);
		work_clear(&w);
		/*
		 * A round builds and frees documents of megabytes (the
		 * indicators and measures of every agency, the trends); glibc
		 * kept what they freed, and napmond sat at 156 MB idle at
		 * 10,000 long-history reports.  Give it back, and the pages
		 * SQLite cached for the round (8 MiB once agreements.json
		 * was written): the next round reads its agency's rows again
		 * from the kernel's cache.
		 */
		store_shrink(r->store);
		malloc_trim(0);
	}
}

/* Take the thread's result into napmond; 0 if there was none. */
static int
refresher_take(struct refresher *r)
{
	struct napmond		*nd = r->nd;
	struct refresh_result	*res;
	struct refresh_waiter	*w, **link;

	pthread_mutex_lock(&r->lock);
	res = r->result;
	r->result = NULL;
	pthread_mutex_unlock(&r->lock);
	if (res == NULL)
		return (0);
	if (res->snapshot != NULL) {
		snapshot_free(nd->snapshot);
		nd->snapshot = res->snapshot;
		res->snapshot = NULL;
		blob_unref(nd->indicators);
		nd->indicators = res->indicators;
		res->indicators = NULL;
		nd->refresh_ms = res->ms;
	}
	if (res->lists_gen > r->lists_done)
		r->lists_done = res->lists_gen;
	if (res->export_failures > 0) {
		nd->export_failures += res->export_failures;
		nd->export_stale = 1;
	} else if (res->lists_gen > 0 && nd->export_stale) {
		/* Every file was written again. */
		nd->export_stale = 0;
		log_info("export: %s: written again", nd->config->export_dir);
	}
	for (link = &r->waiters; (w = *link) != NULL;) {
		if (w->gen > (w->lists ? res->lists_gen : res->snap_gen)) {
			link = &w->next;
			continue;
		}
		*link = w->next;
		w->cb(nd, w->lists ? res->lists_error : res->error, w->arg);
		free(w);
	}
	result_free(res);
	return (1);
}

/* The pipe is readable: a round is done. */
static void
refresher_ready(evutil_socket_t fd, short events, void *arg)
{
	char	buf[64];

	(void)events;
	while (read(fd, buf, sizeof buf) > 0)
		;
	refresher_take(arg);
}

/* Start the thread, on a connection of its own to the database. */
struct refresher *
refresher_start(struct napmond *nd, char **cause)
{
	struct refresher	*r;

	r = xcalloc(1, sizeof *r);
	r->nd = nd;
	if ((r->store = store_open_reader(nd->config->database,
	    cause)) == NULL) {
		free(r);
		return (NULL);
	}
	if ((r->lists_store = store_open_reader(nd->config->database,
	    cause)) == NULL) {
		store_close(r->store);
		free(r);
		return (NULL);
	}
	r->ledger = ledger_open(r->store, nd->config->stuck_reports);
	if (pipe2(r->pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", strerror(errno));
	r->ev = event_new(nd->base, r->pipe[0], EV_READ | EV_PERSIST,
	    refresher_ready, r);
	event_add(r->ev, NULL);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	pthread_cond_init(&r->job_cond, NULL);
	if (pthread_create(&r->thread, NULL, refresher_run, r) != 0 ||
	    pthread_create(&r->exporter, NULL, exporter_run, r) != 0)
		fatal("cannot start the refresher threads");
	return (r);
}

/* Stop the thread and free it all; waiters are not called. */
void
refresher_stop(struct refresher *r)
{
	struct refresh_waiter	*w, *next;

	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	pthread_cond_signal(&r->cond);
	pthread_cond_signal(&r->job_cond);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_join(r->exporter, NULL);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->job_cond);
	pthread_mutex_destroy(&r->lock);
	result_free(r->result);
	job_free(r->job);
	work_clear(&r->asked);
	for (w = r->waiters; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	event_free(r->ev);
	close(r->pipe[0]);
	close(r->pipe[1]);
	ledger_free(r->ledger);
	store_close(r->store);
	store_close(r->lists_store);
	free(r);
}

/* A report of this agency (NULL: of none) was stored. */
void
refresher_touch(struct refresher *r, const char *agency)
{
	struct refresh_work	*w = &r->asked;
	size_t			 i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < w->ntouched; i++) {
		if (agency == NULL ? w->touched[i] == NULL :
		    w->touched[i] != NULL && strcmp(w->touched[i], agency) == 0)
			break;
	}
	if (i == w->ntouched) {
		w->touched = xreallocarray(w->touched, w->ntouched + 1,
		    sizeof *w->touched);
		w->touched[w->ntouched++] = agency != NULL ? xstrdup(agency) :
		    NULL;
	}
	pthread_mutex_unlock(&r->lock);
}

/* A report was replaced: recount every agency. */
void
refresher_touch_all(struct refresher *r)
{
	pthread_mutex_lock(&r->lock);
	r->asked.touch_all = 1;
	pthread_mutex_unlock(&r->lock);
}

/*
 * Ask for a round: a new snapshot and the small export files (not with
 * REFRESH_QUIET alone), and with REFRESH_LISTS agreements.json (and
 * today's summary with REFRESH_SUMMARY).
 * cb, if not NULL, is called from the loop once what was asked is done:
 * the snapshot, or with REFRESH_LISTS the files too.
 */
void
refresher_request(struct refresher *r, int flags, refresh_cb *cb, void *arg)
{
	struct refresh_waiter	*w;
	const struct config	*cf = r->nd->config;
	unsigned long		 gen;

	pthread_mutex_lock(&r->lock);
	gen = ++r->asked.gen;
	if (flags & REFRESH_LISTS)
		r->lists_asked = gen;
	r->asked.flags |= (flags & ~REFRESH_QUIET) | REFRESH_SNAPSHOT |
	    (flags & REFRESH_QUIET ? 0 : REFRESH_FILES);
	free(r->asked.to.dir);
	r->asked.to.dir = xstrdup(cf->export_dir);
	r->asked.to.summary = (r->asked.flags & REFRESH_SUMMARY) != 0;
	r->asked.to.trends = (r->asked.flags & REFRESH_TRENDS) != 0;
	r->asked.to.summary_keep = cf->summary_keep;
	r->asked.to.stuck_reports = cf->stuck_reports;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	if (cb != NULL) {
		w = xcalloc(1, sizeof *w);
		w->gen = gen;
		w->lists = (flags & REFRESH_LISTS) != 0;
		w->cb = cb;
		w->arg = arg;
		w->next = r->waiters;
		r->waiters = w;
	}
}

/* Are export files asked for and not yet written (or failed)? */
int
refresher_exporting(struct refresher *r)
{
	return (r->lists_asked > r->lists_done);
}

/* Wait for the next round, blocking the loop: only before it runs. */
int
refresher_wait(struct refresher *r)
{
	struct pollfd	pfd = { r->pipe[0], POLLIN, 0 };
	char		buf[64];

	for (;;) {
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			return (-1);
		while (read(r->pipe[0], buf, sizeof buf) > 0)
			;
		if (refresher_take(r))
			return (0);
	}
}
