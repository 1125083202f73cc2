/* What abuse_test's files share: its bounds, napmond's state, the client. */
#ifndef NAPMON_ABUSE_H
#define NAPMON_ABUSE_H

#include <sys/types.h>
#include <sys/un.h>

#define NCONNS		1000	/* concurrent connections held */
#define NSLOW		100	/* clients sending a byte a second */
#define NREADLESS	200	/* clients that never read their answer */
#define NBUDGET		150	/* ... an answer built for them */
#define PROBE_EVERY_MS	200
#define PROBE_BOUND_MS	1000	/* a /healthz answer must come this fast */
#define RSS_BOUND_MB	64	/* growth over the RSS before the abuse */
#define BODY_BYTES	(100 * 1024 * 1024)

/* napmond's folder, socket, TCP port and pid (abuse_test.c). */
extern char	 tmp[];
extern char	 sock_path[sizeof ((struct sockaddr_un *)0)->sun_path];
extern int	 port;
extern pid_t	 pid;

/* What the well-behaved client and the samples saw (abuse_client.c). */
struct abuse_state {
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
};
extern struct abuse_state	st;
extern int			passed, failed;

/* abuse_client.c */
void		 check(int ok, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));
void		 bail(const char *fmt, ...)
		     __attribute__((noreturn, format(printf, 1, 2)));
long long	 now_ms(void);
long		 rss_kb(void);
int		 fd_count(void);
int		 dial(int n);
int		 wait_fd(int fd, short events, int ms);
int		 send_all(int fd, const char *buf, size_t len, int ms);
int		 read_answer(int fd, int ms);
long		 probe(void);
void		 tick(void);
void		 hold(int ms);
void		 close_all(int *fds, int n);
int		 fds_back(int ms);
void		 phase_end(const char *what, int *fds, int n);
int		 ask(const char *path);

/* abuse_phases.c */
void		 phase_many(void);
void		 phase_slow(void);
void		 phase_headers(void);
void		 phase_body(void);
void		 phase_garbage(void);
void		 phase_halfclosed(void);
void		 phase_readless(void);
void		 phase_budget(void);

#endif
