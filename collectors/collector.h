/*
 * The door of the collectors module: a report file goes in, records come out.
 *
 * collect_file() reads one progress report (a text export in any of the
 * encodings real ones come in, a Word .docx or an OpenDocument .odt), finds its chapters and measures, and reads the work-done narrative
 * for statuses and staged agreements, using the cue words of a lexicon loaded
 * from data files.  Everything it returns is owned by the report and freed by
 * report_free().
 */
#ifndef NAPMON_COLLECTOR_H
#define NAPMON_COLLECTOR_H

#include <stddef.h>

enum encoding { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_UTF16BE };

/* What the file was: text, a Word .docx or an OpenDocument .odt. */
enum format { FORMAT_TEXT, FORMAT_DOCX, FORMAT_ODT };

enum deadline_kind {
	DEADLINE_REGULAR,	/* "Mütəmadi": no end */
	DEADLINE_YEAR,		/* "2014-cü il" */
	DEADLINE_RANGE,		/* "2012-2013-cü illər" */
	DEADLINE_UNTIL,		/* "2013-cü ilin sonunadək", "... II yarısı" */
	DEADLINE_OTHER		/* anything without a year */
};

enum status {
	STATUS_COMPLETED,
	STATUS_IN_PROGRESS,
	STATUS_ONGOING,
	STATUS_NOT_REPORTED,
	STATUS_COUNT
};

/* Ordered: an agreement is at the furthest stage its clause states. */
enum stage {
	STAGE_DRAFTING,
	STAGE_SUBMITTED,
	STAGE_UNDER_REVIEW,
	STAGE_NEGOTIATING,
	STAGE_SIGNING,
	STAGE_SIGNED,
	STAGE_RATIFIED,
	STAGE_IN_FORCE,
	STAGE_COUNT
};

/*
 * Why napmon doubts a fact it read, a bit each: a fact with none is read
 * with high confidence, one with any with low.  Each bit names something
 * the parser saw in the text, not a guess, and belongs to one field (status,
 * stage, date or partner).  The store keeps the bits: never renumber them.
 */
enum doubt {
	DOUBT_NO_CUE		= 1 << 0,	/* status: work reported, no
						   cue of how far it got */
	DOUBT_CONFLICTING_CUES	= 1 << 1,	/* status: a completion cue
						   and a cue that work goes on */
	DOUBT_EMPTY_WORK_DONE	= 1 << 2,	/* status: read from an empty
						   work-done section, of a
						   measure with a fixed end */
	DOUBT_STAGE_FROM_NEXT_SENTENCE = 1 << 3, /* stage: its cue stands in a
						   later sentence than the name */
	DOUBT_NO_DATE		= 1 << 4,	/* date: signed, ratified or in
						   force, with no date given */
	DOUBT_NEAR_PARTNER	= 1 << 5	/* partner: the name is a letter
						   off a known one */
};
#define DOUBT_COUNT	6

/* The fields a doubt belongs to. */
enum fact_field { FIELD_STATUS, FIELD_STAGE, FIELD_DATE, FIELD_PARTNER,
	FIELD_COUNT };

enum confidence { CONFIDENCE_HIGH, CONFIDENCE_LOW };

/* Where a status or stage was read: a line of the file and its sentence. */
struct evidence {
	int		 line;		/* 1-based; 0 when there is none */
	char		*text;
};

struct deadline {
	char			*text;	/* the cell as written; NULL if absent */
	enum deadline_kind	 kind;
	int			 start;	/* year, 0 when unknown */
	int			 end;	/* year, 0 when there is no end */
};

struct chapter {
	int	 number;
	char	*title;
};

struct measure {
	char		*id;		/* "3.2" */
	int		 chapter;	/* 0 before any chapter */
	char		*title;
	char		*description;	/* NULL when the title stands alone */
	int		 line;		/* line of the measure number */
	struct deadline	 deadline;
	char		**executors;
	size_t		 nexecutors;
	char		*work_done;	/* paragraphs joined by '\n'; NULL if none */
	enum status	 status;
	int		 overdue;	/* -1 unknown (no year to compare) */
	int		 overdue_years;	/* > 0 only when overdue */
	struct evidence	 evidence;
	unsigned	 doubts;	/* enum doubt bits, of the status */
};

/* One stage an agreement's clause says it reached, and what said so. */
struct stage_event {
	enum stage	 stage;
	char		 date[11];	/* YYYY-MM-DD, or "" */
	struct evidence	 evidence;
	char		*cue;		/* the words that decided it, as written */
	char		 form[24];	/* the verb's form ("evidential"); ""
					   for a fixed phrase */
	unsigned	 doubts;	/* of its stage and date */
};

struct agreement {
	char		*name;		/* as quoted, without the marks; with
					   the noun when it stands after them */
	char		*kind;		/* "saziş", "protokol", ... */
	char		*noun;		/* the noun as written ("Sazişin") */
	char		*partner;	/* NULL when no party is named */
	char		*partner_iso;	/* ISO 3166 alpha-2; NULL for groups */
	int		 partner_near;	/* the text misspells the partner's
					   name by a letter */
	enum stage	 stage;		/* of the furthest event */
	char		 date[11];	/* YYYY-MM-DD, or "" */
	char		*measure;	/* id of the measure it is reported under */
	struct evidence	 evidence;
	struct stage_event *events;	/* in ladder order, one per stage */
	size_t		 nevents;
	unsigned	 doubts;	/* of its stage, date (the furthest
					   event's) and partner */
};

struct report {
	char			*file;
	char			 sha256[65];
	enum format		 format;
	enum encoding		 encoding;	/* of a text file; a package's
						   XML is read as UTF-8 */
	char			*agency;	/* NULL when the title names none */
	int			 year;		/* 0 when unknown */
	struct chapter		*chapters;
	size_t			 nchapters;
	struct measure		*measures;
	size_t			 nmeasures;
	struct agreement	*agreements;
	size_t			 nagreements;
};

struct collect_options {
	int		 as_of_year;	/* 0: judge overdue against the report's
					   year */
	const char	*sha256;	/* the bytes' hash, when the caller has
					   it already; NULL: hash them */
};

struct lexicon;

/* Largest report collect_file() reads; bigger files are refused. */
#define COLLECT_MAX_BYTES	(64u * 1024 * 1024)

/*
 * A report holding more than these is refused too: real ones have a few
 * hundred lines, tens of measures and agreements.  With the size limit they
 * bound the memory a hostile file can make the parser, and the JSON made
 * from its records, take.
 */
#define COLLECT_MAX_LINES	1000000	/* non-blank */
#define COLLECT_MAX_RECORDS	10000	/* chapters, measures, executing bodies */
#define COLLECT_MAX_AGREEMENTS	1000

const char	*lexicon_default_dir(void);
struct lexicon	*lexicon_load(const char *dir, char **cause);
void		 lexicon_free(struct lexicon *);

int		 collect_file(const struct lexicon *, const char *path,
		     const struct collect_options *, struct report **,
		     char **cause);
int		 collect_bytes(const struct lexicon *, const char *name,
		     const unsigned char *bytes, size_t len,
		     const struct collect_options *, struct report **,
		     char **cause);
void		 report_free(struct report *);

/* Hex SHA-256 of a file's bytes, as struct report's sha256 holds it. */
void		 sha256_hex(const unsigned char *, size_t, char out[65]);

const char	*format_name(enum format);
const char	*encoding_name(enum encoding);
const char	*deadline_kind_name(enum deadline_kind);
const char	*status_name(enum status);
const char	*stage_name(enum stage);
int		 stage_from_name(const char *);
int		 status_from_name(const char *);

const char	*doubt_name(unsigned bit);	/* "no_cue"; NULL if unknown */
int		 doubt_from_name(const char *);	/* the bit; 0 if unknown */
enum fact_field	 doubt_field(unsigned bit);
const char	*fact_field_name(enum fact_field);
/* The doubts of one field, and the confidence they leave it. */
unsigned	 doubts_of(unsigned doubts, enum fact_field);
int		 doubted_fields(unsigned doubts);
enum confidence	 confidence_of(unsigned doubts);
const char	*confidence_name(enum confidence);

/*
 * The allocator's bounds for a program that parses reports one after
 * another: blocks under 256 kB from the heap, and up to 1 MiB of free heap
 * top kept rather than given back (xmalloc.c says why).
 */
void		 collect_malloc_bounds(void);

/* Allocation that never returns NULL: every module uses these. */
void		*xcalloc(size_t, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrndup(const char *, size_t);
char		*xstrdup(const char *);
int		 xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));

#endif
