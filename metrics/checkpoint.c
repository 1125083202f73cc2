/*
 * The WAL checkpointer: a thread with its own connection that copies the
 * write-ahead log back into the database.  SQLite does that by default in
 * the commit that crosses 1,000 pages of log, on the connection that
 * commits: in napmond that is the event loop, which then stalled for the
 * copy and its fdatasync (a third of the time spent in the kernel during a
 * large ingest).  A passive checkpoint on another connection blocks neither
 * the writer nor its readers.
 */
#include <sys/resource.h>

#include <pthread.h>
#include <unistd.h>
#include <stdlib.h>

#include "metrics_internal.h"

#define CHECKPOINT_PAGES	1000	/* of log that ask for a checkpoint */
#define CHECKPOINT_NICE		10	/* the thread's nice value */

struct checkpointer {
	sqlite3		*db;		/* the thread's own connection */
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 due;
	int		 stop;
};

/* Wait for a request, checkpoint, until told to stop. */
static void *
checkpointer_run(void *arg)
{
	struct checkpointer	*ck = arg;
	int			 stop;

	/* Behind the writer, which is also what answers requests. */
	setpriority(PRIO_PROCESS, gettid(), CHECKPOINT_NICE);
	pthread_mutex_lock(&ck->lock);
	for (;;) {
		while (!ck->due && !ck->stop)
			pthread_cond_wait(&ck->cond, &ck->lock);
		stop = ck->stop;
		ck->due = 0;
		pthread_mutex_unlock(&ck->lock);
		if (stop)
			return (NULL);
		/* A failure (a full disk) leaves the log to the next one. */
		sqlite3_wal_checkpoint_v2(ck->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&ck->lock);
	}
}

/* SQLite's commit hook for WAL databases: ask for a checkpoint. */
static int
checkpointer_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointer	*ck = arg;

	(void)db;
	(void)name;
	if (pages >= CHECKPOINT_PAGES) {
		pthread_mutex_lock(&ck->lock);
		ck->due = 1;
		pthread_cond_signal(&ck->cond);
		pthread_mutex_unlock(&ck->lock);
	}
	return (SQLITE_OK);
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
	sqlite3_busy_timeout(ck->db, 5000);
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
