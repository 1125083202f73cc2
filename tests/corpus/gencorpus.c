/*
 * napmon-gencorpus: write N made-up progress reports in the layout of the
 * real exports (../shared/DOMAIN.md), and a manifest of what each one says.
 *
 *	napmon-gencorpus --seed N --count N --out DIR [--partners FILE]
 *
 * Everything comes from one small PRNG (splitmix64) seeded from the seed and
 * the report's index, so a seed gives the same bytes on every machine, and
 * report k is the same whatever --count is.  Partners are the canonical
 * names of config/partners.ini.  The text is built so that DOMAIN.md's rules
 * give exactly one reading of it: no cue word stands where it would change a
 * status or a stage other than the one written into the manifest.
 *
 * This file reads the command line and writes the files; corpus_report.c
 * makes up each report.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <cjson/cJSON.h>

#include "corpus.h"

#ifndef NAPMON_PARTNERS_INI
#define NAPMON_PARTNERS_INI "config/partners.ini"
#endif

static void
usage(FILE *f)
{
	fputs("usage: napmon-gencorpus --seed N --count N --out DIR "
	    "[--partners FILE]\n                        [--history YEARS]\n\n"
	    "Write N made-up progress reports into DIR and DIR/manifest.json,\n"
	    "which says what each one holds.  The same seed gives the same\n"
	    "files everywhere.\n\n"
	    "  --partners FILE  partners.ini to draw partners from\n"
	    "  --history YEARS  long histories: each agency reports once a year\n"
	    "                   for YEARS years (up to 80) from 2012, naming its\n"
	    "                   own agreements year after year as they move up\n"
	    "                   (or stall, or go back); more agencies as N asks\n",
	    f);
}

static unsigned long long
number_arg(const char *name, const char *s)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || *s == '-') {
		fprintf(stderr, "napmon-gencorpus: --%s wants a number, not "
		    "'%s'\n", name, s);
		exit(EX_USAGE);
	}
	return v;
}

/* What the command line asks for. */
struct args {
	const char		*out, *partners;
	unsigned long long	 seed, count;
	unsigned long long	 history;	/* years per agency; 0: off */
};

/* Read the command line into a, or exit with the usage. */
static void
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		{ "partners", required_argument, NULL, 'p' },
		{ "history", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c, have_seed = 0, have_count = 0;

	a->out = NULL;
	a->partners = NAPMON_PARTNERS_INI;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->seed = number_arg("seed", optarg);
			have_seed = 1;
			break;
		case 'n':
			a->count = number_arg("count", optarg);
			have_count = 1;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'p':
			a->partners = optarg;
			break;
		case 'H':
			a->history = number_arg("history", optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EX_USAGE);
		}
	}
	if (!have_seed || !have_count || a->out == NULL || optind != argc ||
	    a->count > 1000000 || a->history > 80) {
		usage(stderr);
		exit(EX_USAGE);
	}
}

/* Scratch space for writing the reports, kept from one to the next. */
struct scratch {
	struct buf	path, tmp, tmp2;
};

/*
 * Make report i, write it in an encoding and line ends drawn for it, and
 * give its manifest entry; its size in *bytes.
 */
static cJSON *
write_one(struct gen *g, const struct args *a, unsigned i,
    struct scratch *sc, size_t *bytes)
{
	cJSON		*rep = gen_report(g, a->seed, i);
	enum encoding	 enc;
	int		 crlf;
	uint32_t	 e = below(&g->r, 100);
	char		 file[128];

	enc = e < 35 ? E_UTF8 : e < 55 ? E_UTF8_BOM : e < 80 ?
	    E_UTF16LE : E_UTF16BE;
	crlf = chance(&g->r, 35);
	snprintf(file, sizeof file, "%05u-%s-%d.txt", i, g->agency->tag,
	    g->year);
	breset(&sc->path);
	bprintf(&sc->path, "%s/%s", a->out, file);
	*bytes = write_report(sc->path.p, &g->text, enc, crlf, &sc->tmp,
	    &sc->tmp2);
	cJSON_AddItemToObjectCS(rep, "file", cJSON_CreateString(file));
	cJSON_AddStringToObject(rep, "encoding", encoding_name(enc));
	cJSON_AddBoolToObject(rep, "crlf", crlf);
	cJSON_AddNumberToObject(rep, "bytes", (double)*bytes);
	return rep;
}

int
main(int argc, char **argv)
{
	struct args		 a = { 0 };
	struct partners		 pt;
	struct gen		 g;
	struct scratch		 sc = { { 0 }, { 0 }, { 0 } };
	struct history		 hist = { 0, 0, 0, 0 };
	FILE			*mf;
	cJSON			*rep;
	char			*js;
	size_t			 bytes;
	unsigned		 i;
	unsigned long long	 total = 0;

	parse_args(argc, argv, &a);
	partners_load(a.partners, &pt);
	if (mkdir(a.out, 0777) != 0 && errno != EEXIST)
		fatalx("%s: %s", a.out, strerror(errno));

	bprintf(&sc.path, "%s/manifest.json", a.out);
	if ((mf = fopen(sc.path.p, "w")) == NULL)
		fatalx("%s: %s", sc.path.p, strerror(errno));
	fprintf(mf, "{\"generator\": \"napmon-gencorpus 1\", \"seed\": %llu, "
	    "\"count\": %llu, \"reports\": [\n", a.seed, a.count);

	memset(&g, 0, sizeof g);
	g.pt = &pt;
	if (a.history > 0) {
		hist.seed = a.seed;
		hist.years_per_agency = (unsigned)a.history;
		g.history = &hist;
	}
	for (i = 0; i < a.count; i++) {
		rep = write_one(&g, &a, i, &sc, &bytes);
		total += bytes;
		if ((js = cJSON_PrintUnformatted(rep)) == NULL)
			fatalx("cJSON_Print failed");
		fprintf(mf, "%s%s\n", js, i + 1 < a.count ? "," : "");
		free(js);
		cJSON_Delete(rep);
	}
	fprintf(mf, "], \"bytes\": %llu}\n", total);
	if (ferror(mf) || fclose(mf) != 0)
		fatalx("manifest: write error");
	free(sc.path.p);
	free(sc.tmp.p);
	free(sc.tmp2.p);
	free(g.text.p);
	free(g.names);
	partners_free(&pt);
	return 0;
}
