#!/bin/bash
# napmond end to end: start it on a temporary folder and socket, drop reports
# in, and check every endpoint, the export files, /metrics, quarantine,
# SIGHUP, SIGTERM, and a SIGKILL in the middle of an ingest.
#
# usage: daemon_test.sh BINDIR SAMPLE FIXTURES_DIR
# Needs curl; uses promtool (Debian package prometheus) when installed.
set -u

bin=$1
sample=$2
fixtures=$3
napmond=$bin/napmond
napmon=$bin/napmon

tmp=$(mktemp -d /tmp/napmond-test.XXXXXX)
sock=$tmp/run/napmond.sock
port=$((20000 + RANDOM % 20000))
pid=

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

LOG_TAIL=20
. "$(dirname "$0")/lib.sh"

# GET (or curl options then a path) over the socket; body in $tmp/body.
req() {
	local path=${*: -1}
	curl -s --unix-socket "$sock" -o "$tmp/body" -D "$tmp/headers" \
	    -w '%{http_code}' "${@:1:$#-1}" "http://localhost$path"
}
body_has() { grep -qF -- "$1" "$tmp/body"; }


start() {
	"$napmond" -c "$tmp/napmond.conf" "$@" >>"$tmp/log" 2>&1 &
	pid=$!
	# Ready once every report in the inbox is in: after a SIGKILL in a
	# long ingest, hundreds, on a machine running other tests beside.
	wait_for '[ "$(req /healthz)" = 200 ]' 300
}

# Stop with a signal; set $status to napmond's exit status.
stop() {
	kill "-$1" "$pid"
	wait "$pid"
	status=$?
	pid=
}

mkdir -p "$tmp/inbox"
cat >"$tmp/napmond.conf" <<EOF
# Relative paths are relative to this file's folder.
[daemon]
socket = run/napmond.sock
database = state/napmon.db
listen = 127.0.0.1:$port
log_level = debug

[collector]
inbox = inbox
quarantine = quarantine
interval = 2
settle_ms = 200

[export]
directory = export
summary_interval = 3600
summary_keep = 2
lists_interval = 8
EOF

# --- configuration -----------------------------------------------------
out=$("$napmond" -c "$tmp/napmond.conf" --check-config 2>&1)
check "--check-config accepts the config" [ $? = 0 ]
printf '[daemon]\nlog_level = info\n[collector]\ninterval = soon\n' \
    >"$tmp/bad.conf"
out=$("$napmond" -c "$tmp/bad.conf" --check-config 2>&1)
check "a bad config exits 78" [ $? = 78 ]
check "the error names file, line and key" \
    grep -qF "$tmp/bad.conf:4: [collector] interval" <<<"$out"
"$napmond" -c "$tmp/bad.conf" >/dev/null 2>&1
check "napmond itself exits 78 on a bad config" [ $? = 78 ]

# --- start on an empty inbox --------------------------------------------
started=$(date +%s)
check "napmond starts and /healthz answers 200" start
check "the socket is mode 0660" [ "$(stat -c %a "$sock")" = 660 ]
check "/v1/indicators with no report" \
    eval '[ "$(req /v1/indicators)" = 200 ] && body_has "\"reports\":0"'
"$napmond" -c "$tmp/napmond.conf" >"$tmp/second.log" 2>&1
rc=$?
check "a second napmond on the same socket refuses" \
    eval '[ $rc != 0 ] && grep -q "another napmond" "$tmp/second.log"'

# --- a report dropped in shows within a second ---------------------------
t0=$(date +%s%N)
cp "$sample" "$tmp/inbox/dmx-2016.txt"
wait_for '[ "$(req /v1/indicators)" = 200 ] && body_has "\"reports\":1"' 30
ms=$((($(date +%s%N) - t0) / 1000000))
check "a dropped report shows in /v1/indicators within a second (${ms} ms)" \
    [ "$ms" -le 1000 ]
check "/v1/indicators has the per-group sections" eval 'body_has "\"by_agency\":{\"Dövlət Miqrasiya Xidməti\"" &&
    body_has "\"by_chapter\":" && body_has "\"by_executor\":" &&
    body_has "\"by_partner\":" && body_has "\"completion_rate\""'

# --- the JSON endpoints ---------------------------------------------------
check "/healthz" eval '[ "$(req /healthz)" = 200 ] && body_has "{\"status\":\"ok\"}"'
check "/v1/status" eval '[ "$(req /v1/status)" = 200 ] && body_has "\"reports\":1"'
check "/v1/measures" eval '[ "$(req /v1/measures)" = 200 ] &&
    body_has "{\"measures\":[{\"id\":\"1.1\""'
check "/v1/measures?agency=&status=&chapter=" eval '[ "$(req \
    "/v1/measures?agency=D%C3%B6vl%C9%99t%20Miqrasiya%20Xidm%C9%99ti&status=ongoing&chapter=2")" = 200 ] &&
    body_has "\"id\":\"2.1\"" && ! body_has "\"id\":\"1.1\""'
check "/v1/measures?overdue=true" eval '[ "$(req "/v1/measures?overdue=true")" = 200 ] &&
    body_has "{\"measures\":[]}"'
check "/v1/agreements" eval '[ "$(req /v1/agreements)" = 200 ] &&
    body_has "\"history\":[{\"year\":2016"'
check "/v1/agreements?stage=&partner_iso=" eval '[ "$(req \
    "/v1/agreements?stage=signed&partner_iso=CH")" = 200 ] &&
    body_has "\"partner_iso\":\"CH\"" && ! body_has "\"partner_iso\":\"RU\""'
check "/v1/reports" eval '[ "$(req /v1/reports)" = 200 ] &&
    body_has "\"file\":\"dmx-2016.txt\"" && body_has "\"outcome\":\"added\""'
check "unknown path: 404 with an error" eval '[ "$(req /v2/nothing)" = 404 ] &&
    body_has "{\"error\":"'
check "wrong method: 405 with an error" eval '[ "$(req -X POST /v1/indicators)" = 405 ] &&
    body_has "{\"error\":" && grep -qi "^Allow: GET" "$tmp/headers"'
check "GET on a POST route: 405" eval '[ "$(req /v1/scan)" = 405 ]'
check "unknown parameter: 400 with an error" eval '[ "$(req "/v1/measures?colour=red")" = 400 ] &&
    body_has "{\"error\":"'
check "bad status: 400" eval '[ "$(req "/v1/measures?status=done")" = 400 ]'
check "bad overdue: 400" eval '[ "$(req "/v1/measures?overdue=maybe")" = 400 ]'
check "bad stage: 400" eval '[ "$(req "/v1/agreements?stage=almost")" = 400 ]'
check "oversized headers are refused" eval '[ "$(req -H "X-Big: $(head -c 20000 /dev/zero | tr "\0" x)" /healthz)" != 200 ]'

# --- /metrics, on the socket and on loopback TCP ----------------------------
check "/metrics content type" eval '[ "$(req /metrics)" = 200 ] &&
    grep -qi "^Content-Type: text/plain; version=0.0.4" "$tmp/headers"'
for family in napmon_measures napmon_measures_overdue napmon_agreements \
    napmon_reports napmon_ingest_failures_total \
    napmon_last_scan_timestamp_seconds napmon_scan_interval_seconds \
    napmon_build_info process_start_time_seconds \
    process_resident_memory_bytes process_open_fds process_max_fds; do
	check "/metrics has $family" grep -q "^$family[{ ]" "$tmp/body"
done
# sample NAME: the value of an unlabelled sample in $tmp/body, as an integer.
sample() { awk -v n="$1" '$1 == n { printf "%d\n", $2 }' "$tmp/body"; }
check "/metrics: the scan interval configured" [ "$(sample \
    napmon_scan_interval_seconds)" = 2 ]
# Boot time in whole seconds plus clock ticks: give it two seconds early.
check "/metrics: the process started with this test" eval '
    s=$(sample process_start_time_seconds);
    [ "$s" -ge $((started - 2)) ] && [ "$s" -le "$(date +%s)" ]'
check "/metrics: a resident set over 1 MB" eval '
    [ "$(sample process_resident_memory_bytes)" -gt 1048576 ]'
check "/metrics: some descriptors open, under the limit" eval '
    n=$(sample process_open_fds); [ "$n" -gt 3 ] &&
    [ "$n" -lt "$(sample process_max_fds)" ]'
check "/metrics labels agency and status" grep -qF \
    'napmon_measures{agency="Dövlət Miqrasiya Xidməti",status="ongoing"} 4' \
    "$tmp/body"
if command -v promtool >/dev/null; then
	check "promtool check metrics" promtool check metrics <"$tmp/body"
else
	echo "skip - promtool not installed (Debian package prometheus)"
fi
check "/metrics on loopback TCP" eval 'curl -sf "http://127.0.0.1:$port/metrics" |
    grep -q "^napmon_build_info"'

# --- export files -----------------------------------------------------------
# The refresher writes agreements.json and the summary after the first scan's
# answer, in the background: wait until they are there and nothing is under way.
wait_for '[ -s "$tmp/export/agreements.json" ] &&
    ls "$tmp"/export/summary-????-??-??.json >/dev/null 2>&1 &&
    [ -z "$(ls -A "$tmp/export" | grep "^\.")" ]' 50
check "/v1/status: not exporting once they are written, with the recount's time" \
    wait_for 'req /v1/status >/dev/null && body_has "\"exporting\":false" &&
    body_has "\"last_refresh_ms\":"' 30
for f in indicators measures agreements; do
	check "export/$f.json written" grep -q '^{"' "$tmp/export/$f.json"
	# $(...) drops a last line end: nothing is left if the file has one.
	check "... ending with a line end" eval \
	    '[ -z "$(tail -c 1 "$tmp/export/$f.json")" ]'
done
check "export/indicators.json is current" grep -qF '"reports":1' \
    "$tmp/export/indicators.json"
check "dated JSON summary" eval 'ls "$tmp"/export/summary-????-??-??.json >/dev/null'
check "dated CSV summary with a header" eval 'grep -q "agency,year,report,id,chapter" "$tmp"/export/summary-????-??-??.csv'
check "dated HTML summary, the page" eval 'grep -q "<html lang=\"az\">" "$tmp"/export/summary-????-??-??.html'
check "export/index.html is the page" grep -q 'id="fig-measures" data-value="4"' \
    "$tmp/export/index.html"
check "no temporary files left" eval '[ -z "$(ls -A "$tmp/export" | grep "^\.")" ]'
for d in 01 02 03; do
	touch "$tmp/export/summary-2020-01-$d."{json,csv,html}
done
rm -f "$tmp"/export/{indicators,measures,agreements}.json
check "POST /v1/export writes them again" eval '[ "$(req -X POST /v1/export)" = 200 ] &&
    [ -s "$tmp/export/indicators.json" ]'
exported_at=$(date +%s)
check "summary_keep = 2 keeps the newest two summaries" eval '[ "$(ls "$tmp"/export/summary-* | wc -l)" = 6 ] &&
    [ -f "$tmp/export/summary-2020-01-03.csv" ] && [ ! -e "$tmp/export/summary-2020-01-02.json" ] &&
    [ ! -e "$tmp/export/summary-2020-01-02.html" ]'

# --- two years of one agency: history and transitions ---------------------
if [ -f "$fixtures/dmx-2017.txt" ]; then
	named=$(grep -c "scan: 1 files, 1 added" "$tmp/log")
	cp "$fixtures/dmx-2017.txt" "$tmp/inbox/.dmx-2017.txt"
	mv "$tmp/inbox/.dmx-2017.txt" "$tmp/inbox/dmx-2017.txt"
	wait_for '[ "$(req /v1/indicators)" = 200 ] && body_has "\"reports\":2"' 30
	check "the 2017 report is in" body_has '"reports":2'
	check "indicators.json counts it at once" grep -qF '"reports":2' \
	    "$tmp/export/indicators.json"
	# inotify named the file: the scan looked at it alone, not at the
	# inbox's two (unless the interval's listing came first).
	check "a scan of the name inotify gave, not of the inbox" eval \
	    '[ "$(grep -c "scan: 1 files, 1 added" "$tmp/log")" -gt "$named" ]'
	# lists_interval = 8: agreements.json, last written by POST
	# /v1/export, follows when 8 s have passed since, unasked.
	if [ $(($(date +%s) - exported_at)) -lt 6 ]; then
		check "agreements.json is held back for lists_interval" eval \
		    '! grep -q "dmx-2017.txt" "$tmp/export/agreements.json"'
		check "... and measures.json" eval \
		    '! grep -q "dmx-2017.txt" "$tmp/export/measures.json"'
	else
		echo "skip - the 2017 report came in after lists_interval"
	fi
	check "... and has the 2017 report once it is over" wait_for \
	    'grep -q "dmx-2017.txt" "$tmp/export/agreements.json"' 200
	check "... measures.json with it" grep -q '"report":"dmx-2017.txt"' \
	    "$tmp/export/measures.json"
	check "... as the log said it would" grep -q \
	    "export: measures.json and agreements.json in [0-9]* s" "$tmp/log"
	req "/v1/agreements?partner_iso=RU&stage=signed" >/dev/null
	check "RU readmission: history 2016 negotiating, 2017 signed" body_has \
	    '"history":[{"year":2016,"stage":"negotiating","date":"2016-11-23","report":"dmx-2016.txt"},{"year":2017,"stage":"signed","date":"2017-11-21","report":"dmx-2017.txt"}]'
	check "RU readmission: transition negotiating → signed" body_has \
	    '"from":"negotiating","to":"signed","from_year":2016,"to_year":2017'
	req /v1/indicators >/dev/null
	check "/v1/indicators counts the transitions by from and to" body_has \
	    '"from":"negotiating","to":"signed","count":'
	check "napmon agreements --history" eval '"$napmon" agreements -s "$sock" \
	    --history --partner RU --stage signed | grep -q "^    2016  negotiating"'
	req "/v1/transitions?agency=D%C3%B6vl%C9%99t%20Miqrasiya%20Xidm%C9%99ti&from=negotiating&to=signed&year=2017" >/dev/null
	check "/v1/transitions lists RU readmission's change" body_has \
	    '"from":"negotiating","to":"signed","from_year":2016,"to_year":2017,"report":"dmx-2017.txt"'
	check "/v1/transitions?from=bogus is a 400" eval '[ "$(req "/v1/transitions?from=bogus")" = 400 ]'
	req "/v1/trends" >/dev/null
	check "/v1/trends has the agency in 2016 and 2017" eval 'body_has "\"agency\":\"Dövlət Miqrasiya Xidməti\",\"year\":2016" &&
	    body_has "\"agency\":\"Dövlət Miqrasiya Xidməti\",\"year\":2017"'
	req "/v1/measures/history?agency=D%C3%B6vl%C9%99t%20Miqrasiya%20Xidm%C9%99ti&id=1.1" >/dev/null
	check "/v1/measures/history has measure 1.1 in both years" eval 'body_has "\"year\":2016" &&
	    body_has "\"year\":2017,\"status\":\"ongoing\""'
	check "/v1/measures/history without id is a 400" eval '[ "$(req "/v1/measures/history?agency=x")" = 400 ]'
	req "/v1/agreements?regressed=true" >/dev/null
	check "/v1/agreements?regressed=true: each one regressed" eval '! grep -q "\"regressed\":false" "$tmp/body"'
	req "/v1/agreements" >/dev/null
	check "agreements carry first_seen and years_at_stage" body_has '"first_seen":2016,"years_at_stage":'
	all=$(grep -o '"first_seen":' "$tmp/body" | wc -l)
	req "/v1/agreements?limit=5" >/dev/null
	next=$(sed -n 's/.*"next":"\([0-9a-f.an]*\)".*/\1/p' "$tmp/body")
	check "/v1/agreements?limit=5: five, and a cursor" eval '[ "$(grep -o "\"first_seen\":" "$tmp/body" | wc -l)" = 5 ] && [ -n "$next" ]'
	req "/v1/agreements?limit=10000&after=$next" >/dev/null
	check "... after it the rest, and no further cursor" eval '[ "$(grep -o "\"first_seen\":" "$tmp/body" | wc -l)" = $((all - 5)) ] &&
	    body_has "\"next\":null"'
	check "/v1/agreements?after=zz is a 400" eval '[ "$(req "/v1/agreements?after=zz")" = 400 ]'
	check "/v1/agreements?limit=0 is a 400" eval '[ "$(req "/v1/agreements?limit=0")" = 400 ]'
	check "napmon trends" eval '"$napmon" trends -s "$sock" | grep -q "^Dövlət Miqrasiya Xidməti, 2017"'
	check "napmon history measure" eval '"$napmon" history measure "Dövlət Miqrasiya Xidməti" 1.1 -s "$sock" | grep -q "^2 years"'
	check "napmon history without its arguments is a usage error (64)" eval '"$napmon" history -s "$sock" 2>/dev/null; [ $? -eq 64 ]'
	req -X POST /v1/export >/dev/null
	check "trends.json and trends.csv are exported" eval '[ -s "$tmp/export/trends.json" ] &&
	    grep -q "^Dövlət Miqrasiya Xidməti,2017," "$tmp/export/trends.csv"'
	req /metrics >/dev/null
	check "/metrics has napmon_agreements_stuck and _regressed" eval 'body_has "napmon_agreements_stuck{agency=" &&
	    body_has "napmon_agreements_regressed{agency="'
else
	echo "skip - $fixtures/dmx-2017.txt missing: no history check"
fi

# --- same bytes, changed bytes ----------------------------------------------
reports=$(grep -o '"reports":[0-9]*' "$tmp/body" | head -1)
cp "$sample" "$tmp/inbox/copy-of-2016.txt"
check "POST /v1/scan" eval '[ "$(req -X POST /v1/scan)" = 200 ] && body_has "\"unchanged\":"'
req /v1/indicators >/dev/null
check "the same bytes twice change nothing" body_has "$reports"
rm "$tmp/inbox/copy-of-2016.txt"
{ cat "$sample"; echo; } >"$tmp/inbox/dmx-2016.tmp"
mv "$tmp/inbox/dmx-2016.tmp" "$tmp/inbox/dmx-2016.txt"
wait_for '[ "$(req /v1/reports)" = 200 ] && body_has "\"outcome\":\"replaced\""' 30
check "an edited file replaces its report" body_has '"outcome":"replaced"'
req /v1/indicators >/dev/null
check "... and the count stays" body_has "$reports"

# --- quarantine ---------------------------------------------------------------
printf 'Bu hesabat deyil.\n' >"$tmp/inbox/notes.txt"
wait_for '[ -f "$tmp/quarantine/notes.txt.reason" ]' 30
check "a bad file is moved to quarantine" eval '[ -f "$tmp/quarantine/notes.txt" ] &&
    [ ! -e "$tmp/inbox/notes.txt" ]'
check "... with a .reason file" grep -q '^reason: ' "$tmp/quarantine/notes.txt.reason"
check "... written whole: no temporary file left" \
    eval '[ -z "$(ls -A "$tmp/quarantine" | grep "^\.")" ]'
# The ingest thread moves the file; the loop lists it once it hears back.
check "... listed in /v1/reports" wait_for '[ "$(req /v1/reports)" = 200 ] &&
    body_has "\"quarantined\":[{" && body_has "\"file\":\"notes.txt\""' 30
check "... counted in /metrics" eval '[ "$(req /metrics)" = 200 ] &&
    grep -q "^napmon_ingest_failures_total 1$" "$tmp/body"'
check "... logged" grep -q 'notes.txt: quarantined' "$tmp/log"
check "napmond goes on" eval '[ "$(req /healthz)" = 200 ]'

# --- a report the store refuses: the others of its batch still go in ---------
# A trigger makes SQLite refuse one file's report, as a full disk or an I/O
# error would: the batch it was in is rolled back and stored again file by
# file, so only that file is left in the inbox, for the next scan.
sqlite3 "$tmp/state/napmon.db" "CREATE TRIGGER refuse BEFORE INSERT ON reports
    WHEN NEW.file = 'refused.txt' BEGIN SELECT RAISE(ABORT, 'refused'); END"
mkdir "$tmp/batch"
for f in adliyye-2014 dim-2013 emsmn-2015 xin-2017; do
	cp "$fixtures/$f.txt" "$tmp/batch/"
done
{ cat "$sample"; echo refused; } >"$tmp/batch/refused.txt"
touch -d '-1 minute' "$tmp/batch"/*
mv "$tmp/batch"/* "$tmp/inbox/"
batch_listed() {
	local f
	for f in adliyye-2014 dim-2013 emsmn-2015 xin-2017; do
		body_has "\"file\":\"$f.txt\"" || return 1
	done
}
# Once the batch failed its files are stored one at a time, each in its
# own commit: wait for all of them, in whatever order they come.
wait_for '[ "$(req /v1/reports)" = 200 ] && batch_listed &&
    grep -q "refused.txt: not stored" "$tmp/log"' 50
check "the other files of a batch with a refused report are stored" \
    eval '[ "$(req /v1/reports)" = 200 ] && batch_listed'
check "... one at a time after the batch failed" grep -q \
    "storing its [0-9]* files one at a time" "$tmp/log"
check "... the refused one stays in the inbox, not quarantined" eval \
    '[ -f "$tmp/inbox/refused.txt" ] && [ ! -e "$tmp/quarantine/refused.txt" ] &&
    ! body_has "\"file\":\"refused.txt\""'
check "... counted as a store failure" eval '[ "$(req /v1/status)" = 200 ] &&
    ! body_has "\"store_failures\":0"'
sqlite3 "$tmp/state/napmon.db" "DROP TRIGGER refuse"
check "... and stored by a later scan once the store takes it" wait_for \
    '[ "$(req -X POST /v1/scan)" = 200 ] && [ "$(req /v1/reports)" = 200 ] &&
    body_has "\"file\":\"refused.txt\""' 30

# --- office formats: ingested as text files are; an old .doc says what to do --
twins=$(dirname "$0")/twins
cp "$twins/emsmn-2015.docx" "$twins/adliyye-2014.odt" "$tmp/inbox/"
check "a .docx and an .odt dropped in are stored" wait_for \
    '[ "$(req /v1/reports)" = 200 ] &&
    body_has "\"file\":\"emsmn-2015.docx\",\"sha256\"" &&
    body_has "\"file\":\"adliyye-2014.odt\",\"sha256\""' 30
check "... not quarantined" eval '[ ! -e "$tmp/quarantine/emsmn-2015.docx" ] &&
    [ ! -e "$tmp/quarantine/adliyye-2014.odt" ]'
check "... read as their text twins are" eval '[ "$(req /v1/reports)" = 200 ] &&
    grep -q "\"file\":\"adliyye-2014.odt\",\"sha256\":\"[0-9a-f]*\",\"agency\":\"Ədliyyə Nazirliyi\",\"year\":2014,\"format\":\"odt\",\"encoding\":\"utf-8\",\"measures\":6,\"agreements\":2" "$tmp/body"'
check "... each listed with its format" eval '[ "$(req /v1/reports)" = 200 ] &&
    grep -q "\"file\":\"emsmn-2015.docx\",[^}]*\"format\":\"docx\"" "$tmp/body" &&
    grep -q "\"file\":\"xin-2017.txt\",[^}]*\"format\":\"text\"" "$tmp/body"'
{ printf '\320\317\021\340\241\261\032\341'; cat "$sample"; } >"$tmp/inbox/old.doc"
wait_for '[ -f "$tmp/quarantine/old.doc.reason" ]' 30
check "an old binary .doc is quarantined: save it as .docx" \
    grep -q 'an old binary Word .doc .*save it as .docx' "$tmp/quarantine/old.doc.reason"

# --- the napmon client --------------------------------------------------------
for cmd in status indicators measures agreements reports scan export; do
	check "napmon $cmd" eval '"$napmon" $cmd -s "$sock" >"$tmp/out" && [ -s "$tmp/out" ]'
	check "napmon $cmd --json" eval '"$napmon" $cmd -s "$sock" --json | grep -q "^{"'
done
check "napmon measures --overdue --agency" eval '"$napmon" measures -s "$sock" \
    --overdue --agency "Dövlət Miqrasiya Xidməti" | grep -q "^0 measures"'
NAPMON_SOCKET=$sock "$napmon" status >"$tmp/out"
check "napmon finds the socket in \$NAPMON_SOCKET" grep -q ": ok$" "$tmp/out"
"$napmon" status -s "$tmp/nothing.sock" 2>"$tmp/out"
rc=$?
check "napmon says when napmond is not running" eval '[ $rc = 69 ] &&
    grep -q "napmond is not running" "$tmp/out"'

# --- SIGHUP: reload and rescan ------------------------------------------------
sed -i 's/^directory = export$/directory = export2/' "$tmp/napmond.conf"
kill -HUP "$pid"
wait_for '[ -f "$tmp/export2/indicators.json" ]' 30
check "SIGHUP reloads the config (exports move to export2)" \
    [ -f "$tmp/export2/indicators.json" ]
check "napmond serves on after SIGHUP" eval '[ "$(req /healthz)" = 200 ]'
printf '[collector]\ninterval = never\n' >>"$tmp/napmond.conf"
kill -HUP "$pid"
wait_for 'grep -q "keeping the old configuration" "$tmp/log"' 30
check "a bad config on SIGHUP is refused, napmond goes on" eval \
    'grep -q "keeping the old configuration" "$tmp/log" && [ "$(req /healthz)" = 200 ]'
sed -i '/^interval = never$/d' "$tmp/napmond.conf"

# --- SIGTERM ------------------------------------------------------------------
stop TERM
check "SIGTERM exits 0 (exit $status)" [ "$status" = 0 ]
check "the socket is removed on exit" [ ! -e "$sock" ]

# --- SIGKILL during an ingest, then a restart -----------------------------------
# Enough files that the kill comes mid-ingest: 300 could all be in by then.
bulk=1500
body=$(cat "$sample")
for i in $(seq 1 $bulk); do
	printf '%s\n%s\n' "$body" "$i" >"$tmp/inbox/.bulk-$i"
	mv "$tmp/inbox/.bulk-$i" "$tmp/inbox/bulk-$i.txt"
done
sleep 1
"$napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
pid=$!
wait_for 'grep -q "bulk-[0-9]*.txt: added" "$tmp/log"' 100
t=$(curl -s --unix-socket "$sock" -o /dev/null -w '%{time_total}' \
    http://localhost/v1/status)
check "napmond answers during a long ingest (${t} s)" \
    eval '[ "$(echo "$t" | tr -d .)" -lt 0500000 ]'
stop KILL
stored=$(grep -c "bulk-[0-9]*.txt: added" "$tmp/log")
check "SIGKILL came in the middle of the ingest ($stored of $bulk in)" \
    [ "$stored" -lt $bulk ]
check "a stale socket is left by SIGKILL" [ -S "$sock" ]
check "napmond restarts over the stale socket" start
check "once /healthz says ok, the indicators count every report stored" eval \
    '[ "$(req /v1/status)" = 200 ] && body_has "\"reports\":$(sqlite3 \
    "$tmp/state/napmon.db" "SELECT count(*) FROM reports"),"'
check "PRAGMA integrity_check is ok" eval '[ "$(sqlite3 "$tmp/state/napmon.db" "PRAGMA integrity_check")" = ok ]'
check "every report is whole" eval '[ "$(sqlite3 "$tmp/state/napmon.db" \
    "SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM measures m WHERE m.report_id = r.id) = 0")" = 0 ]'
wait_for '[ "$(req -X POST /v1/scan)" = 200 ] && body_has "\"waiting\":0" && body_has "\"added\":0"' 100
req /v1/reports >/dev/null
check "after the restart every bulk file is in" eval '[ "$(grep -o "\"file\":\"bulk-[0-9]*.txt\"" "$tmp/body" | sort -u | wc -l)" = $bulk ]'

# --- POST /v1/scan answers with the count of what it stored -----------------
# A listing of thousands of files spans turns of the loop, and files come
# back from the ingest while it goes on: the answer must still wait for the
# recount of all of them.
mkdir "$tmp/links"
for i in $(seq 1 3000); do ln "$sample" "$tmp/links/link-$i.txt"; done
touch -d '-1 minute' "$tmp/links"/*
mv "$tmp/links"/* "$tmp/inbox/"
{ cat "$sample"; echo last; } >"$tmp/inbox/.last.txt"
touch -d '-1 minute' "$tmp/inbox/.last.txt"
mv "$tmp/inbox/.last.txt" "$tmp/inbox/last.txt"
check "POST /v1/scan over 3,000 files counts the report it added" eval \
    '[ "$(req -X POST /v1/scan)" = 200 ] && body_has "\"reports\":$(sqlite3 \
    "$tmp/state/napmon.db" "SELECT count(*) FROM reports")}"'
stop INT
check "SIGINT exits 0 (exit $status)" [ "$status" = 0 ]

# --- ready means ready: files copied in just before start -------------------
# Their mtimes are fresh, so they settle for settle_ms first: /healthz must
# say it waits for them, and say ok only once they are counted.
mkdir -p "$tmp/ready/inbox"
cp "$sample" "$tmp/ready/inbox/dmx-2016.txt"
sed -e "s|^settle_ms = .*|settle_ms = 1500|" -e "s|^listen = .*||" \
    -e "s|^interval = .*|interval = 600|" \
    "$tmp/napmond.conf" >"$tmp/ready/napmond.conf"
"$napmond" -c "$tmp/ready/napmond.conf" >>"$tmp/log" 2>&1 &
pid=$!
rsock=$tmp/ready/run/napmond.sock
rreq() { curl -s -o "$tmp/body" -w '%{http_code}' --unix-socket "$rsock" "http://localhost$1"; }
wait_for '[ "$(rreq /healthz)" = 503 ] && body_has "\"waiting\":1"' 50
check "/healthz waits for a file still settling at start" body_has '{"status":"starting","waiting":1}'
wait_for '[ "$(rreq /healthz)" = 200 ]' 100
rreq /v1/indicators >/dev/null
check "once ok, the file is counted" body_has '"reports":1'
rreq /v1/agreements >/dev/null
check "... and its agreements listed" body_has '"first_seen":2016'
stop TERM

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
