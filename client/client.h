/* The napmon commands that query a running napmond over its socket. */
#ifndef NAPMON_CLIENT_H
#define NAPMON_CLIENT_H

#include <stdio.h>

#include <cjson/cJSON.h>

struct client;

int	client_handles(const char *command);
int	client_main(int argc, char **argv);
void	client_usage(FILE *);

/* correct.c: napmon correct, corrections, uncorrect. */
int	correct_bodies(int argc, char **argv, const char *year,
	    const char *note, char ***bodies, size_t *nbodies);
void	correct_free(char **bodies, size_t nbodies);
int	uncorrect_path(int argc, char **argv, char **path);
void	print_correction(const struct client *, cJSON *);
void	print_corrections(const struct client *, cJSON *);
void	print_uncorrect(const struct client *, cJSON *);

#endif
