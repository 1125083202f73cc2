/*
 * The corrections API: GET /v1/corrections lists them; POST adds one and
 * DELETE /v1/corrections/{id} takes one back, on the unix socket only, as
 * the user its peer runs as (SO_PEERCRED), never as a name the client
 * gives.  A write is answered once it is committed and the indicators
 * counting it are in place, so the next read sees it.
 */
#include <sys/socket.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>

#include "log.h"
#include "napmond.h"

#define PEER_PWBUF	4096	/* getpwuid_r()'s buffer */
/* The statuses evhttp has no name for. */
#define HTTP_CREATED	201
#define HTTP_FORBIDDEN	403

/* An answer that waits for the refresh a write asked for. */
struct correct_answer {
	struct evhttp_request	*req;
	int			 code;
	cJSON			*doc;
};

/* The socket a request came on. */
static int
peer_fd(struct evhttp_request *req)
{
	return (bufferevent_getfd(evhttp_connection_get_bufferevent(
	    evhttp_request_get_connection(req))));
}

/* Did a request come on the unix socket, where the peer is known? */
static int
peer_local(int fd)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return (0);
	return (ss.ss_family == AF_UNIX);
}

/* The user name the peer runs as, "uid:N" if it has none; NULL if unknown. */
static char *
peer_user(int fd)
{
	struct ucred	 uc;
	struct passwd	 pw, *found = NULL;
	socklen_t	 len = sizeof uc;
	char		 buf[PEER_PWBUF], *who;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) != 0)
		return (NULL);
	if (getpwuid_r(uc.uid, &pw, buf, sizeof buf, &found) == 0 &&
	    found != NULL)
		return (xstrdup(pw.pw_name));
	xasprintf(&who, "uid:%u", (unsigned)uc.uid);
	return (who);
}

/* Refuse a write that did not come on the unix socket: 1 if refused. */
static int
correct_refused(struct napmond *nd, struct evhttp_request *req)
{
	if (peer_local(peer_fd(req)))
		return (0);
	server_error(nd->server, req, HTTP_FORBIDDEN,
	    "corrections are written on the unix socket only, where napmond"
	    " knows who writes");
	return (1);
}

/* The refresh a write asked for is done: answer it. */
static void
correct_refreshed(struct napmond *nd, const char *error, void *arg)
{
	struct correct_answer	*a = arg;

	if (error != NULL)
		log_error("after a correction: %s", error);
	server_json(nd->server, a->req, a->code, a->doc);
	free(a);
}

/*
 * Recount an agency after a write and answer once its indicators are in
 * place, with every export file asked for now: agreements.json and the
 * trends too, not held back for lists_interval or the trends' schedule as
 * after new reports, for a correction is one person's act, and they look
 * for it in the files at once.
 */
static void
correct_refresh(struct napmond *nd, struct evhttp_request *req,
    const char *agency, int code, cJSON *doc)
{
	struct correct_answer	*a;
	int			 flags = export_lists_now(nd->export) |
				    REFRESH_TRENDS;

	if (nd->config->summary_interval > 0)
		flags |= REFRESH_SUMMARY;
	a = xcalloc(1, sizeof *a);
	a->req = req;
	a->code = code;
	a->doc = doc;
	refresher_touch(nd->refresher, agency);
	refresher_request(nd->refresher, flags, NULL, NULL);
	refresher_request(nd->refresher, REFRESH_SNAPSHOT, correct_refreshed,
	    a);
}

/* GET /v1/corrections. */
void
correct_list(struct napmond *nd, struct evhttp_request *req)
{
	cJSON	*doc;
	char	*cause;

	if ((doc = corrections_list(nd->store, &cause)) == NULL) {
		server_error(nd->server, req, HTTP_INTERNAL, cause);
		free(cause);
		return;
	}
	server_json(nd->server, req, HTTP_OK, doc);
}

/* POST /v1/corrections: 201 with the correction stored. */
void
correct_add(struct napmond *nd, struct evhttp_request *req)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	size_t		 len = evbuffer_get_length(in);
	cJSON		*stored;
	char		*who, *cause;
	const char	*agency;
	int		 rc;

	if (correct_refused(nd, req))
		return;
	if ((who = peer_user(peer_fd(req))) == NULL) {
		server_error(nd->server, req, HTTP_FORBIDDEN, "who is writing is unknown"
		    " (SO_PEERCRED)");
		return;
	}
	rc = corrections_add(nd->editor, (const char *)evbuffer_pullup(in,
	    -1), len, who, time(NULL), &stored, &cause);
	free(who);
	if (rc != 0) {
		if (rc < 0)
			log_error("%s", cause);
		server_error(nd->server, req, rc > 0 ? HTTP_BADREQUEST :
		    HTTP_INTERNAL, cause);
		free(cause);
		return;
	}
	agency = cJSON_GetObjectItemCaseSensitive(stored, "agency")->valuestring;
	log_info("correction %.0f of %s by %s", cJSON_GetObjectItem(stored,
	    "id")->valuedouble, agency, cJSON_GetObjectItem(stored,
	    "who")->valuestring);
	correct_refresh(nd, req, agency, HTTP_CREATED, stored);
}

/* DELETE /v1/corrections/{id}: 200, or 404 when there is no such one. */
void
correct_delete(struct napmond *nd, struct evhttp_request *req, long long id)
{
	cJSON	*doc;
	char	*agency, *cause;
	int	 rc;

	if (correct_refused(nd, req))
		return;
	if ((rc = corrections_delete(nd->editor, id, &agency, &cause)) <= 0) {
		if (rc < 0) {
			log_error("%s", cause);
			server_error(nd->server, req, HTTP_INTERNAL, cause);
			free(cause);
		} else
			server_error(nd->server, req, HTTP_NOTFOUND,
			    "no such correction");
		return;
	}
	log_info("correction %lld of %s taken back", id, agency);
	doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "id", id);
	cJSON_AddBoolToObject(doc, "deleted", 1);
	correct_refresh(nd, req, agency, HTTP_OK, doc);
	free(agency);
}
