/* napmond's log: one line per event on stderr, for the journal. */
#ifndef NAPMON_LOG_H
#define NAPMON_LOG_H

#include "config.h"

void	log_init(enum log_level);
void	log_set_level(enum log_level);
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

#endif
