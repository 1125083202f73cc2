/*
 * One report file in, one struct report out: read, decode, lay out, judge.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

static const char *const format_names[] = { "text", "docx", "odt" };
static const char *const encoding_names[] = {
	"utf-8", "utf-8-bom", "utf-16le", "utf-16be"
};
static const char *const deadline_names[] = {
	"regular", "year", "range", "until", "other"
};
static const char *const status_names[STATUS_COUNT] = {
	"completed", "in_progress", "ongoing", "not_reported"
};
static const char *const stage_names[STAGE_COUNT] = {
	"drafting", "submitted", "under_review", "negotiating", "signing",
	"signed", "ratified", "in_force"
};

const char *
format_name(enum format f)
{
	return format_names[f];
}

const char *
encoding_name(enum encoding e)
{
	return encoding_names[e];
}

const char *
deadline_kind_name(enum deadline_kind k)
{
	return deadline_names[k];
}

const char *
status_name(enum status s)
{
	return status_names[s];
}

const char *
stage_name(enum stage s)
{
	return stage_names[s];
}

static int
index_of(const char *const *names, int n, const char *name)
{
	int	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
stage_from_name(const char *name)
{
	return index_of(stage_names, STAGE_COUNT, name);
}

int
status_from_name(const char *name)
{
	return index_of(status_names, STATUS_COUNT, name);
}

/* Read a whole regular file of bounded size. */
static int
read_file(const char *path, unsigned char **out, size_t *len, char **cause)
{
	struct stat	 st;
	unsigned char	*buf;
	size_t		 got = 0;
	ssize_t		 n;
	int		 fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) <
	    0 || fstat(fd, &st) != 0) {
		xasprintf(cause, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)COLLECT_MAX_BYTES) {
		xasprintf(cause, S_ISREG(st.st_mode) ? "file too large: %lld "
		    "bytes, the limit is %u" : "not a regular file",
		    (long long)st.st_size, COLLECT_MAX_BYTES);
		close(fd);
		return -1;
	}
	buf = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size &&
	    (n = read(fd, buf + got, (size_t)st.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			xasprintf(cause, "read error at byte offset %zu: %s",
			    got, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = got;
	return 0;
}

/* Collect a report from a file. */
int
collect_file(const struct lexicon *lex, const char *path,
    const struct collect_options *opt, struct report **out, char **cause)
{
	unsigned char	*bytes;
	size_t		 len;
	char		*why = NULL;
	int		 rc;

	*out = NULL;
	if (read_file(path, &bytes, &len, &why) != 0) {
		xasprintf(cause, "%s: %s", path, why);
		free(why);
		return -1;
	}
	rc = collect_bytes(lex, path, bytes, len, opt, out, cause);
	free(bytes);
	return rc;
}

/* The readers, asked in order: text, which takes any bytes, last. */
static const struct reader *const readers[] = {
	&reader_docx, &reader_odt, &reader_text
};

/*
 * Formats no reader takes, told by their first bytes, so that the reason
 * names what the file is rather than "binary content".
 */
static const struct {
	const char	*magic;
	size_t		 len;
	const char	*what;
} foreign[] = {
	{ "\320\317\021\340\241\261\032\341", 8, "an old binary Word .doc "
	    "(or a password-protected document): save it as .docx" },
	{ "%PDF", 4, "a PDF: not read yet" }
};

/* Pick the reader by the bytes, never by the name; NULL with a cause. */
static const struct reader *
reader_for(struct input *in, char **cause)
{
	size_t	i;

	for (i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
		if (in->len >= foreign[i].len &&
		    memcmp(in->b, foreign[i].magic, foreign[i].len) == 0) {
			*cause = xstrdup(foreign[i].what);
			return NULL;
		}
	for (i = 0; !readers[i]->sniff(in); i++)
		;
	if (readers[i] == &reader_text && in->len >= 4 &&
	    memcmp(in->b, "PK\003\004", 4) == 0) {
		/* a package no office reader took: say why, not "binary" */
		*cause = package_why(in);
		return NULL;
	}
	return readers[i];
}

/* Paragraph i of a measure's work done, case folded for cue searches. */
const struct folded *
cells_fold(struct measure_cells *c, size_t i)
{
	if (c->folds == NULL)
		c->folds = xcalloc(c->nwork, sizeof *c->folds);
	if (c->folds[i].fold == NULL)
		folded_init(&c->folds[i], c->work[i].text, c->work[i].len);
	return &c->folds[i];
}

static void
cells_free(struct measure_cells *c, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; c[i].folds != NULL && k < c[i].nwork; k++)
			folded_free(&c[i].folds[k]);
		free(c[i].folds);
		free(c[i].work);
	}
	free(c);
}

/* Collect a report from bytes already read; name is for messages. */
int
collect_bytes(const struct lexicon *lex, const char *name,
    const unsigned char *bytes, size_t len, const struct collect_options *opt,
    struct report **out, char **cause)
{
	struct report		*r = xcalloc(1, sizeof *r);
	const struct reader	*rd;
	struct input		 in = { bytes, len, NULL };
	struct decoded		 d;
	struct lines		 lines;
	struct measure_cells	*cells = NULL;
	char			*why = NULL;
	size_t			 i;
	int			 ref;

	*out = NULL;
	r->file = xstrdup(name);
	if (opt != NULL && opt->sha256 != NULL)
		memcpy(r->sha256, opt->sha256, sizeof r->sha256);
	else
		sha256_hex(bytes, len, r->sha256);
	rd = reader_for(&in, &why);
	if (rd == NULL || rd->read(&in, &d, &why) != 0) {
		input_close(&in);
		xasprintf(cause, "%s: %s", name, why);
		free(why);
		report_free(r);
		return -1;
	}
	input_close(&in);
	r->format = rd->format;
	r->encoding = d.encoding;
	if (lines_split(lex, d.text, d.len, &lines, &why) != 0 ||
	    layout_read(lex, &lines, r, &cells, &why) != 0)
		goto refuse;
	ref = opt != NULL && opt->as_of_year != 0 ? opt->as_of_year : r->year;
	for (i = 0; i < r->nmeasures; i++) {
		measure_judge(lex, &r->measures[i], &cells[i], ref);
		if (agreements_find(lex, &r->measures[i], &cells[i], r) != 0) {
			xasprintf(&why, "more than %d agreements: not a "
			    "progress report", COLLECT_MAX_AGREEMENTS);
			goto refuse;
		}
	}
	cells_free(cells, r->nmeasures);
	lines_free(&lines);
	free(d.text);
	*out = r;
	return 0;

refuse:
	xasprintf(cause, "%s: %s", name, why);
	free(why);
	cells_free(cells, r->nmeasures);
	lines_free(&lines);
	free(d.text);
	report_free(r);
	return -1;
}

static void
measure_free(struct measure *m)
{
	size_t	i;

	free(m->id);
	free(m->title);
	free(m->description);
	free(m->deadline.text);
	for (i = 0; i < m->nexecutors; i++)
		free(m->executors[i]);
	free(m->executors);
	free(m->work_done);
	free(m->evidence.text);
}

/* Free what an agreement holds, not the agreement itself. */
void
agreement_free(struct agreement *a)
{
	size_t	k;

	for (k = 0; k < a->nevents; k++) {
		free(a->events[k].evidence.text);
		free(a->events[k].cue);
	}
	free(a->events);
	free(a->noun);
	free(a->name);
	free(a->kind);
	free(a->partner);
	free(a->partner_iso);
	free(a->measure);
	free(a->evidence.text);
}

void
report_free(struct report *r)
{
	size_t	i;

	if (r == NULL)
		return;
	free(r->file);
	free(r->agency);
	for (i = 0; i < r->nchapters; i++)
		free(r->chapters[i].title);
	free(r->chapters);
	for (i = 0; i < r->nmeasures; i++)
		measure_free(&r->measures[i]);
	free(r->measures);
	for (i = 0; i < r->nagreements; i++)
		agreement_free(&r->agreements[i]);
	free(r->agreements);
	free(r);
}
