/*
 * The request target (RFC 9112's origin or absolute form) as evhttp hands
 * it over: parsed again here with the flags evhttp uses, matched to a
 * route, and its query checked parameter by parameter into the filters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

#define METHODS_GET	(EVHTTP_REQ_GET | EVHTTP_REQ_HEAD)
#define METHODS_POST	EVHTTP_REQ_POST
#define METHODS_DELETE	EVHTTP_REQ_DELETE
/* /v1/corrections/{id}: the one path with a part of its own. */
#define CORRECTION_PREFIX	"/v1/corrections/"
/* Agreements one page of /v1/agreements may hold. */
#define QUERY_MAX_LIMIT	10000

static const struct {
	const char		*path;
	enum query_route	 route;
	int			 methods;
	const char		*params[9];
} query_routes[] = {
	{ "/healthz", QUERY_HEALTHZ, METHODS_GET, { NULL } },
	{ "/v1/status", QUERY_STATUS, METHODS_GET, { NULL } },
	{ "/v1/indicators", QUERY_INDICATORS, METHODS_GET, { NULL } },
	{ "/v1/measures", QUERY_MEASURES, METHODS_GET,
	    { "agency", "status", "overdue", "chapter" } },
	{ "/v1/agreements", QUERY_AGREEMENTS, METHODS_GET,
	    { "stage", "partner_iso", "agency", "stuck", "regressed", "limit",
	    "after" } },
	{ "/v1/trends", QUERY_TRENDS, METHODS_GET, { "agency" } },
	{ "/v1/measures/history", QUERY_MEASURE_HISTORY, METHODS_GET,
	    { "agency", "id" } },
	{ "/v1/transitions", QUERY_TRANSITIONS, METHODS_GET,
	    { "agency", "from", "to", "year" } },
	{ "/v1/review", QUERY_REVIEW, METHODS_GET,
	    { "agency", "limit", "after" } },
	{ "/v1/reports", QUERY_REPORTS, METHODS_GET, { NULL } },
	{ "/v1/scan", QUERY_SCAN, METHODS_POST, { NULL } },
	{ "/v1/export", QUERY_EXPORT, METHODS_POST, { NULL } },
	{ "/metrics", QUERY_METRICS, METHODS_GET, { NULL } },
	{ "/", QUERY_PAGE, METHODS_GET,
	    { "agency", "year", "stage", "partner", "agreement", "only",
	    "after", "from", "agencies_from" } },
	{ "/v1/corrections", QUERY_CORRECTIONS, METHODS_GET | METHODS_POST,
	    { NULL } },
	{ CORRECTION_PREFIX, QUERY_CORRECTION, METHODS_DELETE, { NULL } },
};
#define NROUTES (sizeof query_routes / sizeof query_routes[0])
#define NPARAMS (sizeof query_routes[0].params / sizeof query_routes[0].params[0])

/* Return a query value, NULL when absent or empty. */
static const char *
query_param(struct evkeyvalq *params, const char *key)
{
	const char	*v = evhttp_find_header(params, key);

	return (v != NULL && *v != '\0' ? v : NULL);
}

/* Return the first query key the route does not take, or NULL. */
static const char *
query_unknown(size_t r, struct evkeyvalq *params)
{
	struct evkeyval	*kv;
	size_t		 i;

	TAILQ_FOREACH(kv, params, next) {
		for (i = 0; i < NPARAMS && query_routes[r].params[i] != NULL;
		    i++) {
			if (strcmp(kv->key, query_routes[r].params[i]) == 0)
				break;
		}
		if (i == NPARAMS || query_routes[r].params[i] == NULL)
			return (kv->key);
	}
	return (NULL);
}

/* Read ?agency=&status=&overdue=&chapter=; NULL or what is wrong. */
static const char *
query_measures(struct query *q)
{
	struct measure_filter	*f = &q->measures;
	const char		*v;
	char			*end;
	long			 n;

	f->agency = query_param(&q->params, "agency");
	if ((v = query_param(&q->params, "status")) != NULL &&
	    (f->status = status_from_name(v)) < 0)
		return ("status: not one of completed, in_progress, ongoing,"
		    " not_reported");
	if ((v = query_param(&q->params, "overdue")) != NULL) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return ("overdue: not true or false");
		f->overdue = strcmp(v, "true") == 0;
	}
	if ((v = query_param(&q->params, "chapter")) != NULL) {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 0 || n > 1000)
			return ("chapter: not a chapter number");
		f->chapter = n;
	}
	q->filtered = f->agency != NULL || f->status >= 0 || f->chapter >= 0 ||
	    f->overdue;
	return (NULL);
}

#define STAGES	"drafting, submitted, under_review, negotiating, signing," \
		" signed, ratified, in_force"

/* Read a true/false parameter into *flag; -1 when it is neither. */
static int
query_flag(struct query *q, const char *key, int *flag)
{
	const char	*v = query_param(&q->params, key);

	if (v == NULL)
		return (0);
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return (-1);
	*flag = strcmp(v, "true") == 0;
	return (0);
}

/* Read ?limit= into *limit; NULL or what is wrong. */
static const char *
query_limit(struct query *q, int *limit)
{
	const char	*v;
	char		*end;
	long		 n;

	if ((v = query_param(&q->params, "limit")) != NULL) {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1 || n > QUERY_MAX_LIMIT)
			return ("limit: not a number from 1 to 10000");
		*limit = n;
	}
	return (NULL);
}

/* Read ?stage=&partner_iso=&agency=&stuck=&regressed=; NULL or what is
 * wrong. */
static const char *
query_agreements(struct query *q)
{
	struct agreement_filter	*f = &q->agreements;
	struct cursor		 c;
	const char		*v, *why;

	f->agency = query_param(&q->params, "agency");
	f->partner_iso = query_param(&q->params, "partner_iso");
	if ((v = query_param(&q->params, "stage")) != NULL &&
	    (f->stage = stage_from_name(v)) < 0)
		return ("stage: not one of " STAGES);
	if (query_flag(q, "stuck", &f->stuck) != 0)
		return ("stuck: not true or false");
	if (query_flag(q, "regressed", &f->regressed) != 0)
		return ("regressed: not true or false");
	if ((why = query_limit(q, &f->limit)) != NULL)
		return (why);
	if ((f->after = query_param(&q->params, "after")) != NULL) {
		if (cursor_decode(f->after, &c) != 0)
			return ("after: not a cursor this listing gave");
		cursor_clear(&c);
	}
	q->filtered = f->agency != NULL || f->partner_iso != NULL ||
	    f->stage >= 0 || f->stuck || f->regressed || f->limit > 0 ||
	    f->after != NULL;
	return (NULL);
}

/* Read ?agency=&from=&to=&year= of /v1/transitions. */
static const char *
query_transitions(struct query *q)
{
	struct transition_filter	*f = &q->transitions;
	const char			*v;
	char				*end;
	long				 n;

	f->agency = query_param(&q->params, "agency");
	if ((v = query_param(&q->params, "from")) != NULL &&
	    (f->from = stage_from_name(v)) < 0)
		return ("from: not one of " STAGES);
	if ((v = query_param(&q->params, "to")) != NULL &&
	    (f->to = stage_from_name(v)) < 0)
		return ("to: not one of " STAGES);
	if ((v = query_param(&q->params, "year")) != NULL) {
		n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1900 || n > 2100)
			return ("year: not a year from 1900 to 2100");
		f->year = n;
	}
	return (NULL);
}

/* Read ?agency=&limit=&after= of /v1/review. */
static const char *
query_review(struct query *q)
{
	struct review_filter	*f = &q->review;
	const char		*why;

	f->agency = query_param(&q->params, "agency");
	if ((why = query_limit(q, &f->limit)) != NULL)
		return (why);
	if ((f->after = query_param(&q->params, "after")) != NULL &&
	    review_cursor_check(f->after) != 0)
		return ("after: not a cursor this listing gave");
	return (NULL);
}

/* Read ?agency=&id= of /v1/measures/history: both are needed. */
static const char *
query_measure_history(struct query *q)
{
	q->agency = query_param(&q->params, "agency");
	q->measure = query_param(&q->params, "id");
	if (q->agency == NULL || q->measure == NULL)
		return ("agency and id: both needed");
	return (NULL);
}

/* Read a number from min to max into *n; -1 when it is not one. */
static int
query_number(struct query *q, const char *key, long min, long max, int *n)
{
	const char	*v = query_param(&q->params, key);
	char		*end;
	long		 l;

	if (v == NULL)
		return (0);
	l = strtol(v, &end, 10);
	if (*end != '\0' || l < min || l > max)
		return (-1);
	*n = l;
	return (0);
}

/* Read the filters of the page: ?agency=&year=&stage=&partner=, and
 * &agreement= for one agreement's page, &only=, &after=, &from= and
 * &agencies_from= for pages of rows. */
static const char *
query_page(struct query *q)
{
	struct html_view	*v = &q->page;
	struct cursor		 c;
	const char		*s;

	v->agency = query_param(&q->params, "agency");
	v->partner = query_param(&q->params, "partner");
	v->agreement = query_param(&q->params, "agreement");
	v->only = query_param(&q->params, "only");
	if (query_number(q, "year", 1900, 2100, &v->year) != 0)
		return ("year: not a year from 1900 to 2100");
	if ((s = query_param(&q->params, "stage")) != NULL &&
	    (v->stage = stage_from_name(s)) < 0)
		return ("stage: not one of " STAGES);
	if (v->partner != NULL && (strlen(v->partner) != 2 ||
	    strspn(v->partner, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2))
		return ("partner: not an ISO 3166 code such as RU");
	if (v->agreement != NULL && v->agency == NULL)
		return ("agreement: needs the agency that reports it");
	if (v->only != NULL && strcmp(v->only, "stuck") != 0 &&
	    strcmp(v->only, "regressed") != 0)
		return ("only: not stuck or regressed");
	if ((v->after = query_param(&q->params, "after")) != NULL) {
		if (cursor_decode(v->after, &c) != 0)
			return ("after: not a cursor this page gave");
		cursor_clear(&c);
	}
	if (query_number(q, "from", 0, 10000000, &v->from) != 0)
		return ("from: not a row number");
	if (query_number(q, "agencies_from", 0, 10000000,
	    &v->agencies_from) != 0)
		return ("agencies_from: not a row number");
	return (NULL);
}

/* Find the route of a path; /v1/corrections/{id} also reads the id. */
static size_t
query_route(struct query *q, const char *path)
{
	const char	*id;
	char		*end;
	size_t		 r;

	if (path != NULL && strncmp(path, CORRECTION_PREFIX,
	    strlen(CORRECTION_PREFIX)) == 0) {
		id = path + strlen(CORRECTION_PREFIX);
		errno = 0;
		q->correction = strtoll(id, &end, 10);
		if (*id < '1' || *id > '9' || *end != '\0' || errno != 0)
			return (NROUTES);
		path = CORRECTION_PREFIX;
	}
	for (r = 0; r < NROUTES; r++) {
		if (path != NULL && strcmp(path, query_routes[r].path) == 0)
			break;
	}
	return (r);
}

/* The methods a route takes, for the Allow header of a 405. */
static const char *
query_allow(int methods)
{
	if (methods == METHODS_POST)
		return ("POST");
	if (methods == METHODS_DELETE)
		return ("DELETE");
	if (methods & METHODS_POST)
		return ("GET, HEAD, POST");
	return ("GET, HEAD");
}

/*
 * Read a request target for a method (EVHTTP_REQ_*).  Return 0 with the
 * route and its filters, or an HTTP status (400, 404, 405) with *error set
 * to a message to free.  Call query_clear() either way.
 */
int
query_parse(struct query *q, const char *target, int method, char **error)
{
	const char	*path, *query, *why;
	size_t		 r;

	memset(q, 0, sizeof *q);
	TAILQ_INIT(&q->params);
	q->measures.status = q->measures.chapter = -1;
	q->agreements.stage = -1;
	q->transitions.from = q->transitions.to = -1;
	q->page.stage = -1;
	*error = NULL;
	q->uri = evhttp_uri_parse_with_flags(target, EVHTTP_URI_NONCONFORMANT);
	if (q->uri == NULL) {
		*error = xstrdup("malformed request target");
		return (HTTP_BADREQUEST);
	}
	path = evhttp_uri_get_path(q->uri);
	if ((r = query_route(q, path)) == NROUTES) {
		*error = xstrdup("no such path");
		return (HTTP_NOTFOUND);
	}
	q->route = query_routes[r].route;
	if ((method & query_routes[r].methods) == 0) {
		q->allow = query_allow(query_routes[r].methods);
		*error = xstrdup("method not allowed");
		return (HTTP_BADMETHOD);
	}
	query = evhttp_uri_get_query(q->uri);
	if (query != NULL && evhttp_parse_query_str(query, &q->params) != 0) {
		*error = xstrdup("malformed query");
		return (HTTP_BADREQUEST);
	}
	if ((why = query_unknown(r, &q->params)) != NULL) {
		xasprintf(error, "unknown parameter '%s'", why);
		return (HTTP_BADREQUEST);
	}
	why = NULL;
	if (q->route == QUERY_MEASURES)
		why = query_measures(q);
	else if (q->route == QUERY_AGREEMENTS)
		why = query_agreements(q);
	else if (q->route == QUERY_TRANSITIONS)
		why = query_transitions(q);
	else if (q->route == QUERY_MEASURE_HISTORY)
		why = query_measure_history(q);
	else if (q->route == QUERY_PAGE)
		why = query_page(q);
	else if (q->route == QUERY_REVIEW)
		why = query_review(q);
	else if (q->route == QUERY_TRENDS)
		q->agency = query_param(&q->params, "agency");
	if (why != NULL) {
		*error = xstrdup(why);
		return (HTTP_BADREQUEST);
	}
	return (0);
}

/* Free what query_parse() kept. */
void
query_clear(struct query *q)
{
	evhttp_clear_headers(&q->params);
	if (q->uri != NULL)
		evhttp_uri_free(q->uri);
	q->uri = NULL;
}
