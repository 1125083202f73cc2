/*
 * The snapshot in Prometheus text format (version 0.0.4), one gauge family
 * per indicator, labelled by agency and by status or stage; then napmond's
 * own counters and its process.
 */
#include <stdio.h>
#include <stdlib.h>

#include "metrics.h"

/* Write a label value with the escapes the format asks for. */
static void
prom_value(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* Write the HELP and TYPE lines of a family. */
static void
prom_family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Write one sample labelled by agency and maybe one more label. */
static void
prom_sample(FILE *f, const char *name, const char *agency, const char *label,
    const char *value, double sample)
{
	fprintf(f, "%s{agency=\"", name);
	prom_value(f, agency);
	if (label != NULL) {
		fprintf(f, "\",%s=\"", label);
		prom_value(f, value);
	}
	fprintf(f, "\"} %.17g\n", sample);
}

/* Write the per-agency measure families. */
static void
prom_measures(FILE *f, const struct snapshot *snap)
{
	const struct group	*g;
	size_t			 i;
	int			 st;
	double			 rate;

	prom_family(f, "napmon_measures", "gauge",
	    "Measures of each agency's latest report, by status.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		for (st = 0; st < STATUS_COUNT; st++) {
			prom_sample(f, "napmon_measures", g->key, "status",
			    status_name(st), g->tally.by_status[st]);
		}
	}
	prom_family(f, "napmon_measures_overdue", "gauge",
	    "Measures past their deadline and not completed.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		prom_sample(f, "napmon_measures_overdue", g->key, NULL, NULL,
		    g->tally.overdue);
	}
	prom_family(f, "napmon_completion_ratio", "gauge",
	    "Completed measures over measures with a fixed deadline.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		if ((rate = tally_completion_rate(&g->tally)) >= 0)
			prom_sample(f, "napmon_completion_ratio", g->key, NULL,
			    NULL, rate);
	}
}

/* Write the per-agency agreement and report families. */
static void
prom_agreements(FILE *f, const struct snapshot *snap)
{
	const struct group	*g;
	size_t			 i;
	int			 st;

	prom_family(f, "napmon_agreements", "gauge",
	    "Agreements followed, by their latest stage.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		for (st = 0; st < STAGE_COUNT; st++) {
			prom_sample(f, "napmon_agreements", g->key, "stage",
			    stage_name(st), g->tally.by_stage[st]);
		}
	}
	prom_family(f, "napmon_agreements_stuck", "gauge",
	    "Agreements whose stage has not changed over the last reports of"
	    " their agency that name them ([history] stuck_reports).");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		prom_sample(f, "napmon_agreements_stuck", g->key, NULL, NULL,
		    g->tally.stuck);
	}
	prom_family(f, "napmon_agreements_regressed", "gauge",
	    "Agreements a later report put at an earlier stage than an"
	    " earlier report did.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		prom_sample(f, "napmon_agreements_regressed", g->key, NULL,
		    NULL, g->tally.regressed);
	}
	prom_family(f, "napmon_review_pending", "gauge",
	    "Facts read with low confidence: of the measures of each agency's"
	    " latest report, and of its agreements as their latest report"
	    " states them (GET /v1/review lists them).");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		prom_sample(f, "napmon_review_pending", g->key, NULL, NULL,
		    g->tally.review);
	}
	prom_family(f, "napmon_reports", "gauge",
	    "Reports stored, all years.");
	for (i = 0; i < snap->nagencies; i++) {
		g = &snap->agencies[i];
		prom_sample(f, "napmon_reports", g->key, NULL, NULL,
		    g->reports);
	}
}

/* Write an unlabelled gauge, or nothing when its value is unknown. */
static void
prom_gauge(FILE *f, const char *name, const char *help, double sample)
{
	if (sample < 0)
		return;
	prom_family(f, name, "gauge", help);
	fprintf(f, "%s %.17g\n", name, sample);
}

/* Write the process families under the names client libraries use. */
static void
prom_process(FILE *f, const struct prom_process *p)
{
	prom_gauge(f, "process_start_time_seconds",
	    "When napmond started, in seconds since the epoch.",
	    p->start_time);
	prom_gauge(f, "process_resident_memory_bytes",
	    "Memory napmond holds in RAM, in bytes.", p->resident_bytes);
	prom_gauge(f, "process_open_fds",
	    "File descriptors napmond holds open.", p->open_fds);
	prom_gauge(f, "process_max_fds",
	    "napmond's soft limit on open file descriptors.", p->max_fds);
}

/* Render the snapshot and the daemon's state as Prometheus text. */
char *
render_prom(const struct snapshot *snap, const struct prom_state *state)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	prom_measures(f, snap);
	prom_agreements(f, snap);
	prom_family(f, "napmon_ingest_failures_total", "counter",
	    "Files quarantined since napmond started.");
	fprintf(f, "napmon_ingest_failures_total %lld\n",
	    state->ingest_failures);
	prom_family(f, "napmon_store_failures_total", "counter",
	    "Reports the database could not take (disk full, read-only), left"
	    " in the inbox to try again.");
	fprintf(f, "napmon_store_failures_total %lld\n",
	    state->store_failures);
	prom_family(f, "napmon_export_failures_total", "counter",
	    "Export files that could not be written; the previous ones stay.");
	fprintf(f, "napmon_export_failures_total %lld\n",
	    state->export_failures);
	prom_family(f, "napmon_last_scan_timestamp_seconds", "gauge",
	    "When the inbox was last scanned, in seconds since the epoch.");
	fprintf(f, "napmon_last_scan_timestamp_seconds %lld\n",
	    state->last_scan);
	/* An alert on the scan's age needs the interval it is measured in. */
	prom_family(f, "napmon_scan_interval_seconds", "gauge",
	    "Seconds between full scans of the inbox, as configured.");
	fprintf(f, "napmon_scan_interval_seconds %d\n", state->scan_interval);
	prom_family(f, "napmon_build_info", "gauge",
	    "Always 1; the version is in the label.");
	fputs("napmon_build_info{version=\"", f);
	prom_value(f, state->version);
	fputs("\"} 1\n", f);
	prom_process(f, &state->process);
	if (fclose(f) != 0)
		abort();
	return (buf);
}
