#!/bin/bash
# Benchmark napmond on long histories (issue 14): not a test, CI does not
# run it, and nothing here passes or fails on a number.
#
#   bench/history.sh [--counts "1000 10000"] [--years N] [--runs N]
#
# For each count it generates a corpus with napmon-gencorpus --history
# YEARS (each agency reports once a year, its agreements recur and move,
# stall or go back), ingests it into a napmond of its own, and measures:
#   - resident memory once idle;
#   - one new report until /metrics counts it: dropped in the inbox (the
#     inotify path; /v1/status polled, it counts from /metrics' snapshot);
#   - the size of GET /v1/indicators;
#   - a filtered listing, /v1/agreements?partner_iso=RU&agency=A (p50),
#     against the sqlite3 shell selecting the same rows from the same
#     database in the same run;
#   - restart to /healthz ok;
#   - the page, GET / and an agency's, server-side (curl's time_total on
#     the socket) against /v1/indicators, and its size (issue 17).
# Everything is on a unix socket in a temporary folder; every process
# started is stopped.
set -eEuo pipefail
trap 'echo "history.sh: line $LINENO: $BASH_COMMAND failed" >&2' ERR
cd "$(dirname "$0")/.."
root=$PWD

counts="1000 10000" years=15 runs=7 seed=20111227
while [ $# -gt 0 ]; do
	case $1 in
	--counts) counts=$2; shift 2 ;;
	--years) years=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "history.sh: unknown option $1" >&2; exit 64 ;;
	esac
done

log() { printf 'history: %s\n' "$*" >&2; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

scripts/setup-debian >/dev/null
build=build/release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target napmon napmond napmon-gencorpus \
	>/dev/null
napmond=$root/$build/bin/napmond
gencorpus=$root/$build/bin/napmon-gencorpus

work=$(mktemp -d "${TMPDIR:-/tmp}/napmon-history.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

get() { curl -sf --unix-socket "$dir/sock" "http://localhost$1"; }
# dropped SRC DST: link SRC into the inbox as DST; seconds until counted.
dropped() {
	python3 - "$dir/sock" "$1" "$2" <<'PY'
import json, os, socket, sys, time
sock, src, dst = sys.argv[1:4]
def reports():
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(b"GET /v1/status HTTP/1.0\r\nHost: x\r\n\r\n")
    data = b""
    while (b := s.recv(65536)):
        data += b
    s.close()
    return json.loads(data.split(b"\r\n\r\n", 1)[1])["reports"]
n0 = reports()
t0 = time.monotonic()
os.link(src, dst)
while reports() <= n0:
    time.sleep(0.001)
print(time.monotonic() - t0)
PY
}
start() {
	"$napmond" --socket "$dir/sock" --database "$dir/db" --inbox "$dir/in" \
		--quarantine "$dir/q" --export-dir "$dir/export" \
		--interval 86400 --log-level warning 2>>"$dir/stderr" &
	pid=$!
}
ready() {
	local i
	for i in $(seq 1 60000); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket \
		    "$dir/sock" http://localhost/healthz)" = 200 ] && return 0
		sleep 0.01
	done
	return 1
}

pages=()
printf '| reports | agencies × years | RSS idle | one new report, dropped | /v1/indicators | filtered listing p50 (sqlite3 shell, same rows) | restart to ready |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in $counts; do
	dir=$work/$n
	mkdir -p "$dir"
	log "$n reports, $years years an agency: generating"
	"$gencorpus" --seed "$seed" --count $((n + 1)) --history "$years" \
		--out "$dir/gen" >/dev/null
	mkdir "$dir/in"
	last=$(ls "$dir/gen" | grep '\.txt$' | sort | tail -1)
	mv "$dir/gen/$last" "$dir/extra.txt"
	# find, not a glob: 100,000 names are past the argument list's limit.
	find "$dir/gen" -name '*.txt' -exec mv -t "$dir/in/" {} +
	find "$dir/in" -type f -exec touch -d '-1 hour' {} +
	touch -d '-1 hour' "$dir/extra.txt"
	log "$n reports: ingesting"
	start
	ready
	# Idle: the first export (agreements.json and the trends of the
	# whole archive) is written, the checkpointer is done.
	until get /v1/status | grep -q '"exporting":false'; do sleep 0.5; done
	sleep 3
	rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
	one=$(dropped "$dir/extra.txt" "$dir/in/$last")
	ind=$(get /v1/indicators | wc -c)
	# An agency with agreements with Russia, as a monitor would ask.
	agency=$(get "/v1/agreements?partner_iso=RU&limit=1" | python3 -c '
import json, sys
print(json.load(sys.stdin)["agreements"][0]["agency"])')
	q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$agency")
	t=()
	for i in $(seq "$runs"); do
		t+=("$(curl -sf -o "$dir/list" -w '%{time_total}' --unix-socket \
		    "$dir/sock" "http://localhost/v1/agreements?partner_iso=RU&agency=$q")")
	done
	listed=$({ grep -o '"first_seen":' "$dir/list" || true; } | wc -l)
	p=()
	for i in $(seq "$runs"); do
		s=$EPOCHREALTIME
		sqlite3 -readonly "$dir/db" "SELECT a.name, r.year, a.stage,
		    a.events FROM agreements a JOIN reports r ON r.id = a.report_id
		    WHERE r.agency = '$agency' AND a.name IN (SELECT b.name
		    FROM agreements b WHERE b.partner_iso = 'RU')
		    ORDER BY a.name, r.year" >/dev/null
		p+=("$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')")
	done
	pt=() it=() at=()
	for i in $(seq "$runs"); do
		pt+=("$(curl -sf -o "$dir/page" -w '%{time_total}' --unix-socket \
		    "$dir/sock" http://localhost/)")
		it+=("$(curl -sf -o /dev/null -w '%{time_total}' --unix-socket \
		    "$dir/sock" http://localhost/v1/indicators)")
		at+=("$(curl -sf -o "$dir/apage" -w '%{time_total}' \
		    --unix-socket "$dir/sock" "http://localhost/?agency=$q")")
	done
	pages+=("$(printf '| %s | %s ms, %s kB | %s ms | %.1f | %s ms, %s kB |' \
		"$n" "$(ms "$(median "${pt[@]}")")" \
		"$(awk -v b="$(wc -c <"$dir/page")" 'BEGIN { printf "%.0f", b / 1000 }')" \
		"$(ms "$(median "${it[@]}")")" \
		"$(awk -v a="$(median "${pt[@]}")" -v b="$(median "${it[@]}")" \
		    'BEGIN { print a / b }')" \
		"$(ms "$(median "${at[@]}")")" \
		"$(awk -v b="$(wc -c <"$dir/apage")" 'BEGIN { printf "%.0f", b / 1000 }')")")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	s=$EPOCHREALTIME
	start
	ready
	restart=$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	agencies=$(( (n + years - 1) / years ))
	printf '| %s | %s × %s | %s MB | %s ms | %s kB | %s ms for %s agreements (%s ms) | %s ms |\n' \
		"$n" "$agencies" "$years" "$rss" "$(ms "$one")" \
		"$(awk -v b="$ind" 'BEGIN { printf "%.0f", b / 1000 }')" \
		"$(ms "$(median "${t[@]}")")" "$listed" \
		"$(ms "$(median "${p[@]}")")" "$(ms "$restart")"
	rm -rf "$dir"
done
printf '\n| reports | GET / (p50, size) | /v1/indicators p50 | ratio | an agency page (p50, size) |\n'
printf '|---|---|---|---|---|\n'
printf '%s\n' "${pages[@]}"

