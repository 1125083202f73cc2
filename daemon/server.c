/*
 * The HTTP/JSON API, served by evhttp on a unix socket and optionally on a
 * loopback TCP address.  Every answer is JSON except /metrics and the page
 * (GET /, HTML); errors are {"error": "..."}.  The indicators and the
 * measures come from the in-memory snapshot; the lists that grow with the
 * archive (agreements, reports) are read from SQLite, the agreements a page
 * at a time as the client takes them.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>

#include "log.h"
#include "napmond.h"
#include "query.h"

#define SERVER_MAX_HEADERS	8192
#define SERVER_MAX_BODY		4096	/* bytes of a body napmond takes */
/*
 * Bytes of a body evhttp reads before it refuses the request itself, with
 * its own HTML page: libevent 2.1 lets a server see no request before its
 * body is read (evhttp_set_newreqcb() is 2.2's) nor change that page
 * (evhttp_set_errorcb(), 2.2's).  Between the two napmond answers 413 with
 * {"error"}, so that a body a little too long, the likely mistake, gets a
 * reason; beyond, evhttp keeps what a connection holds bounded.
 */
#define SERVER_MAX_READ		(4 * SERVER_MAX_BODY)
#define SERVER_IDLE_SECONDS	30
/*
 * Bytes of answers built for one request (filtered lists, /metrics, ...)
 * that may wait for their clients to read them.  Beyond it napmond answers
 * 503, so clients that never read cannot make it grow without bound; the
 * snapshot's own texts are shared by every client and not counted.
 */
#define SERVER_MAX_PENDING	(16 * 1024 * 1024)
#define SERVER_SMALL_ANSWER	4096	/* always sent: /healthz, errors */
#define SERVER_MAX_WRITE	(256 * 1024)	/* bytes of a shared answer
						   sent in one call */
#define SERVER_STREAM_ROOM	(1024 * 1024)	/* budget left to start a
						   paged answer: a page is a
						   few hundred kB at most */

struct server {
	struct napmond		*nd;
	struct evhttp		*http;
	struct listening	 ls;
	size_t			 pending;	/* bytes of answers not yet
						   sent, but for blobs */
};

/* An answer sent a page at a time: the agreements. */
struct stream {
	struct server		*s;
	struct evhttp_request	*req;
	struct evhttp_connection *evcon;
	struct listing		*listing;
	int			 paged;		/* ?limit= was given */
};

typedef void	route_fn(struct server *, struct evhttp_request *,
		    struct query *);

static route_fn	route_healthz, route_status, route_indicators,
		route_measures, route_agreements, route_reports, route_scan,
		route_export, route_metrics, route_trends,
		route_measure_history, route_transitions, route_page,
		route_corrections, route_correction, route_review;

/* The handler of each route of query.h. */
static route_fn	*const routes[QUERY_NROUTES] = {
	[QUERY_HEALTHZ] = route_healthz,
	[QUERY_STATUS] = route_status,
	[QUERY_INDICATORS] = route_indicators,
	[QUERY_MEASURES] = route_measures,
	[QUERY_AGREEMENTS] = route_agreements,
	[QUERY_REPORTS] = route_reports,
	[QUERY_SCAN] = route_scan,
	[QUERY_EXPORT] = route_export,
	[QUERY_METRICS] = route_metrics,
	[QUERY_TRENDS] = route_trends,
	[QUERY_MEASURE_HISTORY] = route_measure_history,
	[QUERY_TRANSITIONS] = route_transitions,
	[QUERY_PAGE] = route_page,
	[QUERY_CORRECTIONS] = route_corrections,
	[QUERY_CORRECTION] = route_correction,
	[QUERY_REVIEW] = route_review,
};

/* evbuffer callback: an answer's blob is sent or its client gone. */
static void
server_blob_done(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	blob_unref(arg);
}

/* evbuffer callback: an answer built for one request is sent or dropped. */
static void
server_body_done(const void *data, size_t len, void *arg)
{
	struct server	*s = arg;

	s->pending -= len;
	free((void *)data);
}

/* Send a blob of the snapshot without copying it. */
static void
server_blob(struct evhttp_request *req, struct blob *b)
{
	struct evbuffer		*buf = evbuffer_new();
	struct bufferevent	*bev;
	int			 one = 1;

	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	/*
	 * Writes of 16 kB (libevent's default) took 70 calls for the
	 * indicators (1.1 MB at 10,000 reports), and the answers ran at half
	 * of nginx's rate.  They are written from the blob's own text:
	 * sendfile(2) from a memory file copy, tried, ran at 1,700-1,900
	 * answers a second here (Linux 6.18), writev at 3,900-4,300.
	 */
	bev = evhttp_connection_get_bufferevent(
	    evhttp_request_get_connection(req));
	bufferevent_set_max_single_write(bev, SERVER_MAX_WRITE);
	/*
	 * The headers go out on their own before the body: with Nagle's
	 * algorithm the body then waited for the client's delayed ACK, and
	 * one answer in a hundred took 40 ms more (nginx sets it too).
	 * A unix socket refuses the option, which is harmless.
	 */
	setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY, &one,
	    sizeof one);
	b->refs++;
	evbuffer_add_reference(buf, b->text, b->len, server_blob_done, b);
	evhttp_send_reply(req, HTTP_OK, NULL, buf);
	evbuffer_free(buf);
}

/* Would an answer of len bytes overdraw the budget of answers unread? */
static int
server_over_budget(const struct server *s, size_t len)
{
	return (len > SERVER_SMALL_ANSWER && s->pending > 0 &&
	    s->pending + len > SERVER_MAX_PENDING);
}

static void	server_send(struct server *, struct evhttp_request *, int,
		    const char *, char *);

/* Answer 503: too many answers wait for their clients already. */
static void
server_busy(struct server *s, struct evhttp_request *req)
{
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Retry-After", "1");
	server_send(s, req, 503, "application/json", xstrdup("{\"error\":"
	    "\"busy: too many answers wait to be read\"}\n"));
}

/*
 * Send a body built for this request, and free it once sent.  When too many
 * such bodies already wait for their clients, send a 503 instead, unless
 * the body is small (/healthz and errors always get through) or the only
 * one.
 */
static void
server_send(struct server *s, struct evhttp_request *req, int code,
    const char *type, char *body)
{
	struct evkeyvalq	*headers;
	struct evbuffer		*buf;
	size_t			 len = strlen(body);

	if (server_over_budget(s, len)) {
		free(body);
		server_busy(s, req);
		return;
	}
	headers = evhttp_request_get_output_headers(req);
	s->pending += len;
	buf = evbuffer_new();
	evhttp_add_header(headers, "Content-Type", type);
	evbuffer_add_reference(buf, body, len, server_body_done, s);
	evhttp_send_reply(req, code, NULL, buf);
	evbuffer_free(buf);
}

/* Send a JSON text. */
static void
server_text(struct server *s, struct evhttp_request *req, int code,
    const char *json)
{
	char	*body;

	xasprintf(&body, "%s\n", json);
	server_send(s, req, code, "application/json", body);
}

/* Send a JSON document and free it. */
void
server_json(struct server *s, struct evhttp_request *req, int code,
    cJSON *doc)
{
	char	*text;
	size_t	 len;

	text = json_text(doc, &len);
	server_text(s, req, code, text);
	free(text);
	cJSON_Delete(doc);
}

/* Send {"error": msg}. */
void
server_error(struct server *s, struct evhttp_request *req, int code,
    const char *msg)
{
	cJSON	*doc = cJSON_CreateObject();

	cJSON_AddStringToObject(doc, "error", msg);
	server_json(s, req, code, doc);
}

/* GET /healthz: 503 until every file in the inbox at start is in. */
static void
route_healthz(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	char	*body;

	(void)q;
	if (s->nd->ready) {
		server_text(s, req, HTTP_OK, "{\"status\":\"ok\"}");
		return;
	}
	/* What it waits for: the files that were in the inbox at start. */
	xasprintf(&body, "{\"status\":\"starting\",\"waiting\":%d}",
	    s->nd->startup_waiting);
	server_text(s, req, 503, body);
	free(body);
}

/* GET /v1/status: the daemon's state at a glance. */
static void
route_status(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	struct napmond	*nd = s->nd;
	cJSON		*doc = cJSON_CreateObject();

	(void)q;
	cJSON_AddStringToObject(doc, "status", nd->ready ? "ok" : "starting");
	cJSON_AddStringToObject(doc, "version", PROJECT_VERSION);
	cJSON_AddNumberToObject(doc, "pid", getpid());
	cJSON_AddNumberToObject(doc, "started", nd->started);
	cJSON_AddNumberToObject(doc, "uptime_seconds", time(NULL) - nd->started);
	cJSON_AddNumberToObject(doc, "reports", nd->snapshot->nreports);
	cJSON_AddNumberToObject(doc, "last_scan", nd->last_scan);
	cJSON_AddNumberToObject(doc, "last_refresh_ms", nd->refresh_ms);
	cJSON_AddBoolToObject(doc, "scanning", scan_busy(nd->scan));
	cJSON_AddBoolToObject(doc, "exporting",
	    refresher_exporting(nd->refresher));
	cJSON_AddNumberToObject(doc, "ingest_failures", nd->failures);
	cJSON_AddNumberToObject(doc, "store_failures", nd->store_failures);
	cJSON_AddNumberToObject(doc, "export_failures", nd->export_failures);
	cJSON_AddStringToObject(doc, "inbox", nd->config->inbox);
	cJSON_AddStringToObject(doc, "quarantine", nd->config->quarantine);
	cJSON_AddStringToObject(doc, "database", nd->config->database);
	cJSON_AddStringToObject(doc, "export", nd->config->export_dir);
	cJSON_AddStringToObject(doc, "socket", nd->config->socket);
	listen_page_url(&s->ls, doc);
	server_json(s, req, HTTP_OK, doc);
}

/* GET /v1/indicators. */
static void
route_indicators(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	(void)q;
	server_blob(req, s->nd->indicators);
}

/* GET /v1/measures?agency=&status=&overdue=&chapter=. */
static void
route_measures(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	char	*text;

	/* Joined for each request rather than kept whole beside the rows
	 * (40 MB at 100,000 reports): all 4.2 MB of them at 10,000 reports
	 * are joined and sent in 7-10 ms. */
	text = snapshot_measures_text(s->nd->snapshot, &q->measures, NULL);
	server_text(s, req, HTTP_OK, text);
	free(text);
}

/* Let go of a stream. */
static void
stream_free(struct stream *st)
{
	listing_free(st->listing);
	free(st);
}

/*
 * The connection of a stream is closing.  If its client went away
 * mid-answer, evhttp has let go of the request, unfinished, and leaves it
 * to us; at shutdown the request is still the connection's, to free.
 */
static void
stream_closed(struct evhttp_connection *evcon, void *arg)
{
	struct stream	*st = arg;

	(void)evcon;
	if (evhttp_request_get_connection(st->req) == NULL)
		evhttp_request_free(st->req);
	stream_free(st);
}

/* Queue a page of a stream, counted as an answer waiting to be read. */
static void
stream_page(struct server *s, struct evbuffer *buf, char *text)
{
	size_t	len = strlen(text);

	s->pending += len;
	evbuffer_add_reference(buf, text, len, server_body_done, s);
}

/* Close the document: with "next", the cursor of a limited listing
 * (null once it has listed all), then the brace. */
static void
stream_end(struct stream *st, struct evbuffer *buf)
{
	const char	*next = listing_next_cursor(st->listing);

	if (st->paged && next != NULL)
		evbuffer_add_printf(buf, ",\"next\":\"%s\"", next);
	else if (st->paged)
		evbuffer_add_printf(buf, ",\"next\":null");
	evbuffer_add(buf, "}\n", 2);
}

/* Send the next page of a stream, once the last one is written. */
static void
stream_next(struct evhttp_connection *evcon, void *arg)
{
	struct stream	*st = arg;
	struct evbuffer	*buf;
	char		*text, *cause;
	int		 rc;

	(void)evcon;
	buf = evbuffer_new();
	if ((rc = listing_next(st->listing, &text, &cause)) > 0) {
		stream_page(st->s, buf, text);
		evhttp_send_reply_chunk_with_cb(st->req, buf, stream_next, st);
	} else if (rc == 0) {
		stream_end(st, buf);
		evhttp_send_reply_chunk(st->req, buf);
		evhttp_connection_set_closecb(st->evcon, NULL, NULL);
		evhttp_send_reply_end(st->req);
		stream_free(st);
	} else {
		/* Too late for an error status: cut the answer short. */
		log_error("/v1/agreements: %s", cause);
		free(cause);
		evhttp_connection_free(st->evcon);
	}
	evbuffer_free(buf);
}

/* GET /v1/agreements?stage=&partner_iso=&agency=, a page at a time. */
static void
route_agreements(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	struct stream	*st;
	struct evbuffer	*buf;
	char		*text, *cause;

	st = xcalloc(1, sizeof *st);
	st->s = s;
	st->req = req;
	st->evcon = evhttp_request_get_connection(req);
	q->agreements.stuck_reports = s->nd->config->stuck_reports;
	st->listing = listing_agreements(s->nd->store, &q->agreements);
	st->paged = q->agreements.limit > 0;
	if (listing_next(st->listing, &text, &cause) < 0) {
		server_error(s, req, HTTP_INTERNAL, cause);
		free(cause);
		stream_free(st);
		return;
	}
	if (s->pending + SERVER_STREAM_ROOM > SERVER_MAX_PENDING) {
		free(text);
		stream_free(st);
		server_busy(s, req);
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evhttp_send_reply_start(req, HTTP_OK, "OK");
	evhttp_connection_set_closecb(st->evcon, stream_closed, st);
	buf = evbuffer_new();
	evbuffer_add(buf, "{\"agreements\":", 14);
	stream_page(s, buf, text);
	evhttp_send_reply_chunk_with_cb(req, buf, stream_next, st);
	evbuffer_free(buf);
}

/* Send a document history_*() read, or its failure. */
static void
server_history(struct server *s, struct evhttp_request *req, cJSON *doc,
    char *cause)
{
	if (doc == NULL) {
		server_error(s, req, HTTP_INTERNAL, cause);
		free(cause);
		return;
	}
	server_json(s, req, HTTP_OK, doc);
}

/* GET /v1/trends?agency=: each agency's indicators year by year. */
static void
route_trends(struct server *s, struct evhttp_request *req, struct query *q)
{
	char	*cause = NULL;

	server_history(s, req, history_trends(s->nd->store, q->agency,
	    &cause), cause);
}

/* GET /v1/measures/history?agency=&id=: one measure over the years. */
static void
route_measure_history(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	char	*cause = NULL;

	server_history(s, req, history_measure(s->nd->store, q->agency,
	    q->measure, &cause), cause);
}

/* GET /v1/transitions?agency=&from=&to=&year=: the changes of stage. */
static void
route_transitions(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	char	*cause = NULL;

	server_history(s, req, history_transitions(s->nd->store,
	    &q->transitions, &cause), cause);
}

/* GET /v1/review?agency=&limit=&after=: the facts read with low
 * confidence, newest report first. */
static void
route_review(struct server *s, struct evhttp_request *req, struct query *q)
{
	char	*cause = NULL;

	server_history(s, req, review_list(s->nd->store, &q->review, &cause),
	    cause);
}

/* GET /v1/reports: what was ingested and what was quarantined. */
static void
route_reports(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	cJSON	*doc;
	char	*cause;

	(void)q;
	if ((doc = store_reports(s->nd->store, &cause)) == NULL) {
		server_error(s, req, HTTP_INTERNAL, cause);
		free(cause);
		return;
	}
	server_json(s, req, HTTP_OK, doc);
}

/* Answer a POST /v1/scan once its scan is over. */
static void
route_scanned(struct napmond *nd, const struct scan_result *r, void *arg)
{
	struct evhttp_request	*req = arg;
	cJSON			*doc = cJSON_CreateObject();

	cJSON_AddNumberToObject(doc, "files", r->seen);
	cJSON_AddNumberToObject(doc, "added", r->added);
	cJSON_AddNumberToObject(doc, "replaced", r->replaced);
	cJSON_AddNumberToObject(doc, "unchanged", r->unchanged);
	cJSON_AddNumberToObject(doc, "quarantined", r->quarantined);
	cJSON_AddNumberToObject(doc, "errors", r->errors);
	cJSON_AddNumberToObject(doc, "waiting", r->waiting);
	cJSON_AddNumberToObject(doc, "reports", nd->snapshot->nreports);
	/*
	 * If the client went away meanwhile, evhttp has let go of the
	 * request, and sending frees it.
	 */
	server_json(nd->server, req, HTTP_OK, doc);
}

/* POST /v1/scan: scan now; answer when done, the loop serving others. */
static void
route_scan(struct server *s, struct evhttp_request *req, struct query *q)
{
	(void)q;
	scan_request(s->nd->scan, route_scanned, req);
}

/* Answer a POST /v1/export once the files are written. */
static void
route_exported(struct napmond *nd, const char *error, void *arg)
{
	struct evhttp_request	*req = arg;
	cJSON			*doc = cJSON_CreateObject();

	if (error != NULL) {
		cJSON_AddStringToObject(doc, "error", error);
		server_json(nd->server, req, HTTP_INTERNAL, doc);
		return;
	}
	cJSON_AddStringToObject(doc, "directory", nd->config->export_dir);
	server_json(nd->server, req, HTTP_OK, doc);
}

/* POST /v1/export: write every export file and today's summary now. */
static void
route_export(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	(void)q;
	refresher_request(s->nd->refresher, export_lists_now(s->nd->export) |
	    REFRESH_SUMMARY | REFRESH_TRENDS, route_exported, req);
}

/* GET /v1/corrections; POST /v1/corrections: correct a fact. */
static void
route_corrections(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	(void)q;
	if (evhttp_request_get_command(req) == EVHTTP_REQ_POST)
		correct_add(s->nd, req);
	else
		correct_list(s->nd, req);
}

/* DELETE /v1/corrections/{id}: take a correction back. */
static void
route_correction(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	correct_delete(s->nd, req, q->correction);
}

/* GET /metrics: Prometheus text format. */
static void
route_metrics(struct server *s, struct evhttp_request *req,
    struct query *q)
{
	struct prom_state	 st;
	char			*text;

	(void)q;
	st.version = PROJECT_VERSION;
	st.ingest_failures = s->nd->failures;
	st.last_scan = s->nd->last_scan;
	st.store_failures = s->nd->store_failures;
	st.export_failures = s->nd->export_failures;
	st.scan_interval = s->nd->config->interval;
	procstat_read(&st.process);
	text = render_prom(s->nd->snapshot, &st);
	server_send(s, req, HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
	    text);
}

/*
 * GET /?agency=&year=&stage=&partner=: the page a person reads.  Report text
 * is escaped as it is written; the headers forbid any script, outside
 * asset or sniffing besides, should an escape ever be missed.
 */
static void
route_page(struct server *s, struct evhttp_request *req, struct query *q)
{
	struct evkeyvalq	*headers;
	char			*text, *cause = NULL;

	q->page.stuck_reports = s->nd->config->stuck_reports;
	if ((text = render_html(s->nd->store, s->nd->snapshot, &q->page,
	    &cause)) == NULL) {
		server_error(s, req, HTTP_INTERNAL, cause);
		free(cause);
		return;
	}
	headers = evhttp_request_get_output_headers(req);
	evhttp_add_header(headers, "Content-Security-Policy",
	    HTML_CSP "; frame-ancestors 'none'");
	evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(headers, "Referrer-Policy", "no-referrer");
	server_send(s, req, HTTP_OK, "text/html; charset=utf-8", text);
}

/* Refuse a body over SERVER_MAX_BODY with 413: 1 if refused. */
static int
server_body_refused(struct server *s, struct evhttp_request *req)
{
	char	why[64];

	if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) <=
	    SERVER_MAX_BODY)
		return (0);
	snprintf(why, sizeof why, "body: larger than %d bytes",
	    SERVER_MAX_BODY);
	server_error(s, req, HTTP_ENTITYTOOLARGE, why);
	return (1);
}

/* Read the request's target and method, and answer it. */
static void
server_dispatch(struct evhttp_request *req, void *arg)
{
	struct server	*s = arg;
	struct query	 q;
	char		*error;
	int		 code;

	code = query_parse(&q, evhttp_request_get_uri(req),
	    evhttp_request_get_command(req), &error);
	if (code != 0) {
		if (q.allow != NULL)
			evhttp_add_header(evhttp_request_get_output_headers(req),
			    "Allow", q.allow);
		server_error(s, req, code, error);
		free(error);
	} else if (!server_body_refused(s, req))
		routes[q.route](s, req, &q);
	query_clear(&q);
}

/* Start serving the API. */
struct server *
server_start(struct napmond *nd, char **cause)
{
	struct server	*s;

	s = xcalloc(1, sizeof *s);
	s->nd = nd;
	if ((s->http = evhttp_new(nd->base)) == NULL)
		fatal("evhttp_new failed");
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
	evhttp_set_max_headers_size(s->http, SERVER_MAX_HEADERS);
	evhttp_set_max_body_size(s->http, SERVER_MAX_READ);
	evhttp_set_timeout(s->http, SERVER_IDLE_SECONDS);
	evhttp_set_gencb(s->http, server_dispatch, s);
	s->ls.nd = nd;
	s->ls.http = s->http;
	if (listen_bind(&s->ls, cause) != 0) {
		server_stop(s);
		return (NULL);
	}
	return (s);
}

/* Stop serving and remove the socket file if it is still ours. */
void
server_stop(struct server *s)
{
	if (s == NULL)
		return;
	evhttp_free(s->http);
	listen_unlink(&s->ls);
}

/*
 * Free the server, after event_base_free(): the buffers of answers cut
 * short by the stop are freed with the base, and their callbacks count
 * them off s->pending.
 */
void
server_free(struct server *s)
{
	if (s == NULL)
		return;
	free(s->ls.path);
	free(s);
}
