/*
 * napmon correct, corrections, uncorrect: the bodies a correction is posted
 * with, and the answers printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "client.h"
#include "collector.h"

static const char correct_usage[] =
"usage: napmon correct measure AGENCY ID status=STATUS [--year Y] [--note TEXT]\n"
"       napmon correct agreement AGENCY NAME FIELD=VALUE... [--year Y]\n"
"           [--note TEXT]   (FIELD: stage, date, partner_iso)\n";

/* A string member, or "-". */
static const char *
member(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	return (cJSON_IsString(v) ? v->valuestring : "-");
}

/* Read --year: 0 when absent, -1 when not a year. */
static int
correct_year(const char *year)
{
	char	*end;
	long	 y;

	if (year == NULL)
		return (0);
	y = strtol(year, &end, 10);
	if (*year == '\0' || *end != '\0' || y < 1900 || y > 2100)
		return (-1);
	return ((int)y);
}

/* One body: the fact, one FIELD=VALUE, the year and the note. */
static char *
correct_body(char **argv, const char *change, int year, const char *note)
{
	cJSON	*o = cJSON_CreateObject();
	char	*field, *text;

	field = xstrndup(change, strcspn(change, "="));
	cJSON_AddStringToObject(o, "agency", argv[1]);
	cJSON_AddStringToObject(o, argv[0], argv[2]);
	if (year != 0)
		cJSON_AddNumberToObject(o, "year", year);
	cJSON_AddStringToObject(o, "field", field);
	cJSON_AddStringToObject(o, "value", strchr(change, '=') + 1);
	if (note != NULL)
		cJSON_AddStringToObject(o, "note", note);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	free(field);
	return (text);
}

/*
 * Make the bodies of `napmon correct KIND AGENCY KEY FIELD=VALUE...`, one
 * per field: 0, or EX_USAGE having said why.  napmond checks the fields
 * and values; only the shape of the line is checked here.
 */
int
correct_bodies(int argc, char **argv, const char *year, const char *note,
    char ***bodies, size_t *nbodies)
{
	int	y, i;

	*bodies = NULL;
	*nbodies = 0;
	if (argc < 4 || (strcmp(argv[0], "measure") != 0 &&
	    strcmp(argv[0], "agreement") != 0)) {
		fputs(correct_usage, stderr);
		return (EX_USAGE);
	}
	if ((y = correct_year(year)) < 0) {
		fprintf(stderr, "napmon correct: --year wants a year from 1900"
		    " to 2100, not '%s'\n", year);
		return (EX_USAGE);
	}
	for (i = 3; i < argc; i++) {
		if (strchr(argv[i], '=') == NULL || *argv[i] == '=') {
			fprintf(stderr, "napmon correct: '%s' is not"
			    " FIELD=VALUE\n%s", argv[i], correct_usage);
			return (EX_USAGE);
		}
	}
	*bodies = xcalloc(argc - 3, sizeof **bodies);
	for (i = 3; i < argc; i++)
		(*bodies)[(*nbodies)++] = correct_body(argv, argv[i], y, note);
	return (0);
}

/* Free what correct_bodies() made. */
void
correct_free(char **bodies, size_t nbodies)
{
	size_t	i;

	for (i = 0; i < nbodies; i++)
		free(bodies[i]);
	free(bodies);
}

/* The path of `napmon uncorrect ID`: 0, or EX_USAGE having said why. */
int
uncorrect_path(int argc, char **argv, char **path)
{
	if (argc != 1 || *argv[0] == '\0' ||
	    strspn(argv[0], "0123456789") != strlen(argv[0])) {
		fprintf(stderr, "usage: napmon uncorrect ID\n");
		return (EX_USAGE);
	}
	xasprintf(path, "/v1/corrections/%s", argv[0]);
	return (0);
}

/* napmon correct: what was stored. */
void
print_correction(const struct client *c, cJSON *doc)
{
	const char	*kind = cJSON_GetObjectItem(doc, "measure") != NULL ?
			    "measure" : "agreement";

	(void)c;
	printf("correction %.0f: %s, %s %s: %s = %s (by %s)\n",
	    cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "id")),
	    member(doc, "agency"), kind, member(doc, kind),
	    member(doc, "field"), member(doc, "value"), member(doc, "who"));
}

/* napmon corrections. */
void
print_corrections(const struct client *c, cJSON *doc)
{
	const cJSON	*o, *list = cJSON_GetObjectItem(doc, "corrections");
	const cJSON	*year;
	const char	*kind;
	char		 y[16];

	(void)c;
	printf("%-5s%-25s%-10s%-6s%-12s%-13s%-12s%-6s%s\n", "ID", "AGENCY",
	    "KIND", "YEAR", "FIELD", "VALUE", "WHO", "STALE", "KEY");
	cJSON_ArrayForEach(o, list) {
		kind = cJSON_GetObjectItem(o, "measure") != NULL ? "measure" :
		    "agreement";
		year = cJSON_GetObjectItem(o, "year");
		if (cJSON_IsNumber(year))
			snprintf(y, sizeof y, "%.0f", year->valuedouble);
		else
			snprintf(y, sizeof y, "all");
		printf("%-5.0f%-25s%-10s%-6s%-12s%-13s%-12s%-6s%s\n",
		    cJSON_GetNumberValue(cJSON_GetObjectItem(o, "id")),
		    member(o, "agency"), kind, y, member(o, "field"),
		    member(o, "value"), member(o, "who"),
		    cJSON_IsTrue(cJSON_GetObjectItem(o, "stale")) ? "yes" :
		    "no", member(o, kind));
	}
	printf("%d corrections\n", cJSON_GetArraySize(list));
}

/* napmon uncorrect. */
void
print_uncorrect(const struct client *c, cJSON *doc)
{
	(void)c;
	printf("correction %.0f taken back\n",
	    cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "id")));
}
