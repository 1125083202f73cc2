/*
 * napmon: the command-line client.  `napmon parse` reads reports offline;
 * the other commands query a running napmond over its socket.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "client.h"
#include "collector.h"
#include "metrics.h"

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
};

static int	cmd_parse(int, char **);

static const struct command commands[] = {
	{ "parse", cmd_parse, "parse report files offline and print JSON" },
};

static const char parse_usage[] =
"usage: napmon parse [--as-of YYYY-MM-DD] [--lexicon DIR] [--explain] FILE...\n"
"\n"
"Parse National Action Plan progress reports (text in UTF-8, UTF-8 with\n"
"BOM or UTF-16LE/BE with BOM, LF or CRLF; Word .docx; OpenDocument .odt,\n"
"told apart by their bytes) and print, for one file, one JSON object on\n"
"stdout, for several an array of them: the report (file, sha256, format,\n"
"encoding, agency, year), its chapters, its measures (deadline, executing\n"
"bodies, status, overdue, evidence), the agreements its narrative names\n"
"(kind, partner, ISO code, stage, date, evidence, and every stage event\n"
"with its own date and evidence) and its indicators.\n"
"\n"
"  --explain           print, instead of JSON, each agreement's events with\n"
"                      the words that decided them: the cue as written, the\n"
"                      verb's form, the agreement noun, the partner's match,\n"
"                      and the facts read with low confidence, with why\n"
"  --as-of YYYY-MM-DD  judge overdue measures against this date instead of\n"
"                      the report's own year\n"
"  --lexicon DIR       read lexicon.ini and partners.ini from DIR\n"
"                      (default: $NAPMON_LEXICON_DIR, else the installed ones)\n"
"  -h, --help          show this help\n"
"\n"
"A file that cannot be read or decoded is named on stderr with the reason;\n"
"the other files are still printed.\n"
"Exit status: 0 all parsed, 65 some file refused, 64 usage error,\n"
"78 lexicon unreadable.\n";

static void
usage(FILE *f)
{
	size_t	i;

	fputs("usage: napmon COMMAND [OPTIONS] [ARGS]\n\n"
	    "Monitor National Action Plan progress reports.\n\nCommands:\n", f);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	client_usage(f);
	fputs("\nRun 'napmon COMMAND --help' for a command's options.\n", f);
}

/* Read YYYY-MM-DD; return its year, or 0 when it is no valid date. */
static int
parse_as_of(const char *s)
{
	int	y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] != '\0' ||
	    strlen(s) != 10 || y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return y;
}

/* Print ", confidence low (no_cue, ...)", or nothing when it is high. */
static void
explain_doubts(unsigned doubts)
{
	int	i, first = 1;

	if (doubts == 0)
		return;
	printf(", confidence low (");
	for (i = 0; i < DOUBT_COUNT; i++)
		if (doubts & 1u << i) {
			printf("%s%s", first ? "" : ", ", doubt_name(1u << i));
			first = 0;
		}
	putchar(')');
}

/* Print the measures whose status napmon doubts, and why. */
static void
explain_measures(const struct report *r)
{
	const struct measure	*m;
	size_t			 i;

	for (i = 0; i < r->nmeasures; i++) {
		m = &r->measures[i];
		if (m->doubts == 0)
			continue;
		printf("measure %s: status %s", m->id, status_name(m->status));
		explain_doubts(m->doubts);
		putchar('\n');
	}
}

/* Print why each agreement of a report was read as it was. */
static void
explain_report(const struct report *r)
{
	const struct agreement		*a;
	const struct stage_event	*e;
	size_t				 i, k;

	printf("%s: %zu agreement%s\n", r->file, r->nagreements,
	    r->nagreements == 1 ? "" : "s");
	explain_measures(r);
	for (i = 0; i < r->nagreements; i++) {
		a = &r->agreements[i];
		printf("\n[%zu] %s\n    measure %s; kind %s, from the noun "
		    "\"%s\"\n", i + 1, a->name, a->measure, a->kind, a->noun);
		if (a->partner != NULL)
			printf("    partner %s (%s), %s match of its name\n",
			    a->partner, a->partner_iso ? a->partner_iso :
			    "no ISO code: a group", a->partner_near ?
			    "a near (one letter off)" : "an exact");
		else
			printf("    partner: none named\n");
		printf("    stage %s, date %s: its furthest event",
		    stage_name(a->stage), *a->date ? a->date : "none");
		explain_doubts(a->doubts);
		putchar('\n');
		for (k = 0; k < a->nevents; k++) {
			e = &a->events[k];
			printf("    - %s, date %s: \"%s\" (%s), line %d\n"
			    "      %s\n", stage_name(e->stage),
			    *e->date ? e->date : "none", e->cue,
			    *e->form ? e->form : "fixed phrase",
			    e->evidence.line, e->evidence.text);
			if (e->doubts != 0) {
				printf("      ");
				explain_doubts(e->doubts);
				putchar('\n');
			}
		}
	}
}

static int
cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "explain", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char		 outbuf[64 * 1024];
	struct collect_options	 co = { 0 };
	const char		*dir = NULL;
	struct lexicon		*lex;
	char			*cause = NULL;
	int			 c, i, many, printed = 0, failed = 0;
	int			 explain = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((co.as_of_year = parse_as_of(optarg)) == 0) {
				fprintf(stderr, "napmon parse: --as-of wants "
				    "YYYY-MM-DD, not '%s'\n", optarg);
				return EX_USAGE;
			}
			break;
		case 'l':
			dir = optarg;
			break;
		case 'e':
			explain = 1;
			break;
		case 'h':
			fputs(parse_usage, stdout);
			return 0;
		default:
			fputs(parse_usage, stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(parse_usage, stderr);
		return EX_USAGE;
	}
	collect_malloc_bounds();		/* as napmond parses */
	if ((lex = lexicon_load(dir ? dir : lexicon_default_dir(), &cause)) ==
	    NULL) {
		fprintf(stderr, "napmon: %s\n", cause);
		free(cause);
		return EX_CONFIG;
	}
	/* For one file an object, for several an array ("[]" if none is
	 * read), written as each report is read. */
	many = argc - optind > 1 && !explain;
	/* A buffer of our own: given none, glibc keeps its own of a block
	 * (4 KiB) whatever the size asked, and writes 4 KiB at a time. */
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (many)
		putchar('[');
	for (i = optind; i < argc; i++) {
		struct report *r;

		if (collect_file(lex, argv[i], &co, &r, &cause) != 0) {
			fprintf(stderr, "napmon: %s\n", cause);
			free(cause);
			failed = 1;
			continue;
		}
		if (explain)
			explain_report(r);
		else {
			if (printed++ > 0)
				fputs(", ", stdout);
			report_write_json(stdout, r, many);
		}
		report_free(r);
	}
	lexicon_free(lex);
	if (many)
		putchar(']');
	if (many || printed > 0)
		putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "napmon: stdout: %s\n", strerror(errno));
		return EX_IOERR;
	}
	return failed ? EX_DATAERR : 0;
}

int
main(int argc, char **argv)
{
	size_t	i;

	if (argc < 2) {
		usage(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (client_handles(argv[1]))
		return client_main(argc - 1, argv + 1);
	fprintf(stderr, "napmon: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EX_USAGE;
}
