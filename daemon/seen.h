/*
 * The scanner's records of files by name: those still settling and those
 * already stored, so that a scan of an inbox of 10,000 files reads none of
 * them again.
 */
#ifndef NAPMON_SEEN_H
#define NAPMON_SEEN_H

#include <sys/types.h>

#include <time.h>

/*
 * A file as last seen: still unsettled (first > 0, when it was first seen
 * with this size and mtime), or already stored, so not read again while its
 * size and mtime stay the same.
 */
struct seen {
	char			*name;
	off_t			 size;
	struct timespec		 mtime;
	long long		 first;		/* monotonic ms */
	int			 listed;	/* in the latest listing */
	struct seen		*next;		/* in its bucket */
};

/*
 * Records by name.  A hash table, not a list: a scan looks up every file of
 * the inbox, and with 10,000 of them a list made each scan 50 million
 * string comparisons.
 */
struct seenset {
	struct seen	**buckets;
	size_t		  nbuckets;	/* a power of two, or 0 */
	size_t		  n;
};

struct seen	*seen_find(struct seenset *, const char *name, int add);
void		 seen_forget(struct seenset *, const char *name);
void		 seen_prune(struct seenset *, int all);

#endif
