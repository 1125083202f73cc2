/*
 * libFuzzer target: a request's target (path and query) as napmond's
 * server reads it, through query_parse() (daemon/query.c), for one of the
 * methods the first byte picks ("8" GET, "9" HEAD, ":" POST, ";" PUT, "<"
 * DELETE, as
 * in tests/fuzz/query/, the seeds).  Beyond not crashing, the answer must be
 * one the server can send: 0 with a route and sane filters, or 400, 404 or
 * 405 with a message (and the methods allowed, for 405).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int methods[] = { EVHTTP_REQ_GET, EVHTTP_REQ_HEAD,
	EVHTTP_REQ_POST, EVHTTP_REQ_PUT, EVHTTP_REQ_DELETE, EVHTTP_REQ_OPTIONS,
	EVHTTP_REQ_PATCH };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query	 q;
	char		*target, *error;
	int		 code;

	if (size == 0)
		return 0;
	if ((target = malloc(size)) == NULL)
		abort();
	memcpy(target, data + 1, size - 1);
	target[size - 1] = '\0';
	code = query_parse(&q, target, methods[data[0] % 7], &error);
	if (code == 0) {
		if (error != NULL || q.route >= QUERY_NROUTES)
			abort();
		if (q.measures.status >= STATUS_COUNT ||
		    q.measures.chapter > 1000 ||
		    q.agreements.stage >= STAGE_COUNT ||
		    (q.measures.agency != NULL && *q.measures.agency == '\0') ||
		    (q.route == QUERY_CORRECTION && q.correction <= 0))
			abort();
	} else if (error == NULL || (code != HTTP_BADREQUEST &&
	    code != HTTP_NOTFOUND && code != HTTP_BADMETHOD) ||
	    (code == HTTP_BADMETHOD && q.allow == NULL))
		abort();
	free(error);
	query_clear(&q);
	free(target);
	return 0;
}
