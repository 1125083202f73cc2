/* abuse_test's clients: connections, answers, checks and /healthz probes. */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "abuse.h"

struct abuse_state	st;
int			passed, failed;

void
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

void
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
long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Read napmond's resident set size in kB from /proc. */
long
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
int
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
int
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
int
wait_fd(int fd, short events, int ms)
{
	struct pollfd	pfd = { fd, events, 0 };

	if (poll(&pfd, 1, ms) <= 0)
		return (0);
	return (pfd.revents);
}

/* Write all of a buffer to a non-blocking socket within ms. */
int
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
int
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
long
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
void
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
void
hold(int ms)
{
	long long	end = now_ms() + ms;

	while (now_ms() < end) {
		tick();
		usleep(20000);
	}
}

/* Close a set of client sockets. */
void
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
int
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
void
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


/* One request as a well-behaved client; the status code, or -1. */
int
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
