/*
 * libFuzzer target: napmond's configuration reader on an arbitrary file,
 * then config_check(), as napmond -c FILE meets it; and the same bytes as
 * the value of every key, as the command line gives one.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	path[4096];
static int	fd = -1;

/* The keys napmond takes on its command line, and listen_remote. */
static const char *keys[][2] = {
	{ "daemon", "socket" }, { "daemon", "database" },
	{ "daemon", "listen" }, { "daemon", "listen_remote" },
	{ "daemon", "log_level" }, { "collector", "inbox" },
	{ "collector", "quarantine" }, { "collector", "lexicon" },
	{ "collector", "interval" }, { "collector", "settle_ms" },
	{ "export", "directory" }, { "export", "summary_interval" },
	{ "export", "summary_keep" }, { "nosuch", "key" },
};

static void __attribute__((noreturn))
fail(const char *what)
{
	fprintf(stderr, "fuzz_config: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Make the file each input is written to, in $TMPDIR. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "%s/fuzz-napmond.conf.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(path)) == -1)
		fail(path);
	return 0;
}

/* A loaded config must say where it came from and hold a whole listen. */
static void
check_config(const struct config *c)
{
	char	*host, *port, *cause;

	if (c->socket == NULL || c->database == NULL || c->inbox == NULL ||
	    c->listen == NULL)
		abort();
	if (*c->listen != '\0') {
		if (config_listen_split(c->listen, 1, &host, &port,
		    &cause) != 0)
			abort();	/* config_load let a bad one through */
		free(host);
		free(port);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*c;
	char		*cause = NULL, *value;
	size_t		 i;

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		fail(path);
	c = config_new();
	if (config_load(c, path, &cause) == 0) {
		check_config(c);
		if (config_check(c, &cause) != 0) {
			free(cause);
			cause = NULL;
		}
	} else if (cause == NULL)
		abort();	/* a failure must say why */
	free(cause);
	config_free(c);

	value = malloc(size + 1);
	memcpy(value, data, size);
	value[size] = '\0';
	c = config_new();
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		cause = NULL;
		if (config_set(c, keys[i][0], keys[i][1], value, &cause) != 0) {
			if (cause == NULL)
				abort();
			free(cause);
		}
	}
	check_config(c);
	if (config_check(c, &cause) != 0)
		free(cause);
	config_free(c);
	free(value);
	return 0;
}
