/*
 * libFuzzer target: the lexicon reader on an arbitrary lexicon.ini, beside
 * the small valid partners.ini of tests/fuzz/lexicon/.  A lexicon that loads
 * then parses that folder's short report, since an operator's edit to the
 * data must not crash the parser either.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char		 dir[PATH_MAX - 32];
static char		 lexicon_ini[PATH_MAX], partners_ini[PATH_MAX];
static unsigned char	*report;
static size_t		 report_len;

static void __attribute__((noreturn))
fail(const char *what)
{
	fprintf(stderr, "fuzz_lexicon: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Read a whole small file. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char	*buf = NULL;
	FILE		*f = fopen(path, "rb");
	long		 n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail(path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Write a whole file. */
static void
put(const char *path, const void *buf, size_t len)
{
	int	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) != 0)
		fail(path);
}

static void
cleanup(void)
{
	unlink(lexicon_ini);
	unlink(partners_ini);
	rmdir(dir);
	free(report);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*tmp = getenv("TMPDIR");
	unsigned char	*partners;
	size_t		 len;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/napmon-fuzz-lexicon.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fail("mkdtemp");
	snprintf(lexicon_ini, sizeof lexicon_ini, "%s/lexicon.ini", dir);
	snprintf(partners_ini, sizeof partners_ini, "%s/partners.ini", dir);
	atexit(cleanup);
	partners = slurp(FUZZ_DATA_DIR "/lexicon/partners.ini", &len);
	put(partners_ini, partners, len);
	free(partners);
	report = slurp(FUZZ_DATA_DIR "/lexicon/report.txt", &report_len);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lexicon	*lex;
	struct report	*r = NULL;
	char		*cause = NULL;

	put(lexicon_ini, data, size);
	if ((lex = lexicon_load(dir, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	if (collect_bytes(lex, "report.txt", report, report_len, NULL, &r,
	    &cause) != 0)
		free(cause);
	report_free(r);
	lexicon_free(lex);
	return 0;
}
