/*
 * Where napmond listens: the sockets systemd passed, else its unix socket
 * (mode 0660, a stale one from a dead napmond removed) and, if configured,
 * a TCP address, loopback unless listen_remote says otherwise.  server.c
 * says what is answered there.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/http.h>
#include <event2/listener.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "napmond.h"

/*
 * Connections the kernel queues before napmond accepts them.  With 128, a
 * burst of a thousand loopback connections overflowed the queue, and the
 * TCP handshakes dropped were retried after 1, 3, 7, 15 s.
 */
#define LISTEN_BACKLOG		SOMAXCONN

/* Accept again after a pause for want of descriptors. */
static void
listen_resume(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	evconnlistener_enable(arg);
}

/*
 * On EMFILE and the like, stop accepting for a second (as tmux does):
 * the pending connection would wake the loop again at once.
 */
static void
listen_accept_error(struct evconnlistener *l, void *arg)
{
	struct timeval	 tv = { 1, 0 };
	int		 e = EVUTIL_SOCKET_ERROR();

	(void)arg;
	log_warn("accept: %s", strerror(e));
	if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
		evconnlistener_disable(l);
		event_base_once(evconnlistener_get_base(l), -1, EV_TIMEOUT,
		    listen_resume, l, &tv);
	}
}

/*
 * Remove a socket file left by a napmond that died, but refuse to take the
 * place of one that still answers, or of a file that is not a socket.
 */
static int
listen_unstale(const char *path, char **cause)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd, rc;

	if (lstat(path, &st) != 0)
		return (0);
	if (!S_ISSOCK(st.st_mode)) {
		xasprintf(cause, "%s: exists and is not a socket", path);
		return (-1);
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	rc = connect(fd, (struct sockaddr *)&sun, sizeof sun);
	close(fd);
	if (rc == 0) {
		xasprintf(cause, "%s: another napmond is listening", path);
		return (-1);
	}
	log_info("%s: removing stale socket", path);
	if (unlink(path) != 0 && errno != ENOENT) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Create the listening unix socket, mode 0660. */
static int
listen_unix(struct listening *ls, const char *path, char **cause)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 mask;
	int			 fd, rc;

	if (listen_unstale(path, cause) != 0)
		return (-1);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	/* No window where the socket exists with looser permissions. */
	mask = umask(0117);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof sun);
	umask(mask);
	if (rc != 0 || chmod(path, 0660) != 0 ||
	    listen(fd, LISTEN_BACKLOG) != 0 || stat(path, &st) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	ls->dev = st.st_dev;
	ls->ino = st.st_ino;
	ls->path = xstrdup(path);
	return (fd);
}

/* Serve on a listening socket. */
static struct evhttp_bound_socket *
listen_on(struct listening *ls, int fd)
{
	struct evconnlistener	*l;

	evutil_make_socket_nonblocking(fd);
	l = evconnlistener_new(ls->nd->base, NULL, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, LISTEN_BACKLOG, fd);
	if (l == NULL)
		return (NULL);
	return (evhttp_bind_listener(ls->http, l));
}

/* Raise the backlog of a socket evhttp listens on with 128. */
static void
listen_backlog(int fd)
{
	listen(fd, LISTEN_BACKLOG);
}

/* Is a listening inet socket bound to a loopback address? */
static int
listen_loopback(int fd)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return (0);
	if (ss.ss_family == AF_INET)
		return (ntohl(sin->sin_addr.s_addr) >> 24 == 127);
	if (ss.ss_family == AF_INET6)
		return (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) &&
		    sin6->sin6_addr.s6_addr[12] == 127));
	return (0);
}

/*
 * Take the sockets systemd passed (napmond.socket): a unix one replaces the
 * configured socket and stays systemd's to remove; an inet one is served as
 * the TCP address, if it is a loopback one or listen_remote allows others.
 */
static void
listen_activated(struct listening *ls)
{
	int	n, fd;

	if ((n = sd_listen_fds(1)) <= 0)
		return;
	for (fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + n; fd++) {
		if (ls->bound[0] == NULL &&
		    sd_is_socket_unix(fd, SOCK_STREAM, 1, NULL, 0) > 0) {
			ls->bound[0] = listen_on(ls, fd);
			log_info("listening on the unix socket systemd passed");
		} else if (ls->bound[1] == NULL &&
		    sd_is_socket_inet(fd, 0, SOCK_STREAM, 1, 0) > 0) {
			if (!listen_loopback(fd) &&
			    !ls->nd->config->listen_remote) {
				log_error("ignoring the TCP socket systemd"
				    " passed: not a loopback address; set"
				    " [daemon] listen_remote = yes to serve"
				    " other hosts");
				close(fd);
				continue;
			}
			ls->bound[1] = listen_on(ls, fd);
			log_info("listening on the TCP socket systemd passed");
		} else
			log_warn("ignoring socket %d passed by systemd", fd);
	}
}

/* Bind the unix socket and, if configured, the loopback TCP address. */
int
listen_bind(struct listening *ls, char **cause)
{
	const char		*listen = ls->nd->config->listen;
	char			*host, *port, *why;
	int			 fd;
	size_t			 i;

	listen_activated(ls);
	if (ls->bound[0] == NULL) {
		if ((fd = listen_unix(ls, ls->nd->config->socket, cause)) == -1)
			return (-1);
		if ((ls->bound[0] = listen_on(ls, fd)) == NULL) {
			xasprintf(cause, "%s: cannot listen", ls->path);
			return (-1);
		}
		log_info("listening on %s", ls->path);
	}
	if (*listen != '\0' && ls->bound[1] == NULL) {
		if (config_listen_split(listen, ls->nd->config->listen_remote,
		    &host, &port, cause) != 0)
			return (-1);
		if (config_listen_split(listen, 0, NULL, NULL, &why) != 0) {
			log_warn("%s: listen_remote = yes: other hosts may"
			    " read the indicators and ask for scans", why);
			free(why);
		}
		ls->bound[1] = evhttp_bind_socket_with_handle(ls->http, host,
		    atoi(port));
		free(host);
		free(port);
		if (ls->bound[1] == NULL) {
			xasprintf(cause, "%s: %s", listen, strerror(errno));
			return (-1);
		}
		listen_backlog(evhttp_bound_socket_get_fd(ls->bound[1]));
		log_info("listening on %s", listen);
	}
	for (i = 0; i < 2; i++) {
		if (ls->bound[i] != NULL)
			evconnlistener_set_error_cb(
			    evhttp_bound_socket_get_listener(ls->bound[i]),
			    listen_accept_error);
	}
	return (0);
}

/* Remove the socket file if it is still ours. */
void
listen_unlink(struct listening *ls)
{
	struct stat	st;

	if (ls->path != NULL && stat(ls->path, &st) == 0 &&
	    st.st_dev == ls->dev && st.st_ino == ls->ino)
		unlink(ls->path);
}

/* Write the address of the page on the TCP listener, or nothing. */
void
listen_page_url(const struct listening *ls, cJSON *doc)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	char			 host[64], url[128];
	int			 port, fd;

	if (ls->bound[1] == NULL ||
	    (fd = evhttp_bound_socket_get_fd(ls->bound[1])) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		cJSON_AddNullToObject(doc, "page");
		return;
	}
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    host, sizeof host);
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		snprintf(url, sizeof url, "http://[%s]:%d/", host, port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    host, sizeof host);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		snprintf(url, sizeof url, "http://%s:%d/", host, port);
	}
	cJSON_AddStringToObject(doc, "page", url);
}
