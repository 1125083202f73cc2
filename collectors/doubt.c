/*
 * The doubts napmon has of the facts it reads (collector.h's enum doubt):
 * their names, the field each belongs to, and the confidence they leave.
 */
#include <string.h>

#include "collector.h"

/* Indexed by bit position, with the field each speaks of. */
static const struct {
	const char	*name;
	enum fact_field	 field;
} doubts[DOUBT_COUNT] = {
	{ "no_cue", FIELD_STATUS },
	{ "conflicting_cues", FIELD_STATUS },
	{ "empty_work_done", FIELD_STATUS },
	{ "stage_from_next_sentence", FIELD_STAGE },
	{ "no_date", FIELD_DATE },
	{ "near_partner", FIELD_PARTNER },
};

static const char *const field_names[FIELD_COUNT] = {
	"status", "stage", "date", "partner_iso"
};

static const char *const confidence_names[] = { "high", "low" };

/* The position of a single bit; DOUBT_COUNT when it is none of ours. */
static int
doubt_index(unsigned bit)
{
	int	i;

	for (i = 0; i < DOUBT_COUNT; i++)
		if (bit == 1u << i)
			return i;
	return DOUBT_COUNT;
}

const char *
doubt_name(unsigned bit)
{
	int	i = doubt_index(bit);

	return i < DOUBT_COUNT ? doubts[i].name : NULL;
}

int
doubt_from_name(const char *name)
{
	int	i;

	for (i = 0; i < DOUBT_COUNT; i++)
		if (strcmp(doubts[i].name, name) == 0)
			return 1 << i;
	return 0;
}

enum fact_field
doubt_field(unsigned bit)
{
	int	i = doubt_index(bit);

	return i < DOUBT_COUNT ? doubts[i].field : FIELD_COUNT;
}

const char *
fact_field_name(enum fact_field f)
{
	return field_names[f];
}

unsigned
doubts_of(unsigned bits, enum fact_field f)
{
	unsigned	out = 0;
	int		i;

	for (i = 0; i < DOUBT_COUNT; i++)
		if ((bits & 1u << i) && doubts[i].field == f)
			out |= 1u << i;
	return out;
}

/* How many fields the doubts are about: the facts a person should check. */
int
doubted_fields(unsigned bits)
{
	int	f, n = 0;

	for (f = 0; f < FIELD_COUNT; f++)
		n += doubts_of(bits, (enum fact_field)f) != 0;
	return n;
}

enum confidence
confidence_of(unsigned bits)
{
	return bits != 0 ? CONFIDENCE_LOW : CONFIDENCE_HIGH;
}

const char *
confidence_name(enum confidence c)
{
	return confidence_names[c];
}
