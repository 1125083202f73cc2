/*
 * JSON pieces that `napmon parse` (report_json.c) and napmond's /v1
 * documents (indicators.c) both write, defined once in report_json.c so
 * the two always give a measure or an agreement the same shape.  Internal
 * to metrics/.
 */
#ifndef NAPMON_JSON_UTIL_H
#define NAPMON_JSON_UTIL_H

#include "metrics.h"

void	 json_add_string_or_null(cJSON *, const char *key, const char *);
void	 json_add_int_or_null(cJSON *, const char *key, int);
void	 json_add_evidence(cJSON *, const struct evidence *);
void	 json_add_confidence(cJSON *, unsigned doubts);
cJSON	*json_add_number_cs(cJSON *, const char *literal_key, double);

/* The doubts of a fact read back from a row stored before napmon judged
 * its facts: it shows no confidence at all, rather than a high one. */
#define DOUBTS_UNJUDGED	(1u << 31)

/* With narrative, the description and the work-done text too. */
cJSON	*measure_to_json(const struct measure *, int narrative);
cJSON	*agreement_to_json(const struct agreement *);
const char *partner_match_name(const struct agreement *);

#endif
