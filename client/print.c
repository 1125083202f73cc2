/*
 * How napmon prints what napmond answers: a table or a few lines for each
 * command, padded by characters, not bytes, for Azerbaijani names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "client.h"

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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
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
void
print_export(const struct client *c, cJSON *doc)
{
	(void)c;
	printf("exports written to %s\n", str(doc, "directory"));
}
