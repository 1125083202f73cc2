/*
 * The ingest: two threads that read, parse and store the files a scan
 * queues, so that the event loop only lists the inbox and answers requests.
 * On the loop, every report held the requests waiting for its parse and
 * its share of a commit, and a commit every millisecond (to keep that wait
 * short) rewrote the tables' upper pages for nearly every report.
 *
 * The reader takes the queued names in order.  It reads each file whole,
 * checks that it held still, hashes it, looks the hash up on a read-only
 * connection of its own, and parses what is new.  The writer takes what the
 * reader made, in the same order, and stores it, or moves a refused file to
 * the quarantine folder with its reason.  It puts many reports in one
 * transaction, committed INGEST_COMMIT_MS after its first report or as soon
 * as nothing more is on its way, and only then hands the files' outcomes
 * to the loop, through a pipe.  The two threads overlap a parse with a
 * commit, and at most INGEST_AHEAD parsed reports wait for the writer.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "napmond.h"

/*
 * How long a transaction stays open for more reports, and the page cache of
 * the writer's connection, which holds what such a transaction writes
 * (some 700 reports at 3,400 a second) and is given back once the ingest is
 * idle.  Each commit writes again the index pages its reports touched: at
 * 100 ms and 8 MiB, the 10,000 reports of the corpus wrote 940 MB in all
 * (a database of 221 MB), at 2,300-3,100 reports/s; at 200 ms and 24 MiB,
 * 650 MB at 3,380-3,390 reports/s, the peak of resident memory going from
 * 48 to 75 MB.  A crash loses the reports of the transaction under way,
 * whose files are still in the inbox and are read again at the next start.
 */
#define INGEST_COMMIT_MS	200
#define INGEST_CACHE_KIB	(24 * 1024)
#define INGEST_AHEAD		32	/* parsed reports waiting to be stored */
#define INGEST_NICE		10	/* the threads' nice value: behind the loop */

/*
 * The folders and the lexicon files are taken in with: counted, for a
 * reload makes new ones while the files already queued go by the old.
 */
struct setup {
	unsigned	 refs;		/* under the ingest's lock */
	char		*inbox;
	char		*quarantine;
	struct lexicon	*lexicon;
};

/* A file on its way: queued, read, stored, handed back. */
struct item {
	struct ingested	 out;		/* first: what the loop is told */
	struct setup	*setup;
	char		 sha256[65];	/* "" until read */
	struct report	*report;	/* parsed: to store */
	char		*refusal;	/* or refused: to quarantine */
	int		 uncommitted;	/* written in the open batch */
	struct item	*next;
};

struct fifo {
	struct item	*head;
	struct item	**tail;
	size_t		 n;
};

/* Bytes that were refused but could not be moved away: not tried again. */
struct failed {
	char		 sha256[65];
	struct failed	*next;
};

struct ingest {
	ingest_cb		*cb;
	void			*arg;
	int			 pipe[2];	/* writer to loop */
	struct event		*ev;
	pthread_t		 reader, writer;

	/* Under the lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 to_read;	/* todo, or room in parsed */
	pthread_cond_t		 to_write;	/* parsed, or the reader idle */
	struct setup		*setup;		/* for files queued now */
	struct fifo		 todo;		/* for the reader */
	struct fifo		 parsed;	/* for the writer */
	struct fifo		 done;		/* for the loop */
	int			 reading;	/* the reader holds a file */
	int			 stop;

	/* The reader's own. */
	struct store		*lookup;
	/* The writer's own. */
	struct store		*store;		/* with INGEST_CACHE_KIB */
	int			 batch;		/* a batch transaction is open */
	struct failed		*failed;
};

/* Append an item to a queue. */
static void
fifo_push(struct fifo *q, struct item *it)
{
	it->next = NULL;
	*q->tail = it;
	q->tail = &it->next;
	q->n++;
}

/* Take the first item of a queue, or NULL. */
static struct item *
fifo_pop(struct fifo *q)
{
	struct item	*it;

	if ((it = q->head) == NULL)
		return (NULL);
	if ((q->head = it->next) == NULL)
		q->tail = &q->head;
	q->n--;
	return (it);
}

/* Move every item of a queue to the end of another. */
static void
fifo_join(struct fifo *to, struct fifo *from)
{
	if (from->head == NULL)
		return;
	*to->tail = from->head;
	to->tail = from->tail;
	to->n += from->n;
	from->head = NULL;
	from->tail = &from->head;
	from->n = 0;
}

static void
fifo_init(struct fifo *q)
{
	q->head = NULL;
	q->tail = &q->head;
	q->n = 0;
}

/* Let go of a setup; the last one frees it.  Under the lock. */
static void
setup_unref(struct setup *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	free(s->inbox);
	free(s->quarantine);
	lexicon_free(s->lexicon);
	free(s);
}

/* Free an item and what it holds.  Under the lock, for its setup. */
static void
item_free(struct item *it)
{
	setup_unref(it->setup);
	report_free(it->report);
	free(it->refusal);
	free(it->out.name);
	free(it->out.agency);
	free(it);
}

/* Free every item of a queue.  Under the lock. */
static void
fifo_free(struct fifo *q)
{
	struct item	*it;

	while ((it = fifo_pop(q)) != NULL)
		item_free(it);
}

/* Read a whole file whose size fstat gave. */
static unsigned char *
reader_bytes(int fd, size_t size, char **cause)
{
	unsigned char	*bytes;
	size_t		 done = 0;
	ssize_t		 n;

	bytes = xcalloc(1, size + 1);
	while (done < size) {
		if ((n = read(fd, bytes + done, size - done)) == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, "read: %s", strerror(errno));
			free(bytes);
			return (NULL);
		}
		if (n == 0)
			break;
		done += n;
	}
	return (bytes);
}

/* Is the file at path still the one fstat described? */
static int
reader_same(const char *path, const struct stat *before)
{
	struct stat	after;

	return (stat(path, &after) == 0 && after.st_size == before->st_size &&
	    after.st_mtim.tv_sec == before->st_mtim.tv_sec &&
	    after.st_mtim.tv_nsec == before->st_mtim.tv_nsec);
}

/* Hash the bytes read; parse them unless they are stored already. */
static void
reader_parse(struct ingest *ig, struct item *it, const unsigned char *bytes)
{
	struct collect_options	 co = { 0 };
	int			 known;

	sha256_hex(bytes, it->out.size, it->sha256);
	if ((known = store_known(ig->lookup, it->sha256)) == 1) {
		log_debug("%s: unchanged", it->out.name);
		it->out.outcome = INGESTED_UNCHANGED;
		return;
	}
	if (known < 0) {
		log_error("%s: store lookup failed; will try again",
		    it->out.name);
		it->out.outcome = INGESTED_NOT_STORED;
		return;
	}
	co.sha256 = it->sha256;
	if (collect_bytes(it->setup->lexicon, it->out.name, bytes,
	    it->out.size, &co, &it->report, &it->refusal) != 0)
		it->report = NULL;
}

/*
 * Take one file from the inbox: read it whole and parse it, or find that it
 * is gone, still changing, too large, or already stored.
 */
static void
reader_take(struct ingest *ig, struct item *it)
{
	struct stat	 st;
	unsigned char	*bytes;
	char		*path, *cause;
	int		 fd;

	it->out.outcome = INGESTED_NOTHING;
	xasprintf(&path, "%s/%s", it->setup->inbox, it->out.name);
	/* O_NONBLOCK: a FIFO swapped in since the listing must not hang us. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) != 0) {
		if (errno != ENOENT) {
			log_error("%s: %s", path, strerror(errno));
			it->out.outcome = INGESTED_ERROR;
		}
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto out;
	it->out.size = st.st_size;
	it->out.mtime = st.st_mtim;
	if ((size_t)st.st_size > COLLECT_MAX_BYTES) {
		xasprintf(&it->refusal, "larger than %u bytes",
		    COLLECT_MAX_BYTES);
		goto out;
	}
	if ((bytes = reader_bytes(fd, st.st_size, &cause)) == NULL) {
		log_error("%s: %s", path, cause);
		free(cause);
		it->out.outcome = INGESTED_ERROR;
		goto out;
	}
	if (!reader_same(path, &st)) {
		log_debug("%s: changed while read; waiting", it->out.name);
		it->out.outcome = INGESTED_WAITING;
	} else
		reader_parse(ig, it, bytes);
	free(bytes);
out:
	if (fd != -1)
		close(fd);
	free(path);
}

/* The reader thread: take the queued files in order, until stopped. */
static void *
reader_run(void *arg)
{
	struct ingest	*ig = arg;
	struct item	*it;

	setpriority(PRIO_PROCESS, gettid(), INGEST_NICE);
	pthread_mutex_lock(&ig->lock);
	for (;;) {
		while (!ig->stop && (ig->todo.n == 0 ||
		    ig->parsed.n >= INGEST_AHEAD))
			pthread_cond_wait(&ig->to_read, &ig->lock);
		if (ig->stop)
			break;
		it = fifo_pop(&ig->todo);
		ig->reading = 1;
		pthread_mutex_unlock(&ig->lock);
		reader_take(ig, it);
		pthread_mutex_lock(&ig->lock);
		fifo_push(&ig->parsed, it);
		ig->reading = 0;
		pthread_cond_signal(&ig->to_write);
		if (ig->todo.n == 0) {
			pthread_mutex_unlock(&ig->lock);
			store_shrink(ig->lookup);
			pthread_mutex_lock(&ig->lock);
		}
	}
	pthread_mutex_unlock(&ig->lock);
	return (NULL);
}

/* Were these bytes refused before, and left where they were? */
static int
writer_failed(struct ingest *ig, const char *sha256)
{
	struct failed	*f;

	for (f = ig->failed; f != NULL; f = f->next) {
		if (strcmp(f->sha256, sha256) == 0)
			return (1);
	}
	return (0);
}

/* Remember bytes that were refused but could not be moved away. */
static void
writer_fail(struct ingest *ig, const char *sha256)
{
	struct failed	*f;

	f = xcalloc(1, sizeof *f);
	memcpy(f->sha256, sha256, sizeof f->sha256);
	f->next = ig->failed;
	ig->failed = f;
}

/* Add the quarantine of a file to the ingest log. */
static int
writer_log(struct ingest *ig, struct item *it)
{
	char	*cause;

	if (store_log(ig->store, it->out.name, *it->sha256 != '\0' ?
	    it->sha256 : NULL, "quarantined", it->refusal, time(NULL),
	    &cause) == 0)
		return (0);
	if (ig->batch) {
		free(cause);
		return (-1);
	}
	log_error("ingest log: %s", cause);
	free(cause);
	return (0);
}

/*
 * Move a refused file to the quarantine folder with its reason, and log it;
 * -1 if that voided the batch.
 */
static int
writer_quarantine(struct ingest *ig, struct item *it)
{
	char	*dest, *cause, *logged;

	it->out.outcome = INGESTED_QUARANTINED;
	if ((dest = quarantine_move(it->setup->inbox, it->setup->quarantine,
	    it->out.name, &cause)) == NULL) {
		log_error("%s: refused (%s), and %s; not tried again until it"
		    " changes", it->out.name, it->refusal, cause);
		xasprintf(&logged, "%s; %s", it->refusal, cause);
		free(cause);
		if (*it->sha256 != '\0')
			writer_fail(ig, it->sha256);
		free(it->refusal);
		it->refusal = logged;
	} else {
		quarantine_reason(dest, it->out.name, *it->sha256 != '\0' ?
		    it->sha256 : NULL, it->refusal);
		log_warn("%s: quarantined as %s: %s", it->out.name, dest,
		    it->refusal);
		free(dest);
	}
	return (writer_log(ig, it));
}

/* Store a parsed report; -1 if that voided the batch. */
static int
writer_store(struct ingest *ig, struct item *it)
{
	const struct report	*r = it->report;
	char			*cause;
	int			 rc;

	rc = store_ingest(ig->store, r, it->out.name, time(NULL), &cause);
	if (rc < 0 && ig->batch) {
		free(cause);
		return (-1);
	}
	if (rc < 0) {
		log_error("%s: not stored, left in the inbox to try again at"
		    " the next scan: %s", it->out.name, cause);
		free(cause);
		it->out.outcome = INGESTED_NOT_STORED;
	} else if (rc == INGEST_UNCHANGED)
		it->out.outcome = INGESTED_UNCHANGED;
	else {
		it->out.outcome = rc == INGEST_ADDED ? INGESTED_ADDED :
		    INGESTED_REPLACED;
		free(it->out.agency);
		it->out.agency = r->agency != NULL ? xstrdup(r->agency) : NULL;
		it->out.year = r->year;
		it->out.nmeasures = r->nmeasures;
		it->out.nagreements = r->nagreements;
	}
	return (0);
}

/* Does the reader's work on an item leave the writer anything to do? */
static int
writer_needed(const struct item *it)
{
	return (it->report != NULL || it->refusal != NULL);
}

/*
 * Store or quarantine what the reader made of a file, in the batch if one
 * is open; -1 if that voided the batch.  What is written in the batch is
 * uncommitted until the batch is, and the report is kept until then.
 */
static int
writer_take(struct ingest *ig, struct item *it)
{
	if (*it->sha256 != '\0' && writer_failed(ig, it->sha256)) {
		it->out.outcome = INGESTED_NOTHING;
		return (0);
	}
	it->uncommitted = ig->batch;
	if (it->report != NULL)
		return (writer_store(ig, it));
	return (writer_quarantine(ig, it));
}

/* The batch's writes are committed (or stored again alone): let go. */
static void
writer_settle(struct item *it)
{
	it->uncommitted = 0;
	report_free(it->report);
	it->report = NULL;
}

/*
 * The batch was rolled back, as one of its writes or its commit failed:
 * write again what it held, file by file, each in a transaction of its own,
 * so that one file that cannot be stored does not keep the others out.
 */
static void
writer_replay(struct ingest *ig, struct fifo *batch, const char *cause)
{
	struct item	*it;

	log_warn("ingest: %s; storing its %zu files one at a time", cause,
	    batch->n);
	ig->batch = 0;
	for (it = batch->head; it != NULL; it = it->next) {
		if (!it->uncommitted)
			continue;
		if (it->report != NULL)
			writer_store(ig, it);
		else
			writer_log(ig, it);
		writer_settle(it);
	}
}

/* End the batch, if one is open: commit it, or store its files again. */
static void
writer_commit(struct ingest *ig, struct fifo *batch)
{
	char	*cause;

	if (!ig->batch)
		return;
	ig->batch = 0;
	if (store_batch_end(ig->store, &cause) != 0) {
		writer_replay(ig, batch, cause);
		free(cause);
	}
}

/* Commit the batch and hand its files to the loop. */
static void
writer_flush(struct ingest *ig, struct fifo *batch)
{
	struct item	*it;

	writer_commit(ig, batch);
	for (it = batch->head; it != NULL; it = it->next)
		writer_settle(it);
	pthread_mutex_lock(&ig->lock);
	fifo_join(&ig->done, batch);
	pthread_mutex_unlock(&ig->lock);
	while (write(ig->pipe[1], "", 1) == -1 && errno == EINTR)
		;
}

/*
 * Wait for the next parsed file; NULL when the files taken so far are to be
 * handed over now: their time is up, nothing more is on its way, or the
 * thread is to stop.  With nothing taken, wait for as long as it takes.
 */
static struct item *
writer_next(struct ingest *ig, int taken, const struct timespec *due)
{
	struct item	*it = NULL;

	pthread_mutex_lock(&ig->lock);
	for (;;) {
		if (ig->stop)
			break;
		if ((it = fifo_pop(&ig->parsed)) != NULL) {
			pthread_cond_signal(&ig->to_read);
			break;
		}
		if (taken && ig->todo.n == 0 && !ig->reading)
			break;
		if (!taken)
			pthread_cond_wait(&ig->to_write, &ig->lock);
		else if (pthread_cond_timedwait(&ig->to_write, &ig->lock,
		    due) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&ig->lock);
	return (it);
}

/* Has the time come? */
static int
writer_due(const struct timespec *due)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec > due->tv_sec ||
	    (now.tv_sec == due->tv_sec && now.tv_nsec >= due->tv_nsec));
}

/* Set the time INGEST_COMMIT_MS from now. */
static void
writer_set_due(struct timespec *due)
{
	clock_gettime(CLOCK_MONOTONIC, due);
	due->tv_nsec += INGEST_COMMIT_MS * 1000000L;
	due->tv_sec += due->tv_nsec / 1000000000L;
	due->tv_nsec %= 1000000000L;
}

/* Open the transaction of a batch; without one, each report has its own. */
static void
writer_begin(struct ingest *ig)
{
	char	*cause;

	if (store_batch_begin(ig->store, &cause) == 0) {
		ig->batch = 1;
		return;
	}
	log_warn("ingest: %s", cause);
	free(cause);
}

/* Store or quarantine a file of the batch, the batch again if it fails. */
static void
writer_write(struct ingest *ig, struct fifo *batch, struct item *it)
{
	if (!ig->batch)
		writer_begin(ig);
	if (writer_take(ig, it) != 0)
		writer_commit(ig, batch);
}

/*
 * Nothing is on its way: give back the memory an ingest leaves behind, the
 * writer's page cache and what the threads' malloc arenas hold free (5 MB
 * after 10,000 reports).
 */
static void
writer_rest(struct ingest *ig)
{
	store_shrink(ig->store);
	malloc_trim(0);
}

/*
 * The writer thread: store what the reader made, a batch to a transaction,
 * and hand each batch to the loop once it is committed.  When told to stop
 * it commits the batch under way.
 */
static void *
writer_run(void *arg)
{
	struct ingest	*ig = arg;
	struct fifo	 batch;
	struct timespec	 due = { 0, 0 };
	struct item	*it;
	int		 stop, idle;

	setpriority(PRIO_PROCESS, gettid(), INGEST_NICE);
	fifo_init(&batch);
	for (;;) {
		if ((it = writer_next(ig, batch.n > 0, &due)) == NULL) {
			if (batch.n > 0)
				writer_flush(ig, &batch);
			pthread_mutex_lock(&ig->lock);
			stop = ig->stop;
			idle = ig->todo.n == 0 && ig->parsed.n == 0 &&
			    !ig->reading;
			pthread_mutex_unlock(&ig->lock);
			if (stop)
				return (NULL);
			if (idle)
				writer_rest(ig);
			continue;
		}
		if (batch.n == 0)
			writer_set_due(&due);
		fifo_push(&batch, it);
		if (writer_needed(it))
			writer_write(ig, &batch, it);
		if (writer_due(&due))
			writer_flush(ig, &batch);
	}
}

/* The pipe is readable: hand the files committed to the loop. */
static void
ingest_ready(evutil_socket_t fd, short events, void *arg)
{
	struct ingest	*ig = arg;
	struct fifo	 done;
	struct item	*it;
	char		 buf[64];

	(void)events;
	while (read(fd, buf, sizeof buf) > 0)
		;
	fifo_init(&done);
	pthread_mutex_lock(&ig->lock);
	fifo_join(&done, &ig->done);
	pthread_mutex_unlock(&ig->lock);
	for (it = done.head; it != NULL; it = it->next)
		ig->cb(&it->out, ig->arg);
	pthread_mutex_lock(&ig->lock);
	fifo_free(&done);
	pthread_mutex_unlock(&ig->lock);
}

/*
 * Start the threads.  The writer takes over store, the connection that
 * writes, even when they cannot start; cb is called on the loop for each
 * file once it is done with.
 */
struct ingest *
ingest_start(struct napmond *nd, struct store *store, ingest_cb *cb,
    void *arg, char **cause)
{
	struct ingest		*ig;
	pthread_condattr_t	 ca;

	ig = xcalloc(1, sizeof *ig);
	if ((ig->lookup = store_open_reader(nd->config->database,
	    cause)) == NULL) {
		store_close(store);
		free(ig);
		return (NULL);
	}
	ig->store = store;
	store_cache(store, INGEST_CACHE_KIB);
	ig->cb = cb;
	ig->arg = arg;
	fifo_init(&ig->todo);
	fifo_init(&ig->parsed);
	fifo_init(&ig->done);
	if (pipe2(ig->pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe: %s", strerror(errno));
	ig->ev = event_new(nd->base, ig->pipe[0], EV_READ | EV_PERSIST,
	    ingest_ready, ig);
	/* Below the requests, as the scan's own work is. */
	event_priority_set(ig->ev, NAPMOND_PRIORITIES - 1);
	event_add(ig->ev, NULL);
	pthread_mutex_init(&ig->lock, NULL);
	pthread_cond_init(&ig->to_read, NULL);
	/* The writer's deadlines are on the monotonic clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ig->to_write, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&ig->reader, NULL, reader_run, ig) != 0 ||
	    pthread_create(&ig->writer, NULL, writer_run, ig) != 0)
		fatal("cannot start the ingest threads");
	return (ig);
}

/*
 * Take the files queued from now on from inbox, moving those refused to
 * quarantine, and parse them with lexicon, which the ingest now owns.
 */
void
ingest_setup(struct ingest *ig, const char *inbox, const char *quarantine,
    struct lexicon *lexicon)
{
	struct setup	*s;

	s = xcalloc(1, sizeof *s);
	s->refs = 1;
	s->inbox = xstrdup(inbox);
	s->quarantine = xstrdup(quarantine);
	s->lexicon = lexicon;
	pthread_mutex_lock(&ig->lock);
	setup_unref(ig->setup);
	ig->setup = s;
	pthread_mutex_unlock(&ig->lock);
}

/* Queue files of the inbox, by name, to be taken in order. */
void
ingest_queue(struct ingest *ig, char *const *names, size_t n)
{
	struct item	*it;
	size_t		 i;

	pthread_mutex_lock(&ig->lock);
	for (i = 0; i < n; i++) {
		it = xcalloc(1, sizeof *it);
		it->out.name = xstrdup(names[i]);
		it->setup = ig->setup;
		ig->setup->refs++;
		fifo_push(&ig->todo, it);
	}
	pthread_cond_signal(&ig->to_read);
	pthread_mutex_unlock(&ig->lock);
}

/*
 * Stop the threads, the writer once it has committed what it took, and
 * free it all.  The files not handed to the loop are not called back.
 */
void
ingest_stop(struct ingest *ig)
{
	struct failed	*f;

	if (ig == NULL)
		return;
	pthread_mutex_lock(&ig->lock);
	ig->stop = 1;
	pthread_cond_broadcast(&ig->to_read);
	pthread_cond_broadcast(&ig->to_write);
	pthread_mutex_unlock(&ig->lock);
	pthread_join(ig->reader, NULL);
	pthread_join(ig->writer, NULL);
	fifo_free(&ig->todo);
	fifo_free(&ig->parsed);
	fifo_free(&ig->done);
	setup_unref(ig->setup);
	pthread_cond_destroy(&ig->to_write);
	pthread_cond_destroy(&ig->to_read);
	pthread_mutex_destroy(&ig->lock);
	while ((f = ig->failed) != NULL) {
		ig->failed = f->next;
		free(f);
	}
	event_free(ig->ev);
	close(ig->pipe[0]);
	close(ig->pipe[1]);
	store_close(ig->lookup);
	store_close(ig->store);
	free(ig);
}
