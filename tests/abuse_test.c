/*
 * abuse_test: napmond under abusive clients.  It starts napmond on a
 * temporary folder holding a generated corpus (so that /v1/agreements is a
 * large answer), then, phase after phase: 1000 concurrent connections, slow
 * clients sending a byte a second, headers over the limit, 100 MB bodies,
 * garbage bytes, half-closed connections and clients that never read their
 * answer.  Throughout, a well-behaved client asks GET /healthz every 200 ms
 * and must be answered within PROBE_BOUND_MS; napmond's RSS must stay under
 * RSS_BOUND_MB above what it was before the abuse, and after each phase its
 * descriptors must return to what they were before it.
 *
 *	abuse_test NAPMOND GENCORPUS
 *
 * Loopback and a unix socket only.  Prints "N passed, N failed"; exits 0
 * when nothing failed.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NCONNS		1000	/* concurrent connections held */
#define NSLOW		100	/* clients sending a byte a second */
#define NREADLESS	200	/* clients that never read their answer */
#define NBUDGET		150	/* ... an answer built for them */
#define PROBE_EVERY_MS	200
#define PROBE_BOUND_MS	1000	/* a /healthz answer must come this fast */
#define RSS_BOUND_MB	64	/* growth over the RSS before the abuse */
#define BODY_BYTES	(100 * 1024 * 1024)

static char	 tmp[] = "/tmp/napmond-abuse.XXXXXX";
static char	 sock_path[sizeof ((struct sockaddr_un *)0)->sun_path];
static int	 port;
static pid_t	 pid = -1;
static int	 passed, failed;

/* What the well-behaved client and the samples saw. */
static struct {
	int		probes;
	int		late;		/* answered, but over the bound */
	int		unanswered;
	long		max_ms;
	long		sum_ms;
	long		rss_kb_base;
	long		rss_kb_max;
	int		fds_base;
	int		fds_max;
	long long	next_probe;
} st;

static void __attribute__((format(printf, 2, 3)))
check(int ok, const char *fmt, ...)
{
	va_list	ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bail(const char *fmt, ...)
{
	va_list	ap;

	printf("not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n%d passed, %d failed\n", passed, failed + 1);
	exit(1);
}

/* Return the monotonic clock in milliseconds. */
static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Read napmond's resident set size in kB from /proc. */
static long
rss_kb(void)
{
	char	 path[64], line[256];
	long	 kb = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return (kb);
}

/* Count napmond's open descriptors. */
static int
fd_count(void)
{
	char		 path[64];
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return (n);
}

/* Open a non-blocking connection: even n to the socket, odd n to TCP. */
static int
dial(int n)
{
	struct sockaddr_un	sun;
	struct sockaddr_in	sin;
	int			fd, rc;

	if (n % 2 == 0) {
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		memcpy(sun.sun_path, sock_path, sizeof sun.sun_path);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
		if (fd == -1)
			return (-1);
		rc = connect(fd, (struct sockaddr *)&sun, sizeof sun);
	} else {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
		if (fd == -1)
			return (-1);
		rc = connect(fd, (struct sockaddr *)&sin, sizeof sin);
	}
	if (rc != 0 && errno != EINPROGRESS) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Wait until fd is ready for events, up to ms; return the revents or 0. */
static int
wait_fd(int fd, short events, int ms)
{
	struct pollfd	pfd = { fd, events, 0 };

	if (poll(&pfd, 1, ms) <= 0)
		return (0);
	return (pfd.revents);
}

/* Write all of a buffer to a non-blocking socket within ms. */
static int
send_all(int fd, const char *buf, size_t len, int ms)
{
	long long	end = now_ms() + ms;
	ssize_t		n;

	while (len > 0) {
		if ((n = send(fd, buf, len, MSG_NOSIGNAL)) > 0) {
			buf += n;
			len -= n;
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return (-1);
		if (now_ms() >= end || wait_fd(fd, POLLOUT, end - now_ms()) == 0)
			return (-1);
	}
	return (0);
}

/*
 * Read an HTTP answer until the body announced by Content-Length is in, or
 * EOF, within ms.  Return the status code, 0 on EOF before any status, -1
 * on timeout or error.
 */
static int
read_answer(int fd, int ms)
{
	char		 buf[65536], *p;
	size_t		 have = 0;
	long long	 end = now_ms() + ms, left;
	long		 clen = -1;
	int		 code = 0;
	ssize_t		 n;

	for (;;) {
		if ((left = end - now_ms()) <= 0)
			return (-1);
		if (wait_fd(fd, POLLIN, left) == 0)
			return (-1);
		n = recv(fd, buf + have, sizeof buf - 1 - have, 0);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return (code);
		have += n;
		buf[have] = '\0';
		if (code == 0)
			sscanf(buf, "HTTP/1.%*d %d", &code);
		if ((p = strstr(buf, "\r\n\r\n")) != NULL) {
			if (clen < 0) {
				char *cl = strcasestr(buf, "\r\nContent-Length:");

				clen = cl != NULL && cl < p ?
				    strtol(cl + 17, NULL, 10) : -1;
			}
			if (clen >= 0 && have - (p + 4 - buf) >= (size_t)clen)
				return (code);
		}
		if (have == sizeof buf - 1) {
			/* A long body: keep only the tail. */
			if (p == NULL || clen < 0)
				return (code);
			clen -= have - (p + 4 - buf);
			have = 0;
			while (clen > 0) {
				if ((left = end - now_ms()) <= 0 ||
				    wait_fd(fd, POLLIN, left) == 0)
					return (-1);
				n = recv(fd, buf, sizeof buf, 0);
				if (n == -1 && (errno == EAGAIN ||
				    errno == EINTR))
					continue;
				if (n <= 0)
					return (code);
				clen -= n;
			}
			return (code);
		}
	}
}

/* One GET /healthz as a well-behaved client; latency in ms, -1 if none. */
static long
probe(void)
{
	static const char	 req[] =
	    "GET /healthz HTTP/1.1\r\nHost: napmond\r\nConnection: close\r\n\r\n";
	long long		 t0 = now_ms();
	int			 fd, code = -1;

	if ((fd = dial(0)) != -1) {
		if (wait_fd(fd, POLLOUT, 5000) != 0 &&
		    send_all(fd, req, sizeof req - 1, 5000) == 0)
			code = read_answer(fd, 5000);
		close(fd);
	}
	return (code == 200 ? now_ms() - t0 : -1);
}

/* Probe /healthz and sample RSS and descriptors when it is time to. */
static void
tick(void)
{
	long	ms, kb;
	int	fds;

	if (now_ms() < st.next_probe)
		return;
	st.probes++;
	if ((ms = probe()) < 0)
		st.unanswered++;
	else {
		st.sum_ms += ms;
		if (ms > st.max_ms)
			st.max_ms = ms;
		if (ms > PROBE_BOUND_MS)
			st.late++;
	}
	if ((kb = rss_kb()) > st.rss_kb_max)
		st.rss_kb_max = kb;
	if ((fds = fd_count()) > st.fds_max)
		st.fds_max = fds;
	st.next_probe = now_ms() + PROBE_EVERY_MS;
}

/* Keep probing for ms. */
static void
hold(int ms)
{
	long long	end = now_ms() + ms;

	while (now_ms() < end) {
		tick();
		usleep(20000);
	}
}

/* Close a set of client sockets. */
static void
close_all(int *fds, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (fds[i] != -1)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Wait (probing) until napmond is back to its baseline of descriptors. */
static int
fds_back(int ms)
{
	long long	end = now_ms() + ms;
	int		n;

	while ((n = fd_count()) > st.fds_base && now_ms() < end) {
		tick();
		usleep(50000);
	}
	return (n);
}

/* Report the probes of a phase, then start afresh for the next. */
static void
phase_end(const char *what, int *fds, int n)
{
	int	left;

	st.next_probe = 0;	/* at least one probe per phase */
	tick();
	close_all(fds, n);
	left = fds_back(10000);
	check(left <= st.fds_base, "%s: napmond's descriptors back to %d"
	    " (now %d)", what, st.fds_base, left);
	check(st.unanswered == 0 && st.late == 0, "%s: /healthz answered"
	    " %d of %d probes within %d ms (slowest %ld ms, mean %ld ms)",
	    what, st.probes - st.unanswered - st.late, st.probes,
	    PROBE_BOUND_MS, st.max_ms,
	    st.probes > st.unanswered ? st.sum_ms /
	    (st.probes - st.unanswered) : 0);
	printf("# %s: napmond at most %d descriptors, %ld kB resident\n",
	    what, st.fds_max, st.rss_kb_max);
	st.probes = st.late = st.unanswered = 0;
	st.max_ms = st.sum_ms = 0;
	st.fds_max = 0;
}

/* 1000 connections at once, held, then each asking for /healthz. */
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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

/* One request as a well-behaved client; the status code, or -1. */
static int
ask(const char *path)
{
	char	req[256];
	int	fd, code = -1;

	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: napmond\r\n"
	    "Connection: close\r\n\r\n", path);
	if ((fd = dial(0)) != -1) {
		if (wait_fd(fd, POLLOUT, 5000) != 0 &&
		    send_all(fd, req, strlen(req), 5000) == 0)
			code = read_answer(fd, 5000);
		close(fd);
	}
	return (code);
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
static void
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
static void
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

/* Write the config and generate the corpus. */
static void
setup(const char *gencorpus)
{
	char	 path[PATH_MAX];
	FILE	*f;
	pid_t	 gen;
	int	 status;

	snprintf(path, sizeof path, "%s/inbox", tmp);
	if ((gen = fork()) == 0) {
		execl(gencorpus, gencorpus, "--seed", "6", "--count", "300",
		    "--out", path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(gen, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		bail("napmon-gencorpus failed");
	snprintf(path, sizeof path, "%s/inbox/manifest.json", tmp);
	unlink(path);

	srand(getpid());
	port = 20000 + rand() % 20000;
	snprintf(sock_path, sizeof sock_path, "%s/napmond.sock", tmp);
	snprintf(path, sizeof path, "%s/napmond.conf", tmp);
	if ((f = fopen(path, "w")) == NULL)
		bail("%s: %s", path, strerror(errno));
	fprintf(f, "[daemon]\nsocket = napmond.sock\ndatabase = napmon.db\n"
	    "listen = 127.0.0.1:%d\nlog_level = info\n"
	    "[collector]\ninbox = inbox\nquarantine = quarantine\n"
	    "interval = 3600\n[export]\ndirectory = export\n", port);
	fclose(f);
}

/* Start napmond, under a hard descriptor limit if nofile > 0. */
static void
launch(const char *napmond, rlim_t nofile)
{
	struct rlimit	 rl;
	char		 path[PATH_MAX], log[PATH_MAX];
	int		 status, fd;
	long long	 end;

	snprintf(path, sizeof path, "%s/napmond.conf", tmp);
	snprintf(log, sizeof log, "%s/log", tmp);
	if ((pid = fork()) == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* napmond's descriptors are counted: give it only 0, 1, 2. */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		if (nofile > 0) {
			rl.rlim_cur = rl.rlim_max = nofile;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		/*
		 * Under ASan, freed memory waits in a 256 MB quarantine by
		 * default: keep it small so that RSS tells live memory.
		 */
		setenv("ASAN_OPTIONS", "quarantine_size_mb=8", 0);
		execl(napmond, napmond, "-c", path, (char *)NULL);
		_exit(127);
	}
	end = now_ms() + 60000;
	while (probe() < 0) {
		if (now_ms() > end || waitpid(pid, &status, WNOHANG) != 0)
			bail("napmond did not start (log: %s)", log);
		usleep(100000);
	}
}

/* Count the lines of napmond's log holding a string. */
static int
log_count(const char *what)
{
	char	 path[PATH_MAX], line[1024];
	FILE	*f;
	int	 n = 0;

	snprintf(path, sizeof path, "%s/log", tmp);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL)
		n += strstr(line, what) != NULL;
	fclose(f);
	return (n);
}

/* Stop napmond with SIGTERM; is its exit status 0? */
static int
stop(void)
{
	int	status;

	if (kill(pid, SIGTERM) != 0 || waitpid(pid, &status, 0) != pid)
		return (0);
	pid = -1;
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Set the descriptor baseline: the least of a few samples. */
static void
baseline(void)
{
	int	i, n;

	hold(500);
	/* The probe's connection may take napmond a moment to close. */
	st.fds_base = INT_MAX;
	for (i = 0; i < 10; i++) {
		if ((n = fd_count()) < st.fds_base)
			st.fds_base = n;
		usleep(50000);
	}
	st.probes = st.late = st.unanswered = 0;
	st.max_ms = st.sum_ms = 0;
}

/*
 * napmond under a hard limit of 64 descriptors it cannot raise: 300
 * clients make accept() fail with EMFILE.  It must pause accepting rather
 * than spin, survive, and serve again once they leave.
 */
static void
phase_emfile(const char *napmond)
{
	static int	fds[300];
	int		i, before, warned, left;
	long		ms;

	launch(napmond, 64);
	baseline();
	for (i = 0; i < 300; i++)
		fds[i] = dial(i);
	/* No probes here: they would wait in the backlog with the others. */
	usleep(1000000);
	before = log_count("Too many open files");
	usleep(3000000);
	warned = log_count("Too many open files") - before;
	/* Each of the two listeners pauses a second after each EMFILE. */
	check(before >= 1 && warned <= 2 * 4, "300 clients against a limit"
	    " of 64 descriptors: napmond logged EMFILE %d times in 3 s (it"
	    " pauses accepting for a second; it does not spin)", warned);
	close_all(fds, 300);
	left = fds_back(10000);
	for (i = 0; i < 30 && (ms = probe()) < 0; i++)
		usleep(100000);
	check(left <= st.fds_base && ms >= 0, "once they leave, napmond is"
	    " back to %d descriptors (now %d) and answers /healthz",
	    st.fds_base, left);
}

/* Stop napmond if running and remove the folder. */
static void
cleanup(void)
{
	char	cmd[PATH_MAX + 16];

	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "abuse_test: cannot remove %s\n", tmp);
}

int
main(int argc, char **argv)
{
	struct rlimit	 rl;
	char		 cmd[PATH_MAX + 64];
	long		 growth;

	if (argc != 3) {
		fprintf(stderr, "usage: abuse_test NAPMOND GENCORPUS\n");
		return (64);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	/* The test holds NCONNS sockets and more: raise our own limit. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < NCONNS + 100) {
		printf("SKIP: RLIMIT_NOFILE is %ld, under %d\n",
		    (long)rl.rlim_cur, NCONNS + 100);
		return (77);
	}
	if (mkdtemp(tmp) == NULL)
		bail("mkdtemp: %s", strerror(errno));
	atexit(cleanup);
	setup(argv[2]);
	launch(argv[1], 0);
	baseline();
	st.rss_kb_base = rss_kb();
	printf("# napmond %d: %d descriptors, %ld kB resident before the"
	    " abuse\n", (int)pid, st.fds_base, st.rss_kb_base);

	phase_many();
	phase_slow();
	phase_headers();
	phase_body();
	phase_garbage();
	phase_halfclosed();
	phase_readless();
	phase_budget();

	growth = (st.rss_kb_max - st.rss_kb_base) / 1024;
	check(growth <= RSS_BOUND_MB, "napmond's RSS grew by %ld MB at most"
	    " (bound %d MB): %ld kB before, %ld kB at the peak", growth,
	    RSS_BOUND_MB, st.rss_kb_base, st.rss_kb_max);
	check(stop(), "napmond survived and exits 0 on SIGTERM");
	phase_emfile(argv[1]);
	check(stop(), "napmond survived EMFILE and exits 0 on SIGTERM");
	snprintf(cmd, sizeof cmd, "! grep -E 'ERROR|runtime error' '%s/log'",
	    tmp);
	check(system(cmd) == 0, "no sanitizer report in napmond's log");
	printf("%d passed, %d failed\n", passed, failed);
	return (failed != 0);
}
