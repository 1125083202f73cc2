/*
 * napmond's configuration: one table of keys drives the defaults, the INI
 * reader and the command-line overrides, so the three never disagree.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "collector.h"
#include "config.h"

enum key_type { KEY_PATH, KEY_STRING, KEY_SECONDS, KEY_NUMBER, KEY_LEVEL,
	KEY_LISTEN, KEY_BOOL };

struct config_key {
	const char	*section;
	const char	*name;
	enum key_type	 type;
	size_t		 offset;
	const char	*value;		/* the default */
	int		 min;		/* for numbers */
};

#define CONFIG_FIELD(f)	offsetof(struct config, f)
static const struct config_key config_keys[] = {
	{ "daemon", "socket", KEY_PATH, CONFIG_FIELD(socket),
	    "/run/napmon/napmond.sock", 0 },
	{ "daemon", "database", KEY_PATH, CONFIG_FIELD(database),
	    "/var/lib/napmon/napmon.db", 0 },
	{ "daemon", "listen", KEY_LISTEN, CONFIG_FIELD(listen), "", 0 },
	{ "daemon", "listen_remote", KEY_BOOL, CONFIG_FIELD(listen_remote),
	    "no", 0 },
	{ "daemon", "log_level", KEY_LEVEL, CONFIG_FIELD(log_level), "info", 0 },
	{ "collector", "inbox", KEY_PATH, CONFIG_FIELD(inbox),
	    "/var/lib/napmon/inbox", 0 },
	{ "collector", "quarantine", KEY_PATH, CONFIG_FIELD(quarantine),
	    "/var/lib/napmon/quarantine", 0 },
	{ "collector", "lexicon", KEY_PATH, CONFIG_FIELD(lexicon), "", 0 },
	{ "collector", "interval", KEY_SECONDS, CONFIG_FIELD(interval), "60", 1 },
	{ "collector", "settle_ms", KEY_NUMBER, CONFIG_FIELD(settle_ms),
	    "250", 0 },
	{ "export", "directory", KEY_PATH, CONFIG_FIELD(export_dir),
	    "/var/lib/napmon/export", 0 },
	{ "export", "summary_interval", KEY_SECONDS,
	    CONFIG_FIELD(summary_interval), "86400", 0 },
	{ "export", "summary_keep", KEY_NUMBER, CONFIG_FIELD(summary_keep),
	    "30", 1 },
	{ "export", "lists_interval", KEY_SECONDS,
	    CONFIG_FIELD(lists_interval), "60", 0 },
	{ "history", "stuck_reports", KEY_NUMBER, CONFIG_FIELD(stuck_reports),
	    "3", 2 },
};
#define NKEYS (sizeof config_keys / sizeof config_keys[0])
_Static_assert(NKEYS == CONFIG_NKEYS, "CONFIG_NKEYS is out of date");

static const char *log_level_names[] = { "debug", "info", "warning", "error" };

/* What the INI reader needs to place values and errors. */
struct config_parse {
	struct config	*config;
	FILE		*f;
	const char	*file;
	char		*dir;		/* relative paths start here */
	int		 line;
	char		*cause;
};

/* Return the printable name of a log level. */
const char *
log_level_name(enum log_level level)
{
	return (log_level_names[level]);
}

/* Find a key of the table. */
static const struct config_key *
config_find(const char *section, const char *name)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++) {
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			return (&config_keys[i]);
	}
	return (NULL);
}

/* Parse a non-negative decimal integer no smaller than min. */
static int
config_number(const char *value, int min, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || n < min ||
	    n > INT_MAX)
		return (-1);
	*out = n;
	return (0);
}

/*
 * Split "host:port" or "[v6]:port"; unless remote, the host must be a
 * loopback address.
 */
int
config_listen_split(const char *listen, int remote, char **host, char **port,
    char **cause)
{
	const char	*colon, *h;
	size_t		 hlen;
	int		 n;

	if (listen[0] == '[') {
		if ((colon = strstr(listen, "]:")) == NULL)
			goto bad;
		h = listen + 1;
		hlen = colon - h;
		colon++;
	} else {
		if ((colon = strrchr(listen, ':')) == NULL)
			goto bad;
		h = listen;
		hlen = colon - h;
	}
	if (config_number(colon + 1, 1, &n) != 0 || n > 65535)
		goto bad;
	if (!remote && !(hlen == 3 && strncmp(h, "::1", 3) == 0) &&
	    !(hlen == 9 && strncmp(h, "localhost", 9) == 0) &&
	    !(hlen >= 7 && strncmp(h, "127.", 4) == 0 &&
	    strspn(h, "0123456789.") == hlen)) {
		xasprintf(cause, "not a loopback address: \"%s\"",
		    listen);
		return (-1);
	}
	if (host != NULL)
		*host = xstrndup(h, hlen);
	if (port != NULL)
		*port = xstrdup(colon + 1);
	return (0);

bad:
	xasprintf(cause, "not HOST:PORT: \"%s\"", listen);
	return (-1);
}

/* Set a string field, freeing the value it replaces. */
static void
config_put(struct config *config, const struct config_key *k, char *value)
{
	char	**field = (char **)((char *)config + k->offset);

	free(*field);
	*field = value;
}

/* Store one value for a key of the table; dir anchors relative paths. */
static int
config_apply(struct config *config, const struct config_key *k,
    const char *value, const char *dir, char **cause)
{
	int	*number = (int *)((char *)config + k->offset);
	char	*path;
	size_t	 i;

	switch (k->type) {
	case KEY_PATH:
		if (*value == '\0' && strcmp(k->name, "lexicon") != 0) {
			*cause = xstrdup("empty path");
			return (-1);
		}
		if (*value != '\0' && *value != '/' && dir != NULL)
			xasprintf(&path, "%s/%s", dir, value);
		else
			path = xstrdup(value);
		config_put(config, k, path);
		if (strcmp(k->name, "socket") == 0 &&
		    strlen(config->socket) >= sizeof ((struct sockaddr_un *)0)->sun_path) {
			xasprintf(cause, "socket path too long (%zu bytes)",
			    strlen(config->socket));
			return (-1);
		}
		return (0);
	case KEY_STRING:
		config_put(config, k, xstrdup(value));
		return (0);
	case KEY_LISTEN:
		/* Loopback or not is checked with listen_remote, at the end. */
		if (*value != '\0' &&
		    config_listen_split(value, 1, NULL, NULL, cause) != 0)
			return (-1);
		config_put(config, k, xstrdup(value));
		return (0);
	case KEY_BOOL:
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			xasprintf(cause, "not yes or no: \"%s\"", value);
			return (-1);
		}
		*number = strcmp(value, "yes") == 0;
		return (0);
	case KEY_LEVEL:
		for (i = 0; i < 4; i++) {
			if (strcmp(value, log_level_names[i]) == 0) {
				config->log_level = i;
				return (0);
			}
		}
		xasprintf(cause, "not one of debug, info, warning, error:"
		    " \"%s\"", value);
		return (-1);
	case KEY_SECONDS:
	case KEY_NUMBER:
		if (config_number(value, k->min, number) != 0) {
			xasprintf(cause, "not an integer >= %d: \"%s\"",
			    k->min, value);
			return (-1);
		}
		return (0);
	}
	return (0);
}

/* Make a config holding every default. */
struct config *
config_new(void)
{
	struct config	*config;
	char		*cause;
	size_t		 i;

	config = xcalloc(1, sizeof *config);
	for (i = 0; i < NKEYS; i++) {
		if (config_apply(config, &config_keys[i], config_keys[i].value,
		    NULL, &cause) != 0)
			abort();
	}
	return (config);
}

/* Free a config. */
void
config_free(struct config *config)
{
	size_t	i;

	if (config == NULL)
		return;
	for (i = 0; i < NKEYS; i++) {
		if (config_keys[i].type == KEY_PATH ||
		    config_keys[i].type == KEY_STRING ||
		    config_keys[i].type == KEY_LISTEN)
			config_put(config, &config_keys[i], NULL);
	}
	free(config->file);
	free(config);
}

/* Set one key by section and name, as the command line does. */
int
config_set(struct config *config, const char *section, const char *key,
    const char *value, char **cause)
{
	const struct config_key	*k;
	char			*why;

	if ((k = config_find(section, key)) == NULL) {
		xasprintf(cause, "[%s] %s: unknown key", section, key);
		return (-1);
	}
	if (config_apply(config, k, value, NULL, &why) != 0) {
		xasprintf(cause, "[%s] %s: %s", section, key, why);
		free(why);
		return (-1);
	}
	config->lines[k - config_keys] = 0;
	return (0);
}

/* Read one line for inih, counting lines so errors can name them. */
static char *
config_reader(char *str, int num, void *arg)
{
	struct config_parse	*p = arg;
	char			*s;

	if ((s = fgets(str, num, p->f)) != NULL && strchr(s, '\n') != NULL)
		p->line++;
	return (s);
}

/* Take one key from the file; keep the first error. */
static int
config_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*p = arg;
	const struct config_key	*k;
	char			*why;
	int			 line = p->line;

	if (p->cause != NULL)
		return (0);
	if (name == NULL)	/* a section header alone */
		return (1);
	if ((k = config_find(section, name)) == NULL) {
		xasprintf(&p->cause, "%s:%d: [%s] %s: unknown key",
		    p->file, line, section, name);
		return (0);
	}
	if (config_apply(p->config, k, value, p->dir, &why) != 0) {
		xasprintf(&p->cause, "%s:%d: [%s] %s: %s", p->file, line,
		    section, name, why);
		free(why);
		return (0);
	}
	p->config->lines[k - config_keys] = line;
	return (1);
}

/* Read a config file over the values already set. */
int
config_load(struct config *config, const char *path, char **cause)
{
	struct config_parse	 p;
	char			*slash;
	int			 error;

	memset(&p, 0, sizeof p);
	p.config = config;
	p.file = path;
	if ((p.f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	p.dir = xstrdup(path);
	if ((slash = strrchr(p.dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(p.dir);
		p.dir = xstrdup(".");
	}
	error = ini_parse_stream(config_reader, &p, config_handler, &p);
	fclose(p.f);
	free(p.dir);
	if (p.cause == NULL && error > 0)
		xasprintf(&p.cause, "%s:%d: syntax error", path, error);
	else if (p.cause == NULL && error < 0)
		xasprintf(&p.cause, "%s: cannot be read", path);
	if (p.cause != NULL) {
		*cause = p.cause;
		return (-1);
	}
	free(config->file);
	config->file = xstrdup(path);
	return (0);
}

/* Name where a key was set: "file:line" or the command line. */
static char *
config_where(const struct config *config, const char *section,
    const char *name)
{
	const struct config_key	*k = config_find(section, name);
	int			 line = config->lines[k - config_keys];
	char			*where;

	if (config->file == NULL || line == 0)
		return (xstrdup("command line"));
	xasprintf(&where, "%s:%d", config->file, line);
	return (where);
}

/*
 * Check what no single key can: the folders must be distinct, and listen
 * must be a loopback address unless listen_remote says otherwise.
 */
int
config_check(const struct config *config, char **cause)
{
	const char	*section, *name;
	char		*where, *why;

	if (*config->listen != '\0' && !config->listen_remote &&
	    config_listen_split(config->listen, 0, NULL, NULL, &why) != 0) {
		where = config_where(config, "daemon", "listen");
		xasprintf(cause, "%s: [daemon] listen: %s; set [daemon]"
		    " listen_remote = yes to serve other hosts", where, why);
		free(where);
		free(why);
		return (-1);
	}
	if (strcmp(config->inbox, config->quarantine) == 0) {
		section = "collector";
		name = "quarantine";
	} else if (strcmp(config->inbox, config->export_dir) == 0) {
		section = "export";
		name = "directory";
	} else
		return (0);
	where = config_where(config, section, name);
	xasprintf(cause, "%s: [%s] %s: must not be the inbox", where,
	    section, name);
	free(where);
	return (-1);
}
