/*
 * Export files for tools that read files: indicators.json, measures.json and
 * agreements.json after every change, and dated summaries on a schedule.
 * Each file is written under a temporary name in the same folder, fsynced
 * and renamed over the old one, so a reader sees the old file or the new
 * one, never half of one.
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

struct export {
	struct napmond	*nd;
	struct event	*timer;
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

/* Replace dir/name with data, atomically and durably. */
static int
export_file(const char *dir, const char *name, const char *data,
    char **cause)
{
	char	*tmp, *path;
	int	 fd, dfd, rc = -1;

	xasprintf(&tmp, "%s/.%s.XXXXXX", dir, name);
	xasprintf(&path, "%s/%s", dir, name);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (export_write_all(fd, data, strlen(data)) != 0 ||
	    fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* The rename itself must reach the disk too. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	return (rc);
}

/* Write a cached JSON text as a file, with a final newline. */
static int
export_json(const char *dir, const char *name, const char *json,
    char **cause)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s\n", json);
	rc = export_file(dir, name, text, cause);
	free(text);
	return (rc);
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

/* Write today's summary: indicators and agreements, and the measures as CSV. */
int
export_summary(struct napmond *nd, char **cause)
{
	const char	*dir = nd->config->export_dir;
	cJSON		*doc;
	char		 base[64], name[80], *text;
	int		 rc;

	export_today(base, sizeof base);
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "date", base + strlen("summary-"));
	cJSON_AddItemToObject(doc, "indicators",
	    cJSON_Duplicate(nd->snapshot->indicators, 1));
	cJSON_AddItemToObject(doc, "agreements", cJSON_Duplicate(
	    cJSON_GetObjectItem(nd->snapshot->agreements, "agreements"), 1));
	if ((text = cJSON_Print(doc)) == NULL)
		fatal("out of memory");
	cJSON_Delete(doc);
	snprintf(name, sizeof name, "%s.json", base);
	rc = export_json(dir, name, text, cause);
	free(text);
	if (rc == 0) {
		text = render_measures_csv(nd->snapshot);
		snprintf(name, sizeof name, "%s.csv", base);
		rc = export_file(dir, name, text, cause);
		free(text);
	}
	if (rc != 0) {
		nd->export_failures++;
		nd->export_stale = 1;
		return (-1);
	}
	log_debug("%s: summary written", base);
	export_prune(dir, nd->config->summary_keep);
	return (0);
}

/*
 * Write the three current files, and today's summary: a day's summary holds
 * the state at the last change or tick of that day.
 */
int
export_now(struct napmond *nd, char **cause)
{
	static const char	*names[] = { "indicators.json", "measures.json",
				    "agreements.json" };
	const char		*dir = nd->config->export_dir;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		if (export_file(dir, names[i], nd->snapshot_json[i]->text,
		    cause) != 0) {
			nd->export_failures++;
			nd->export_stale = 1;
			return (-1);
		}
	}
	log_debug("%s: exports written", dir);
	if (nd->config->summary_interval > 0 && nd->ready &&
	    export_summary(nd, cause) != 0)
		return (-1);
	nd->export_stale = 0;
	return (0);
}

/* Timer: write the dated summary. */
static void
export_tick(evutil_socket_t fd, short events, void *arg)
{
	struct export	*ex = arg;
	char		*cause;

	(void)fd;
	(void)events;
	if (export_summary(ex->nd, &cause) != 0) {
		log_error("summary: %s", cause);
		free(cause);
	}
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
	free(ex);
}
