/*
 * napmon status | indicators | measures | agreements | review | reports |
 * scan | export | open | correct | corrections | uncorrect: HTTP over
 * napmond's unix socket with libcurl, printed as tables, or as the
 * daemon's JSON with --json.
 */
#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "client.h"
#include "collector.h"
#include "config.h"

#define CLIENT_SOCKET	"/run/napmon/napmond.sock"
#define CLIENT_LIBCURL	"libcurl.so.4"	/* Debian's libcurl4 */

/*
 * libcurl, opened when a command is to talk to napmond rather than linked:
 * linked, it and the thirty libraries it needs cost every napmon process
 * 4.4 ms at start, most of it in the dynamic loader's relocations, which
 * was 70% of the instructions of a `napmon parse` of one report and 6% of
 * parsing the corpus 500 files a call.
 */
static struct {
	CURLcode	 (*global_init)(long);
	void		 (*global_cleanup)(void);
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_perform)(CURL *);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	void		 (*easy_cleanup)(CURL *);
	char		*(*easy_escape)(CURL *, const char *, int);
	const char	*(*easy_strerror)(CURLcode);
	void		 (*free)(void *);
} curl;

struct client_command {
	const char	*name;
	const char	*method;
	const char	*path;
	void		(*print)(const struct client *, cJSON *);
	const char	*summary;
};


static const struct client_command client_commands[] = {
	{ "status", "GET", "/v1/status", print_status,
	    "show whether napmond runs and what it holds" },
	{ "indicators", "GET", "/v1/indicators", print_indicators,
	    "measures by status and agreements by stage, per agency" },
	{ "measures", "GET", "/v1/measures", print_measures,
	    "list measures [--overdue] [--agency A] [--status S]" },
	{ "agreements", "GET", "/v1/agreements", print_agreements,
	    "list agreements [--stage S] [--partner ISO] [--history]\n"
	    "               [--stuck] [--regressed]" },
	{ "trends", "GET", "/v1/trends", print_trends,
	    "each agency's indicators year by year [--agency A]" },
	{ "history", "GET", "/v1/measures/history", print_history,
	    "history measure AGENCY ID: one measure over the years" },
	{ "review", "GET", "/v1/review", print_review,
	    "the facts read with low confidence, newest report first\n"
	    "               [--agency A]" },
	{ "reports", "GET", "/v1/reports", print_reports,
	    "list the reports ingested and the files quarantined" },
	{ "scan", "POST", "/v1/scan", print_scan,
	    "scan the inbox now" },
	{ "export", "POST", "/v1/export", print_export,
	    "write the export files now" },
	{ "open", "GET", "/v1/status", print_open,
	    "print the address of napmond's page, to open in a browser" },
	{ "correct", "POST", "/v1/corrections", print_correction,
	    "correct measure AGENCY ID status=S, or agreement AGENCY NAME\n"
	    "               stage=S date=YYYY-MM-DD partner_iso=XX\n"
	    "               [--year Y] [--note TEXT]: set what napmon read" },
	{ "corrections", "GET", "/v1/corrections", print_corrections,
	    "list the corrections, stale ones marked" },
	{ "uncorrect", "DELETE", "/v1/corrections", print_uncorrect,
	    "uncorrect ID: take a correction back" },
};
#define NCOMMANDS (sizeof client_commands / sizeof client_commands[0])

static const char client_options[] =
"Options of these commands:\n"
"  -s, --socket PATH   napmond's socket (default: $NAPMON_SOCKET, else\n"
"                      " CLIENT_SOCKET ")\n"
"  -c, --config FILE   take the socket from napmond's config file\n"
"      --json          print the daemon's JSON document as it is\n"
"      --agency NAME   measures, agreements, review: only this agency\n"
"      --overdue       measures: only overdue ones\n"
"      --status S      measures: completed, in_progress, ongoing,\n"
"                      not_reported\n"
"      --chapter N     measures: only chapter N\n"
"      --stage S       agreements: drafting, submitted, under_review,\n"
"                      negotiating, signing, signed, ratified, in_force\n"
"      --partner ISO   agreements: only this partner (ISO 3166 code)\n"
"      --history       agreements: each agreement's stage by year\n"
"      --stuck         agreements: only those stuck at one stage\n"
"      --regressed     agreements: only those a later report put back\n"
"      --year Y        correct: only the report of year Y (default: all)\n"
"      --note TEXT     correct: why, kept with the correction\n"
"Exit status: 0 ok, 64 usage error, 69 napmond not running, 1 napmond\n"
"refused the request.\n";

/* Is this one of the commands that talk to napmond? */
int
client_handles(const char *command)
{
	size_t	i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(command, client_commands[i].name) == 0)
			return (1);
	}
	return (0);
}

/* List the commands and their options. */
void
client_usage(FILE *f)
{
	size_t	i;

	for (i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-12s %s\n", client_commands[i].name,
		    client_commands[i].summary);
	}
	fprintf(f, "\n%s", client_options);
}

/* Look a libcurl function up; count it missing if it is not there. */
static void *
client_sym(void *lib, const char *name, int *missing)
{
	void	*fn;

	if ((fn = dlsym(lib, name)) == NULL)
		(*missing)++;
	return (fn);
}

/* Open libcurl and find its functions, or say why not. */
static int
client_curl(void)
{
	void	*lib;
	int	 missing = 0;

	if ((lib = dlopen(CLIENT_LIBCURL, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "napmon: %s, which the commands that talk to"
		    " napmond need (Debian package libcurl4)\n", dlerror());
		return (EX_UNAVAILABLE);
	}
	/* POSIX's way to turn dlsym()'s void * into a function pointer. */
	*(void **)&curl.global_init = client_sym(lib, "curl_global_init",
	    &missing);
	*(void **)&curl.global_cleanup = client_sym(lib,
	    "curl_global_cleanup", &missing);
	*(void **)&curl.easy_init = client_sym(lib, "curl_easy_init",
	    &missing);
	*(void **)&curl.easy_setopt = client_sym(lib, "curl_easy_setopt",
	    &missing);
	*(void **)&curl.easy_perform = client_sym(lib, "curl_easy_perform",
	    &missing);
	*(void **)&curl.easy_getinfo = client_sym(lib, "curl_easy_getinfo",
	    &missing);
	*(void **)&curl.easy_cleanup = client_sym(lib, "curl_easy_cleanup",
	    &missing);
	*(void **)&curl.easy_escape = client_sym(lib, "curl_easy_escape",
	    &missing);
	*(void **)&curl.easy_strerror = client_sym(lib, "curl_easy_strerror",
	    &missing);
	*(void **)&curl.free = client_sym(lib, "curl_free", &missing);
	if (missing > 0) {
		fprintf(stderr, "napmon: %s lacks %d of the functions napmon"
		    " uses\n", CLIENT_LIBCURL, missing);
		return (EX_UNAVAILABLE);
	}
	return (0);
}

/* Append a query parameter, escaped. */
static void
client_param(CURL *handle, FILE *url, int *first, const char *key,
    const char *value)
{
	char	*esc;

	if (value == NULL)
		return;
	if ((esc = curl.easy_escape(handle, value, 0)) == NULL)
		return;
	fprintf(url, "%c%s=%s", *first ? '?' : '&', key, esc);
	*first = 0;
	curl.free(esc);
}

/* Build the URL of a command with its filters. */
static char *
client_url(CURL *handle, const struct client *c,
    const struct client_command *cmd)
{
	FILE	*f;
	char	*url = NULL;
	size_t	 len = 0;
	int	 first = 1;

	if ((f = open_memstream(&url, &len)) == NULL)
		abort();
	fprintf(f, "http://localhost%s", c->path != NULL ? c->path :
	    cmd->path);
	if (strcmp(cmd->name, "measures") == 0) {
		client_param(handle, f, &first, "agency", c->agency);
		client_param(handle, f, &first, "status", c->status);
		client_param(handle, f, &first, "chapter", c->chapter);
		client_param(handle, f, &first, "overdue",
		    c->overdue ? "true" : NULL);
	} else if (strcmp(cmd->name, "agreements") == 0) {
		client_param(handle, f, &first, "agency", c->agency);
		client_param(handle, f, &first, "stage", c->stage);
		client_param(handle, f, &first, "partner_iso", c->partner);
		client_param(handle, f, &first, "stuck",
		    c->stuck ? "true" : NULL);
		client_param(handle, f, &first, "regressed",
		    c->regressed ? "true" : NULL);
	} else if (strcmp(cmd->name, "trends") == 0 ||
	    strcmp(cmd->name, "review") == 0)
		client_param(handle, f, &first, "agency", c->agency);
	else if (strcmp(cmd->name, "history") == 0) {
		client_param(handle, f, &first, "agency", c->agency);
		client_param(handle, f, &first, "id", c->measure);
	}
	if (fclose(f) != 0)
		abort();
	return (url);
}

/* Collect the response body. */
static size_t
client_write(char *data, size_t size, size_t n, void *arg)
{
	return (fwrite(data, size, n, arg) * size);
}

/* Send the request; fill body and HTTP code, or return an exit status. */
static int
client_request(const struct client *c, const struct client_command *cmd,
    char **body, long *code)
{
	CURL		*handle;
	CURLcode	 rc;
	FILE		*f;
	char		*url;
	size_t		 len = 0;
	long		 oserr = 0;

	if ((handle = curl.easy_init()) == NULL)
		return (EX_SOFTWARE);
	url = client_url(handle, c, cmd);
	*body = NULL;
	if ((f = open_memstream(body, &len)) == NULL)
		abort();
	curl.easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, c->socket);
	curl.easy_setopt(handle, CURLOPT_URL, url);
	curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, client_write);
	curl.easy_setopt(handle, CURLOPT_WRITEDATA, f);
	curl.easy_setopt(handle, CURLOPT_TIMEOUT, 300L);
	if (strcmp(cmd->method, "POST") == 0) {
		curl.easy_setopt(handle, CURLOPT_POSTFIELDS, c->body != NULL ?
		    c->body : "");
		curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE, c->body !=
		    NULL ? (long)strlen(c->body) : 0L);
	} else if (strcmp(cmd->method, "DELETE") == 0)
		curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "DELETE");
	rc = curl.easy_perform(handle);
	fclose(f);
	curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
	curl.easy_getinfo(handle, CURLINFO_OS_ERRNO, &oserr);
	curl.easy_cleanup(handle);
	free(url);
	/* Not "not running": napmond is there, but not for this user. */
	if (rc == CURLE_COULDNT_CONNECT && (oserr == EACCES || oserr == EPERM)) {
		fprintf(stderr, "napmon: %s: %s (it is for napmond's group)\n",
		    c->socket, strerror((int)oserr));
		return (EX_NOPERM);
	}
	if (rc == CURLE_COULDNT_CONNECT) {
		fprintf(stderr, "napmon: napmond is not running (nothing"
		    " listens on %s)\n", c->socket);
		return (EX_UNAVAILABLE);
	}
	if (rc != CURLE_OK) {
		fprintf(stderr, "napmon: %s: %s\n", c->socket,
		    curl.easy_strerror(rc));
		return (EX_UNAVAILABLE);
	}
	return (0);
}

/* Run one command against the daemon and print its answer. */
static int
client_run(const struct client *c, const struct client_command *cmd)
{
	cJSON		*doc;
	const char	*error;
	char		*body;
	long		 code = 0;
	int		 rc;

	if ((rc = client_request(c, cmd, &body, &code)) != 0) {
		free(body);
		return (rc);
	}
	doc = cJSON_Parse(body);
	error = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc,
	    "error"));
	if (code >= 400 || doc == NULL) {
		fprintf(stderr, "napmon: napmond answered %ld: %s\n", code,
		    error != NULL ? error : body);
		rc = 1;
	} else if (c->json)
		fputs(body, stdout);
	else
		cmd->print(c, doc);
	cJSON_Delete(doc);
	free(body);
	return (rc);
}

/* Find the socket: --socket, then the config's, then the environment. */
static int
client_socket(struct client *c, const char *config, char **owned)
{
	struct config	*cf;
	char		*cause;

	*owned = NULL;
	if (c->socket != NULL)
		return (0);
	if (config != NULL) {
		cf = config_new();
		if (config_load(cf, config, &cause) != 0) {
			fprintf(stderr, "napmon: %s\n", cause);
			free(cause);
			config_free(cf);
			return (CONFIG_EXIT);
		}
		c->socket = *owned = xstrdup(cf->socket);
		config_free(cf);
		return (0);
	}
	if ((c->socket = getenv("NAPMON_SOCKET")) == NULL)
		c->socket = CLIENT_SOCKET;
	return (0);
}

/* Run a command once, or once per body, stopping at the first refused. */
static int
client_runs(struct client *c, const struct client_command *cmd)
{
	size_t	i;
	int	rc = 0;

	if (c->nbodies == 0)
		return (client_run(c, cmd));
	for (i = 0; i < c->nbodies && rc == 0; i++) {
		c->body = c->bodies[i];
		rc = client_run(c, cmd);
	}
	return (rc);
}

/* napmon COMMAND [OPTIONS]: argv[0] is the command. */
int
client_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "agency", required_argument, NULL, 'a' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 'S' },
		{ "chapter", required_argument, NULL, 'C' },
		{ "stage", required_argument, NULL, 'g' },
		{ "partner", required_argument, NULL, 'p' },
		{ "history", no_argument, NULL, 'H' },
		{ "stuck", no_argument, NULL, 'K' },
		{ "regressed", no_argument, NULL, 'R' },
		{ "note", required_argument, NULL, 'N' },
		{ "year", required_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct client_command	*cmd = NULL;
	struct client			 c;
	const char			*config = NULL;
	char				*owned, *path = NULL;
	size_t				 i;
	int				 ch, rc;

	memset(&c, 0, sizeof c);
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[0], client_commands[i].name) == 0)
			cmd = &client_commands[i];
	}
	if (cmd == NULL)
		return (EX_USAGE);
	while ((ch = getopt_long(argc, argv, "s:c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': c.socket = optarg; break;
		case 'c': config = optarg; break;
		case 'j': c.json = 1; break;
		case 'a': c.agency = optarg; break;
		case 'o': c.overdue = 1; break;
		case 'S': c.status = optarg; break;
		case 'C': c.chapter = optarg; break;
		case 'g': c.stage = optarg; break;
		case 'p': c.partner = optarg; break;
		case 'H': c.history = 1; break;
		case 'K': c.stuck = 1; break;
		case 'R': c.regressed = 1; break;
		case 'N': c.note = optarg; break;
		case 'Y': c.year = optarg; break;
		case 'h':
			printf("usage: napmon %s [OPTIONS]\n\n", cmd->name);
			client_usage(stdout);
			return (0);
		default:
			client_usage(stderr);
			return (EX_USAGE);
		}
	}
	if (strcmp(cmd->name, "history") == 0) {
		if (argc - optind != 3 || strcmp(argv[optind], "measure") != 0) {
			fprintf(stderr, "usage: napmon history measure AGENCY"
			    " ID\n");
			return (EX_USAGE);
		}
		c.agency = argv[optind + 1];
		c.measure = argv[optind + 2];
	} else if (strcmp(cmd->name, "correct") == 0) {
		if ((rc = correct_bodies(argc - optind, argv + optind, c.year,
		    c.note, &c.bodies, &c.nbodies)) != 0)
			return (rc);
	} else if (strcmp(cmd->name, "uncorrect") == 0) {
		if ((rc = uncorrect_path(argc - optind, argv + optind,
		    &path)) != 0)
			return (rc);
		c.path = path;
	} else if (optind != argc) {
		fprintf(stderr, "napmon: %s takes no arguments\n", cmd->name);
		return (EX_USAGE);
	}
	if ((rc = client_socket(&c, config, &owned)) != 0 ||
	    (rc = client_curl()) != 0)
		return (rc);
	curl.global_init(CURL_GLOBAL_DEFAULT);
	rc = client_runs(&c, cmd);
	curl.global_cleanup();
	free(owned);
	free(path);
	correct_free(c.bodies, c.nbodies);
	return (rc);
}
