/*
 * The quarantine: a file napmond refuses leaves the inbox for a free name in
 * the quarantine folder, with a NAME.reason file beside it that says what
 * it was and why it was refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "napmond.h"

/*
 * Move the file name from inbox to a free name in quarantine; return where
 * it went, or NULL with the reason in cause.
 */
char *
quarantine_move(const char *inbox, const char *quarantine, const char *name,
    char **cause)
{
	char	*src, *dest;
	int	 i;

	xasprintf(&src, "%s/%s", inbox, name);
	xasprintf(&dest, "%s/%s", quarantine, name);
	for (i = 1; access(dest, F_OK) == 0 && i < 1000; i++) {
		free(dest);
		xasprintf(&dest, "%s/%s.%d", quarantine, name, i);
	}
	if (rename(src, dest) != 0) {
		xasprintf(cause, "cannot move it to %s: %s", quarantine,
		    strerror(errno));
		free(dest);
		dest = NULL;
	}
	free(src);
	return (dest);
}

/*
 * Write the .reason file beside a quarantined file; sha256 may be NULL.  It
 * is written under a hidden name and renamed, so that whoever sees it sees
 * it whole.
 */
void
quarantine_reason(const char *dest, const char *name, const char *sha256,
    const char *why)
{
	char		*path, *tmp, when[32];
	const char	*base = strrchr(dest, '/');
	time_t		 now = time(NULL);
	struct tm	 tm;
	FILE		*f;
	int		 written;

	base = base != NULL ? base + 1 : dest;
	xasprintf(&path, "%s.reason", dest);
	xasprintf(&tmp, "%.*s.%s.reason.tmp", (int)(base - dest), dest, base);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((f = fopen(tmp, "w")) == NULL) {
		log_error("%s: %s", tmp, strerror(errno));
		goto out;
	}
	written = fprintf(f, "file: %s\nsha256: %s\nquarantined: %s\n"
	    "reason: %s\n", name, sha256 != NULL ? sha256 : "-", when, why);
	if (fclose(f) != 0 || written < 0 || rename(tmp, path) != 0) {
		log_error("%s: %s", path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(path);
}
