/*
 * The WAL checkpointer: a thread with its own connection that copies the
 * write-ahead log back into the database.  SQLite does that by default in
 * the commit that crosses 1,000 pages of log, on the connection that
 * commits: in napmond that is the event loop, which then stalled for the
 * copy and its fdatasync (a third of the time spent in the kernel during a
 * large ingest).  A passive checkpoint on another connection blocks neither
 * the writer nor its readers.
 *
 * A passive checkpoint never shrinks the log, which after a large ingest is
 * as large as the reports (176 MB for the 10,000 of the benchmark), and a
 * long ingest rarely lets one copy it all.  Once the writer is idle it asks
 * for the log to be truncated; that needs every reader off the log, so the
 * thread tries without waiting for them, and again a second later, a few
 * times, rather than holding back a writer that starts again meanwhile.
 *
 * During a long ingest the log would grow without end: with the refresher
 * and the ingest's reader always on it, no passive checkpoint is ever
 * complete at a moment the writer could start the log over.  Past
 * RESTART_PAGES the checkpoint waits (briefly) for the readers and holds
 * the writer back until the log can start over: at 100,000 reports its
 * index (the -shm file, never shrunk by SQLite) had grown to 37 MB, some
 * 4.7 million pages' worth, which napmond then kept mapped for good.  Each start
 * over costs the writer a wait: at 32,768 pages a 10,000-report ingest
 * took 4.6-5.1 s instead of 3.9-4.1; at 131,072 (512 MB of log) 3.9.
 */
#include <sys/resource.h>

#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>

#include "metrics_internal.h"

#define CHECKPOINT_PAGES	1000	/* of log that ask for a checkpoint */
#define CHECKPOINT_NICE		10	/* the thread's nice value */
#define TRUNCATE_TRIES		30	/* a second apart, readers allowing */
#define RESTART_PAGES		131072	/* of log that start it over */
#define RESTART_WAIT_MS		200	/* for readers, at most */

struct checkpointer {
	sqlite3		*db;		/* the thread's own connection */
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 due;
	int		 restart;	/* the log is long: start it over */
	int		 truncate;	/* tries left at truncating the log */
	int		 stop;
};

/* Wait for a request, or, with a truncation to retry, a second at most. */
static void
checkpointer_wait(struct checkpointer *ck)
{
	struct timespec	deadline;

	if (ck->truncate == 0) {
		pthread_cond_wait(&ck->cond, &ck->lock);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec++;
	if (pthread_cond_timedwait(&ck->cond, &ck->lock, &deadline) == ETIMEDOUT)
		ck->due = 1;
}

/*
 * Copy the log into the database and cut it to nothing, or give up at
 * once if a reader or the writer is on it: no busy handler.  1 on success.
 */
static int
checkpointer_truncate_log(struct checkpointer *ck)
{
	int	rc;

	sqlite3_busy_timeout(ck->db, 0);
	rc = sqlite3_wal_checkpoint_v2(ck->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(ck->db, STORE_BUSY_MS);
	return (rc == SQLITE_OK);
}

/*
 * Copy the log into the database and have the writer start it over from
 * its first page, waiting a little for readers; if they do not let go, the
 * next commit asks again.
 */
static void
checkpointer_restart_log(struct checkpointer *ck)
{
	sqlite3_busy_timeout(ck->db, RESTART_WAIT_MS);
	sqlite3_wal_checkpoint_v2(ck->db, NULL, SQLITE_CHECKPOINT_RESTART,
	    NULL, NULL);
	sqlite3_busy_timeout(ck->db, STORE_BUSY_MS);
}

/* Wait for a request, checkpoint, until told to stop. */
static void *
checkpointer_run(void *arg)
{
	struct checkpointer	*ck = arg;
	int			 stop, truncate, restart, truncated = 0;

	/* Behind the writer, which is also what answers requests. */
	setpriority(PRIO_PROCESS, gettid(), CHECKPOINT_NICE);
	pthread_mutex_lock(&ck->lock);
	for (;;) {
		while (!ck->due && !ck->stop)
			checkpointer_wait(ck);
		stop = ck->stop;
		truncate = ck->truncate > 0;
		restart = ck->restart;
		ck->due = ck->restart = 0;
		pthread_mutex_unlock(&ck->lock);
		if (stop)
			return (NULL);
		/* A failure (a full disk) leaves the log to the next one. */
		if (truncate)
			truncated = checkpointer_truncate_log(ck);
		else if (restart)
			checkpointer_restart_log(ck);
		else
			sqlite3_wal_checkpoint_v2(ck->db, NULL,
			    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&ck->lock);
		/* Unless a commit since called the tries off, one is spent. */
		if (truncate && ck->truncate > 0)
			ck->truncate = truncated ? 0 : ck->truncate - 1;
	}
}

/* SQLite's commit hook for WAL databases: ask for a checkpoint. */
static int
checkpointer_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointer	*ck = arg;

	(void)db;
	(void)name;
	pthread_mutex_lock(&ck->lock);
	/* Writing again: the next idle moment asks for a truncation anew. */
	ck->truncate = 0;
	if (pages >= CHECKPOINT_PAGES) {
		ck->due = 1;
		ck->restart = pages >= RESTART_PAGES;
		pthread_cond_signal(&ck->cond);
	}
	pthread_mutex_unlock(&ck->lock);
	return (SQLITE_OK);
}

/* The writer is idle: truncate the log once its readers let go of it. */
void
checkpointer_idle(struct checkpointer *ck)
{
	pthread_mutex_lock(&ck->lock);
	ck->truncate = TRUNCATE_TRIES;
	ck->due = 1;
	pthread_cond_signal(&ck->cond);
	pthread_mutex_unlock(&ck->lock);
}

/*
 * Take over checkpoints of the database at path that db writes.  NULL if
 * the thread cannot start: SQLite then goes on checkpointing in db.
 */
struct checkpointer *
checkpointer_start(sqlite3 *db, const char *path)
{
	struct checkpointer	*ck;

	ck = xcalloc(1, sizeof *ck);
	/* Until it reads the database, a connection does not know it is WAL. */
	if (sqlite3_open_v2(path, &ck->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(ck->db, "PRAGMA schema_version", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(ck->db, STORE_BUSY_MS);
	pthread_mutex_init(&ck->lock, NULL);
	pthread_cond_init(&ck->cond, NULL);
	if (pthread_create(&ck->thread, NULL, checkpointer_run, ck) != 0) {
		pthread_cond_destroy(&ck->cond);
		pthread_mutex_destroy(&ck->lock);
		goto fail;
	}
	/* The hook replaces SQLite's own checkpoints (wal_autocheckpoint). */
	sqlite3_wal_hook(db, checkpointer_hook, ck);
	return (ck);

fail:
	sqlite3_close(ck->db);
	free(ck);
	return (NULL);
}

/* Stop the thread; db must have dropped the hook (or be closed) first. */
void
checkpointer_stop(struct checkpointer *ck)
{
	if (ck == NULL)
		return;
	pthread_mutex_lock(&ck->lock);
	ck->stop = 1;
	pthread_cond_signal(&ck->cond);
	pthread_mutex_unlock(&ck->lock);
	pthread_join(ck->thread, NULL);
	pthread_cond_destroy(&ck->cond);
	pthread_mutex_destroy(&ck->lock);
	sqlite3_close(ck->db);
	free(ck);
}
