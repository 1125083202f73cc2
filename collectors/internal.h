/*
 * Collectors' internals, shared by its files and its unit tests; nothing
 * outside collectors/ and tests/ includes this.
 */
#ifndef NAPMON_COLLECTORS_INTERNAL_H
#define NAPMON_COLLECTORS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "collector.h"

/* decode.c: bytes -> UTF-8 text with LF line ends. */
struct decoded {
	char		*text;		/* NUL-terminated UTF-8 */
	size_t		 len;
	enum encoding	 encoding;
};
int	 decode_bytes(const unsigned char *, size_t, struct decoded *,
	     char **cause);

/* UTF-8 code points, for every scan of the text. */

/*
 * Decode the code point at s[*i] and step past it; text is valid UTF-8.
 * Inline: every scan of the text calls it for each character.
 */
static inline uint32_t
utf8_next(const char *s, size_t *i)
{
	const unsigned char	*p = (const unsigned char *)s + *i;
	uint32_t		 cp;
	size_t			 n, k;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		n = 3;
	} else {
		cp = p[0] & 0x07;
		n = 4;
	}
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80) {	/* defensive: never overrun */
			*i += k;
			return 0xfffd;
		}
		cp = cp << 6 | (p[k] & 0x3f);
	}
	*i += n;
	return cp;
}

/*
 * Lower-case a code point, with Turkic dotted and dotless i.  Inline, so
 * that the matching loops inline it: it runs for every character.
 * Tested by blocks, so that a letter of the text (ASCII, then ə, ı, ş, ü)
 * meets few tests.
 */
static inline uint32_t
fold_cp(uint32_t c)
{
	if (c < 0x80)
		return c == 'I' ? 0x131 : c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c < 0x100)
		return c >= 0xc0 && c <= 0xde && c != 0xd7 ? c + 0x20 : c;
	if (c < 0x180) {
		if (c == 0x130)
			return 'i';
		if (c <= 0x137 || (c >= 0x14a && c <= 0x177))
			return c | 1;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return (c & 1) ? c + 1 : c;
		return c;
	}
	if (c == 0x18f)
		return 0x259;
	if (c >= 0x400 && c <= 0x42f)
		return c < 0x410 ? c + 0x50 : c + 0x20;
	return c;
}

/* text.c: classes, word starts, byte scans, white space. */
int	 is_letter_cp(uint32_t);
int	 is_upper_cp(uint32_t);
int	 is_space_cp(uint32_t);
int	 is_quote_cp(uint32_t);
int	 at_word_start(const char *base, const char *p);
size_t	 find_byte3(const char *s, size_t from, size_t to, char, char, char);
size_t	 last_byte3(const char *s, size_t to, char, char, char);
size_t	 may_start_word(const char *s, size_t i, size_t to);
size_t	 utf8_put(char *, uint32_t);
char	*normalize_space(const char *s, size_t len);
size_t	 line_stop(const char *s, size_t i, size_t len);
size_t	 normalize_space_in_place(char *s, size_t len);
size_t	 next_word(const char *s, size_t len, size_t i);

/* xmalloc.c: besides collector.h's. */
void	*xmalloc(size_t);
void	*xgrowarray(void *, size_t n, size_t size);

/* fold.c: case folding and the searches that ignore case. */
size_t	 match_fold(const char *s, size_t len, const char *pat);
const char *find_fold(const char *s, size_t len, const char *pat,
	     size_t *matchlen);
char	*fold_string(const char *);
char	*strip_prefix_fold(char *s, const char *const *prefixes, size_t n);

/*
 * A text case folded once for many searches: each is then a memmem() in
 * the fold, not a decode and a fold of every character per search.
 */
struct fold_jump {
	size_t	text;		/* where an I or İ ends in the text */
	size_t	fold;		/* and in the fold */
};
struct folded {
	const char		*text;
	size_t			 len;
	char			*fold;
	size_t			 foldlen;
	struct fold_jump	*jumps;	/* in order */
	size_t			 njumps;
};
void	 folded_init(struct folded *, const char *text, size_t len);
void	 folded_free(struct folded *);
size_t	 folded_offset(const struct folded *, size_t at, int to_text);
const char *folded_find(const struct folded *, const char *s, size_t len,
	     const char *fpat, size_t plen, size_t *matchlen);

/*
 * Words bucketed by their first letter, case folded: to find which of many
 * words start at a place, look only at the few that start with its letter.
 */
#define INITIAL_BUCKETS	64
struct initial_index {
	size_t	*ids[INITIAL_BUCKETS];
	size_t	 n[INITIAL_BUCKETS];
};
void	 initial_add(struct initial_index *, const char *word, size_t id);
const size_t *initial_candidates(const struct initial_index *, const char *s,
	     size_t *n);
void	 initial_free(struct initial_index *);

/* morph.c: the suffix grammar of stage verbs. */
struct harmony {
	uint32_t	vowel;		/* the last vowel read, folded */
	int		after_vowel;	/* the last letter read was one */
};
enum attest {			/* ordered: less is more doubtful */
	ATTEST_NO,		/* the event has not happened */
	ATTEST_DATED,		/* it has when the sentence dates it */
	ATTEST_YES
};
struct slot {
	uint32_t	**v;		/* endings: code points, archiphonemes
					   in capitals, 0-terminated */
	size_t		  n;
};
struct form {
	char		*name;		/* "perfect", "future" */
	int		 attests;	/* an enum attest */
	struct slot	 endings;
};
struct grammar {
	unsigned	 id;		/* unique in the process; 0 before
					   the first key is filed */
	struct slot	 voice, negation, person;
	struct form	*forms;
	size_t		 nforms;
};
struct verb_form {
	int	form;			/* into grammar.forms; -1: unread */
	int	negated;
	int	attests;		/* an enum attest */
};
int	 grammar_key(struct grammar *, const char *key, const char *value);
void	 grammar_free(struct grammar *);
struct harmony harmony_of(const char *s, size_t len);
struct verb_form grammar_read(const struct grammar *, struct harmony,
	     const char *rest, size_t len);
size_t	 word_rest(const char *s, size_t len);

/* lexicon.c: the cue data, loaded from lexicon.ini and partners.ini. */
#define CUE_NONE	(-2)	/* a stage cue that reads a verb as no stage:
				   "komitəsində müzakirə olunub" */
struct cue {
	char	**parts;	/* case folded, in order; "…" in the data
				   separates parts */
	size_t	 *lens;		/* the bytes of each */
	size_t	  nparts;
	int	  value;	/* an enum status or stage, or CUE_NONE */
	int	  verb;		/* the last part is a verb stem ("imzala+"):
				   the grammar reads the rest of its word */
	struct harmony stem;	/* the harmony the stem leaves */
};
struct noun {
	char	*form;		/* "Sazişi" */
	char	*kind;		/* "saziş" */
};
struct named {
	char	*word;
	int	 value;
};
struct partner_alias {
	char	*alias;
	char	*name;		/* canonical */
	char	*iso;		/* NULL for a group */
};
struct strlist {
	char			**v;
	size_t			  n;
	size_t			  longest;	/* bytes of the longest word */
	struct initial_index	  initials;	/* into v */
};
struct lexicon {
	struct strlist	 header_cells;
	struct strlist	 work_done_markers;
	struct strlist	 chapter_words;
	struct strlist	 agency_markers;	/* case folded */
	struct strlist	 title_year_markers;
	struct strlist	 noise_prefixes;
	struct strlist	 home_names;
	struct strlist	 party_words;
	struct strlist	 regular_words;
	struct strlist	 measure_subjects;	/* case folded */
	struct strlist	 suffixes;
	struct strlist	 artefacts;
	struct strlist	 name_gaps;	/* words between a name's closing
					   mark and its noun */
	struct strlist	 joiners;	/* "və": names listed together */
	struct named	*ordinals;
	size_t		 nordinals;
	struct named	*months;
	size_t		 nmonths;
	struct noun	*nouns;
	size_t		 nnouns;
	struct cue	*status_cues;	/* hold whatever the subject */
	size_t		 nstatus_cues;
	struct cue	*subject_cues;	/* hold only about the measure */
	size_t		 nsubject_cues;
	struct cue	*stage_cues;
	size_t		 nstage_cues;
	struct partner_alias *partners;	/* longest alias first */
	size_t		 npartners;
	struct initial_index stage_initials;	/* into stage_cues */
	unsigned char	 stage_leads[256];	/* first bytes of their folds */
	struct initial_index partner_initials;	/* into partners, in order */
	struct initial_index ordinal_initials;	/* into ordinals, in order */
	struct grammar	 grammar;
	struct strlist	 condition_words;	/* after a verb: "təqdirdə" */
	struct strlist	 today_words;		/* "bu gündən" */
};
int	 lexicon_has_word(const struct strlist *, const char *s, size_t len);
int	 case_ending_ok(const struct lexicon *, const char *s, size_t len);
int	 stem_starts(const struct lexicon *, const char *s, size_t len);
const char *cue_find(const struct cue *, const struct folded *,
	     const char **end);
const char *cue_rest(const struct cue *, const struct folded *,
	     const char *after_first, const char *end, size_t upto);

/* deadline.c */
int	 deadline_parse(const struct lexicon *, const char *cell,
	     struct deadline *);
int	 year_token(const char *s, size_t len, size_t *used);

/* dates.c: dates in the narrative. */
struct date_hit {
	size_t	pos;		/* byte offset of the date's first token */
	int	y, m, d;
};
size_t	 dates_scan(const struct lexicon *, const char *s, size_t len,
	     struct date_hit *, size_t max);
int	 month_of_word(const struct lexicon *, const char *s, size_t len);
int	 date_valid(int y, int m, int d);
int	 dates_day_named(const struct lexicon *, const char *s, size_t len);

/* layout.c: decoded text -> lines -> header, chapters, measure cells. */
struct line {
	char	*text;		/* normalised, trimmed, never empty; points
				   into the text lines_split() was given */
	size_t	 len;
	int	 no;		/* 1-based */
};
struct lines {
	struct line	*v;
	size_t		 n;
};
struct para {
	const char	*text;
	size_t		 len;
	int		 line;
};
struct measure_cells {
	struct para	*work;		/* work-done paragraphs */
	size_t		 nwork;
	struct folded	*folds;		/* of each paragraph, made when a
					   search first wants it */
};
int	 lines_split(const struct lexicon *, char *text, size_t len,
	     struct lines *, char **cause);
void	 lines_free(struct lines *);
int	 layout_read(const struct lexicon *, const struct lines *,
	     struct report *, struct measure_cells **, char **cause);

/* names.c: the quoted agreement names of a paragraph. */
struct name_span {
	size_t		 open;		/* the opening mark */
	size_t		 name, name_end; /* the quoted words */
	size_t		 close_end;	/* past the closing mark */
	size_t		 noun, noun_end; /* the agreement noun's word */
	size_t		 end;		/* past the name and its noun */
	int		 noun_after;	/* the noun stands after the marks */
	const char	*kind;
};
int	 names_find(const struct lexicon *, const char *p, size_t len,
	     struct name_span **, size_t *);

/* meaning.c: status of a measure; agreements.c: staged agreements. */
struct sentence {
	const char	*start;
	size_t		 len;
};
size_t	 sentence_around(const char *para, size_t pos, struct sentence *);
char	*sentence_excerpt(const struct sentence *, const char *at);
const struct folded *cells_fold(struct measure_cells *, size_t i);
void	 measure_judge(const struct lexicon *, struct measure *,
	     struct measure_cells *, int ref_year);
void	 agreement_free(struct agreement *);
int	 agreements_find(const struct lexicon *, const struct measure *,
	     struct measure_cells *, struct report *);
void	 partner_find(const struct lexicon *, const char *name,
	     char **partner, char **iso, int *near);

#endif
