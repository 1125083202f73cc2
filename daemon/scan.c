/*
 * The inbox scanner.  A scan lists the inbox and queues the files that are
 * new or changed for the ingest threads (ingest.c), which hand each back
 * once it is stored; the loop keeps the records and answers meanwhile.
 *
 * A file still being written must not be read half.  The rule: a file is read
 * only once its size and mtime have held still for settle_ms — either its
 * mtime is already that old, or an earlier look saw the same size and mtime
 * at least settle_ms ago (for clocks that disagree) — and it is read again
 * later if its size or mtime changed while it was being read.  Writers that
 * pause longer than that mid-file should write under a skipped name (a
 * leading ".", or ".tmp", ".part", "~" at the end) and rename into place.
 *
 * A scan lists the whole inbox at start, every interval and when asked
 * (POST /v1/scan, SIGHUP); between those, a scan looks only at the names
 * inotify gave: at 100,000 files a listing (a readdir and an fstatat
 * each) was 300 ms of every new report.
 */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "napmond.h"
#include "seen.h"

/* Someone waiting for the end of a scan. */
struct waiter {
	scan_cb		*cb;
	void		*arg;
	struct waiter	*next;
};

struct scan {
	struct napmond		*nd;
	int			 ifd;		/* inotify */
	int			 wd;
	struct event		*inotify_ev;
	struct event		*tick;		/* every interval */
	struct event		*soon;		/* unsettled files, inotify */
	struct event		*list;		/* a turn of the listing */
	DIR			*dir;		/* ... under way */
	struct ingest		*ingest;
	char			**queue;	/* of the turn */
	size_t			 nqueue;
	size_t			 cap;
	size_t			 pending;	/* queued, not handed back */
	int			 scanning;
	int			 again;		/* scan once more at the end */
	int			 changed;	/* stored during the scan */
	int			 unrefreshed;	/* ... since a refresh was
						   last asked */
	long long		 refreshed;	/* monotonic ms, or the scan's
						   start */
	int			 finishing;	/* waiting for the refresh */
	struct scan_result	 done;		/* ... the result to answer */
	struct scan_result	 result;
	struct seenset		 unsettled;
	struct seenset		 stored;
	struct seenset		 startup;	/* files that were in the inbox
						   at start and are not in yet */
	int			 first;		/* the first scan is under way */
	struct seenset		 named;		/* names inotify gave since */
	int			 full;		/* the next scan lists the inbox */
	int			 partial;	/* the scan under way looks at
						   the names alone */
	struct waiter		*waiters;	/* for the scan under way */
	struct waiter		*later;		/* for the next one */
};

/* How long a turn of the loop lists the inbox before it serves again. */
#define SCAN_LIST_USEC	1000

static void	scan_begin(struct scan *);

/* Return the monotonic clock in microseconds. */
static long long
scan_usec(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* Return the monotonic clock in milliseconds. */
static long long
scan_mono(void)
{
	return (scan_usec() / 1000);
}

/* Is this a name the scanner skips (hidden, temporary, backup)? */
static int
scan_skipped(const char *name)
{
	static const char	*suffixes[] = { ".tmp", ".part", "~", ".swp" };
	size_t			 len = strlen(name), slen, i;

	if (name[0] == '.')
		return (1);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		slen = strlen(suffixes[i]);
		if (len >= slen && strcmp(name + len - slen, suffixes[i]) == 0)
			return (1);
	}
	return (0);
}

/* Arm the settle timer to fire in ms unless it fires sooner already. */
static void
scan_soon(struct scan *scan, long long ms)
{
	struct timeval	tv;

	if (evtimer_pending(scan->soon, NULL))
		return;
	if (ms < 0)
		ms = 0;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(scan->soon, &tv);
}

/* Does a record hold this size and mtime? */
static int
scan_same(const struct seen *u, const struct stat *st)
{
	return (u->size == st->st_size &&
	    u->mtime.tv_sec == st->st_mtim.tv_sec &&
	    u->mtime.tv_nsec == st->st_mtim.tv_nsec);
}

/* Remember that a file's current bytes are stored. */
static void
scan_remember(struct scan *scan, const struct ingested *f)
{
	struct seen	*u = seen_find(&scan->stored, f->name, 1);

	u->size = f->size;
	u->mtime = f->mtime;
	u->listed = 1;
}

/* Has a file held still for settle_ms?  If not, arm the timer for it. */
static int
scan_settled(struct scan *scan, const char *name, const struct stat *st)
{
	struct seen	*u;
	struct timespec	 now;
	long long	 settle = scan->nd->config->settle_ms, age;

	clock_gettime(CLOCK_REALTIME, &now);
	age = (long long)(now.tv_sec - st->st_mtim.tv_sec) * 1000 +
	    (now.tv_nsec - st->st_mtim.tv_nsec) / 1000000;
	if (age >= settle)
		return (1);
	u = seen_find(&scan->unsettled, name, 1);
	u->listed = 1;
	if (u->first != 0 && scan_same(u, st)) {
		if (scan_mono() - u->first >= settle)
			return (1);
		scan_soon(scan, settle - (scan_mono() - u->first));
		return (0);
	}
	u->size = st->st_size;
	u->mtime = st->st_mtim;
	u->first = scan_mono();
	scan_soon(scan, age < 0 ? settle : settle - age);
	return (0);
}

/* Add a file name to the work queue. */
static void
scan_enqueue(struct scan *scan, const char *name)
{
	if (scan->nqueue == scan->cap) {
		scan->cap = scan->cap == 0 ? 16 : scan->cap * 2;
		scan->queue = xreallocarray(scan->queue, scan->cap,
		    sizeof *scan->queue);
	}
	scan->queue[scan->nqueue++] = xstrdup(name);
}

/* Empty the work queue. */
static void
scan_clear(struct scan *scan)
{
	size_t	i;

	for (i = 0; i < scan->nqueue; i++)
		free(scan->queue[i]);
	free(scan->queue);
	scan->queue = NULL;
	scan->nqueue = scan->cap = 0;
}

/*
 * Ask for a new snapshot if something changed since the last was asked: in
 * a long scan, so that readers see its progress.  The snapshot alone: the
 * export files (measures.json was 40 MB at 100,000 reports) follow the
 * scan's end, which asks for its own all the same.
 */
static void
scan_refresh(struct scan *scan)
{
	if (!scan->unrefreshed)
		return;
	scan->unrefreshed = 0;
	scan->refreshed = scan_mono();
	refresher_request(scan->nd->refresher, REFRESH_QUIET, NULL, NULL);
}

/* The scan's refresh is done: answer whoever waited, maybe scan again. */
static void
scan_finished(struct napmond *nd, const char *error, void *arg)
{
	struct scan	*scan = arg;
	struct waiter	*w, *next;

	(void)error;
	scan->finishing = 0;
	/* Ready once the indicators count every file that was there at
	 * start; until then the settle timer brings the next scan. */
	if (!nd->ready && scan->startup.n == 0) {
		nd->ready = 1;
		seen_prune(&scan->startup, 1);
	}
	napmond_notify_status(nd);
	w = scan->waiters;
	scan->waiters = NULL;
	for (; w != NULL; w = next) {
		next = w->next;
		w->cb(nd, &scan->done, w->arg);
		free(w);
	}
	if (scan->again) {
		scan->again = 0;
		scan_begin(scan);
	}
}

/*
 * Finish a scan: have the indicators recounted and the export files written
 * if anything changed (or the last export failed), then answer.
 */
static void
scan_end(struct scan *scan)
{
	struct napmond		*nd = scan->nd;
	const struct scan_result *r = &scan->result;
	int			 flags = 0;

	/* Records of files gone from the listing go; a look at some names
	 * alone says nothing of the others. */
	if (!scan->partial) {
		seen_prune(&scan->unsettled, 0);
		seen_prune(&scan->stored, 0);
		if (!nd->ready)	/* gone from the inbox: nothing to wait for */
			seen_prune(&scan->startup, 0);
	}
	scan->first = 0;
	nd->startup_waiting = (int)scan->startup.n;
	scan->scanning = 0;
	nd->last_scan = time(NULL);
	/* The first scan always exports: the files, the first summary, the
	 * trends. */
	if (!nd->ready)
		flags = export_lists_now(nd->export) | REFRESH_TRENDS;
	else if (nd->export_stale)
		flags = export_lists_now(nd->export);
	else if (scan->changed)
		flags = export_lists_due(nd->export) | REFRESH_SNAPSHOT;
	if ((flags & REFRESH_LISTS) && nd->config->summary_interval > 0)
		flags |= REFRESH_SUMMARY;
	scan->changed = scan->unrefreshed = 0;
	log_debug("scan: %d files, %d added, %d replaced, %d unchanged,"
	    " %d quarantined, %d waiting", r->seen, r->added, r->replaced,
	    r->unchanged, r->quarantined, r->waiting);
	scan->done = scan->result;
	scan->finishing = 1;
	if (flags == 0) {
		scan_finished(nd, NULL, scan);
		return;
	}
	/* Answered with the new indicators, not after agreements.json. */
	refresher_request(nd->refresher, flags, NULL, NULL);
	refresher_request(nd->refresher, REFRESH_SNAPSHOT, scan_finished,
	    scan);
}

/*
 * Run the listing at the next turn of the loop.  A zero timer, not
 * event_active(): libevent runs events activated by a callback in the same
 * pass, so the sockets would wait for the whole listing.
 */
static void
scan_next(struct scan *scan)
{
	struct timeval	tv = { 0, 0 };

	evtimer_add(scan->list, &tv);
}

/*
 * Ready means ready: napmond says so (/healthz, READY=1) once every file
 * that was in the inbox at start is ingested or quarantined, for a
 * monitor that waits for /healthz must not read a half-filled archive
 * while files copied in just before still settle.  The first scan notes
 * each file it lists; each is crossed out once the ingest is done with it
 * (or it is gone from the inbox), files arriving later never enter.
 */
static void
scan_startup_listed(struct scan *scan, const char *name)
{
	struct seen	*u = seen_find(&scan->startup, name, scan->first);

	if (u != NULL)
		u->listed = 1;
}

/* The ingest is done with a file: one fewer to wait for at start. */
static void
scan_startup_done(struct scan *scan, const char *name)
{
	if (!scan->nd->ready)
		seen_forget(&scan->startup, name);
}

/* Take one file of the inbox: queue it, wait for it (1), or skip it. */
static int
scan_entry(struct scan *scan, int dfd, const char *name)
{
	struct stat	 st;
	struct seen	*u;

	if (scan_skipped(name) || fstatat(dfd, name, &st, 0) != 0 ||
	    !S_ISREG(st.st_mode))
		return (0);
	scan->result.seen++;
	if (!scan->nd->ready)
		scan_startup_listed(scan, name);
	u = seen_find(&scan->stored, name, 0);
	if (u != NULL && scan_same(u, &st)) {
		u->listed = 1;
		scan->result.unchanged++;
		scan_startup_done(scan, name);
	} else if (scan_settled(scan, name, &st))
		scan_enqueue(scan, name);
	else {
		scan->result.waiting++;
		return (1);
	}
	return (0);
}

/*
 * Look at the names inotify gave, not the whole inbox.  Those still
 * settling stay named for the next look, which their timer brings.
 */
static void
scan_names(struct scan *scan)
{
	const char	*inbox = scan->nd->config->inbox;
	struct seen	*u;
	size_t		 i;
	int		 dfd;

	if ((dfd = open(inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_error("scan: %s: %s", inbox, strerror(errno));
		scan->result.errors++;
		return;
	}
	for (i = 0; i < scan->named.nbuckets; i++)
		for (u = scan->named.buckets[i]; u != NULL; u = u->next)
			u->listed = scan_entry(scan, dfd, u->name);
	seen_prune(&scan->named, 0);
	close(dfd);
}

/*
 * List the inbox for SCAN_LIST_USEC, hand the files found to the ingest,
 * and let the loop serve: at 10,000 files a listing (a readdir and an
 * fstatat each) takes 15-35 ms.  Once the listing is over and every file
 * has come back, the scan ends.
 */
static void
scan_list(evutil_socket_t fd, short events, void *arg)
{
	struct scan	*scan = arg;
	struct dirent	*de = NULL;
	long long	 start = scan_usec();
	unsigned	 n = 0;

	(void)fd;
	(void)events;
	if (scan->partial)
		scan_names(scan);
	while (scan->dir != NULL && (de = readdir(scan->dir)) != NULL) {
		scan_entry(scan, dirfd(scan->dir), de->d_name);
		if (++n % 64 == 0 && scan_usec() - start >= SCAN_LIST_USEC)
			break;
	}
	scan->pending += scan->nqueue;
	if (scan->nqueue > 0)
		ingest_queue(scan->ingest, scan->queue, scan->nqueue);
	scan_clear(scan);
	if (de != NULL) {
		scan_next(scan);
		return;
	}
	if (scan->dir != NULL) {
		closedir(scan->dir);
		scan->dir = NULL;
	}
	if (scan->pending == 0)
		scan_end(scan);
}

/* A report was stored: count it, have its agency recounted, log it. */
static void
scan_stored(struct scan *scan, const struct ingested *f)
{
	struct refresher	*rf = scan->nd->refresher;
	int			 added = f->outcome == INGESTED_ADDED;

	scan_remember(scan, f);
	if (added) {
		scan->result.added++;
		refresher_touch(rf, f->agency);
	} else {
		/* The file may have named another agency before. */
		scan->result.replaced++;
		refresher_touch_all(rf);
	}
	scan->changed = scan->unrefreshed = 1;
	log_info("%s: %s: %s %d, %zu measures, %zu agreements", f->name,
	    added ? "added" : "replaced", f->agency != NULL ? f->agency :
	    "(no agency)", f->year, f->nmeasures, f->nagreements);
}

/* The ingest is done with a file: keep its record; end the scan after the
 * last. */
static void
scan_took(const struct ingested *f, void *arg)
{
	struct scan		*scan = arg;
	struct napmond		*nd = scan->nd;
	struct scan_result	*r = &scan->result;

	/* Refused by a full disk is done too: ready, and saying so. */
	if (f->outcome != INGESTED_WAITING)
		scan_startup_done(scan, f->name);
	switch (f->outcome) {
	case INGESTED_NOTHING:
		break;
	case INGESTED_WAITING:
		r->waiting++;
		if (scan->partial)	/* look at it again */
			seen_find(&scan->named, f->name, 1);
		scan_soon(scan, nd->config->settle_ms);
		break;
	case INGESTED_UNCHANGED:
		scan_remember(scan, f);
		r->unchanged++;
		break;
	case INGESTED_ADDED:
	case INGESTED_REPLACED:
		scan_stored(scan, f);
		break;
	case INGESTED_QUARANTINED:
		r->quarantined++;
		nd->failures++;
		scan->changed = scan->unrefreshed = 1;
		break;
	case INGESTED_NOT_STORED:
		nd->store_failures++;
		r->errors++;
		break;
	case INGESTED_ERROR:
		r->errors++;
		break;
	}
	if (--scan->pending > 0 || scan->dir != NULL) {
		/* Let readers see progress during a scan of over 1 s. */
		if (scan_mono() - scan->refreshed >= 1000)
			scan_refresh(scan);
		return;
	}
	scan_end(scan);
}

/* Start a scan, or ask for another one after the scan under way. */
static void
scan_begin(struct scan *scan)
{
	const char	*inbox = scan->nd->config->inbox;

	if (scan->scanning || scan->finishing) {
		scan->again = 1;
		return;
	}
	scan->waiters = scan->later;
	scan->later = NULL;
	memset(&scan->result, 0, sizeof scan->result);
	scan->scanning = 1;
	scan->refreshed = scan_mono();
	scan->partial = !scan->full && !scan->first && scan->named.n > 0;
	if (scan->partial) {
		scan_next(scan);
		return;
	}
	/* The listing sees every name inotify gave. */
	scan->full = 0;
	seen_prune(&scan->named, 1);
	if ((scan->dir = opendir(inbox)) == NULL) {
		log_error("scan: %s: %s", inbox, strerror(errno));
		scan->result.errors++;
	}
	scan_next(scan);
}

/* Run a scan now; cb is called with its result when it is done. */
void
scan_request(struct scan *scan, scan_cb *cb, void *arg)
{
	struct waiter	*w;

	if (cb != NULL) {
		w = xcalloc(1, sizeof *w);
		w->cb = cb;
		w->arg = arg;
		w->next = scan->later;
		scan->later = w;
	}
	scan->full = 1;
	scan_begin(scan);
}

/* Is a scan under way? */
int
scan_busy(struct scan *scan)
{
	return (scan->scanning || scan->finishing);
}

/* Timer callback: a file may have settled, or inotify named some. */
static void
scan_timer(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	scan_begin(arg);
}

/* Timer callback: the interval passed, list the whole inbox. */
static void
scan_tick(evutil_socket_t fd, short events, void *arg)
{
	struct scan	*scan = arg;

	(void)fd;
	(void)events;
	scan->full = 1;
	scan_begin(scan);
}

/* Take the names of a buffer of inotify events; 1 if any came. */
static int
scan_events(struct scan *scan, const char *buf, ssize_t len)
{
	const struct inotify_event	*ev;
	ssize_t				 off;

	for (off = 0; off < len; off += sizeof *ev + ev->len) {
		ev = (const struct inotify_event *)(buf + off);
		if (ev->mask & IN_Q_OVERFLOW)	/* names were lost */
			scan->full = 1;
		else if (ev->len > 0 && !scan_skipped(ev->name))
			seen_find(&scan->named, ev->name, 1);
	}
	return (len > 0);
}

/*
 * Drain inotify events and look at the files they name at the next turn:
 * one still being written waits for its settle timer then.
 */
static void
scan_inotify(evutil_socket_t fd, short events, void *arg)
{
	struct scan	*scan = arg;
	char		 buf[4096]
			     __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t		 n;
	int		 any = 0;

	(void)events;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		any |= scan_events(scan, buf, n);
	if (any)
		scan_soon(scan, scan->full ? scan->nd->config->settle_ms : 0);
}

/*
 * Watch the inbox named by the config (again, after a reload), and take
 * files in with this lexicon, which the scanner now owns.
 */
int
scan_watch(struct scan *scan, struct lexicon *lexicon, char **cause)
{
	const struct config	*cf = scan->nd->config;
	struct timeval		 tv = { cf->interval, 0 };

	ingest_setup(scan->ingest, cf->inbox, cf->quarantine, lexicon);
	if (scan->wd != -1)
		inotify_rm_watch(scan->ifd, scan->wd);
	scan->wd = inotify_add_watch(scan->ifd, cf->inbox,
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB | IN_CREATE);
	if (scan->wd == -1) {
		xasprintf(cause, "%s: inotify: %s", cf->inbox,
		    strerror(errno));
		return (-1);
	}
	evtimer_add(scan->tick, &tv);
	return (0);
}

/*
 * Set up the scanner, with the ingest threads that write to store, and start
 * the first scan.  The scanner owns store and lexicon from now on, even when
 * it cannot start.
 */
struct scan *
scan_start(struct napmond *nd, struct store *store, struct lexicon *lexicon,
    char **cause)
{
	struct scan	*scan;

	scan = xcalloc(1, sizeof *scan);
	scan->nd = nd;
	scan->wd = -1;
	scan->first = 1;
	if ((scan->ingest = ingest_start(nd, store, scan_took, scan,
	    cause)) == NULL) {
		lexicon_free(lexicon);
		free(scan);
		return (NULL);
	}
	if ((scan->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		xasprintf(cause, "inotify: %s", strerror(errno));
		ingest_stop(scan->ingest);
		lexicon_free(lexicon);
		free(scan);
		return (NULL);
	}
	scan->inotify_ev = event_new(nd->base, scan->ifd, EV_READ | EV_PERSIST,
	    scan_inotify, scan);
	scan->tick = event_new(nd->base, -1, EV_PERSIST, scan_tick, scan);
	scan->soon = evtimer_new(nd->base, scan_timer, scan);
	scan->list = evtimer_new(nd->base, scan_list, scan);
	/*
	 * Below every other event: a request takes several turns of the loop
	 * (read, answer, write), and each would otherwise wait for a turn of
	 * the listing.
	 */
	event_priority_set(scan->list, NAPMOND_PRIORITIES - 1);
	event_add(scan->inotify_ev, NULL);
	if (scan_watch(scan, lexicon, cause) != 0) {
		scan_stop(scan);
		return (NULL);
	}
	scan_begin(scan);
	return (scan);
}

/* Tear the scanner down, the ingest first. */
void
scan_stop(struct scan *scan)
{
	struct waiter	*w;

	if (scan == NULL)
		return;
	ingest_stop(scan->ingest);
	event_free(scan->inotify_ev);
	event_free(scan->tick);
	event_free(scan->soon);
	event_free(scan->list);
	if (scan->dir != NULL)
		closedir(scan->dir);
	close(scan->ifd);
	seen_prune(&scan->unsettled, 1);
	seen_prune(&scan->stored, 1);
	seen_prune(&scan->startup, 1);
	seen_prune(&scan->named, 1);
	while ((w = scan->waiters) != NULL || (w = scan->later) != NULL) {
		if (w == scan->waiters)
			scan->waiters = w->next;
		else
			scan->later = w->next;
		free(w);
	}
	free(scan);
}
