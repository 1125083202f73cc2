/*
 * napmond's process as /metrics shows it, read from /proc/self at each
 * scrape: Linux only, as the rest of napmond (inotify, systemd).
 */
#include <sys/resource.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "napmond.h"

/* The boot time in seconds since the epoch, or -1. */
static long long
procstat_boot(void)
{
	FILE		*f;
	char		 line[256];
	long long	 btime = -1;

	if ((f = fopen("/proc/stat", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "btime %lld", &btime) == 1)
			break;
	}
	fclose(f);
	return (btime);
}

/* Read the start time and the resident set from /proc/self/stat. */
static void
procstat_stat(struct prom_process *p)
{
	FILE			*f;
	char			 buf[2048], *end;
	unsigned long long	 start;
	long			 rss, ticks, page;
	long long		 boot;
	size_t			 n;

	if ((f = fopen("/proc/self/stat", "r")) == NULL)
		return;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/*
	 * The command's name is in parentheses and may hold anything.  After
	 * it, 19 fields are skipped as words, from the state (3) to
	 * itrealvalue (21), before starttime (22) and rss (24).
	 */
	if ((end = strrchr(buf, ')')) == NULL || sscanf(end + 1,
	    "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s"
	    " %*s %*s %*s %*s %llu %*s %ld", &start, &rss) != 2)
		return;
	if ((page = sysconf(_SC_PAGESIZE)) > 0)
		p->resident_bytes = (long long)rss * page;
	if ((ticks = sysconf(_SC_CLK_TCK)) > 0 && (boot = procstat_boot()) >= 0)
		p->start_time = boot + (double)start / ticks;
}

/*
 * Count the descriptors in /proc/self/fd, less the one reading it.  At the
 * limit itself the folder cannot be opened and the count is unknown: the
 * alert on it fires well before.
 */
static long long
procstat_fds(void)
{
	DIR		*d;
	struct dirent	*de;
	long long	 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(d);
	return (n - 1);
}

/* Fill in what is known of the process; the rest stays unknown (< 0). */
void
procstat_read(struct prom_process *p)
{
	struct rlimit	rl;

	p->start_time = -1;
	p->resident_bytes = -1;
	p->max_fds = -1;
	procstat_stat(p);
	p->open_fds = procstat_fds();
	/* The soft limit, which is what open() runs into. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		p->max_fds = (long long)rl.rlim_cur;
}
