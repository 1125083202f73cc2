/*
 * The database's schema, as the migrations that build it: an empty file is
 * brought through every one, an older database through those it lacks
 * (store_migrate() in store.c).
 */
#include <sqlite3.h>

#include "metrics_internal.h"

/*
 * Each entry takes the schema from version i to i + 1; all that are due run
 * in one transaction with the user_version bump, so a crash mid-way leaves
 * the old schema whole.
 */
const char *const store_migrations[] = {
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL UNIQUE,"
	"  sha256 TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  agency TEXT,"
	"  year INTEGER NOT NULL,"
	"  ingested_at INTEGER NOT NULL);"
	"CREATE INDEX reports_sha256 ON reports(sha256);"
	"CREATE TABLE chapters ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  number INTEGER NOT NULL,"
	"  title TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE TABLE measures ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  measure TEXT NOT NULL,"
	"  chapter INTEGER NOT NULL,"
	"  title TEXT,"
	"  description TEXT,"
	"  line INTEGER NOT NULL,"
	"  deadline_text TEXT,"
	"  deadline_kind TEXT NOT NULL,"
	"  deadline_start INTEGER NOT NULL,"
	"  deadline_end INTEGER NOT NULL,"
	"  work_done TEXT,"
	"  status TEXT NOT NULL,"
	"  overdue INTEGER NOT NULL,"
	"  overdue_years INTEGER NOT NULL,"
	"  evidence_line INTEGER NOT NULL,"
	"  evidence_text TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE TABLE executors ("
	"  report_id INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (report_id, seq, position),"
	"  FOREIGN KEY (report_id, seq) REFERENCES measures(report_id, seq)"
	"    ON DELETE CASCADE);"
	"CREATE TABLE agreements ("
	"  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT,"
	"  partner TEXT,"
	"  partner_iso TEXT,"
	"  stage TEXT NOT NULL,"
	"  date TEXT,"
	"  measure TEXT,"
	"  evidence_line INTEGER NOT NULL,"
	"  evidence_text TEXT,"
	"  PRIMARY KEY (report_id, seq));"
	"CREATE INDEX agreements_name ON agreements(name);"
	"CREATE TABLE ingest_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  file TEXT NOT NULL,"
	"  sha256 TEXT,"
	"  outcome TEXT NOT NULL,"
	"  detail TEXT);",
	/* The ledger reads one agency's reports at a time. */
	"CREATE INDEX reports_agency ON reports(agency, year, id);",
	/* Each agreement's stage events (JSON, as napmon parse writes them)
	 * and whether its partner's name was a near miss.  Rows stored
	 * before have no events: NULL, not an empty list. */
	"ALTER TABLE agreements ADD COLUMN partner_near INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE agreements ADD COLUMN events TEXT;",
	/* Listings narrow their names by partner or stage, in name order. */
	"CREATE INDEX agreements_partner ON agreements(partner_iso, name);"
	"CREATE INDEX agreements_stage ON agreements(stage, name);",
	/* A person's value for a fact, kept apart from the report rows that
	 * every ingest of their file replaces: it names its fact by agency,
	 * measure id or agreement name and year (NULL: every year).
	 * AUTOINCREMENT, so that the id of a correction taken back is never
	 * given to another. */
	"CREATE TABLE corrections ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  agency TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('measure', 'agreement')),"
	"  key TEXT NOT NULL,"
	"  year INTEGER,"
	"  field TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  note TEXT,"
	"  who TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX corrections_agency ON corrections(agency, kind);",
	/* The format a report was read from (text, docx, odt).  Rows
	 * stored before do not say: NULL, not a guess. */
	"ALTER TABLE reports ADD COLUMN format TEXT;",
	/* What napmon doubts of each measure's status and each agreement's
	 * stage, date and partner: enum doubt bits, NULL for rows stored
	 * before (never judged).  The review queue reads only the doubted
	 * rows, through the partial indexes. */
	"ALTER TABLE measures ADD COLUMN doubts INTEGER;"
	"ALTER TABLE agreements ADD COLUMN doubts INTEGER;"
	"CREATE INDEX measures_doubted ON measures(report_id, seq)"
	"  WHERE doubts > 0;"
	"CREATE INDEX agreements_doubted ON agreements(report_id, seq)"
	"  WHERE doubts > 0;",
	/* The partner and stage indexes of version 4 without the name: each
	 * new agreement's (partner, name) and (stage, name) landed on a page
	 * of its own, so an ingest wrote a page of log for each and read
	 * them back through a cache they did not fit (4.7-5.2 s for 10,000
	 * reports against 3.0-3.2 without the indexes).  By partner or stage
	 * alone, new rows go at the end of their value's run.  A filtered
	 * listing unites them with the corrected names and sorts them either
	 * way: 28 ms, not 13, for a stage of 15,000 rows. */
	"DROP INDEX agreements_partner;"
	"DROP INDEX agreements_stage;"
	"CREATE INDEX agreements_partner ON agreements(partner_iso);"
	"CREATE INDEX agreements_stage ON agreements(stage);",
};
_Static_assert(sizeof store_migrations / sizeof store_migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration per schema version");
