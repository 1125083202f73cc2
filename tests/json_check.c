/*
 * json_check: the JSON questions the reliability tests ask, without jq or
 * python3.
 *
 *	json_check valid FILE...	exit 1 naming each file that is not
 *					one whole JSON document
 *	json_check counts PARSED	print one line per report of a
 *					`napmon parse` array: "sha256 chapters
 *					measures executors agreements"
 *
 * The agreements counted are the distinct names, as the store keeps one row
 * per name (at its furthest stage): the line is what a report whole in the
 * database must show.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Read a whole file; NULL with errno on failure. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, got;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = (n + 65536 + 1) * 2;
			if ((buf = realloc(buf, cap)) == NULL) {
				fclose(f);
				return (NULL);
			}
		}
		if ((got = fread(buf + n, 1, 65536, f)) == 0)
			break;
		n += got;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return (NULL);
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return (buf);
}

/* Parse a file as one JSON document with nothing after it but space. */
static cJSON *
load(const char *path, const char **why)
{
	const char	*end;
	char		*text;
	size_t		 len;
	cJSON		*doc;

	if ((text = slurp(path, &len)) == NULL) {
		*why = strerror(errno);
		return (NULL);
	}
	if (strlen(text) != len) {
		free(text);
		*why = "NUL byte";
		return (NULL);
	}
	doc = cJSON_ParseWithOpts(text, &end, 1);
	free(text);
	if (doc == NULL)
		*why = len == 0 ? "empty" : "not JSON";
	return (doc);
}

/* Count the distinct agreement names of a report. */
static int
distinct_names(const cJSON *agreements)
{
	const cJSON	*a, *b, *na, *nb;
	int		 n = 0, seen;

	cJSON_ArrayForEach(a, agreements) {
		na = cJSON_GetObjectItem(a, "name");
		if (!cJSON_IsString(na))
			continue;
		seen = 0;
		cJSON_ArrayForEach(b, agreements) {
			if (b == a)
				break;
			nb = cJSON_GetObjectItem(b, "name");
			if (cJSON_IsString(nb) &&
			    strcmp(na->valuestring, nb->valuestring) == 0)
				seen = 1;
		}
		n += !seen;
	}
	return (n);
}

/* Print the counts line of every report of a napmon parse output. */
static int
counts(const char *path)
{
	const cJSON	*r, *m, *sha;
	const char	*why;
	cJSON		*doc;
	int		 executors;

	if ((doc = load(path, &why)) == NULL) {
		fprintf(stderr, "json_check: %s: %s\n", path, why);
		return (1);
	}
	cJSON_ArrayForEach(r, doc) {
		sha = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "report"),
		    "sha256");
		if (!cJSON_IsString(sha)) {
			fprintf(stderr, "json_check: %s: a report has no"
			    " sha256\n", path);
			cJSON_Delete(doc);
			return (1);
		}
		executors = 0;
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(r, "measures"))
			executors += cJSON_GetArraySize(
			    cJSON_GetObjectItem(m, "executors"));
		printf("%s %d %d %d %d\n", sha->valuestring,
		    cJSON_GetArraySize(cJSON_GetObjectItem(r, "chapters")),
		    cJSON_GetArraySize(cJSON_GetObjectItem(r, "measures")),
		    executors,
		    distinct_names(cJSON_GetObjectItem(r, "agreements")));
	}
	cJSON_Delete(doc);
	return (0);
}

int
main(int argc, char **argv)
{
	const char	*why;
	cJSON		*doc;
	int		 i, bad = 0;

	if (argc >= 2 && strcmp(argv[1], "valid") == 0) {
		for (i = 2; i < argc; i++) {
			if ((doc = load(argv[i], &why)) == NULL) {
				printf("%s: %s\n", argv[i], why);
				bad = 1;
			}
			cJSON_Delete(doc);
		}
		return (bad);
	}
	if (argc == 3 && strcmp(argv[1], "counts") == 0)
		return (counts(argv[2]));
	fprintf(stderr, "usage: json_check valid FILE...\n"
	    "       json_check counts PARSED.json\n");
	return (64);
}
