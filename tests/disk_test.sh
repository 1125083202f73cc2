#!/bin/bash
# Disk full and read-only: napmond with its export folder, then its
# database, on a small tmpfs in a private mount namespace.  When the
# filesystem fills up or turns read-only, napmond must say so in a clear log
# line and a metric, leave no half or corrupted file, lose no report (it
# stays in the inbox, is not quarantined as bad input), and recover once
# space returns and a scan is asked for.
#
# usage: disk_test.sh BINDIR JSON_CHECK
# Needs root (mount, unshare); exits 77 (skipped) without them.
set -u

bin=$1
json_check=$2
napmond=$bin/napmond

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root to mount a tmpfs in a private namespace"
	exit 77
fi
if [ -z "${NAPMON_DISK_NS:-}" ]; then
	# Mounts made in here vanish with the namespace, whatever happens.
	if ! unshare -m --propagation private true 2>/dev/null; then
		echo "SKIP: unshare -m is refused here"
		exit 77
	fi
	NAPMON_DISK_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

tmp=$(mktemp -d /tmp/napmond-disk.XXXXXX)
sock=$tmp/run/napmond.sock
pid=

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	for m in "$tmp/export" "$tmp/state"; do
		mountpoint -q "$m" && umount "$m"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"
req() {	# req [CURL OPTIONS] PATH: body in $tmp/body, prints the status
	local path=${*: -1}
	curl -s -m 30 --unix-socket "$sock" -o "$tmp/body" -w '%{http_code}' \
	    "${@:1:$#-1}" "http://localhost$path"
}
metric() { req /metrics >/dev/null; sed -n "s/^$1 //p" "$tmp/body"; }
not_exporting() { req /v1/status >/dev/null; grep -q '"exporting":false' "$tmp/body"; }
reports() { req /v1/indicators >/dev/null; grep -o '"reports":[0-9]*' "$tmp/body" | head -1 | cut -d: -f2; }
start() {
	"$napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
	pid=$!
	wait_for '[ "$(req /healthz)" = 200 ]' 300
}
n=0
drop() {	# hand the next generated report over
	local f=${corpus[$n]}
	n=$((n + 1))
	cp "$tmp/corpus/$f" "$tmp/inbox/.$f"
	mv "$tmp/inbox/.$f" "$tmp/inbox/$f"
	dropped=$f
}
fill() {	# fill the filesystem of a folder until it refuses a byte more
	dd if=/dev/zero of="$1/filler.bin" bs=64k 2>/dev/null
	dd if=/dev/zero of="$1/filler2.bin" bs=512 2>/dev/null
	[ "$(df --output=avail -B1 "$1" | tail -1)" -lt 4096 ]
}
# The export folder holds whole files only: JSON that parses, no temporary.
exports_whole() {
	[ -z "$(ls -A "$tmp/export" | grep '^\.')" ] &&
	    "$json_check" valid "$tmp"/export/*.json
}
exported() { grep -q "\"reports\":$1[,}]" "$tmp/export/indicators.json"; }

mkdir -p "$tmp/inbox" "$tmp/export" "$tmp/state"
"$bin/napmon-gencorpus" --seed 12 --count 8 --out "$tmp/corpus" >/dev/null
mapfile -t corpus < <(cd "$tmp/corpus" && ls -- *.txt)
cat >"$tmp/napmond.conf" <<EOF
[daemon]
socket = run/napmond.sock
database = state/napmon.db
log_level = info
[collector]
inbox = inbox
quarantine = quarantine
interval = 3600
settle_ms = 0
[export]
directory = export
summary_interval = 3600
EOF

# --- the export folder fills up --------------------------------------------
mount -t tmpfs -o size=1m,mode=0755 napmon-export "$tmp/export"
drop
drop
check "napmond starts with its exports on a 1 MB tmpfs" start
# The refresher writes the files after it hands over the counts that
# /healthz and the scan's answer wait for: wait for them too.
check "the exports are written" wait_for 'exported 2' 100
check "the export filesystem is filled" fill "$tmp/export"
drop
wait_for 'grep -q "export: cannot write .*: No space left on device" "$tmp/log"' 100
# Which file meets the full disk first (indicators.json, a summary's
# .html...) is the threads' timing: any export file will do.
check "a clear log line says the export failed and why" \
    grep -q "export: cannot write $tmp/export/[^/:]*: No space left on device; the files there are the last ones written, whole" "$tmp/log"
check "napmon_export_failures_total counts it" eval '[ "$(metric napmon_export_failures_total)" -ge 1 ]'
check "the report is in all the same (the API says 3)" eval '[ "$(reports)" = 3 ]'
check "no half or temporary file in the export folder" exports_whole
check "the export files are the previous ones, whole" exported 2
rm -f "$tmp"/export/filler*.bin
check "once space returns, POST /v1/scan rewrites the exports" eval \
    '[ "$(req -X POST /v1/scan)" = 200 ] && wait_for "exported 3" 100'
# agreements.json is written after the scan's answer: wait for it.
wait_for 'grep -q "export: $tmp/export: written again" "$tmp/log"' 100
check "... and says so" grep -q "export: $tmp/export: written again" "$tmp/log"
check "the export folder is whole" exports_whole

# --- the export folder turns read-only ---------------------------------------
failures=$(metric napmon_export_failures_total)
mount -o remount,ro "$tmp/export"
drop
wait_for 'grep -q "export: cannot write .*: Read-only file system" "$tmp/log"' 100
check "read-only export folder: a clear log line" \
    grep -q "export: cannot write $tmp/export/[a-z]*.json: Read-only file system" "$tmp/log"
check "... counted" eval '[ "$(metric napmon_export_failures_total)" -gt "$failures" ]'
check "... the report is in (4)" eval '[ "$(reports)" = 4 ]'
check "... the files are the previous ones, whole" eval 'exports_whole && exported 3'
check "... POST /v1/export answers 500 and why, at once" eval \
    '[ "$(req -m 5 -X POST /v1/export)" = 500 ] &&
    grep -q "Read-only file system" "$tmp/body"'
mount -o remount,rw "$tmp/export"
# agreements.json follows the scan's answer: wait for it before "whole".
check "read-write again, POST /v1/scan rewrites the exports" eval \
    '[ "$(req -X POST /v1/scan)" = 200 ] && wait_for "exported 4" 100 &&
    wait_for "not_exporting && exports_whole" 100'
check "napmond exits 0 on SIGTERM" stop_napmond
umount "$tmp/export"

# --- the database fills up -----------------------------------------------------
mount -t tmpfs -o size=2m,mode=0750 napmon-state "$tmp/state"
check "napmond starts with its database on a 2 MB tmpfs" start
check "it takes the 4 reports of the inbox" eval '[ "$(reports)" = 4 ]'
# Once idle, napmond cuts the write-ahead log to nothing, which would give
# back space after the filling: wait for that first.
check "... and then cuts its write-ahead log" \
    wait_for '[ ! -s "$tmp/state/napmon.db-wal" ]' 100
check "the database filesystem is filled" fill "$tmp/state"
drop
wait_for 'grep -q "$dropped: not stored" "$tmp/log"' 100
check "a clear log line says the report was not stored and why" \
    grep -q "$dropped: not stored, left in the inbox to try again at the next scan: .*database or disk is full" "$tmp/log"
check "napmon_store_failures_total counts it" eval '[ "$(metric napmon_store_failures_total)" -ge 1 ]'
check "the report stays in the inbox, not quarantined" eval \
    '[ -f "$tmp/inbox/$dropped" ] && [ -z "$(ls -A "$tmp/quarantine")" ]'
check "napmond serves on with the 4 reports" eval '[ "$(reports)" = 4 ]'
check "PRAGMA integrity_check is ok" eval \
    '[ "$(sqlite3 "$tmp/state/napmon.db" "PRAGMA integrity_check")" = ok ]'
rm -f "$tmp"/state/filler*.bin
check "once space returns, POST /v1/scan stores the report" eval \
    '[ "$(req -X POST /v1/scan)" = 200 ] && grep -q "\"added\":1" "$tmp/body" &&
    [ "$(reports)" = 5 ]'
check "PRAGMA integrity_check is still ok" eval \
    '[ "$(sqlite3 "$tmp/state/napmon.db" "PRAGMA integrity_check")" = ok ]'
check "napmond exits 0 on SIGTERM" stop_napmond

# --- the database on a read-only filesystem --------------------------------------
# A filesystem with a file open for writing cannot be remounted read-only,
# so napmond meets this one at start.
mount -o remount,ro "$tmp/state"
"$napmond" -c "$tmp/napmond.conf" >"$tmp/ro.log" 2>&1 &
pid=$!
wait_for '! kill -0 $pid 2>/dev/null' 300
wait "$pid"
status=$?
pid=
check "a read-only database: napmond refuses to start (exit $status)" [ "$status" = 1 ]
check "... saying why: $(grep -m1 'napmon.db' "$tmp/ro.log" | cut -c21-)" \
    grep -qi "napmon.db: .*read-only" "$tmp/ro.log"
mount -o remount,rw "$tmp/state"
check "read-write again, napmond starts with the 5 reports" eval \
    'start && [ "$(reports)" = 5 ]'
check "napmond exits 0 on SIGTERM" stop_napmond

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
