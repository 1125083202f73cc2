/*
 * What the page's writers share, internal to metrics/: render_html.c writes
 * the page and its measures, html_agreements.c its agreements,
 * html_agencies.c its agency table and agency filter.
 */
#ifndef NAPMON_HTML_PAGE_H
#define NAPMON_HTML_PAGE_H

#include <stdio.h>

#include "metrics_internal.h"

/* A page being written. */
struct html {
	FILE			*f;
	struct store		*store;
	const struct snapshot	*snap;
	const struct html_view	*v;
	const cJSON		*scope;	/* the indicators of the agency
					   asked, or the overall ones */
};

/* Return a member, NULL when absent. */
static inline const cJSON *
member(const cJSON *o, const char *key)
{
	return (cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Return a number member, or -1 when it is not a number. */
static inline double
number(const cJSON *o, const char *key)
{
	const cJSON	*v = member(o, key);

	return (cJSON_IsNumber(v) ? v->valuedouble : -1);
}

/* Return a string member, or NULL. */
static inline const char *
string(const cJSON *o, const char *key)
{
	const cJSON	*v = member(o, key);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

extern const char *const html_status_labels[STATUS_COUNT];

void	 html_href(FILE *, const struct html_view *to);
void	 html_option(FILE *, const char *value, const char *label,
	     const char *selected);
void	 link_agency(struct html *, const char *agency);
void	 html_evidence(FILE *, const cJSON *evidence);
void	 html_next(struct html *, const char *after, int from);
int	 html_agreements(struct html *, char **cause);
void	 html_agency_field(struct html *);
void	 html_agencies(struct html *);
void	 html_no_agency(struct html *);
int	 html_agreement(struct html *, char **cause);

#endif
