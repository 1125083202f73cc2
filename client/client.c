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
#include <time.h>

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

/* What one command line asks for. */
struct client {
	const char	*command;
	const char	*socket;
	const char	*agency;
	const char	*status;
	const char	*stage;
	const char	*partner;
	const char	*chapter;
	const char	*measure;	/* history measure AGENCY ID */
	const char	*path;		/* instead of the command's */
	const char	*body;		/* of a POST */
	char		**bodies;	/* correct: a POST each */
	size_t		 nbodies;
	const char	*note;		/* correct --note */
	const char	*year;		/* correct --year */
	int		 overdue;
	int		 history;
	int		 stuck;
	int		 regressed;
	int		 json;
};

struct client_command {
	const char	*name;
	const char	*method;
	const char	*path;
	void		(*print)(const struct client *, cJSON *);
	const char	*summary;
};

static void	print_status(const struct client *, cJSON *);
static void	print_indicators(const struct client *, cJSON *);
static void	print_measures(const struct client *, cJSON *);
static void	print_agreements(const struct client *, cJSON *);
static void	print_reports(const struct client *, cJSON *);
static void	print_scan(const struct client *, cJSON *);
static void	print_export(const struct client *, cJSON *);
static void	print_trends(const struct client *, cJSON *);
static void	print_history(const struct client *, cJSON *);
static void	print_open(const struct client *, cJSON *);
static void	print_review(const struct client *, cJSON *);

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

/* Count the characters (not bytes) of UTF-8 text. */
static size_t
utf8_width(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return (n);
}

/* Print a cell padded or cut to width characters (0: as it is). */
static void
cell(const char *s, size_t width)
{
	size_t	n = 0;

	if (s == NULL)
		s = "-";
	if (width == 0) {
		fputs(s, stdout);
		return;
	}
	if (utf8_width(s) <= width) {
		fputs(s, stdout);
		for (n = utf8_width(s); n < width + 1; n++)
			putchar(' ');
		return;
	}
	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80 && ++n == width)
			break;
		putchar(*s);
	}
	fputs("… ", stdout);
}

/* Return a string member, NULL if absent or not a string. */
static const char *
str(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* Return a number member, 0 if absent. */
static double
num(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	return (cJSON_IsNumber(v) ? v->valuedouble : 0);
}

/* Format a number member as text. */
static const char *
numtext(const cJSON *o, const char *key, char *buf, size_t len)
{
	snprintf(buf, len, "%.0f", num(o, key));
	return (buf);
}

/* Format a unix time. */
static const char *
when(double t, char *buf, size_t len)
{
	time_t		tt = t;
	struct tm	tm;

	if (t == 0)
		return ("never");
	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	return (buf);
}

/* napmon status. */
static void
print_status(const struct client *c, cJSON *doc)
{
	char	buf[64];

	(void)c;
	printf("napmond %s (pid %.0f): %s\n", str(doc, "version"),
	    num(doc, "pid"), str(doc, "status"));
	printf("  up since   %s\n", when(num(doc, "started"), buf, sizeof buf));
	printf("  last scan  %s%s\n", when(num(doc, "last_scan"), buf,
	    sizeof buf), cJSON_IsTrue(cJSON_GetObjectItem(doc, "scanning")) ?
	    " (scanning now)" : "");
	printf("  reports    %.0f\n", num(doc, "reports"));
	printf("  failures   %.0f quarantined since start\n",
	    num(doc, "ingest_failures"));
	printf("  inbox      %s\n", str(doc, "inbox"));
	printf("  quarantine %s\n", str(doc, "quarantine"));
	printf("  database   %s\n", str(doc, "database"));
	printf("  export     %s\n", str(doc, "export"));
}

/*
 * Print where the page is: its address on the loopback TCP listener, or,
 * with none, how to read it over the socket, which browsers cannot.
 */
static void
print_open(const struct client *c, cJSON *doc)
{
	const cJSON	*page = cJSON_GetObjectItem(doc, "page");

	if (cJSON_IsString(page)) {
		printf("%s\n", page->valuestring);
		return;
	}
	printf("napmond serves its page on the unix socket only (set listen ="
	    " 127.0.0.1:PORT\nin napmond.conf's [daemon] for an address a"
	    " browser opens).  Read it with:\n"
	    "  curl --unix-socket %s http://localhost/ >napmon.html\n",
	    c->socket);
}

/* Print one row of the indicator table. */
static void
indicator_row(const char *name, const cJSON *t)
{
	static const char	*keys[] = { "total", "completed", "in_progress",
				    "ongoing", "not_reported", "overdue" };
	const cJSON		*m = cJSON_GetObjectItem(t, "measures");
	const cJSON		*rate = cJSON_GetObjectItem(t, "completion_rate");
	char			 buf[32];
	size_t			 i;

	cell(name, 32);
	for (i = 0; i < 6; i++)
		printf("%-*.0f", i == 4 ? 13 : 12, num(m, keys[i]));
	if (cJSON_IsNumber(rate))
		snprintf(buf, sizeof buf, "%.0f%%", rate->valuedouble * 100);
	else
		snprintf(buf, sizeof buf, "-");
	printf("%-11s%.0f\n", buf, num(cJSON_GetObjectItem(t, "agreements"),
	    "total"));
}

/* napmon indicators. */
static void
print_indicators(const struct client *c, cJSON *doc)
{
	const cJSON	*a, *by;
	double		 changes;
	int		 i;

	(void)c;
	printf("%-33s%-12s%-12s%-12s%-12s%-13s%-12s%-11s%s\n", "AGENCY",
	    "MEASURES", "COMPLETED", "IN_PROGRESS", "ONGOING", "NOT_REPORTED",
	    "OVERDUE", "COMPLETION", "AGREEMENTS");
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(doc, "by_agency"))
		indicator_row(a->string, a);
	indicator_row("all agencies", doc);
	printf("\nAgreements by stage:");
	by = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "agreements"),
	    "by_stage");
	i = 0;
	cJSON_ArrayForEach(a, by)
		printf("%s %s %.0f", i++ ? "," : "", a->string, a->valuedouble);
	changes = 0;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(doc, "transitions"))
		changes += num(a, "count");
	printf("\nReports: %.0f; stage changes: %.0f; stuck: %.0f;"
	    " regressed: %.0f\n", num(doc, "reports"), changes,
	    num(cJSON_GetObjectItem(doc, "agreements"), "stuck"),
	    num(cJSON_GetObjectItem(doc, "agreements"), "regressed"));
}

/* napmon trends: a row per agency and year, then per year for all. */
static void
print_trends(const struct client *c, cJSON *doc)
{
	const cJSON	*t;
	const char	*agency;
	char		 name[64];

	(void)c;
	printf("%-33s%-12s%-12s%-12s%-12s%-13s%-12s%-11s%s\n",
	    "AGENCY, YEAR", "MEASURES", "COMPLETED", "IN_PROGRESS", "ONGOING",
	    "NOT_REPORTED", "OVERDUE", "COMPLETION", "AGREEMENTS");
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(doc, "trends")) {
		agency = str(t, "agency");
		snprintf(name, sizeof name, "%s, %.0f", agency != NULL ?
		    agency : "-", num(t, "year"));
		indicator_row(name, t);
	}
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(doc, "overall")) {
		snprintf(name, sizeof name, "all agencies, %.0f",
		    num(t, "year"));
		indicator_row(name, t);
	}
}

/* napmon history measure AGENCY ID. */
static void
print_history(const struct client *c, cJSON *doc)
{
	const cJSON	*h;
	char		 buf[32];

	printf("%s, measure %s\n%-6s%-14s%-20s%-9s%s\n", c->agency,
	    c->measure, "YEAR", "STATUS", "DEADLINE", "OVERDUE", "REPORT");
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(doc, "history")) {
		printf("%-6s", numtext(h, "year", buf, sizeof buf));
		cell(str(h, "status"), 13);
		cell(str(cJSON_GetObjectItem(h, "deadline"), "text"), 19);
		if (cJSON_IsNumber(cJSON_GetObjectItem(h, "overdue_years")))
			snprintf(buf, sizeof buf, "%.0fy",
			    num(h, "overdue_years"));
		else
			snprintf(buf, sizeof buf, "-");
		cell(buf, 8);
		cell(str(h, "report"), 0);
		putchar('\n');
	}
	printf("%d years\n", cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "history")));
}

/* napmon measures. */
static void
print_measures(const struct client *c, cJSON *doc)
{
	const cJSON	*m, *list = cJSON_GetObjectItem(doc, "measures");
	char		 buf[32], od[32];

	(void)c;
	printf("%-25s%-6s%-7s%-13s%-25s%-9s%s\n", "AGENCY", "YEAR", "ID",
	    "STATUS", "DEADLINE", "OVERDUE", "TITLE");
	cJSON_ArrayForEach(m, list) {
		cell(str(m, "agency"), 24);
		cell(numtext(m, "year", buf, sizeof buf), 5);
		cell(str(m, "id"), 6);
		cell(str(m, "status"), 12);
		cell(str(cJSON_GetObjectItem(m, "deadline"), "text"), 24);
		if (cJSON_IsTrue(cJSON_GetObjectItem(m, "overdue")))
			snprintf(od, sizeof od, "%.0fy", num(m, "overdue_years"));
		else
			snprintf(od, sizeof od, "-");
		cell(od, 8);
		cell(str(m, "title"), 60);
		putchar('\n');
	}
	printf("%d measures\n", cJSON_GetArraySize(list));
}

/* napmon agreements. */
static void
print_agreements(const struct client *c, cJSON *doc)
{
	const cJSON	*a, *h, *list = cJSON_GetObjectItem(doc, "agreements");
	char		 buf[32];

	printf("%-25s%-13s%-11s%-25s%s\n", "AGENCY", "STAGE", "DATE",
	    "PARTNER", "NAME");
	cJSON_ArrayForEach(a, list) {
		cell(str(a, "agency"), 24);
		cell(str(a, "stage"), 12);
		cell(str(a, "date"), 10);
		cell(str(a, "partner"), 24);
		cell(str(a, "name"), 0);
		if (cJSON_IsTrue(cJSON_GetObjectItem(a, "stuck")))
			printf("  [stuck %.0fy]", num(a, "years_at_stage"));
		if (cJSON_IsTrue(cJSON_GetObjectItem(a, "regressed")))
			printf("  [regressed]");
		putchar('\n');
		if (!c->history)
			continue;
		cJSON_ArrayForEach(h, cJSON_GetObjectItem(a, "history")) {
			printf("    %s  ", numtext(h, "year", buf, sizeof buf));
			cell(str(h, "stage"), 12);
			cell(str(h, "date"), 10);
			cell(str(h, "report"), 0);
			putchar('\n');
		}
	}
	printf("%d agreements\n", cJSON_GetArraySize(list));
}

/* The reasons of a review item, joined by commas. */
static void
reasons_text(const cJSON *item, char *buf, size_t len)
{
	const cJSON	*r;
	size_t		 n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(item, "reasons")) {
		if (cJSON_IsString(r) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n > 0 ? "," : "", r->valuestring);
	}
}

/* napmon review: each fact to check, with why it is doubted. */
static void
print_review(const struct client *c, cJSON *doc)
{
	const cJSON	*it, *list = cJSON_GetObjectItem(doc, "items");
	const char	*fact;
	char		 buf[32], why[128];

	(void)c;
	printf("%-17s%-25s%-6s%-12s%-13s%-27s%s\n", "ID", "AGENCY", "YEAR",
	    "FIELD", "VALUE", "REASONS", "MEASURE OR AGREEMENT");
	cJSON_ArrayForEach(it, list) {
		cell(str(it, "id"), 16);
		cell(str(it, "agency"), 24);
		cell(numtext(it, "year", buf, sizeof buf), 5);
		cell(str(it, "field"), 11);
		cell(str(it, "value"), 12);
		reasons_text(it, why, sizeof why);
		cell(why, 26);
		if ((fact = str(it, "measure")) != NULL)
			printf("measure %s", fact);
		else
			cell(str(it, "agreement"), 0);
		putchar('\n');
	}
	printf("%d to review\n", cJSON_GetArraySize(list));
}

/* napmon reports. */
static void
print_reports(const struct client *c, cJSON *doc)
{
	const cJSON	*r, *list = cJSON_GetObjectItem(doc, "reports");
	char		 buf[32];

	(void)c;
	printf("%-31s%-25s%-6s%-9s%-11s%s\n", "FILE", "AGENCY", "YEAR",
	    "MEASURES", "AGREEMENTS", "INGESTED");
	cJSON_ArrayForEach(r, list) {
		cell(str(r, "file"), 30);
		cell(str(r, "agency"), 24);
		cell(numtext(r, "year", buf, sizeof buf), 5);
		cell(numtext(r, "measures", buf, sizeof buf), 8);
		cell(numtext(r, "agreements", buf, sizeof buf), 10);
		cell(str(r, "ingested"), 0);
		putchar('\n');
	}
	printf("%d reports\n", cJSON_GetArraySize(list));
	list = cJSON_GetObjectItem(doc, "quarantined");
	if (cJSON_GetArraySize(list) == 0)
		return;
	printf("\nQuarantined:\n");
	cJSON_ArrayForEach(r, list) {
		cell(str(r, "file"), 30);
		cell(str(r, "at"), 21);
		cell(str(r, "detail"), 0);
		putchar('\n');
	}
}

/* napmon scan. */
static void
print_scan(const struct client *c, cJSON *doc)
{
	(void)c;
	printf("scanned %.0f files: %.0f added, %.0f replaced, %.0f unchanged,"
	    " %.0f quarantined, %.0f still being written, %.0f errors;"
	    " %.0f reports stored\n", num(doc, "files"), num(doc, "added"),
	    num(doc, "replaced"), num(doc, "unchanged"),
	    num(doc, "quarantined"), num(doc, "waiting"), num(doc, "errors"),
	    num(doc, "reports"));
}

/* napmon export. */
static void
print_export(const struct client *c, cJSON *doc)
{
	(void)c;
	printf("exports written to %s\n", str(doc, "directory"));
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
	char		*body;
	long		 code = 0;
	int		 rc;

	if ((rc = client_request(c, cmd, &body, &code)) != 0) {
		free(body);
		return (rc);
	}
	doc = cJSON_Parse(body);
	if (code >= 400 || doc == NULL) {
		fprintf(stderr, "napmon: napmond answered %ld: %s\n", code,
		    doc != NULL && str(doc, "error") != NULL ?
		    str(doc, "error") : body);
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
