/*
 * A request's target read into a route and its filters, with no socket in
 * sight: the part of the server that takes untrusted text, kept pure so
 * that tests/fuzz/fuzz_query.c can call it as the server does.
 */
#ifndef NAPMON_QUERY_H
#define NAPMON_QUERY_H

#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "metrics.h"

enum query_route { QUERY_HEALTHZ, QUERY_STATUS, QUERY_INDICATORS,
	QUERY_MEASURES, QUERY_AGREEMENTS, QUERY_REPORTS, QUERY_SCAN,
	QUERY_EXPORT, QUERY_METRICS, QUERY_TRENDS, QUERY_MEASURE_HISTORY,
	QUERY_TRANSITIONS, QUERY_PAGE, QUERY_CORRECTIONS, QUERY_CORRECTION,
	QUERY_REVIEW, QUERY_NROUTES };

struct query {
	enum query_route	 route;
	const char		*allow;		/* the methods, for a 405 */
	int			 filtered;	/* a filter is set */
	struct measure_filter	 measures;
	struct agreement_filter	 agreements;
	struct transition_filter transitions;
	struct html_view	 page;		/* GET / */
	struct review_filter	 review;
	const char		*agency;	/* /v1/trends, measures/history */
	const char		*measure;	/* /v1/measures/history */
	long long		 correction;	/* /v1/corrections/{id} */
	struct evkeyvalq	 params;	/* the filters point into it */
	struct evhttp_uri	*uri;
};

int	query_parse(struct query *, const char *target, int method,
	    char **error);
void	query_clear(struct query *);

#endif
