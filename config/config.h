/*
 * The door of the config module: napmond's settings, read from an INI file
 * and overridden by the command line.
 */
#ifndef NAPMON_CONFIG_H
#define NAPMON_CONFIG_H

/* sysexits.h's EX_CONFIG: what napmond exits with on a bad configuration. */
#define CONFIG_EXIT	78

#define CONFIG_NKEYS	15

enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARNING,
	LOG_LEVEL_ERROR };

struct config {
	char		*file;		/* the file read; NULL for defaults only */

	/* [daemon] */
	char		*socket;
	char		*database;
	char		*listen;	/* "" when off */
	int		 listen_remote;	/* listen may be a non-loopback
					   address */
	enum log_level	 log_level;

	/* [collector] */
	char		*inbox;
	char		*quarantine;
	char		*lexicon;	/* "" for the built-in data folder */
	int		 interval;	/* seconds between scans */
	int		 settle_ms;	/* size and mtime must hold this long */

	/* [export] */
	char		*export_dir;
	int		 summary_interval;	/* seconds; 0 = no summaries */
	int		 summary_keep;
	int		 lists_interval;	/* seconds between rewrites of
						   agreements.json; 0 = each
						   change */

	/* [history] */
	int		 stuck_reports;	/* reports at one stage that make an
					   agreement stuck */

	int		 lines[CONFIG_NKEYS];	/* where each key was set */
};

struct config	*config_new(void);
void		 config_free(struct config *);
int		 config_load(struct config *, const char *path, char **cause);
int		 config_set(struct config *, const char *section,
		     const char *key, const char *value, char **cause);
int		 config_check(const struct config *, char **cause);
int		 config_listen_split(const char *listen, int remote,
		     char **host, char **port, char **cause);
const char	*log_level_name(enum log_level);

#endif
