/*
 * Export files for tools that read files: indicators.json and index.html
 * after every change, measures.json and agreements.json at most once per
 * lists_interval after changes, and dated summaries
 * (JSON, CSV and the page as HTML) with trends.json and trends.csv on a
 * schedule (trends cover the whole archive: 3.7 MB at
 * 10,000 reports of long histories, too much for every change).
 * Each file is written under a temporary name in the same folder, fsynced
 * and renamed over the old one, so a reader sees the old file or the new
 * one, never half of one.
 *
 * They are written by the refresher thread (refresh.c), the agreements a
 * page of the listing at a time, so that memory holds one page of them.
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

/* The summary schedule. */
struct export {
	struct napmond	*nd;
	struct event	*timer;
	struct event	*lists_timer;	/* agreements.json held back */
	struct timespec	 lists_at;	/* when it was last asked for */
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

/* Replace dir/name with data and a line end if it has none (the measures'
 * text, an answer too), atomically and durably. */
static int
export_file(const char *dir, const char *name, const char *data,
    char **cause)
{
	struct outfile	o;
	size_t		len = strlen(data);

	if (outfile_open(&o, dir, name, cause) != 0 ||
	    outfile_write(&o, data, len, cause) != 0 || (len > 0 &&
	    data[len - 1] != '\n' && outfile_write(&o, "\n", 1, cause) != 0))
		return (-1);
	return (outfile_commit(&o, dir, cause));
}

/* Is this the name of a file the exporter writes? */
static int
export_ours(const char *name, size_t len)
{
	static const char	*fixed[] = { "indicators.json", "measures.json",
				    "agreements.json", "trends.json",
				    "trends.csv", "index.html" };
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
	    (strcmp(ext, "json") == 0 || strcmp(ext, "csv") == 0 ||
	    strcmp(ext, "html") == 0));
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
			strcpy(path + strlen(path) - strlen("csv"), "html");
			unlink(path);
			log_info("%s: removed (keeping %d summaries)",
			    list[i]->d_name, keep);
			free(path);
		}
		free(list[i]);
	}
	free(list);
}

/* Write the page as a file: its first rows, no form and no links to
 * pages a folder cannot serve. */
static int
export_page(const struct export_to *to, const char *name,
    struct store *store, const struct snapshot *snap, char **cause)
{
	struct html_view	 v = { .stage = -1, .file = 1,
				    .stuck_reports = to->stuck_reports };
	char			*text;
	int			 rc;

	if ((text = render_html(store, snap, &v, cause)) == NULL)
		return (-1);
	rc = export_file(to->dir, name, text, cause);
	free(text);
	return (rc);
}

/* Write the indicators and the page. */
int
export_small(const struct export_to *to, struct store *store,
    const struct snapshot *snap, const struct blob *indicators, char **cause)
{
	if (export_file(to->dir, "indicators.json", indicators->text,
	    cause) != 0)
		return (-1);
	if (export_page(to, "index.html", store, snap, cause) != 0)
		return (-1);
	log_debug("%s: indicators and page written", to->dir);
	return (0);
}

/*
 * Write every counted measure: with the agreements, not after every
 * change, since it too grows with the archive (40 MB at 100,000 reports,
 * inflated and joined: GET /v1/measures, the same join, takes 210 ms).
 */
static int
export_measures(const struct export_to *to, const struct snapshot *snap,
    char **cause)
{
	char	*measures;
	int	 rc;

	measures = snapshot_measures_text(snap, NULL, NULL);
	rc = export_file(to->dir, "measures.json", measures, cause);
	free(measures);
	return (rc);
}

/* Write the same text to agreements.json and, if it is open, the summary. */
static int
export_both(struct outfile *o, const char *text, char **cause)
{
	size_t	len = strlen(text);

	if (outfile_write(&o[0], text, len, cause) != 0)
		return (-1);
	if (o[1].fd != -1 && outfile_write(&o[1], text, len, cause) != 0)
		return (-1);
	return (0);
}

/*
 * Start today's summary: the measures as CSV, the page as HTML, and the
 * JSON document's head, the indicators; its agreements are written with
 * agreements.json.
 */
static int
export_summary_start(const struct export_to *to, struct outfile *o,
    struct store *store, const struct snapshot *snap, char **cause)
{
	char	 base[64], name[80], *text, *head;
	size_t	 len;
	int	 rc;

	export_today(base, sizeof base);
	text = render_measures_csv(snap);
	snprintf(name, sizeof name, "%s.csv", base);
	rc = export_file(to->dir, name, text, cause);
	free(text);
	snprintf(name, sizeof name, "%s.html", base);
	if (rc == 0)
		rc = export_page(to, name, store, snap, cause);
	snprintf(name, sizeof name, "%s.json", base);
	if (rc != 0 || outfile_open(o, to->dir, name, cause) != 0)
		return (-1);
	text = json_text(snap->indicators, &len);
	xasprintf(&head, "{\"date\":\"%s\",\"indicators\":%s,"
	    "\"agreements\":", base + strlen("summary-"), text);
	free(text);
	rc = outfile_write(o, head, strlen(head), cause);
	free(head);
	return (rc);
}

/* Write the agreements, page by page, to the open files. */
static int
export_pages(struct store *store, int stuck_reports, struct outfile *o,
    char **cause)
{
	struct agreement_filter	 all = { .stage = -1,
	    .stuck_reports = stuck_reports };
	struct listing		*l;
	char			*text;
	int			 rc;

	l = listing_agreements(store, &all);
	while ((rc = listing_next(l, &text, cause)) > 0) {
		rc = export_both(o, text, cause);
		free(text);
		if (rc != 0)
			break;
	}
	listing_free(l);
	if (rc != 0)
		return (-1);
	return (export_both(o, "}\n", cause));
}

/* Write trends.json and trends.csv: each agency's indicators year by
 * year, read from the store. */
static int
export_trends(const char *dir, struct store *store, char **cause)
{
	cJSON	*doc;
	char	*text;
	size_t	 len;
	int	 rc;

	if ((doc = history_trends(store, NULL, cause)) == NULL)
		return (-1);
	text = json_text(doc, &len);
	rc = export_file(dir, "trends.json", text, cause);
	free(text);
	if (rc == 0) {
		text = render_trends_csv(doc);
		rc = export_file(dir, "trends.csv", text, cause);
		free(text);
	}
	cJSON_Delete(doc);
	return (rc);
}

/*
 * Write measures.json and agreements.json, and today's summary if asked,
 * reading the agreements from store.  On failure the files there stay
 * the old ones.
 */
int
export_lists(const struct export_to *to, struct store *store,
    const struct snapshot *snap, char **cause)
{
	struct outfile	o[2] = { { .fd = -1 }, { .fd = -1 } };
	int		rc = -1;

	if (export_measures(to, snap, cause) != 0 ||
	    outfile_open(&o[0], to->dir, "agreements.json", cause) != 0 ||
	    outfile_write(&o[0], "{\"agreements\":", 14, cause) != 0 ||
	    (to->summary &&
	    export_summary_start(to, &o[1], store, snap, cause) != 0) ||
	    export_pages(store, to->stuck_reports, o, cause) != 0 ||
	    outfile_commit(&o[0], to->dir, cause) != 0 ||
	    (o[1].fd != -1 && outfile_commit(&o[1], to->dir, cause) != 0))
		goto out;
	if (to->trends && export_trends(to->dir, store, cause) != 0)
		goto out;
	if (to->summary)
		export_prune(to->dir, to->summary_keep);
	log_debug("%s: measures, agreements%s%s written", to->dir, to->trends ?
	    ", trends" : "", to->summary ? " and summary" : "");
	rc = 0;
out:
	outfile_abort(&o[0]);
	outfile_abort(&o[1]);
	return (rc);
}

/* Timer: write the dated summary. */
static void
export_tick(evutil_socket_t fd, short events, void *arg)
{
	struct export	*ex = arg;

	(void)fd;
	(void)events;
	refresher_request(ex->nd->refresher, export_lists_now(ex) |
	    REFRESH_SUMMARY | REFRESH_TRENDS, NULL, NULL);
}

/* Ask for agreements.json now, and start its interval again. */
static void
export_lists_asked(struct export *ex)
{
	clock_gettime(CLOCK_MONOTONIC, &ex->lists_at);
	evtimer_del(ex->lists_timer);
}

/* The agreement list: asked for with everything else, once a day. */
int
export_lists_now(struct export *ex)
{
	export_lists_asked(ex);
	return (REFRESH_LISTS);
}

/* Timer: the interval after changes held back is over. */
static void
export_lists_tick(evutil_socket_t fd, short events, void *arg)
{
	struct export	*ex = arg;

	(void)fd;
	(void)events;
	refresher_request(ex->nd->refresher, export_lists_now(ex), NULL, NULL);
}

/*
 * The archive changed: are measures.json and agreements.json due
 * (REFRESH_LISTS), or held back (0) until lists_interval has passed since
 * they last were?  They list every measure and agreement of the archive,
 * 60 MB at 10,000 reports, and took the refresher half a second after each
 * new report; in a burst of reports they now share one rewrite, at most
 * lists_interval seconds late.
 */
int
export_lists_due(struct export *ex)
{
	struct timespec	now;
	struct timeval	tv;
	double		since, interval = ex->nd->config->lists_interval;

	clock_gettime(CLOCK_MONOTONIC, &now);
	since = (now.tv_sec - ex->lists_at.tv_sec) +
	    (now.tv_nsec - ex->lists_at.tv_nsec) / 1e9;
	if (since >= interval)
		return (export_lists_now(ex));
	if (!evtimer_pending(ex->lists_timer, NULL)) {
		interval -= since;
		tv.tv_sec = (time_t)interval;
		tv.tv_usec = (suseconds_t)((interval - tv.tv_sec) * 1e6);
		evtimer_add(ex->lists_timer, &tv);
		log_info("export: measures.json and agreements.json in %.0f s,"
		    " with whatever else changes by then (lists_interval)",
		    interval);
	}
	return (0);
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

/*
 * Sweep the export folder of what a kill left half written and set up the
 * summary schedule, before the refresher writes there.
 */
struct export *
export_start(struct napmond *nd)
{
	struct export	*ex;

	ex = xcalloc(1, sizeof *ex);
	ex->nd = nd;
	ex->timer = event_new(nd->base, -1, EV_PERSIST, export_tick, ex);
	ex->lists_timer = evtimer_new(nd->base, export_lists_tick, ex);
	export_sweep(nd->config->export_dir);
	export_reschedule(ex);
	return (ex);
}

/* Tear the schedule down. */
void
export_stop(struct export *ex)
{
	if (ex == NULL)
		return;
	event_free(ex->timer);
	event_free(ex->lists_timer);
	free(ex);
}
