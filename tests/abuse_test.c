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
 * when nothing failed.  This file starts and stops napmond; the clients
 * are in abuse_client.c, the phases in abuse_phases.c.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abuse.h"

char	 tmp[] = "/tmp/napmond-abuse.XXXXXX";
char	 sock_path[sizeof ((struct sockaddr_un *)0)->sun_path];
int	 port;
pid_t	 pid = -1;

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
