#!/bin/bash
# Crash consistency: kill napmond with SIGKILL at random moments while it
# ingests a few hundred generated reports, ROUNDS times, restarting it each
# time.  After every kill, on a copy of the database as the kill left it:
# PRAGMA integrity_check is ok, every report stored is whole (its chapters,
# measures, executors and agreements are exactly what `napmon parse` reads
# from the same bytes), no report is there twice, every stored file name
# holds bytes that name was given, and every export file parses as JSON.
# At the end napmond runs to completion: every report in the inbox is in,
# nothing was quarantined, and the export folder holds no half file.
#
# usage: crash_test.sh BINDIR JSON_CHECK [ROUNDS [REPORTS]]
# BINDIR holds napmond, napmon and napmon-gencorpus.  CRASH_SEED=N replays
# the same corpus and kill schedule (the moments still vary with the load).
set -u

bin=$1
json_check=$2
rounds=${3:-50}
count=${4:-300}
seed=${CRASH_SEED:-$((RANDOM * 32768 + RANDOM))}
napmond=$bin/napmond

tmp=$(mktemp -d /tmp/napmond-crash.XXXXXX)
sock=$tmp/napmond.sock
pid=

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"

# Wait up to $2 hundredths of a second for a command to succeed.
wait_hundredths() {
	local cmd=$1 n=$2 i
	for ((i = 0; i < n; i++)); do
		eval "$cmd" && return 0
		sleep 0.01
	done
	return 1
}
healthz() {
	[ "$(curl -s -m 5 --unix-socket "$sock" -o /dev/null -w '%{http_code}' \
	    http://localhost/healthz)" = 200 ]
}
ingested() { grep -cE ': (added|replaced): ' "$tmp/log"; }	# 0 if none

echo "# seed $seed, $rounds rounds, $count reports"
RANDOM=$seed
start_time=$(date +%s)
mkdir -p "$tmp/inbox" "$tmp/snap"
: >"$tmp/log"
mkfifo "$tmp/pipe" "$tmp/idle"
# A FIFO nobody writes: "read -t" on it waits a few ms without a fork.
exec {idle}<>"$tmp/idle"
cat >"$tmp/napmond.conf" <<EOF
[daemon]
socket = napmond.sock
database = state/napmon.db
log_level = info
[collector]
inbox = inbox
quarantine = quarantine
interval = 60
settle_ms = 0
[export]
directory = export
summary_interval = 3600
EOF

# --- the corpus and what each report must look like when whole ------------
# Reports 0..count-1 give the file names; the next ones are new contents
# for names already dropped, so that kills also land in replacements.
if ! "$bin/napmon-gencorpus" --seed "$seed" --count $((count + rounds)) \
    --out "$tmp/corpus" >/dev/null ||
    ! "$bin/napmon" parse "$tmp"/corpus/*.txt >"$tmp/parsed.json" ||
    ! "$json_check" counts "$tmp/parsed.json" | sort -u >"$tmp/expected"; then
	echo "not ok - generating and parsing the corpus"
	echo "0 passed, 1 failed"
	exit 1
fi
mapfile -t files < <(cd "$tmp/corpus" && ls -- *.txt)
ok "generated and parsed $((count + rounds)) reports"

: >"$tmp/versions"	# "name sha256" for every content a name was given
dropped=0
# Hand a report over as the README says: write under a skipped name, rename.
drop() {	# drop SOURCE-INDEX NAME
	local src=$tmp/corpus/${files[$1]} name=$2
	cp "$src" "$tmp/inbox/.$name.part"
	mv "$tmp/inbox/.$name.part" "$tmp/inbox/$name"
	echo "$name $(sha256sum <"$src" | cut -c1-64)" >>"$tmp/versions"
}
# A third of the reports are there from the start; the rest come a few per
# round, with one earlier report replaced by new bytes from round 5 on.
drop_round() {	# drop_round ROUND
	local r=$1 upto i
	upto=$((r == 0 ? count / 3 : count / 3 + r * (count - count / 3) / rounds))
	for ((i = dropped; i < upto && i < count; i++)); do
		drop "$i" "${files[$i]}"
	done
	dropped=$i
	if [ "$r" -ge 5 ] && [ "$dropped" -gt 0 ]; then
		drop $((count + r - 1)) "${files[$(((r * 37) % dropped))]}"
	fi
}

# --- checks on the state a kill left -----------------------------------------
# Copy the database as the kill left it (napmond is dead), so the checks
# neither recover nor checkpoint the files napmond will open next.
snapshot() {
	rm -f "$tmp"/snap/*
	for f in "$tmp"/state/napmon.db "$tmp"/state/napmon.db-wal; do
		[ -f "$f" ] && cp "$f" "$tmp/snap/"
	done
	[ -f "$tmp/snap/napmon.db" ]
}
sql() { sqlite3 -batch -separator ' ' "$tmp/snap/napmon.db" "$1"; }
why=
consistent() {
	local integrity
	integrity=$(sql "PRAGMA integrity_check")
	if [ "$integrity" != ok ]; then
		why="integrity_check: $integrity"
		return 1
	fi
	sql "SELECT r.sha256,
	    (SELECT count(*) FROM chapters t WHERE t.report_id = r.id),
	    (SELECT count(*) FROM measures t WHERE t.report_id = r.id),
	    (SELECT count(*) FROM executors t WHERE t.report_id = r.id),
	    (SELECT count(*) FROM agreements t WHERE t.report_id = r.id)
	    FROM reports r" | sort >"$tmp/stored"
	if [ -n "$(comm -23 "$tmp/stored" "$tmp/expected")" ]; then
		why="a report is not whole: $(comm -23 "$tmp/stored" "$tmp/expected" | head -1)"
		return 1
	fi
	if [ -n "$(sql "SELECT sha256 FROM reports GROUP BY sha256 HAVING count(*) > 1
	    UNION ALL SELECT file FROM reports GROUP BY file HAVING count(*) > 1")" ]; then
		why="a report is stored twice"
		return 1
	fi
	sql "SELECT file, sha256 FROM reports" | sort >"$tmp/names"
	if [ -n "$(comm -23 "$tmp/names" <(sort -u "$tmp/versions"))" ]; then
		why="a name holds bytes it was never given"
		return 1
	fi
	if [ -n "$(ls -A "$tmp/quarantine" 2>/dev/null)" ]; then
		why="something was quarantined: $(ls "$tmp/quarantine" | head -1)"
		return 1
	fi
	if ls "$tmp"/export/*.json >/dev/null 2>&1 &&
	    ! why=$("$json_check" valid "$tmp"/export/*.json); then
		return 1
	fi
	return 0
}
# How many reports in the inbox are not stored with their current bytes.
pending() {
	local name sha n=0
	while read -r name sha; do
		grep -qxF "$name $sha" "$tmp/names" || n=$((n + 1))
	done < <(awk '{ v[$1] = $2 } END { for (n in v) print n, v[n] }' \
	    "$tmp/versions")
	echo "$n"
}

# --- the rounds ------------------------------------------------------------------
# Run napmond with its log on a pipe, so that a kill can follow a given line
# at once; kill it, and keep its log.
run_and_kill() {	# run_and_kill AFTER-LINES EXTRA-MS; sets ms
	local n=0 line rfd t0
	t0=$(date +%s%N)
	"$napmond" -c "$tmp/napmond.conf" >"$tmp/pipe" 2>&1 &
	pid=$!
	exec {rfd}<"$tmp/pipe"
	if [ "$1" -gt 0 ]; then
		while IFS= read -r -t 3 -u "$rfd" line; do
			echo "$line" >>"$tmp/log"
			case $line in
			*": added: "* | *": replaced: "*)
				n=$((n + 1))
				[ "$n" -ge "$1" ] && break ;;
			esac
		done
	fi
	read -r -t "$(printf 0.%03d "$2")" -u "$idle"
	ms=$((($(date +%s%N) - t0) / 1000000))
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	cat <&"$rfd" >>"$tmp/log"
	exec {rfd}<&-
}

drop_round 0
mid=0
work=$dropped	# reports to ingest in the coming run
for ((r = 1; r <= rounds; r++)); do
	before=$(ingested)
	if ((r % 4 == 0)); then
		# Anywhere in start-up: recovery, the first refresh, the exports.
		mode=start-up
		run_and_kill 0 $((RANDOM % 400))
	else
		# Inside the ingest: a few ms after the k-th report of this
		# run, inside a later report's transaction, mostly.
		mode=ingest
		run_and_kill $((1 + RANDOM % (work > 1 ? work - 1 : 1))) \
		    $((RANDOM % 10))
	fi
	left=$work
	if ! snapshot; then
		# Killed before the database was created: nothing to check.
		ok "round $r: killed at $ms ms ($mode), before any database"
	elif consistent; then
		left=$(pending)
		[ "$left" -gt 0 ] && [ "$(ingested)" -gt "$before" ] && mid=$((mid + 1))
		ok "round $r: killed at $ms ms ($mode), $(wc -l <"$tmp/stored") reports whole, $left waiting"
	else
		not_ok "round $r: killed at $ms ms ($mode): $why"
	fi
	n=$dropped
	drop_round "$r"
	work=$((left + dropped - n + (r >= 5)))
done
echo "# $mid of $rounds kills landed with reports still to ingest"

# --- run to completion ---------------------------------------------------------
"$napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
pid=$!
check "napmond starts after $rounds kills and finishes the ingest" \
    wait_hundredths healthz 6000
curl -s -m 60 --unix-socket "$sock" -X POST -o "$tmp/scan" \
    http://localhost/v1/scan
check "a last scan finds nothing left to do" \
    grep -q '"added":0,"replaced":0,"unchanged":'"$count"',"quarantined":0,"errors":0,"waiting":0' \
    "$tmp/scan"
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
check "SIGTERM exits 0" [ "$status" = 0 ]
snapshot
check "the database is consistent" consistent
check "every report is in with its latest bytes ($count)" \
    eval '[ "$(pending)" = 0 ] && [ "$(wc -l <"$tmp/stored")" = "$count" ]'
check "every export file is JSON" eval '"$json_check" valid "$tmp"/export/*.json'
check "export/indicators.json counts every report" \
    grep -q "\"reports\":$count[,}]" "$tmp/export/indicators.json"
check "no temporary file is left in the export folder" \
    eval '[ -z "$(ls -A "$tmp/export" | grep "^\.")" ]'
check "napmond logged no error" eval '! grep -q " error: " "$tmp/log"'

echo "# $(ingested) reports ingested across $((rounds + 1)) runs in $(($(date +%s) - start_time)) s;" \
    "$(grep -c 'left by an interrupted write' "$tmp/log") half-written export temporaries swept at restart"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
