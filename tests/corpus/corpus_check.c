/*
 * napmon-corpus-check: compare what napmon-gencorpus says it wrote
 * (manifest.json) with what `napmon parse` read (its JSON output).
 *
 *	napmon-corpus-check MANIFEST PARSED...
 *
 * Each PARSED file is `napmon parse` output: one report object or an array
 * of them.  Reports are matched by file name, measures by id, agreements by
 * measure and name.  Every field of the manifest is checked; each
 * disagreement is printed as "file: where: field: expected X, got Y".
 * Exit 0 when all agree, 1 when some do not, 2 on a usage or read error.
 */
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Printing stops here; the counting does not. */
#define MAX_PRINTED	300

static unsigned long	mismatches, printed;

static cJSON *
read_json(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;
	cJSON	*j;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "napmon-corpus-check: %s: %s\n", path,
		    strerror(errno));
		exit(2);
	}
	do {
		if (len + 65536 + 1 > cap) {
			cap = (cap + 65536 + 1) * 2;
			if ((buf = realloc(buf, cap)) == NULL) {
				fputs("napmon-corpus-check: out of memory\n",
				    stderr);
				exit(2);
			}
		}
		n = fread(buf + len, 1, 65536, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	if ((j = cJSON_ParseWithLength(buf, len)) == NULL) {
		fprintf(stderr, "napmon-corpus-check: %s: not JSON\n", path);
		exit(2);
	}
	free(buf);
	return j;
}

static char *
show(const cJSON *v)
{
	return v == NULL ? strdup("(absent)") : cJSON_PrintUnformatted(v);
}

static void __attribute__((format(printf, 2, 3)))
differ(const char *file, const char *fmt, ...)
{
	va_list	ap;

	mismatches++;
	if (printed++ >= MAX_PRINTED)
		return;
	printf("%s: ", file);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Compare field key of want and got; print when they differ. */
static void
field(const char *file, const char *where, const cJSON *want,
    const cJSON *got, const char *key)
{
	const cJSON	*w = cJSON_GetObjectItemCaseSensitive(want, key);
	const cJSON	*g = cJSON_GetObjectItemCaseSensitive(got, key);
	char		*ws, *gs;

	if (w == NULL)
		return;		/* the manifest does not say */
	if (g != NULL && cJSON_Compare(w, g, 1))
		return;
	ws = show(w);
	gs = show(g);
	differ(file, "%s: %s: expected %s, got %s", where, key, ws, gs);
	free(ws);
	free(gs);
}

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Find the parsed report of a manifest file name. */
static const cJSON *
find_report(cJSON **parsed, int nparsed, const char *file)
{
	const cJSON	*r, *rep;
	int		 i;

	for (i = 0; i < nparsed; i++) {
		cJSON_ArrayForEach(r, parsed[i]) {
			char	*copy;
			int	 same;

			rep = cJSON_GetObjectItemCaseSensitive(r, "report");
			if ((copy = strdup(str(rep, "file"))) == NULL)
				exit(2);
			same = strcmp(basename(copy), file) == 0;
			free(copy);
			if (same)
				return r;
		}
	}
	return NULL;
}

static void
check_measures(const char *file, const cJSON *want, const cJSON *got,
    unsigned long *n)
{
	static const char *const keys[] = { "chapter", "title", "deadline",
	    "executors", "status", "overdue", "overdue_years" };
	const cJSON	*wm, *gm;
	char		 where[64];
	size_t		 k;

	cJSON_ArrayForEach(wm, want) {
		(*n)++;
		snprintf(where, sizeof where, "measure %s", str(wm, "id"));
		cJSON_ArrayForEach(gm, got)
			if (strcmp(str(gm, "id"), str(wm, "id")) == 0)
				break;
		if (gm == NULL) {
			differ(file, "%s: not found", where);
			continue;
		}
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			field(file, where, wm, gm, keys[k]);
	}
	cJSON_ArrayForEach(gm, got) {
		cJSON_ArrayForEach(wm, want)
			if (strcmp(str(gm, "id"), str(wm, "id")) == 0)
				break;
		if (wm == NULL)
			differ(file, "measure %s: found, but not written",
			    str(gm, "id"));
	}
}

static int
same_agreement(const cJSON *a, const cJSON *b)
{
	return strcmp(str(a, "name"), str(b, "name")) == 0 &&
	    strcmp(str(a, "measure"), str(b, "measure")) == 0;
}

static void
check_agreements(const char *file, const cJSON *want, const cJSON *got,
    unsigned long *n)
{
	static const char *const keys[] = { "kind", "partner", "partner_iso",
	    "stage", "date" };
	const cJSON	*wa, *ga;
	char		 where[4096];
	size_t		 k;

	cJSON_ArrayForEach(wa, want) {
		(*n)++;
		snprintf(where, sizeof where, "agreement (measure %s) “%s”",
		    str(wa, "measure"), str(wa, "name"));
		cJSON_ArrayForEach(ga, got)
			if (same_agreement(wa, ga))
				break;
		if (ga == NULL) {
			differ(file, "%s: not found (expected stage %s)",
			    where, str(wa, "stage"));
			continue;
		}
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			field(file, where, wa, ga, keys[k]);
	}
	cJSON_ArrayForEach(ga, got) {
		cJSON_ArrayForEach(wa, want)
			if (same_agreement(wa, ga))
				break;
		if (wa == NULL)
			differ(file, "agreement (measure %s) “%s”: found "
			    "(stage %s), but not written", str(ga, "measure"),
			    str(ga, "name"), str(ga, "stage"));
	}
}

int
main(int argc, char **argv)
{
	cJSON		*manifest, **parsed, *wr;
	const cJSON	*gr;
	int		 i, nparsed = argc - 2;
	unsigned long	 nrep = 0, nmeas = 0, nagr = 0, missing = 0;

	if (argc < 3) {
		fputs("usage: napmon-corpus-check MANIFEST PARSED...\n",
		    stderr);
		return 2;
	}
	manifest = read_json(argv[1]);
	if ((parsed = calloc((size_t)nparsed, sizeof *parsed)) == NULL)
		return 2;
	for (i = 0; i < nparsed; i++) {
		parsed[i] = read_json(argv[i + 2]);
		if (cJSON_IsObject(parsed[i])) {	/* one file: wrap it */
			cJSON *arr = cJSON_CreateArray();

			cJSON_AddItemToArray(arr, parsed[i]);
			parsed[i] = arr;
		}
	}
	cJSON_ArrayForEach(wr, cJSON_GetObjectItemCaseSensitive(manifest,
	    "reports")) {
		const char	*file = str(wr, "file");
		const cJSON	*grep;

		nrep++;
		if ((gr = find_report(parsed, nparsed, file)) == NULL) {
			differ(file, "not in napmon's output");
			missing++;
			continue;
		}
		grep = cJSON_GetObjectItemCaseSensitive(gr, "report");
		field(file, "report", wr, grep, "agency");
		field(file, "report", wr, grep, "year");
		field(file, "report", wr, grep, "encoding");
		field(file, "report", wr, gr, "chapters");
		check_measures(file,
		    cJSON_GetObjectItemCaseSensitive(wr, "measures"),
		    cJSON_GetObjectItemCaseSensitive(gr, "measures"), &nmeas);
		check_agreements(file,
		    cJSON_GetObjectItemCaseSensitive(wr, "agreements"),
		    cJSON_GetObjectItemCaseSensitive(gr, "agreements"), &nagr);
	}
	if (printed > MAX_PRINTED)
		printf("... %lu more not shown\n", printed - MAX_PRINTED);
	printf("%lu reports (%lu not parsed), %lu measures, %lu agreements "
	    "checked: %lu disagreement%s\n", nrep, missing, nmeas, nagr,
	    mismatches, mismatches == 1 ? "" : "s");
	for (i = 0; i < nparsed; i++)
		cJSON_Delete(parsed[i]);
	free(parsed);
	cJSON_Delete(manifest);
	return mismatches == 0 && nrep > 0 ? 0 : 1;
}
