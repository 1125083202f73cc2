/*
 * Logging to stderr.  Under systemd (JOURNAL_STREAM set) each line starts
 * with its syslog priority, "<6>", so the journal keeps the level; elsewhere
 * with a timestamp and the level's name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"

static enum log_level	log_level = LOG_LEVEL_INFO;
static int		log_journal;

static const struct {
	const char	*name;
	int		 priority;
} log_levels[] = {
	{ "debug", 7 }, { "info", 6 }, { "warning", 4 }, { "error", 3 },
};

/* Start logging at a level. */
void
log_init(enum log_level level)
{
	log_level = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

/* Change the level, as a reload does. */
void
log_set_level(enum log_level level)
{
	log_level = level;
}

/* Write one line at a level. */
static void __attribute__((format(printf, 2, 0)))
log_vwrite(enum log_level level, const char *fmt, va_list ap)
{
	char		when[32];
	time_t		now;
	struct tm	tm;

	if (level < log_level)
		return;
	/* The refresher thread logs too: one line at a time. */
	flockfile(stderr);
	if (log_journal)
		fprintf(stderr, "<%d>", log_levels[level].priority);
	else {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s napmond %s: ", when, log_levels[level].name);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/* Log at debug level. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_DEBUG, fmt, ap);
	va_end(ap);
}

/* Log at info level. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_INFO, fmt, ap);
	va_end(ap);
}

/* Log at warning level. */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARNING, fmt, ap);
	va_end(ap);
}

/* Log at error level. */
void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

/* Log an error and exit. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}
