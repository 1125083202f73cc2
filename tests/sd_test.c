/*
 * napmond as systemd runs it: READY=1, STATUS= and WATCHDOG=1 arrive on a
 * NOTIFY_SOCKET of the test's own; a listening socket handed over the way
 * systemd does it (fd 3, LISTEN_FDS, LISTEN_PID) is served; and under the
 * journal (JOURNAL_STREAM) each log line carries its syslog priority.
 *
 * usage: sd_test NAPMOND
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char	*napmond;
static char		 dir[] = "/tmp/napmon-sd-XXXXXX";
static int		 passed, failed;

static void
check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (ok)
		passed++;
	else
		failed++;
}

static int
unix_socket(int type, const char *path, struct sockaddr_un *sun)
{
	size_t	len = strlen(path);

	if (len >= sizeof sun->sun_path)
		return -1;	/* the temporary folder keeps paths short */
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	return socket(AF_UNIX, type, 0);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Start napmond on the test folder, its stderr to log; the caller has set
 * the environment.  With listen_fd >= 0, hand that socket over as fd 3.
 */
static pid_t
spawn(const char *socket_name, const char *log, int listen_fd)
{
	char	sock[256], db[256], inbox[256], q[256], ex[256], pidstr[32];
	pid_t	pid = fork();
	int	fd;

	if (pid != 0)
		return pid;
	if (listen_fd >= 0) {
		dup2(listen_fd, 3);
		snprintf(pidstr, sizeof pidstr, "%d", (int)getpid());
		setenv("LISTEN_FDS", "1", 1);
		setenv("LISTEN_PID", pidstr, 1);
	}
	snprintf(sock, sizeof sock, "%s/%s", dir, socket_name);
	snprintf(db, sizeof db, "%s/napmon.db", dir);
	snprintf(inbox, sizeof inbox, "%s/inbox", dir);
	snprintf(q, sizeof q, "%s/quarantine", dir);
	snprintf(ex, sizeof ex, "%s/export", dir);
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0)
		dup2(fd, STDERR_FILENO);
	execl(napmond, napmond, "-s", sock, "-d", db, "-i", inbox, "-q", q,
	    "-e", ex, (char *)NULL);
	_exit(127);
}

static int
stop(pid_t pid)
{
	int	status;

	kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* READY=1, STATUS= and WATCHDOG=1 on our own notify socket. */
static void
test_notify(void)
{
	struct sockaddr_un	 sun;
	char			 path[256], log[256], buf[4096];
	int			 fd, ready = 0, status = 0, watchdog = 0, stopping;
	double			 deadline;
	pid_t			 pid;
	FILE			*f;

	snprintf(path, sizeof path, "%s/notify", dir);
	fd = unix_socket(SOCK_DGRAM, path, &sun);
	check(bind(fd, (struct sockaddr *)&sun, sizeof sun) == 0,
	    "bind a notify socket");
	setenv("NOTIFY_SOCKET", path, 1);
	setenv("WATCHDOG_USEC", "200000", 1);	/* pings every 100 ms */
	setenv("JOURNAL_STREAM", "8:12345", 1);
	snprintf(log, sizeof log, "%s/journal.log", dir);
	pid = spawn("napmond.sock", log, -1);
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("JOURNAL_STREAM");
	for (deadline = now() + 10; now() < deadline &&
	    !(ready && status && watchdog >= 2); ) {
		struct pollfd	pfd = { fd, POLLIN, 0 };
		ssize_t		n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((n = recv(fd, buf, sizeof buf - 1, 0)) <= 0)
			continue;
		buf[n] = '\0';
		ready |= strstr(buf, "READY=1") != NULL;
		status |= strstr(buf, "STATUS=") != NULL;
		watchdog += strstr(buf, "WATCHDOG=1") != NULL;
	}
	check(ready, "READY=1 arrives");
	check(status, "STATUS= arrives");
	check(watchdog >= 2, "WATCHDOG=1 arrives, again and again");
	check(stop(pid) == 0, "SIGTERM: exit 0");
	stopping = 0;
	while (recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT) > 0)
		stopping |= strstr(buf, "STOPPING=1") != NULL;
	check(stopping, "STOPPING=1 arrives on SIGTERM");
	close(fd);
	if ((f = fopen(log, "r")) != NULL && fgets(buf, sizeof buf, f) != NULL)
		check(buf[0] == '<' && buf[2] == '>',
		    "under the journal, log lines start with <priority>");
	else
		check(0, "napmond logged something");
	if (f != NULL)
		fclose(f);
}

/* GET /healthz through the socket napmond was handed; 1 when 200. */
static int
healthz(const char *path)
{
	struct sockaddr_un	sun;
	char			buf[512];
	const char		req[] = "GET /healthz HTTP/1.0\r\n\r\n";
	int			fd = unix_socket(SOCK_STREAM, path, &sun), ok;
	ssize_t			n;

	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1)) {
		close(fd);
		return 0;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	ok = strncmp(buf, "HTTP/1.1 200", 12) == 0 ||
	    strncmp(buf, "HTTP/1.0 200", 12) == 0;
	return ok;
}

/* A listening socket handed over as fd 3 with LISTEN_FDS and LISTEN_PID. */
static void
test_socket_activation(void)
{
	struct sockaddr_un	 sun;
	char			 path[256], own[256], log[256];
	int			 fd, ok = 0;
	double			 deadline;
	pid_t			 pid;

	snprintf(path, sizeof path, "%s/activated.sock", dir);
	snprintf(own, sizeof own, "%s/own.sock", dir);
	snprintf(log, sizeof log, "%s/activated.log", dir);
	fd = unix_socket(SOCK_STREAM, path, &sun);
	check(bind(fd, (struct sockaddr *)&sun, sizeof sun) == 0 &&
	    listen(fd, 16) == 0, "listen on a socket as systemd would");
	pid = spawn("own.sock", log, fd);
	close(fd);
	for (deadline = now() + 10; now() < deadline && !ok; usleep(50000))
		ok = healthz(path);
	check(ok, "GET /healthz answers 200 through the handed-over socket");
	check(access(own, F_OK) != 0, "no socket of its own is bound");
	check(stop(pid) == 0, "SIGTERM: exit 0");
}

int
main(int argc, char **argv)
{
	char	cmd[512];

	if (argc != 2) {
		fputs("usage: sd_test NAPMOND\n", stderr);
		return 64;
	}
	napmond = argv[1];
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(cmd, sizeof cmd, "%s/inbox", dir);
	mkdir(cmd, 0755);
	test_notify();
	test_socket_activation();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
