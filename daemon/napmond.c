/*
 * napmond: watches a folder of progress reports, keeps them in SQLite and
 * serves the indicators.  Runs in the foreground and logs to stderr, as
 * systemd expects.  One event loop answers requests, handles signals and
 * keeps the scanner's records; threads take the files in (ingest.c),
 * recount and export (refresh.c) and checkpoint, and on TERM the ingest
 * commits the transaction under way before napmond exits.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "log.h"
#include "napmond.h"

/*
 * The soft limit on descriptors napmond raises itself to, when the hard
 * limit allows: each client connection holds one, and the usual soft limit
 * of 1024 would make accept() fail under a thousand clients.
 */
#define NAPMOND_NOFILE	8192

/* A setting given on the command line, applied again on every reload. */
struct override {
	const char	*section;
	const char	*key;
	const char	*value;
};

static const char usage_text[] =
"usage: napmond [-c FILE] [--check-config] [OPTIONS]\n"
"\n"
"Watch a folder of National Action Plan progress reports, keep them in\n"
"SQLite and serve the indicators over HTTP/JSON on a unix socket.\n"
"\n"
"  -c, --config FILE       read settings from FILE (INI; see napmond.conf)\n"
"      --check-config      check the settings and exit\n"
"  -s, --socket PATH       [daemon] socket\n"
"  -d, --database PATH     [daemon] database\n"
"  -l, --listen HOST:PORT  [daemon] listen (loopback unless listen_remote)\n"
"      --log-level LEVEL   [daemon] log_level: debug, info, warning, error\n"
"  -v, --verbose           same as --log-level debug\n"
"  -i, --inbox DIR         [collector] inbox\n"
"  -q, --quarantine DIR    [collector] quarantine\n"
"  -L, --lexicon DIR       [collector] lexicon\n"
"      --interval SECONDS  [collector] interval\n"
"  -e, --export-dir DIR    [export] directory\n"
"  -V, --version           print the version and exit\n"
"  -h, --help              show this help\n"
"\n"
"Options override the file.  Signals: HUP reloads the configuration and\n"
"rescans; TERM and INT exit cleanly.  Exit status: 0 on TERM or INT,\n"
"78 on a bad configuration, 1 on other errors.\n";

/* Make a folder and its parents. */
static int
napmond_mkdirs(const char *path, mode_t mode, char **cause)
{
	char	*copy, *p;
	int	 rc = 0;

	copy = xstrdup(path);
	for (p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/')
			*p = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", copy, strerror(errno));
			rc = -1;
		}
		if (path[p - copy] == '\0')
			break;
		*p = '/';
	}
	free(copy);
	return (rc);
}

/* Make the folder a file goes in. */
static int
napmond_mkparent(const char *file, char **cause)
{
	char	*dir, *slash;
	int	 rc = 0;

	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		rc = napmond_mkdirs(dir, 0750, cause);
	}
	free(dir);
	return (rc);
}

/* Make every folder the config names. */
static int
napmond_folders(const struct config *cf, char **cause)
{
	if (napmond_mkparent(cf->socket, cause) != 0 ||
	    napmond_mkparent(cf->database, cause) != 0 ||
	    napmond_mkdirs(cf->inbox, 0750, cause) != 0 ||
	    napmond_mkdirs(cf->quarantine, 0750, cause) != 0 ||
	    napmond_mkdirs(cf->export_dir, 0755, cause) != 0)
		return (-1);
	return (0);
}

/* Build a config from the file (if any) and the command line. */
static struct config *
napmond_configure(const char *file, const struct override *ov, size_t nov,
    char **cause)
{
	struct config	*cf = config_new();
	size_t		 i;

	if (file != NULL && config_load(cf, file, cause) != 0)
		goto fail;
	for (i = 0; i < nov; i++) {
		if (config_set(cf, ov[i].section, ov[i].key, ov[i].value,
		    cause) != 0)
			goto fail;
	}
	if (config_check(cf, cause) != 0)
		goto fail;
	return (cf);

fail:
	config_free(cf);
	return (NULL);
}

/* Load the lexicon the config names. */
static struct lexicon *
napmond_lexicon(const struct config *cf, char **cause)
{
	const char	*dir = *cf->lexicon != '\0' ? cf->lexicon :
			    lexicon_default_dir();

	return (lexicon_load(dir, cause));
}

/* Tell systemd (if it listens) what napmond is at. */
void
napmond_notify_status(struct napmond *nd)
{
	sd_notifyf(0, "%sSTATUS=%d reports, %lld quarantined since start",
	    nd->ready ? "READY=1\n" : "", nd->snapshot->nreports,
	    nd->failures);
}

/* Keep what a reload cannot change, with a warning. */
static void
napmond_keep(char **now, char **was, const char *key)
{
	char	*t;

	if (strcmp(*now, *was) == 0)
		return;
	log_warn("reload: %s changed; it takes effect on restart", key);
	t = *now;
	*now = *was;
	*was = t;
}

/* SIGHUP: read the configuration again, then rescan. */
static void
napmond_reload(struct napmond *nd, const struct override *ov, size_t nov)
{
	struct config	*cf;
	struct lexicon	*lex;
	char		*cause;

	sd_notify(0, "RELOADING=1");
	log_info("reloading %s", nd->config->file != NULL ? nd->config->file :
	    "the configuration");
	lex = NULL;
	if ((cf = napmond_configure(nd->config->file, ov, nov,
	    &cause)) == NULL ||
	    napmond_folders(cf, &cause) != 0 ||
	    (lex = napmond_lexicon(cf, &cause)) == NULL) {
		log_error("reload: %s; keeping the old configuration", cause);
		free(cause);
		config_free(cf);
		sd_notify(0, "READY=1");
		return;
	}
	napmond_keep(&cf->socket, &nd->config->socket, "socket");
	napmond_keep(&cf->database, &nd->config->database, "database");
	napmond_keep(&cf->listen, &nd->config->listen, "listen");
	if (cf->listen_remote != nd->config->listen_remote) {
		log_warn("reload: listen_remote changed; it takes effect on"
		    " restart");
		cf->listen_remote = nd->config->listen_remote;
	}
	config_free(nd->config);
	nd->config = cf;
	log_set_level(cf->log_level);
	if (scan_watch(nd->scan, lex, &cause) != 0) {
		log_error("reload: %s", cause);
		free(cause);
	}
	export_reschedule(nd->export);
	/* The export folder may have moved: write the files there now. */
	refresher_request(nd->refresher, export_lists_now(nd->export) |
	    REFRESH_TRENDS |
	    (cf->summary_interval > 0 ? REFRESH_SUMMARY : 0), NULL, NULL);
	scan_request(nd->scan, NULL, NULL);
	sd_notify(0, "READY=1");
}

/* What the signal callback needs. */
struct napmond_signals {
	struct napmond		*nd;
	const struct override	*ov;
	size_t			 nov;
};

/* One callback for every signal napmond handles. */
static void
napmond_signal(evutil_socket_t sig, short events, void *arg)
{
	struct napmond_signals	*ns = arg;

	(void)events;
	switch (sig) {
	case SIGHUP:
		napmond_reload(ns->nd, ns->ov, ns->nov);
		break;
	case SIGTERM:
	case SIGINT:
		log_info("%s: exiting", strsignal(sig));
		event_base_loopbreak(ns->nd->base);
		break;
	}
}

/* Ping systemd's watchdog. */
static void
napmond_watchdog(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	sd_notify(0, "WATCHDOG=1");
}

/* Add an override, refusing more than the table holds. */
static void
napmond_override(struct override *ov, size_t *nov, size_t max,
    const char *section, const char *key, const char *value)
{
	if (*nov == max) {
		fprintf(stderr, "napmond: too many options\n");
		exit(CONFIG_EXIT);
	}
	ov[*nov].section = section;
	ov[*nov].key = key;
	ov[*nov].value = value;
	(*nov)++;
}

/* Read the command line into a config file name and overrides. */
static void
napmond_options(int argc, char **argv, const char **file, int *check,
    struct override *ov, size_t *nov, size_t max)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "socket", required_argument, NULL, 's' },
		{ "database", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "log-level", required_argument, NULL, 'G' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "inbox", required_argument, NULL, 'i' },
		{ "quarantine", required_argument, NULL, 'q' },
		{ "lexicon", required_argument, NULL, 'L' },
		{ "interval", required_argument, NULL, 'I' },
		{ "export-dir", required_argument, NULL, 'e' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	while ((c = getopt_long(argc, argv, "c:s:d:l:vi:q:L:e:Vh", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': *file = optarg; break;
		case 'C': *check = 1; break;
		case 's': napmond_override(ov, nov, max, "daemon", "socket",
		    optarg); break;
		case 'd': napmond_override(ov, nov, max, "daemon", "database",
		    optarg); break;
		case 'l': napmond_override(ov, nov, max, "daemon", "listen",
		    optarg); break;
		case 'G': napmond_override(ov, nov, max, "daemon", "log_level",
		    optarg); break;
		case 'v': napmond_override(ov, nov, max, "daemon", "log_level",
		    "debug"); break;
		case 'i': napmond_override(ov, nov, max, "collector", "inbox",
		    optarg); break;
		case 'q': napmond_override(ov, nov, max, "collector",
		    "quarantine", optarg); break;
		case 'L': napmond_override(ov, nov, max, "collector", "lexicon",
		    optarg); break;
		case 'I': napmond_override(ov, nov, max, "collector",
		    "interval", optarg); break;
		case 'e': napmond_override(ov, nov, max, "export", "directory",
		    optarg); break;
		case 'V': printf("napmond %s\n", PROJECT_VERSION); exit(0);
		case 'h': fputs(usage_text, stdout); exit(0);
		default: fputs(usage_text, stderr); exit(64);
		}
	}
	if (optind != argc) {
		fputs(usage_text, stderr);
		exit(64);
	}
}

/* Raise the soft descriptor limit towards NAPMOND_NOFILE. */
static void
napmond_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= NAPMOND_NOFILE)
		return;
	rl.rlim_cur = rl.rlim_max < NAPMOND_NOFILE ? rl.rlim_max :
	    NAPMOND_NOFILE;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		log_warn("raising the descriptor limit: %s", strerror(errno));
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		log_debug("descriptor limit: %llu",
		    (unsigned long long)rl.rlim_cur);
}

/*
 * SQLite says only "unable to open database file": add why when it is the
 * database's folder that cannot be written (a read-only filesystem).
 */
static void
napmond_why_folder(const char *file, char **cause)
{
	char	*dir, *slash, *was = *cause;

	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	if (access(dir, W_OK) != 0) {
		xasprintf(cause, "%s (%s: %s)", was, dir, strerror(errno));
		free(was);
	}
	free(dir);
}

/*
 * Open the store, its schema brought up to date by the connection that
 * writes, which is left in *writer for the scanner; the loop reads through
 * one of its own.  Build the first snapshot.
 */
static int
napmond_open(struct napmond *nd, struct store **writer, char **cause)
{
	const char	*db = nd->config->database;
	char		*why;

	if (napmond_folders(nd->config, cause) != 0)
		return (-1);
	if ((*writer = store_open(db, cause)) == NULL) {
		napmond_why_folder(db, cause);
		return (-1);
	}
	log_info("%s: schema version %d", db, store_version(*writer));
	if ((nd->store = store_open_reader(db, cause)) == NULL ||
	    (nd->editor = store_open_editor(db, cause)) == NULL)
		return (-1);
	if ((nd->base = event_base_new()) == NULL ||
	    event_base_priority_init(nd->base, NAPMOND_PRIORITIES) != 0)
		fatal("event_base_new failed");
	/* Before the refresher writes to the export folder. */
	nd->export = export_start(nd);
	if ((nd->refresher = refresher_start(nd, cause)) == NULL)
		return (-1);
	refresher_request(nd->refresher, REFRESH_SNAPSHOT, NULL, NULL);
	if (refresher_wait(nd->refresher) != 0 || nd->snapshot == NULL) {
		xasprintf(&why, "%s: cannot be read", nd->config->database);
		*cause = why;
		return (-1);
	}
	return (0);
}

/* Run the loop until TERM or INT; the scanner takes writer and lexicon. */
static int
napmond_run(struct napmond *nd, struct store *writer, struct lexicon *lexicon,
    const struct override *ov, size_t nov)
{
	static const int	 sigs[] = { SIGHUP, SIGTERM, SIGINT };
	struct napmond_signals	 ns = { nd, ov, nov };
	struct event		*ev[3], *dog = NULL;
	struct timeval		 tv;
	uint64_t		 usec;
	char			*cause;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		ev[i] = evsignal_new(nd->base, sigs[i], napmond_signal, &ns);
		evsignal_add(ev[i], NULL);
	}
	if ((nd->server = server_start(nd, &cause)) == NULL) {
		store_close(writer);
		lexicon_free(lexicon);
	} else
		nd->scan = scan_start(nd, writer, lexicon, &cause);
	if (nd->scan == NULL) {
		log_error("%s", cause);
		free(cause);
		for (i = 0; i < 3; i++)
			event_free(ev[i]);
		return (1);
	}
	if (sd_watchdog_enabled(0, &usec) > 0) {
		tv.tv_sec = usec / 2 / 1000000;
		tv.tv_usec = usec / 2 % 1000000;
		dog = event_new(nd->base, -1, EV_PERSIST, napmond_watchdog, NULL);
		evtimer_add(dog, &tv);
	}
	event_base_dispatch(nd->base);
	sd_notify(0, "STOPPING=1");
	if (dog != NULL)
		event_free(dog);
	for (i = 0; i < 3; i++)
		event_free(ev[i]);
	return (0);
}

/* Free everything, removing the socket. */
static void
napmond_close(struct napmond *nd)
{
	export_stop(nd->export);
	scan_stop(nd->scan);
	server_stop(nd->server);
	refresher_stop(nd->refresher);
	snapshot_free(nd->snapshot);
	blob_unref(nd->indicators);
	store_close(nd->store);
	store_close(nd->editor);
	if (nd->base != NULL)
		event_base_free(nd->base);
	server_free(nd->server);
	config_free(nd->config);
}

/* Configure, open, serve until told to stop. */
int
main(int argc, char **argv)
{
	struct napmond	 nd;
	struct override	 ov[32];
	struct lexicon	*lexicon = NULL;
	struct store	*writer = NULL;
	size_t		 nov = 0;
	const char	*file = NULL;
	char		*cause;
	int		 check = 0, rc;

	napmond_options(argc, argv, &file, &check, ov, &nov, 32);
	memset(&nd, 0, sizeof nd);
	if ((nd.config = napmond_configure(file, ov, nov, &cause)) == NULL ||
	    (lexicon = napmond_lexicon(nd.config, &cause)) == NULL) {
		fprintf(stderr, "napmond: %s\n", cause);
		free(cause);
		config_free(nd.config);
		return (CONFIG_EXIT);
	}
	if (check) {
		printf("napmond: %s: configuration ok\n", file != NULL ? file :
		    "built-in defaults");
		lexicon_free(lexicon);
		config_free(nd.config);
		return (0);
	}
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Texts of a few hundred kB and more (the indicators, pages, lists)
	 * get pages of their own.  glibc raises this bound to the largest
	 * block freed so far, so after the first indicator text of a large
	 * archive they came from the refresher's heap, where they left holes
	 * between what lives on: 236 MB resident after ingesting 100,000
	 * reports, 200 MB with the bound fixed.
	 */
	collect_malloc_bounds();
	log_init(nd.config->log_level);
	napmond_nofile();
	nd.started = time(NULL);
	if (napmond_open(&nd, &writer, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		store_close(writer);
		lexicon_free(lexicon);
		napmond_close(&nd);
		return (1);
	}
	log_info("napmond %s started; watching %s", PROJECT_VERSION,
	    nd.config->inbox);
	rc = napmond_run(&nd, writer, lexicon, ov, nov);
	napmond_close(&nd);
	return (rc);
}
