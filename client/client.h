/* The napmon commands that query a running napmond over its socket. */
#ifndef NAPMON_CLIENT_H
#define NAPMON_CLIENT_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* What one command line asks for. */
struct client {
	const char	*command;
	const char	*socket;
	const char	*agency;
	const char	*status;
	const char	*stage;
	const char	*partner;
	const char	*chapter;
	const char	*measure;	/* history measure AGENCY ID */
	const char	*path;		/* instead of the command's */
	const char	*body;		/* of a POST */
	char		**bodies;	/* correct: a POST each */
	size_t		 nbodies;
	const char	*note;		/* correct --note */
	const char	*year;		/* correct --year */
	int		 overdue;
	int		 history;
	int		 stuck;
	int		 regressed;
	int		 json;
};

/* print.c: the answers as tables. */
void	print_status(const struct client *, cJSON *);
void	print_open(const struct client *, cJSON *);
void	print_indicators(const struct client *, cJSON *);
void	print_trends(const struct client *, cJSON *);
void	print_history(const struct client *, cJSON *);
void	print_measures(const struct client *, cJSON *);
void	print_agreements(const struct client *, cJSON *);
void	print_review(const struct client *, cJSON *);
void	print_reports(const struct client *, cJSON *);
void	print_scan(const struct client *, cJSON *);
void	print_export(const struct client *, cJSON *);

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
