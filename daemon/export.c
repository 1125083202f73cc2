/*
 * Export files for tools that read files: indicators.json, measures.json and
 * agreements.json after every change, and dated summaries on a schedule.
 * Each file is written under a temporary name in the same folder, fsynced
 * and renamed over the old one, so a reader sees the old file or the new
 * one, never half of one.
 *
 * The indicators and the measures are small and written at once.  The
 * agreements grow with the archive (60 MB at 10,000 reports): they are
 * written by a job that takes one page of the listing per turn of the loop,
 * so that requests are answered meanwhile and memory holds one page, and a
 * change during the job runs it again once it is done.
 */
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

/* A file being written under its temporary name. */
struct outfile {
	char	*tmp;
	char	*path;
	int	 fd;
};

/* Someone waiting for the agreements job to end. */
struct export_waiter {
	export_cb		*cb;
	void			*arg;
	struct export_waiter	*next;
};

struct export {
	struct napmond		*nd;
	struct event		*timer;		/* summaries */
	struct event		*work;		/* the job's next page */
	struct listing		*listing;	/* NULL: no job under way */
	struct outfile		 agreements;
	struct outfile		 summary;	/* fd -1: not in this job */
	int			 again;		/* a change came meanwhile */
	int			 again_summary;
	struct export_waiter	*waiters;	/* of the job under way */
	struct export_waiter	*later;		/* of the next one */
};

/* Write all of a buffer. */
static int
export_write_all(int fd, const char *data, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		data += n;
		len -= n;
	}
	return (0);
}

/* Start writing dir/name under a temporary name. */
static int
outfile_open(struct outfile *o, const char *dir, const char *name,
    char **cause)
{
	xasprintf(&o->tmp, "%s/.%s.XXXXXX", dir, name);
	xasprintf(&o->path, "%s/%s", dir, name);
	if ((o->fd = mkostemp(o->tmp, O_CLOEXEC)) == -1) {
		xasprintf(cause, "cannot write %s: %s", o->path,
		    strerror(errno));
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return (-1);
	}
	return (0);
}

/* Give up a file being written: the old one stays. */
static void
outfile_abort(struct outfile *o)
{
	if (o->fd != -1) {
		close(o->fd);
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->fd = -1;
}

/* Write more of a file. */
static int
outfile_write(struct outfile *o, const char *data, size_t len, char **cause)
{
	if (export_write_all(o->fd, data, len) != 0) {
		xasprintf(cause, "cannot write %s: %s", o->path,
		    strerror(errno));
		outfile_abort(o);
		return (-1);
	}
	return (0);
}

/* Put a written file in place of the old one, atomically and durably. */
static int
outfile_commit(struct outfile *o, const char *dir, char **cause)
{
	int	dfd;

	if (fchmod(o->fd, 0644) != 0 || fsync(o->fd) != 0 ||
	    rename(o->tmp, o->path) != 0) {
		xasprintf(cause, "cannot write %s: %s", o->path,
		    strerror(errno));
		outfile_abort(o);
		return (-1);
	}
	close(o->fd);
	o->fd = -1;
	outfile_abort(o);
	/* The rename itself must reach the disk too. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return (0);
}

/* Replace dir/name with data, atomically and durably. */
static int
export_file(const char *dir, const char *name, const char *data,
    char **cause)
{
	struct outfile	o;

	if (outfile_open(&o, dir, name, cause) != 0 ||
	    outfile_write(&o, data, strlen(data), cause) != 0)
		return (-1);
	return (outfile_commit(&o, dir, cause));
}

/* Is this the name of a file the exporter writes? */
static int
export_ours(const char *name, size_t len)
{
	static const char	*fixed[] = { "indicators.json", "measures.json",
				    "agreements.json" };
	char			 ext[5];
	size_t			 i;
	int			 y, m, d, n = 0;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (len == strlen(fixed[i]) &&
		    strncmp(name, fixed[i], len) == 0)
			return (1);
	}
	return (sscanf(name, "summary-%4d-%2d-%2d.%4[a-z]%n", &y, &m, &d, ext,
	    &n) == 4 && (size_t)n == len &&
	    (strcmp(ext, "json") == 0 || strcmp(ext, "csv") == 0));
}

/*
 * Remove the temporary files of writes that a crash cut short
 * (".indicators.json.XXXXXX"): the file they were to replace is whole, and
 * readers of the folder must find nothing half written.
 */
static void
export_sweep(const char *dir)
{
	struct dirent	*de;
	char		*path;
	size_t		 len;
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] != '.' || len < 9 ||
		    de->d_name[len - 7] != '.' ||
		    !export_ours(de->d_name + 1, len - 8))
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if (unlink(path) == 0)
			log_info("%s: removed, left by an interrupted write",
			    path);
		free(path);
	}
	closedir(d);
}

/* Today's summary name, without extension. */
static void
export_today(char *buf, size_t len)
{
	time_t		now = time(NULL);
	struct tm	tm;

	localtime_r(&now, &tm);
	strftime(buf, len, "summary-%Y-%m-%d", &tm);
}

/* Is this the name of a dated JSON summary? */
static int
export_is_summary(const struct dirent *de)
{
	int	y, m, d, n = 0;

	return (sscanf(de->d_name, "summary-%4d-%2d-%2d.json%n", &y, &m, &d,
	    &n) == 3 && n == (int)strlen(de->d_name));
}

/* Delete the oldest summaries beyond the number to keep. */
static void
export_prune(const char *dir, int keep)
{
	struct dirent	**list;
	char		 *path;
	int		  n, i;

	if ((n = scandir(dir, &list, export_is_summary, alphasort)) == -1) {
		log_error("%s: %s", dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		if (i < n - keep) {
			xasprintf(&path, "%s/%s", dir, list[i]->d_name);
			unlink(path);
			strcpy(path + strlen(path) - strlen("json"), "csv");
			unlink(path);
			log_info("%s: removed (keeping %d summaries)",
			    list[i]->d_name, keep);
			free(path);
		}
		free(list[i]);
	}
	free(list);
}

/* Note a failed export: the old files stay, and the next scan tries again. */
static void
export_failed(struct napmond *nd)
{
	nd->export_failures++;
	nd->export_stale = 1;
}

/* Write the indicators and the measures now. */
int
export_small(struct napmond *nd, char **cause)
{
	static const char	*names[] = { "indicators.json", "measures.json" };
	const char		*dir = nd->config->export_dir;
	size_t			 i;

	for (i = 0; i < 2; i++) {
		if (export_file(dir, names[i], nd->snapshot_json[i]->text,
		    cause) != 0) {
			export_failed(nd);
			return (-1);
		}
	}
	log_debug("%s: indicators and measures written", dir);
	return (0);
}

/* Call back whoever waited for the job, with its outcome. */
static void
export_answer(struct export *ex, const char *error)
{
	struct export_waiter	*w, *next;

	w = ex->waiters;
	ex->waiters = NULL;
	for (; w != NULL; w = next) {
		next = w->next;
		w->cb(ex->nd, error, w->arg);
		free(w);
	}
}

/* End the job, well or not, and start the next one if a change came. */
static void
export_end(struct export *ex, char *cause)
{
	listing_free(ex->listing);
	ex->listing = NULL;
	outfile_abort(&ex->agreements);
	outfile_abort(&ex->summary);
	if (cause != NULL) {
		log_error("export: %s; the files there are the last ones"
		    " written, whole; trying again after the next scan",
		    cause);
		export_failed(ex->nd);
	}
	export_answer(ex, cause);
	free(cause);
	if (ex->again) {
		ex->again = 0;
		export_lists(ex, ex->again_summary, NULL, NULL);
	}
}

/* Write the same text to the job's files. */
static int
export_both(struct export *ex, const char *text, char **cause)
{
	size_t	len = strlen(text);

	if (outfile_write(&ex->agreements, text, len, cause) != 0)
		return (-1);
	if (ex->summary.fd != -1 &&
	    outfile_write(&ex->summary, text, len, cause) != 0)
		return (-1);
	return (0);
}

/* Put the job's files in place, and prune the old summaries. */
static int
export_finish(struct export *ex, char **cause)
{
	const char	*dir = ex->nd->config->export_dir;
	int		 summary = ex->summary.fd != -1;

	if (export_both(ex, "}\n", cause) != 0 ||
	    outfile_commit(&ex->agreements, dir, cause) != 0 ||
	    (summary && outfile_commit(&ex->summary, dir, cause) != 0))
		return (-1);
	if (summary)
		export_prune(dir, ex->nd->config->summary_keep);
	if (ex->nd->export_stale)
		log_info("export: %s: written again", dir);
	ex->nd->export_stale = 0;
	log_debug("%s: agreements%s written", dir, summary ?
	    " and summary" : "");
	return (0);
}

/* Write the next page of agreements, or end the job. */
static void
export_work(evutil_socket_t fd, short events, void *arg)
{
	struct export	*ex = arg;
	struct timeval	 tv = { 0, 0 };
	char		*text, *cause = NULL;
	int		 rc;

	(void)fd;
	(void)events;
	if ((rc = listing_next(ex->listing, &text, &cause)) > 0) {
		rc = export_both(ex, text, &cause);
		free(text);
		if (rc == 0) {
			evtimer_add(ex->work, &tv);
			return;
		}
	} else if (rc == 0)
		export_finish(ex, &cause);
	export_end(ex, cause);
}

/*
 * Start today's summary: the measures as CSV at once, and the JSON
 * document's head, the indicators; the job writes its agreements.
 */
static int
export_summary_start(struct export *ex, char **cause)
{
	struct napmond	*nd = ex->nd;
	const char	*dir = nd->config->export_dir;
	char		 base[64], name[80], *text, *head;
	int		 rc;

	export_today(base, sizeof base);
	text = render_measures_csv(nd->snapshot);
	snprintf(name, sizeof name, "%s.csv", base);
	rc = export_file(dir, name, text, cause);
	free(text);
	snprintf(name, sizeof name, "%s.json", base);
	if (rc != 0 || outfile_open(&ex->summary, dir, name, cause) != 0)
		return (-1);
	/* The indicators' text ends with a newline, harmless inside. */
	xasprintf(&head, "{\"date\":\"%s\",\"indicators\":%s,"
	    "\"agreements\":", base + strlen("summary-"),
	    nd->snapshot_json[0]->text);
	rc = outfile_write(&ex->summary, head, strlen(head), cause);
	free(head);
	return (rc);
}

/*
 * Write agreements.json, and today's summary too if asked, in the
 * background; cb (if not NULL) is called when they are written or failed.
 */
void
export_lists(struct export *ex, int summary, export_cb *cb, void *arg)
{
	struct agreement_filter	 all = { .stage = -1 };
	struct export_waiter	*w;
	struct timeval		 tv = { 0, 0 };
	char			*cause = NULL;

	w = NULL;
	if (cb != NULL) {
		w = xcalloc(1, sizeof *w);
		w->cb = cb;
		w->arg = arg;
	}
	if (ex->listing != NULL) {
		if (w != NULL) {
			w->next = ex->later;
			ex->later = w;
		}
		ex->again = 1;
		ex->again_summary |= summary;
		return;
	}
	ex->waiters = ex->later;
	ex->later = NULL;
	if (w != NULL) {
		w->next = ex->waiters;
		ex->waiters = w;
	}
	ex->again_summary = 0;
	ex->listing = listing_agreements(ex->nd->store, &all);
	if (outfile_open(&ex->agreements, ex->nd->config->export_dir,
	    "agreements.json", &cause) != 0 ||
	    outfile_write(&ex->agreements, "{\"agreements\":", 14,
	    &cause) != 0 ||
	    (summary && export_summary_start(ex, &cause) != 0)) {
		export_end(ex, cause);
		return;
	}
	evtimer_add(ex->work, &tv);
}

/*
 * Write every export file: the small ones now, the agreements (and today's
 * summary when summaries are on) in the background.
 */
void
export_all(struct export *ex, export_cb *cb, void *arg)
{
	struct napmond	*nd = ex->nd;
	char		*cause;

	if (export_small(nd, &cause) != 0) {
		log_error("export: %s; the files there are the last ones"
		    " written, whole; trying again after the next scan",
		    cause);
		if (cb != NULL)
			cb(nd, cause, arg);
		free(cause);
		return;
	}
	export_lists(ex, nd->config->summary_interval > 0 && nd->ready, cb,
	    arg);
}

/* Timer: write the dated summary. */
static void
export_tick(evutil_socket_t fd, short events, void *arg)
{
	struct export	*ex = arg;

	(void)fd;
	(void)events;
	export_lists(ex, 1, NULL, NULL);
}

/* Arm the summary timer for the configured interval (0: none). */
void
export_reschedule(struct export *ex)
{
	struct timeval	tv = { ex->nd->config->summary_interval, 0 };

	evtimer_del(ex->timer);
	if (tv.tv_sec > 0)
		evtimer_add(ex->timer, &tv);
}

/* Set up the summary schedule. */
struct export *
export_start(struct napmond *nd)
{
	struct export	*ex;

	ex = xcalloc(1, sizeof *ex);
	ex->nd = nd;
	ex->timer = event_new(nd->base, -1, EV_PERSIST, export_tick, ex);
	ex->work = evtimer_new(nd->base, export_work, ex);
	ex->agreements.fd = ex->summary.fd = -1;
	export_sweep(nd->config->export_dir);
	export_reschedule(ex);
	return (ex);
}

/* Tear the schedule down, leaving a job under way unwritten. */
void
export_stop(struct export *ex)
{
	struct export_waiter	*w, *next;

	if (ex == NULL)
		return;
	listing_free(ex->listing);
	outfile_abort(&ex->agreements);
	outfile_abort(&ex->summary);
	for (w = ex->waiters; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	for (w = ex->later; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	event_free(ex->work);
	event_free(ex->timer);
	free(ex);
}
