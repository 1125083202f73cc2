/*
 * The inbox scanner.  A scan lists the inbox, then ingests one file per turn
 * of the event loop so that serving stays responsive during a large scan.
 *
 * A file still being written must not be read half.  The rule: a file is read
 * only once its size and mtime have held still for settle_ms — either its
 * mtime is already that old, or an earlier look saw the same size and mtime
 * at least settle_ms ago (for clocks that disagree) — and it is read again
 * later if its size or mtime changed while it was being read.  Writers that
 * pause longer than that mid-file should write under a skipped name (a
 * leading ".", or ".tmp", ".part", "~" at the end) and rename into place.
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

/* Bytes that failed but could not be moved away: not tried again. */
struct failed {
	char		 sha256[65];
	struct failed	*next;
};

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
	struct event		*work;		/* one file per turn */
	char			**queue;
	size_t			 nqueue;
	size_t			 cap;
	size_t			 next;
	int			 scanning;
	int			 again;		/* scan once more at the end */
	int			 changed;	/* stored since the refresh */
	long long		 refreshed;	/* monotonic ms */
	int			 finishing;	/* waiting for the refresh */
	struct scan_result	 done;		/* ... the result to answer */
	struct scan_result	 result;
	struct seenset		 unsettled;
	struct seenset		 stored;
	struct failed		*failed;
	struct waiter		*waiters;	/* for the scan under way */
	struct waiter		*later;		/* for the next one */
};

/*
 * How long a turn of the loop takes in files during a scan before it lets
 * the loop answer requests: a few reports, committed together.  2 ms gave
 * /healthz a p99 of 5-5.5 ms during a 10,000-report ingest, 1 ms 3.7-4.6,
 * at the same ingest rate.
 */
#define SCAN_TURN_USEC	1000

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
scan_remember(struct scan *scan, const char *name, const struct stat *st)
{
	struct seen	*u = seen_find(&scan->stored, name, 1);

	u->size = st->st_size;
	u->mtime = st->st_mtim;
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
	scan->nqueue = scan->cap = scan->next = 0;
}

/* Read a whole file whose size fstat gave. */
static unsigned char *
scan_read(int fd, size_t size, char **cause)
{
	unsigned char	*bytes;
	size_t		 done = 0;
	ssize_t		 n;

	bytes = xcalloc(1, size + 1);
	while (done < size) {
		if ((n = read(fd, bytes + done, size - done)) == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, "read: %s", strerror(errno));
			free(bytes);
			return (NULL);
		}
		if (n == 0)
			break;
		done += n;
	}
	return (bytes);
}

/* Was a file that could not be moved away already refused with these bytes? */
static int
scan_failed(struct scan *scan, const char *sha256, int add)
{
	struct failed	*f;

	for (f = scan->failed; f != NULL; f = f->next) {
		if (strcmp(f->sha256, sha256) == 0)
			return (1);
	}
	if (add) {
		f = xcalloc(1, sizeof *f);
		memcpy(f->sha256, sha256, sizeof f->sha256);
		f->next = scan->failed;
		scan->failed = f;
	}
	return (0);
}

/* Write the .reason file beside a quarantined file. */
static void
scan_reason(const char *dest, const char *name, const char *sha256,
    const char *why)
{
	char		*path, when[32];
	time_t		 now = time(NULL);
	struct tm	 tm;
	FILE		*f;

	xasprintf(&path, "%s.reason", dest);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((f = fopen(path, "w")) == NULL ||
	    fprintf(f, "file: %s\nsha256: %s\nquarantined: %s\nreason: %s\n",
	    name, sha256, when, why) < 0 || fclose(f) != 0)
		log_error("%s: %s", path, strerror(errno));
	free(path);
}

/* Move a file from the inbox to a free name in the quarantine folder. */
static char *
scan_move(struct scan *scan, const char *name, char **cause)
{
	const struct config	*cf = scan->nd->config;
	char			*src, *dest;
	int			 i;

	xasprintf(&src, "%s/%s", cf->inbox, name);
	xasprintf(&dest, "%s/%s", cf->quarantine, name);
	for (i = 1; access(dest, F_OK) == 0 && i < 1000; i++) {
		free(dest);
		xasprintf(&dest, "%s/%s.%d", cf->quarantine, name, i);
	}
	if (rename(src, dest) != 0) {
		xasprintf(cause, "cannot move it to %s: %s", cf->quarantine,
		    strerror(errno));
		free(dest);
		dest = NULL;
	}
	free(src);
	return (dest);
}

/* Move a refused file to the quarantine folder with its reason. */
static void
scan_quarantine(struct scan *scan, const char *name, const char *sha256,
    const char *why)
{
	struct napmond	*nd = scan->nd;
	char		*dest, *cause, *logged;

	scan->result.quarantined++;
	nd->failures++;
	scan->changed = 1;
	if ((dest = scan_move(scan, name, &cause)) == NULL) {
		log_error("%s: refused (%s), and %s; not tried again until it"
		    " changes", name, why, cause);
		xasprintf(&logged, "%s; %s", why, cause);
		free(cause);
		if (sha256 != NULL)
			scan_failed(scan, sha256, 1);
	} else {
		scan_reason(dest, name, sha256 != NULL ? sha256 : "-", why);
		log_warn("%s: quarantined as %s: %s", name, dest, why);
		logged = xstrdup(why);
		free(dest);
	}
	if (store_log(nd->store, name, sha256, "quarantined", logged,
	    time(NULL), &cause) != 0) {
		log_error("ingest log: %s", cause);
		free(cause);
	}
	free(logged);
}

/* Parse and store bytes read from the inbox. */
static void
scan_ingest(struct scan *scan, const char *name, const struct stat *st,
    const unsigned char *bytes, const char *sha256)
{
	struct napmond		*nd = scan->nd;
	struct collect_options	 co = { 0 };
	struct report		*r;
	char			*cause;
	int			 rc;

	if (collect_bytes(nd->lexicon, name, bytes, st->st_size, &co, &r,
	    &cause) != 0) {
		scan_quarantine(scan, name, sha256, cause);
		free(cause);
		return;
	}
	rc = store_ingest(nd->store, r, name, time(NULL), &cause);
	if (rc < 0) {
		log_error("%s: not stored, left in the inbox to try again at"
		    " the next scan: %s", name, cause);
		free(cause);
		nd->store_failures++;
		scan->result.errors++;
		report_free(r);
		return;
	}
	scan_remember(scan, name, st);
	if (rc == INGEST_UNCHANGED)
		scan->result.unchanged++;
	else {
		if (rc == INGEST_ADDED) {
			scan->result.added++;
			refresher_touch(nd->refresher, r->agency);
		} else {
			/* The file may have named another agency before. */
			scan->result.replaced++;
			refresher_touch_all(nd->refresher);
		}
		scan->changed = 1;
		log_info("%s: %s: %s %d, %zu measures, %zu agreements", name,
		    rc == INGEST_ADDED ? "added" : "replaced",
		    r->agency != NULL ? r->agency : "(no agency)", r->year,
		    r->nmeasures, r->nagreements);
	}
	report_free(r);
}

/* Check the bytes read are the whole, settled file, then ingest them. */
static void
scan_bytes(struct scan *scan, const char *path, const char *name,
    const struct stat *before, const unsigned char *bytes)
{
	struct stat	 after;
	char		 sha256[65];
	int		 known;

	if (stat(path, &after) != 0 || after.st_size != before->st_size ||
	    after.st_mtim.tv_sec != before->st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before->st_mtim.tv_nsec) {
		log_debug("%s: changed while read; waiting", name);
		scan->result.waiting++;
		scan_soon(scan, scan->nd->config->settle_ms);
		return;
	}
	sha256_hex(bytes, before->st_size, sha256);
	if ((known = store_known(scan->nd->store, sha256)) == 1) {
		log_debug("%s: unchanged", name);
		scan_remember(scan, name, before);
		scan->result.unchanged++;
	} else if (known < 0) {
		log_error("%s: store lookup failed; will try again", name);
		scan->nd->store_failures++;
		scan->result.errors++;
	} else if (!scan_failed(scan, sha256, 0))
		scan_ingest(scan, name, before, bytes, sha256);
}

/* Take one file from the inbox: read it whole, skip it, or refuse it. */
static void
scan_file(struct scan *scan, const char *name)
{
	struct stat	 st;
	unsigned char	*bytes;
	char		*path, *cause, why[64];
	int		 fd;

	xasprintf(&path, "%s/%s", scan->nd->config->inbox, name);
	/* O_NONBLOCK: a FIFO swapped in since the listing must not hang us. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) != 0) {
		if (errno != ENOENT) {
			log_error("%s: %s", path, strerror(errno));
			scan->result.errors++;
		}
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto out;
	if ((size_t)st.st_size > COLLECT_MAX_BYTES) {
		snprintf(why, sizeof why, "larger than %u bytes",
		    COLLECT_MAX_BYTES);
		scan_quarantine(scan, name, NULL, why);
		goto out;
	}
	if ((bytes = scan_read(fd, st.st_size, &cause)) == NULL) {
		log_error("%s: %s", path, cause);
		free(cause);
		scan->result.errors++;
		goto out;
	}
	scan_bytes(scan, path, name, &st, bytes);
	free(bytes);
out:
	if (fd != -1)
		close(fd);
	free(path);
}

/*
 * List the inbox: queue the settled files, arm the timer for the others.
 * An inbox that cannot be read is logged.
 */
static int
scan_list(struct scan *scan)
{
	const char	*inbox = scan->nd->config->inbox;
	struct dirent	*de;
	struct stat	 st;
	struct seen	*u;
	DIR		*d;

	if ((d = opendir(inbox)) == NULL) {
		log_error("scan: %s: %s", inbox, strerror(errno));
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (scan_skipped(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &st, 0) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		scan->result.seen++;
		u = seen_find(&scan->stored, de->d_name, 0);
		if (u != NULL && scan_same(u, &st)) {
			u->listed = 1;
			scan->result.unchanged++;
		} else if (scan_settled(scan, de->d_name, &st))
			scan_enqueue(scan, de->d_name);
		else
			scan->result.waiting++;
	}
	closedir(d);
	return (0);
}

/* Ask for a new snapshot if something changed. */
static void
scan_refresh(struct scan *scan)
{
	if (!scan->changed)
		return;
	scan->changed = 0;
	scan->refreshed = scan_mono();
	refresher_request(scan->nd->refresher, REFRESH_SNAPSHOT, NULL, NULL);
}

/* The scan's refresh is done: answer whoever waited, maybe scan again. */
static void
scan_finished(struct napmond *nd, const char *error, void *arg)
{
	struct scan	*scan = arg;
	struct waiter	*w, *next;

	(void)error;
	scan->finishing = 0;
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

	scan_clear(scan);
	seen_prune(&scan->unsettled, 0);
	seen_prune(&scan->stored, 0);
	scan->scanning = 0;
	nd->last_scan = time(NULL);
	if (!nd->ready) {
		/* The first scan always exports: the files, first summary. */
		nd->ready = 1;
		flags = REFRESH_LISTS;
	}
	if (scan->changed || nd->export_stale)
		flags = REFRESH_LISTS;
	if (flags != 0 && nd->config->summary_interval > 0)
		flags |= REFRESH_SUMMARY;
	scan->changed = 0;
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
 * Run the work callback at the next turn of the loop.  A zero timer, not
 * event_active(): libevent runs events activated by a callback in the same
 * pass, so the sockets would wait for the whole scan.
 */
static void
scan_next(struct scan *scan)
{
	struct timeval	tv = { 0, 0 };

	evtimer_add(scan->work, &tv);
}

/*
 * The batch of files a turn took in was not committed: forget that they
 * were stored, so the next scan reads them again, and count them as errors
 * rather than as what they seemed to be.
 */
static void
scan_unbatch(struct scan *scan, size_t first, const struct scan_result *was,
    const char *cause)
{
	size_t	i;

	scan->result = *was;
	for (i = first; i < scan->next; i++) {
		log_error("%s: not stored, left in the inbox to try again at"
		    " the next scan: %s", scan->queue[i], cause);
		seen_forget(&scan->stored, scan->queue[i]);
		scan->result.errors++;
		scan->nd->store_failures++;
	}
	refresher_touch_all(scan->nd->refresher);
}

/*
 * Take in queued files for SCAN_TURN_USEC, in one transaction, then let the
 * loop serve; end the scan when none is left.
 */
static void
scan_work(evutil_socket_t fd, short events, void *arg)
{
	struct scan		*scan = arg;
	struct scan_result	 was = scan->result;
	long long		 start = scan_usec();
	size_t			 first = scan->next;
	char			*cause;
	int			 batch;

	(void)fd;
	(void)events;
	if (!(batch = store_batch_begin(scan->nd->store, &cause) == 0)) {
		/* Each report then goes in on its own, or fails alone. */
		log_warn("scan: %s", cause);
		free(cause);
	}
	while (scan->next < scan->nqueue &&
	    scan_usec() - start < SCAN_TURN_USEC)
		scan_file(scan, scan->queue[scan->next++]);
	if (batch && store_batch_end(scan->nd->store, &cause) != 0) {
		scan_unbatch(scan, first, &was, cause);
		free(cause);
	}
	if (scan->next < scan->nqueue) {
		/* Let readers see progress during a long scan. */
		if (scan_mono() - scan->refreshed >= 1000)
			scan_refresh(scan);
		scan_next(scan);
		return;
	}
	scan_end(scan);
}

/* Start a scan, or ask for another one after the scan under way. */
static void
scan_begin(struct scan *scan)
{
	if (scan->scanning || scan->finishing) {
		scan->again = 1;
		return;
	}
	scan->waiters = scan->later;
	scan->later = NULL;
	memset(&scan->result, 0, sizeof scan->result);
	scan->scanning = 1;
	if (scan_list(scan) != 0)
		scan->result.errors++;
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
	scan_begin(scan);
}

/* Is a scan under way? */
int
scan_busy(struct scan *scan)
{
	return (scan->scanning || scan->finishing);
}

/* Timer callback: the interval passed or a file may have settled. */
static void
scan_timer(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	scan_begin(arg);
}

/* Drain inotify events and scan once the files have had time to settle. */
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
		any = 1;
	if (any)
		scan_soon(scan, scan->nd->config->settle_ms);
}

/* Watch the inbox named by the config (again, after a reload). */
int
scan_watch(struct scan *scan, char **cause)
{
	struct timeval	tv = { scan->nd->config->interval, 0 };

	if (scan->wd != -1)
		inotify_rm_watch(scan->ifd, scan->wd);
	scan->wd = inotify_add_watch(scan->ifd, scan->nd->config->inbox,
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB | IN_CREATE);
	if (scan->wd == -1) {
		xasprintf(cause, "%s: inotify: %s", scan->nd->config->inbox,
		    strerror(errno));
		return (-1);
	}
	evtimer_add(scan->tick, &tv);
	return (0);
}

/* Set up the scanner and start the first scan. */
struct scan *
scan_start(struct napmond *nd, char **cause)
{
	struct scan	*scan;

	scan = xcalloc(1, sizeof *scan);
	scan->nd = nd;
	scan->wd = -1;
	if ((scan->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		xasprintf(cause, "inotify: %s", strerror(errno));
		free(scan);
		return (NULL);
	}
	scan->inotify_ev = event_new(nd->base, scan->ifd, EV_READ | EV_PERSIST,
	    scan_inotify, scan);
	scan->tick = event_new(nd->base, -1, EV_PERSIST, scan_timer, scan);
	scan->soon = evtimer_new(nd->base, scan_timer, scan);
	scan->work = evtimer_new(nd->base, scan_work, scan);
	/*
	 * Below every other event: a request takes several turns of the loop
	 * (read, answer, write), and each would otherwise wait for a turn of
	 * ingest.
	 */
	event_priority_set(scan->work, NAPMOND_PRIORITIES - 1);
	event_add(scan->inotify_ev, NULL);
	if (scan_watch(scan, cause) != 0) {
		scan_stop(scan);
		return (NULL);
	}
	scan->refreshed = scan_mono();
	scan_begin(scan);
	return (scan);
}

/* Tear the scanner down. */
void
scan_stop(struct scan *scan)
{
	struct failed	*f;
	struct waiter	*w;

	if (scan == NULL)
		return;
	event_free(scan->inotify_ev);
	event_free(scan->tick);
	event_free(scan->soon);
	event_free(scan->work);
	close(scan->ifd);
	scan_clear(scan);
	seen_prune(&scan->unsettled, 1);
	seen_prune(&scan->stored, 1);
	while ((f = scan->failed) != NULL) {
		scan->failed = f->next;
		free(f);
	}
	while ((w = scan->waiters) != NULL || (w = scan->later) != NULL) {
		if (w == scan->waiters)
			scan->waiters = w->next;
		else
			scan->later = w->next;
		free(w);
	}
	free(scan);
}
