/* The scanner's records of files, in a hash table by name. */
#include <stdlib.h>
#include <string.h>

#include "collector.h"
#include "seen.h"

/* FNV-1a of a file name. */
static size_t
seen_hash(const char *name)
{
	size_t	h = 2166136261u;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return (h);
}

/* Double the buckets of a set (or make the first ones). */
static void
seen_grow(struct seenset *set)
{
	struct seen	**old = set->buckets, *u, *next;
	size_t		  nold = set->nbuckets, i, b;

	set->nbuckets = nold == 0 ? 64 : nold * 2;
	set->buckets = xcalloc(set->nbuckets, sizeof *set->buckets);
	for (i = 0; i < nold; i++) {
		for (u = old[i]; u != NULL; u = next) {
			next = u->next;
			b = seen_hash(u->name) & (set->nbuckets - 1);
			u->next = set->buckets[b];
			set->buckets[b] = u;
		}
	}
	free(old);
}

/* Find (or add) the record of a file in a set. */
struct seen *
seen_find(struct seenset *set, const char *name, int add)
{
	struct seen	*u;
	size_t		 b;

	if (set->nbuckets == 0) {
		if (!add)
			return (NULL);
		seen_grow(set);
	}
	b = seen_hash(name) & (set->nbuckets - 1);
	for (u = set->buckets[b]; u != NULL; u = u->next) {
		if (strcmp(u->name, name) == 0)
			return (u);
	}
	if (!add)
		return (NULL);
	if (set->n >= set->nbuckets) {
		seen_grow(set);
		b = seen_hash(name) & (set->nbuckets - 1);
	}
	u = xcalloc(1, sizeof *u);
	u->name = xstrdup(name);
	u->next = set->buckets[b];
	set->buckets[b] = u;
	set->n++;
	return (u);
}

/* Drop the record of one file, if there is one. */
void
seen_forget(struct seenset *set, const char *name)
{
	struct seen	**link, *u;

	if (set->nbuckets == 0)
		return;
	link = &set->buckets[seen_hash(name) & (set->nbuckets - 1)];
	for (; (u = *link) != NULL; link = &u->next) {
		if (strcmp(u->name, name) == 0) {
			*link = u->next;
			free(u->name);
			free(u);
			set->n--;
			return;
		}
	}
}

/* Drop records: all of them, or those of files gone from the listing. */
void
seen_prune(struct seenset *set, int all)
{
	struct seen	**link, *u;
	size_t		  i;

	for (i = 0; i < set->nbuckets; i++) {
		link = &set->buckets[i];
		while ((u = *link) != NULL) {
			if (all || !u->listed) {
				*link = u->next;
				free(u->name);
				free(u);
				set->n--;
			} else {
				u->listed = 0;
				link = &u->next;
			}
		}
	}
	if (all) {
		free(set->buckets);
		memset(set, 0, sizeof *set);
	}
}
