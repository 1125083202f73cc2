/* abuse_test's phases: each a kind of abusive client, against napmond. */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abuse.h"

/* 1000 connections at once, held, then each asking for /healthz. */
void
phase_many(void)
{
	static const char	 req[] =
	    "GET /healthz HTTP/1.1\r\nHost: napmond\r\n\r\n";
	static int		 fds[NCONNS];
	long long		 end;
	int			 i, opened = 0, held, answered = 0;

	for (i = 0; i < NCONNS; i++) {
		/* A full backlog says EAGAIN: let napmond accept, retry. */
		end = now_ms() + 10000;
		while ((fds[i] = dial(i)) == -1 && errno == EAGAIN &&
		    now_ms() < end) {
			tick();
			usleep(1000);
		}
		opened += fds[i] != -1;
		if (i % 100 == 0)
			tick();
	}
	end = now_ms() + 15000;
	while ((held = fd_count() - st.fds_base) < opened && now_ms() < end)
		hold(100);
	check(opened == NCONNS && held >= NCONNS, "%d concurrent connections"
	    " opened, %d held by napmond", opened, held);
	hold(2000);
	for (i = 0; i < NCONNS; i++) {
		if (fds[i] != -1 && send_all(fds[i], req, sizeof req - 1,
		    2000) != 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	for (i = 0; i < NCONNS; i++) {
		if (fds[i] != -1 && read_answer(fds[i], 10000) == 200)
			answered++;
		if (i % 50 == 0)
			tick();
	}
	check(answered == NCONNS, "%d of %d concurrent keep-alive"
	    " connections answered GET /healthz", answered, NCONNS);
	phase_end("1000 connections", fds, NCONNS);
}

/* Clients that send their request a byte a second. */
void
phase_slow(void)
{
	static const char	 req[] =
	    "GET /healthz HTTP/1.1\r\nHost: napmond\r\nX-Slow: yes\r\n\r\n";
	static int		 fds[NSLOW];
	int			 i, sec, cut = 0;

	for (i = 0; i < NSLOW; i++)
		fds[i] = dial(i);
	for (sec = 0; sec < 12; sec++) {
		for (i = 0; i < NSLOW; i++) {
			if (fds[i] != -1 && send(fds[i], req + sec, 1,
			    MSG_NOSIGNAL) != 1) {
				close(fds[i]);
				fds[i] = -1;
				cut++;
			}
		}
		hold(1000);
	}
	printf("# slow clients: %d of %d cut off by napmond after 12 s\n",
	    cut, NSLOW);
	phase_end("slow clients", fds, NSLOW);
}

/* Requests whose headers are over napmond's limit. */
void
phase_headers(void)
{
	static int	 fds[20];
	char		*req, *p;
	size_t		 len = 256 * 1024;
	int		 i, refused = 0, code;

	req = malloc(len);
	p = req + sprintf(req, "GET /healthz HTTP/1.1\r\nHost: napmond\r\n");
	while (p < req + len - 100)
		p += sprintf(p, "X-Pad-%ld: %080d\r\n", (long)(p - req), 0);
	p += sprintf(p, "\r\n");
	for (i = 0; i < 20; i++) {
		fds[i] = dial(i);
		wait_fd(fds[i], POLLOUT, 2000);
		/* napmond may stop reading and close: a failed send is fine. */
		send_all(fds[i], req, p - req, 3000);
		code = read_answer(fds[i], 5000);
		refused += code == 0 || (code >= 400 && code < 500);
		tick();
	}
	free(req);
	check(refused == 20, "256 kB of headers: %d of 20 refused with a"
	    " 4xx or a close", refused);
	phase_end("oversized headers", fds, 20);
}

/* POSTs announcing (or chunking) a 100 MB body. */
void
phase_body(void)
{
	static int	 fds[4];
	char		*chunk, head[256];
	size_t		 sent[4] = { 0 };
	int		 i, code, refused = 0, chunked;
	ssize_t		 n;
	long long	 end;

	chunk = calloc(1, 1 << 20);
	memset(chunk, 'x', 1 << 20);
	for (i = 0; i < 4; i++) {
		chunked = i >= 2;
		fds[i] = dial(i);
		wait_fd(fds[i], POLLOUT, 2000);
		if (chunked)
			snprintf(head, sizeof head, "POST /v1/scan HTTP/1.1\r\n"
			    "Host: napmond\r\nTransfer-Encoding: chunked\r\n\r\n");
		else
			snprintf(head, sizeof head, "POST /v1/scan HTTP/1.1\r\n"
			    "Host: napmond\r\nContent-Length: %d\r\n\r\n",
			    BODY_BYTES);
		send_all(fds[i], head, strlen(head), 2000);
		end = now_ms() + 10000;
		while (sent[i] < BODY_BYTES && now_ms() < end) {
			if (chunked && sent[i] % (1 << 20) == 0) {
				snprintf(head, sizeof head, "%x\r\n", 1 << 20);
				if (send_all(fds[i], head, strlen(head),
				    1000) != 0)
					break;
			}
			n = send(fds[i], chunk + sent[i] % (1 << 20),
			    (1 << 20) - sent[i] % (1 << 20), MSG_NOSIGNAL);
			if (n > 0) {
				sent[i] += n;
				if (chunked && sent[i] % (1 << 20) == 0 &&
				    send_all(fds[i], "\r\n", 2, 1000) != 0)
					break;
			} else if (n == -1 && errno == EAGAIN) {
				/* napmond stopped reading: answered, or
				 * closing. */
				if (wait_fd(fds[i], POLLOUT | POLLIN, 1000) &
				    (POLLIN | POLLHUP | POLLERR))
					break;
			} else
				break;
			tick();
		}
		code = read_answer(fds[i], 5000);
		refused += (code == 413 || code == 400 || code == 0) &&
		    sent[i] < BODY_BYTES;
		printf("# 100 MB %s body: answered %d after %zu bytes sent\n",
		    chunked ? "chunked" : "announced", code, sent[i]);
	}
	free(chunk);
	check(refused == 4, "100 MB bodies: %d of 4 refused before the end",
	    refused);
	phase_end("100 MB bodies", fds, 4);
}

/* Random bytes instead of HTTP, with and without line ends. */
void
phase_garbage(void)
{
	static int	 fds[60];
	char		 buf[65536];
	size_t		 len, j;
	int		 i, due = 0, refused = 0, code, over;

	srand(6);
	for (i = 0; i < 60; i++) {
		len = 1 + rand() % sizeof buf;
		for (j = 0; j < len; j++)
			buf[j] = i % 3 == 0 ? 'A' + rand() % 26 : rand() % 256;
		if (i % 3 == 1)
			buf[len - 1] = '\n';
		fds[i] = dial(i);
		wait_fd(fds[i], POLLOUT, 2000);
		send_all(fds[i], buf, len, 2000);
		/*
		 * A line end or more than the header limit must be refused;
		 * a short line with no end yet is waited for, as it may be
		 * a slow client.
		 */
		over = len > 8192 || memchr(buf, '\n', len) != NULL;
		code = read_answer(fds[i], over ? 5000 : 100);
		if (over) {
			due++;
			refused += code == 0 || code == 400 || code == 413;
		}
		tick();
	}
	check(refused == due, "garbage: %d of %d clients whose bytes cannot"
	    " be a request refused with 400, 413 or a close", refused, due);
	phase_end("garbage", fds, 60);
}

/* Clients that shut their sending side after a whole or half request. */
void
phase_halfclosed(void)
{
	static const char	 req[] =
	    "GET /healthz HTTP/1.1\r\nHost: napmond\r\n\r\n";
	static int		 fds[100];
	int			 i, whole = 0, closed = 0, code;

	for (i = 0; i < 100; i++) {
		fds[i] = dial(i);
		wait_fd(fds[i], POLLOUT, 2000);
		send_all(fds[i], req, i < 50 ? sizeof req - 1 : 20, 2000);
		shutdown(fds[i], SHUT_WR);
	}
	for (i = 0; i < 100; i++) {
		code = read_answer(fds[i], 5000);
		if (i < 50)
			whole += code == 200;
		else
			closed += code == 0;
		tick();
	}
	printf("# half-closed after a whole request: %d of 50 answered\n",
	    whole);
	check(closed == 50, "half-closed after half a request: %d of 50"
	    " closed by napmond", closed);
	phase_end("half-closed", fds, 100);
}

/*
 * Open n clients that ask for path and never read; with pause_ms, only on
 * the unix socket, whose kernel buffers (unlike loopback TCP's) hold less
 * than an answer.
 */
static void
readless(int *fds, int n, const char *(*path)(int), int pause_ms)
{
	char	req[128];
	int	i, rcv = 4096;

	for (i = 0; i < n; i++) {
		snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: napmond\r\n"
		    "\r\n", path(i));
		fds[i] = dial(pause_ms > 0 ? 0 : i);
		setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
		wait_fd(fds[i], POLLOUT, 2000);
		send_all(fds[i], req, strlen(req), 2000);
		if (pause_ms > 0)
			hold(pause_ms);
		else if (i % 20 == 0)
			tick();
	}
}

static const char *
large_path(int i)
{
	return (i % 3 == 0 ? "/v1/measures" : i % 3 == 1 ? "/v1/agreements" :
	    "/v1/indicators");
}

static const char *
built_path(int i)
{
	(void)i;
	return ("/v1/reports");
}

/* Clients that ask for the large snapshot answers and never read them. */
void
phase_readless(void)
{
	static int	fds[NREADLESS];

	readless(fds, NREADLESS, large_path, 0);
	hold(5000);
	phase_end("clients that never read", fds, NREADLESS);
}

/*
 * Clients that never read answers built for them (the report list, some
 * 140 kB each): past 16 MB waiting, napmond answers such queries, and the
 * agreements it reads a page at a time, 503 but still serves /healthz and
 * the snapshot's answers, and serves them again once the clients are gone.
 */
void
phase_budget(void)
{
	static int	fds[NBUDGET];
	int		busy, paged, shared, again;

	readless(fds, NBUDGET, built_path, 30);
	hold(1000);
	busy = ask("/v1/reports");
	paged = ask("/v1/agreements?stage=signed");
	shared = ask("/v1/indicators");
	check(busy == 503 && paged == 503 && shared == 200, "%d clients not"
	    " reading 140 kB answers: /v1/reports is answered %d and"
	    " /v1/agreements %d (503 expected), /v1/indicators %d", NBUDGET,
	    busy, paged, shared);
	phase_end("answers not read", fds, NBUDGET);
	again = ask("/v1/agreements?stage=signed");
	check(again == 200, "once they are gone the agreements are"
	    " answered %d", again);
}
