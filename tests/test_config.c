/* napmond's configuration: defaults, files, overrides and errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char	 dir[] = "/tmp/napmon-config-XXXXXX";
static char	 path[128];

/* Make a scratch folder. */
static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/napmond.conf", dir);
}

/* Remove it. */
static void
teardown(void)
{
	unlink(path);
	rmdir(dir);
	strcpy(dir, "/tmp/napmon-config-XXXXXX");
}

/* Write the config file. */
static void
write_conf(const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Load the file and return the error, or NULL. */
static char *
load_error(const char *text)
{
	struct config	*c = config_new();
	char		*cause = NULL;

	write_conf(text);
	if (config_load(c, path, &cause) == 0 && config_check(c, &cause) == 0)
		cause = NULL;
	config_free(c);
	return (cause);
}

START_TEST(test_defaults)
{
	struct config	*c = config_new();
	char		*cause = NULL;

	ck_assert_str_eq(c->socket, "/run/napmon/napmond.sock");
	ck_assert_str_eq(c->database, "/var/lib/napmon/napmon.db");
	ck_assert_str_eq(c->listen, "");
	ck_assert_int_eq(c->log_level, LOG_LEVEL_INFO);
	ck_assert_str_eq(c->inbox, "/var/lib/napmon/inbox");
	ck_assert_int_eq(c->interval, 60);
	ck_assert_int_eq(c->summary_interval, 86400);
	ck_assert_int_eq(c->summary_keep, 30);
	ck_assert_int_eq(config_check(c, &cause), 0);
	config_free(c);
}
END_TEST

START_TEST(test_example_file)
{
	struct config	*c = config_new();
	char		*cause = NULL;

	ck_assert_msg(config_load(c, EXAMPLE_CONF, &cause) == 0, "%s", cause);
	ck_assert_str_eq(c->socket, "/run/napmon/napmond.sock");
	ck_assert_str_eq(c->listen, "");
	ck_assert_int_eq(c->settle_ms, 250);
	config_free(c);
}
END_TEST

START_TEST(test_relative_paths)
{
	struct config	*c = config_new();
	char		 want[256], *cause = NULL;

	write_conf("[daemon]\nsocket = run/napmond.sock\n"
	    "listen = 127.0.0.1:9468 ; for Prometheus\nlog_level = debug\n"
	    "[collector]\ninbox = inbox\ninterval = 5\n"
	    "[export]\ndirectory = /srv/export\nsummary_keep = 2\n");
	ck_assert_msg(config_load(c, path, &cause) == 0, "%s", cause);
	snprintf(want, sizeof want, "%s/run/napmond.sock", dir);
	ck_assert_str_eq(c->socket, want);
	snprintf(want, sizeof want, "%s/inbox", dir);
	ck_assert_str_eq(c->inbox, want);
	ck_assert_str_eq(c->export_dir, "/srv/export");
	ck_assert_str_eq(c->listen, "127.0.0.1:9468");
	ck_assert_int_eq(c->log_level, LOG_LEVEL_DEBUG);
	ck_assert_int_eq(c->interval, 5);
	ck_assert_int_eq(c->summary_keep, 2);
	/* The command line wins, relative to where napmond runs. */
	ck_assert_int_eq(config_set(c, "collector", "interval", "7", &cause),
	    0);
	ck_assert_int_eq(config_set(c, "daemon", "socket", "x.sock", &cause),
	    0);
	ck_assert_int_eq(c->interval, 7);
	ck_assert_str_eq(c->socket, "x.sock");
	ck_assert_int_eq(config_set(c, "collector", "interval", "0", &cause),
	    -1);
	ck_assert_str_eq(cause, "[collector] interval: not an integer >= 1:"
	    " \"0\"");
	free(cause);
	config_free(c);
}
END_TEST

START_TEST(test_error_names_file_line_key)
{
	char	*cause, want[256];

	cause = load_error("[daemon]\nlog_level = info\n\n[collector]\n"
	    "interval = soon\n");
	snprintf(want, sizeof want, "%s:5: [collector] interval: not an"
	    " integer >= 1: \"soon\"", path);
	ck_assert_str_eq(cause, want);
	free(cause);

	cause = load_error("# comment\n[daemon]\nsockett = /x\n");
	snprintf(want, sizeof want, "%s:3: [daemon] sockett: unknown key",
	    path);
	ck_assert_str_eq(cause, want);
	free(cause);

	cause = load_error("[daemon]\nlisten = 10.0.0.1:80\n");
	snprintf(want, sizeof want, "%s:2: [daemon] listen: not a loopback"
	    " address: \"10.0.0.1:80\"; set [daemon] listen_remote = yes to"
	    " serve other hosts", path);
	ck_assert_str_eq(cause, want);
	free(cause);

	cause = load_error("[daemon]\nlisten_remote = maybe\n");
	snprintf(want, sizeof want, "%s:2: [daemon] listen_remote: not yes"
	    " or no: \"maybe\"", path);
	ck_assert_str_eq(cause, want);
	free(cause);

	cause = load_error("[daemon]\nlog_level = loud\n");
	ck_assert_ptr_nonnull(strstr(cause, ":2: [daemon] log_level: "));
	free(cause);

	cause = load_error("[daemon]\nno equals sign here\n");
	snprintf(want, sizeof want, "%s:2: syntax error", path);
	ck_assert_str_eq(cause, want);
	free(cause);
}
END_TEST

START_TEST(test_check_names_line)
{
	char	*cause, want[256];

	cause = load_error("[collector]\ninbox = /srv/in\n"
	    "quarantine = /srv/in\n");
	snprintf(want, sizeof want, "%s:3: [collector] quarantine: must not"
	    " be the inbox", path);
	ck_assert_str_eq(cause, want);
	free(cause);
}
END_TEST

START_TEST(test_missing_file)
{
	struct config	*c = config_new();
	char		*cause = NULL;

	ck_assert_int_eq(config_load(c, "/nonexistent/napmond.conf", &cause),
	    -1);
	ck_assert_str_eq(cause,
	    "/nonexistent/napmond.conf: No such file or directory");
	free(cause);
	config_free(c);
}
END_TEST

START_TEST(test_listen_split)
{
	char	*host, *port, *cause;

	ck_assert_int_eq(config_listen_split("[::1]:9468", 0, &host, &port,
	    &cause), 0);
	ck_assert_str_eq(host, "::1");
	ck_assert_str_eq(port, "9468");
	free(host);
	free(port);
	ck_assert_int_eq(config_listen_split("127.0.0.1:99999", 0, NULL, NULL,
	    &cause), -1);
	free(cause);
	ck_assert_int_eq(config_listen_split("0.0.0.0:80", 0, NULL, NULL,
	    &cause), -1);
	free(cause);
	/* Remote allowed: any host splits, the port is still checked. */
	ck_assert_int_eq(config_listen_split("0.0.0.0:80", 1, &host, &port,
	    &cause), 0);
	ck_assert_str_eq(host, "0.0.0.0");
	free(host);
	free(port);
	ck_assert_int_eq(config_listen_split("0.0.0.0", 1, NULL, NULL,
	    &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_listen_remote)
{
	struct config	*c = config_new();
	char		*cause = NULL;

	ck_assert_int_eq(c->listen_remote, 0);
	/* Either order in the file: listen is checked with listen_remote. */
	ck_assert_ptr_null(load_error("[daemon]\nlisten = 0.0.0.0:9468\n"
	    "listen_remote = yes\n"));
	ck_assert_ptr_null(load_error("[daemon]\nlisten_remote = yes\n"
	    "listen = [::]:9468\n"));
	/* The command line is held to it too. */
	ck_assert_int_eq(config_set(c, "daemon", "listen", "192.0.2.1:80",
	    &cause), 0);
	ck_assert_int_eq(config_check(c, &cause), -1);
	ck_assert_str_eq(cause, "command line: [daemon] listen: not a loopback"
	    " address: \"192.0.2.1:80\"; set [daemon] listen_remote = yes to"
	    " serve other hosts");
	free(cause);
	ck_assert_int_eq(config_set(c, "daemon", "listen_remote", "yes",
	    &cause), 0);
	ck_assert_int_eq(c->listen_remote, 1);
	ck_assert_int_eq(config_check(c, &cause), 0);
	config_free(c);
}
END_TEST

/* Gather the config tests. */
static Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc;

	tc = tcase_create("config");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_example_file);
	tcase_add_test(tc, test_relative_paths);
	tcase_add_test(tc, test_error_names_file_line_key);
	tcase_add_test(tc, test_check_names_line);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_listen_split);
	tcase_add_test(tc, test_listen_remote);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite. */
int
main(void)
{
	SRunner	*sr = srunner_create(config_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
