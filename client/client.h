/* The napmon commands that query a running napmond over its socket. */
#ifndef NAPMON_CLIENT_H
#define NAPMON_CLIENT_H

#include <stdio.h>

int	client_handles(const char *command);
int	client_main(int argc, char **argv);
void	client_usage(FILE *);

#endif
