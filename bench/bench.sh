#!/bin/bash
# Benchmark napmon against real peers, each measured in the same run on the
# same data, and print one table.  Not a test: CI does not run it, and
# nothing here passes or fails on a number.
#
#   bench/bench.sh [--count N] [--seed N] [--runs N] [--ingest-runs N]
#                  [--batch N]
#
# It installs its peers (wc is coreutils; sqlite3, nginx, wrk from Debian)
# through scripts/setup-debian, builds a Release tree in build/release,
# generates a corpus with napmon-gencorpus into a temporary folder, and
# measures:
#   - napmon parse throughput against wc -w on the same files;
#   - napmond ingest (parse + SQLite commit) against the sqlite3 shell
#     importing the same rows from CSV;
#   - GET /v1/indicators over loopback TCP against nginx serving the same
#     bytes as a static file (wrk, same threads and connections);
#   - GET /healthz latency over the unix socket, against nginx on one;
#   - napmond's resident memory and the time to take in one new report at
#     10, 1,000 and 10,000 reports;
#   - /healthz latency while the whole corpus is being ingested;
#   - napmon parse of a 30-page .docx and .odt against their text export
#     (the sample four times over, from its twins in tests/twins/).
# Each figure is the median of --runs runs (3); the ingests, which take
# longest, are --ingest-runs runs (default: --runs).  Everything binds loopback or a
# unix socket in the temporary folder; every process started is stopped.
set -eEuo pipefail
trap 'echo "bench.sh: line $LINENO: $BASH_COMMAND failed" >&2' ERR
cd "$(dirname "$0")/.."
root=$PWD

count=10000 seed=20111227 runs=3 batch=500 ingest_runs=
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--ingest-runs) ingest_runs=$2; shift 2 ;;
	--batch) batch=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench.sh: unknown option $1" >&2; exit 64 ;;
	esac
done

ingest_runs=${ingest_runs:-$runs}
log() { printf 'bench: %s\n' "$*" >&2; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

scripts/setup-debian --bench

# ---------------------------------------------------------------- build

build=build/release
jobs=$(nproc 2>/dev/null || echo 2)
log "building $build (Release)"
# The corpus generator belongs to the tests: configure them, build only
# the three programs.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
cmake --build "$build" -j"$jobs" --target napmon napmond napmon-gencorpus \
	>/dev/null
napmon=$root/$build/bin/napmon
napmond=$root/$build/bin/napmond
gencorpus=$root/$build/bin/napmon-gencorpus

# ------------------------------------------------------- processes, cleanup

work=$(mktemp -d "${TMPDIR:-/tmp}/napmon-bench.XXXXXX")
chmod 755 "$work"	# nginx's worker runs as nobody when we are root
pids=()

# Stop what this script started, by pid, then remove the folder.
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {
	local p keep=()
	for p in "${pids[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}

stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	forget_pid "$1"
}

# A loopback TCP port nothing listens on.
free_port() {
	local p
	for p in $(seq "$1" $(($1 + 200))); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "bench.sh: no free port from $1" >&2
	exit 1
}

# ---------------------------------------------------------------- numbers

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# percentile P of the numbers in a file, one a line
percentile() { sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 }
	END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# ---------------------------------------------------------------- corpus

log "generating $count reports (seed $seed) in $work"
# $runs more than the corpus: the "one new report" of the growth figures.
"$gencorpus" --seed "$seed" --count $((count + runs)) --out "$work/gen"
mkdir "$work/corpus" "$work/extra"
mv "$work/gen/manifest.json" "$work/manifest.json"
ls "$work/gen" | sort | sed -n "1,${count}p" | sed "s|^|$work/gen/|" |
	xargs mv -t "$work/corpus"
mv "$work"/gen/*.txt "$work/extra/"
rmdir "$work/gen"
# Old mtimes: napmond reads a file at once when it has held still that long.
find "$work/corpus" "$work/extra" -type f -exec touch -d '-1 hour' {} +
bytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
mb=$(calc '%.1f' "$bytes / 1e6")
log "corpus: $count files, $mb MB"
# Read everything once: every run then reads from the page cache.
cat "$work"/corpus/* > /dev/null

# ---------------------------------------------------- parse against wc -w

# Time one pass of a command over the corpus, $batch files per invocation.
time_batches() {
	local t0 t1 rc=0
	t0=$(now)
	find "$work/corpus" -type f -print0 | sort -z |
		xargs -0 -n "$batch" "$@" > /dev/null || rc=$?
	t1=$(now)
	[ "$rc" -eq 0 ] || { echo "bench.sh: $* failed ($rc)" >&2; exit 1; }
	elapsed "$t0" "$t1"
}

bench_parse() {
	local r t_np=() t_wc=() t_wcu=()
	log "parse: napmon parse vs wc -w, $runs runs of $batch files per call"
	for r in $(seq "$runs"); do
		t_np+=("$(time_batches "$napmon" parse)")
		t_wc+=("$(time_batches env LC_ALL=C wc -w)")
		t_wcu+=("$(time_batches env LC_ALL=C.UTF-8 wc -w)")
	done
	parse_s=$(median "${t_np[@]}")
	wc_s=$(median "${t_wc[@]}")
	wcu_s=$(median "${t_wcu[@]}")
	parse_mbs=$(calc '%.1f' "$bytes / 1e6 / $parse_s")
	wc_mbs=$(calc '%.1f' "$bytes / 1e6 / $wc_s")
	wcu_mbs=$(calc '%.1f' "$bytes / 1e6 / $wcu_s")
	parse_rps=$(calc '%.0f' "$count / $parse_s")
	log "parse: napmon $parse_mbs MB/s, wc -w $wc_mbs MB/s (C), $wcu_mbs MB/s (C.UTF-8)"
}

# ------------------------------------------------------------- napmond runs

have_napmond() { [ -x "$napmond" ]; }

# Start napmond on its own state folder; set nd_pid, nd_sock, nd_dir.
# start_napmond NAME INBOX [TCP-PORT]
start_napmond() {
	nd_dir=$work/$1
	mkdir -p "$nd_dir"
	nd_sock=$nd_dir/napmond.sock
	local listen=()
	[ -n "${3:-}" ] && listen=(--listen "127.0.0.1:$3")
	"$napmond" --socket "$nd_sock" --database "$nd_dir/napmon.db" \
		--inbox "$2" --quarantine "$nd_dir/quarantine" \
		--export-dir "$nd_dir/export" --interval 86400 \
		--log-level warning "${listen[@]}" 2> "$nd_dir/stderr" &
	nd_pid=$!
	pids+=("$nd_pid")
}

# Wait until /healthz answers 200 (the first scan is over), polling every
# 50 ms.
wait_ready() {
	local i code
	for i in $(seq 1 600000); do
		code=$(curl -s -o /dev/null -w '%{http_code}' \
			--unix-socket "$nd_sock" http://localhost/healthz || true)
		[ "$code" = 200 ] && return 0
		kill -0 "$nd_pid" 2>/dev/null || {
			echo "bench.sh: napmond died:" >&2
			cat "$nd_dir/stderr" >&2
			exit 1
		}
		sleep 0.05
	done
	echo "bench.sh: napmond not ready" >&2
	exit 1
}

# Sample /healthz as a health checker would: one kept-alive connection,
# 50 requests a second, "code seconds" a line into $1, until $2 exists.
sample_healthz() {
	while [ ! -e "$2" ]; do
		curl -s --rate 50/s --unix-socket "$nd_sock" \
			-K "$work/healthz-50.curl" \
			-w '%{http_code} %{time_total}\n' >> "$1" || true
		sleep 0.02
	done
}

nd_get() { curl -sf --unix-socket "$nd_sock" "http://localhost$1"; }
nd_reports() { nd_get /v1/status | sed 's/.*"reports":\([0-9]*\).*/\1/'; }
# How long napmond's last recount of the indicators took, in ms.
nd_recount() { nd_get /v1/status | sed 's/.*"last_refresh_ms":\([0-9.]*\).*/\1/'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# Time POST /v1/scan after one more report is put in the inbox.
one_more() {
	ln "$1" "$2/"
	curl -sf -o /dev/null -w '%{time_total}' -X POST \
		--unix-socket "$nd_sock" http://localhost/v1/scan
}

bench_ingest() {
	local r t0 t1 t=() s=() got
	if ! have_napmond; then
		ingest_note="not measured: napmond not built"
		busy_note=$ingest_note
		return
	fi
	port=$(free_port 18470)
	log "ingest: napmond, $ingest_runs runs from an empty database"
	: > "$work/busy-raw"
	: > "$work/idle-raw"
	for r in $(seq "$ingest_runs"); do
		rm -rf "$work/ingest" "$work/ingest-done"
		t0=$(now)
		start_napmond ingest "$work/corpus" "$port"
		# /healthz answers 503 until the ingest is over: its latency
		# meanwhile is that of a busy daemon.
		sample_healthz "$work/busy-raw" "$work/ingest-done" &
		sampler=$!
		pids+=("$sampler")
		wait_ready
		t1=$(now)
		touch "$work/ingest-done"
		wait "$sampler" || true
		forget_pid "$sampler"
		t+=("$(elapsed "$t0" "$t1")")
		log "ingest: run $r: $(elapsed "$t0" "$t1") s"
		got=$(nd_reports)
		[ "$got" = "$count" ] || {
			echo "bench.sh: napmond holds $got reports, not $count" >&2
			exit 1
		}
		# The same sampling on the idle daemon, for reference.
		rm -f "$work/ingest-done"
		curl -s --rate 50/s --unix-socket "$nd_sock" \
			-K "$work/healthz-50.curl" \
			-w '%{http_code} %{time_total}\n' >> "$work/idle-raw"
		# The last run's daemon stays up for the serving figures.
		[ "$r" -lt "$ingest_runs" ] && stop "$nd_pid"
	done
	awk '$1 == 503 { print $2 }' "$work/busy-raw" > "$work/busy-hz"
	awk '$1 == 200 { print $2 }' "$work/idle-raw" > "$work/idle-hz"
	busy_n=$(wc -l < "$work/busy-hz")
	busy_p50=$(calc '%.3f' "$(percentile 50 "$work/busy-hz") * 1000")
	busy_p99=$(calc '%.3f' "$(percentile 99 "$work/busy-hz") * 1000")
	busy_max=$(calc '%.3f' "$(sort -g "$work/busy-hz" | tail -n 1) * 1000")
	idle_p99=$(calc '%.3f' "$(percentile 99 "$work/idle-hz") * 1000")
	log "busy: /healthz during ingest: p50 $busy_p50 ms, p99 $busy_p99 ms, max $busy_max ms ($busy_n polls); idle p99 $idle_p99 ms"
	ingest_s=$(median "${t[@]}")
	ingest_rps=$(calc '%.0f' "$count / $ingest_s")
	ingest_mbs=$(calc '%.1f' "$bytes / 1e6 / $ingest_s")
	log "ingest: $ingest_rps reports/s, $ingest_mbs MB/s"

	# The peer: the sqlite3 shell importing the very rows napmond stored.
	log "ingest: sqlite3 .import of the same rows, $runs runs"
	local db=$nd_dir/napmon.db tables tbl
	mkdir -p "$work/csv"
	# sqlite_sequence (AUTOINCREMENT's) is SQLite's to create.
	sqlite3 "$db" .schema | grep -v '^CREATE TABLE sqlite_sequence' \
		> "$work/csv/schema.sql"
	tables=$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	: > "$work/csv/import.sql"
	for tbl in $tables; do
		sqlite3 -csv "$db" "SELECT * FROM $tbl" > "$work/csv/$tbl.csv"
		echo ".import --csv $work/csv/$tbl.csv $tbl" >> "$work/csv/import.sql"
	done
	sqlite_rows=$(cat "$work"/csv/*.csv | wc -l)
	for r in $(seq "$runs"); do
		rm -f "$work/csv/peer.db"
		sqlite3 "$work/csv/peer.db" < "$work/csv/schema.sql"
		t0=$(now)
		sqlite3 -bail "$work/csv/peer.db" < "$work/csv/import.sql"
		t1=$(now)
		s+=("$(elapsed "$t0" "$t1")")
	done
	sqlite_s=$(median "${s[@]}")
	sqlite_rps=$(calc '%.0f' "$count / $sqlite_s")
	ingest_ratio=$(calc '%.3g' "$sqlite_s / $ingest_s")
	log "ingest: sqlite3 $sqlite_rps reports/s ($sqlite_rows rows); ratio $ingest_ratio"
}

# Serving figures, on the daemon that holds the whole corpus.
bench_serve() {
	local r nport wrk_out np=() ng=() npl=() ngl=() urls i
	if ! have_napmond; then
		serve_note="not measured: napmond not built"
		return
	fi
	# The last ingest's daemon, holding the whole corpus, still runs.
	# nginx, one worker like napmond's one loop, on loopback and a socket.
	nport=$(free_port $((port + 1)))
	mkdir -p "$work/www" "$work/nginx/tmp"
	chmod 755 "$work/www"
	nd_get /v1/indicators > "$work/www/indicators.json"
	nd_get /healthz > "$work/www/healthz"
	indicators_bytes=$(wc -c < "$work/www/indicators.json")
	cat > "$work/nginx/nginx.conf" <<-EOF
	daemon off;
	worker_processes 1;
	pid $work/nginx/nginx.pid;
	error_log $work/nginx/error.log warn;
	events { worker_connections 4096; }
	http {
		access_log off;
		client_body_temp_path $work/nginx/tmp/body;
		proxy_temp_path $work/nginx/tmp/proxy;
		fastcgi_temp_path $work/nginx/tmp/fastcgi;
		uwsgi_temp_path $work/nginx/tmp/uwsgi;
		scgi_temp_path $work/nginx/tmp/scgi;
		keepalive_requests 100000000;
		default_type application/json;
		server {
			listen 127.0.0.1:$nport;
			listen unix:$work/nginx/nginx.sock;
			root $work/www;
			location = /v1/indicators { try_files /indicators.json =404; }
			location = /healthz { try_files /healthz =404; }
		}
	}
	EOF
	nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
	ngx_pid=$!
	pids+=("$ngx_pid")
	for i in $(seq 100); do
		[ -S "$work/nginx/nginx.sock" ] && break
		sleep 0.05
	done
	cmp -s "$work/www/indicators.json" \
		<(curl -sf "http://127.0.0.1:$nport/v1/indicators") ||
		{ echo "bench.sh: nginx does not serve the same bytes" >&2; exit 1; }

	log "serve: wrk $wrk_args on /v1/indicators, napmond vs nginx, $runs runs"
	for r in $(seq "$runs"); do
		wrk_out=$(wrk $wrk_args --latency "http://127.0.0.1:$port/v1/indicators")
		np+=("$(wrk_rps "$wrk_out")"); npl+=("$(wrk_p99 "$wrk_out")")
		wrk_out=$(wrk $wrk_args --latency "http://127.0.0.1:$nport/v1/indicators")
		ng+=("$(wrk_rps "$wrk_out")"); ngl+=("$(wrk_p99 "$wrk_out")")
	done
	ind_rps=$(calc '%.0f' "$(median "${np[@]}")"); ind_p99=$(median "${npl[@]}")
	ngx_rps=$(calc '%.0f' "$(median "${ng[@]}")"); ngx_p99=$(median "${ngl[@]}")
	ind_ratio=$(calc '%.3g' "$ind_rps / $ngx_rps")
	ind_p99_ratio=$(calc '%.3g' "$ind_p99 / $ngx_p99")
	log "serve: napmond $ind_rps req/s p99 $ind_p99 ms; nginx $ngx_rps req/s p99 $ngx_p99 ms"

	# /healthz over a unix socket: one curl, one kept-alive connection.
	log "serve: $healthz_n GET /healthz over unix sockets, napmond vs nginx"
	urls=$work/healthz.curl
	local a=() b=() c=() d=()
	for r in $(seq "$runs"); do
		curl -s --unix-socket "$nd_sock" -K "$urls" \
			-w '%{time_total}\n' > "$work/hz-nd"
		curl -s --unix-socket "$work/nginx/nginx.sock" -K "$urls" \
			-w '%{time_total}\n' > "$work/hz-ngx"
		a+=("$(percentile 50 "$work/hz-nd")"); b+=("$(percentile 99 "$work/hz-nd")")
		c+=("$(percentile 50 "$work/hz-ngx")"); d+=("$(percentile 99 "$work/hz-ngx")")
	done
	hz_p50=$(calc '%.3f' "$(median "${a[@]}") * 1000")
	hz_p99=$(calc '%.3f' "$(median "${b[@]}") * 1000")
	ngxhz_p50=$(calc '%.3f' "$(median "${c[@]}") * 1000")
	ngxhz_p99=$(calc '%.3f' "$(median "${d[@]}") * 1000")
	log "serve: /healthz napmond p50 $hz_p50 p99 $hz_p99 ms; nginx p50 $ngxhz_p50 p99 $ngxhz_p99 ms"
	stop "$ngx_pid"
}

wrk_args="-t2 -c32 -d10s"
growth_sizes=$count
for n in 10 1000; do
	[ "$n" -lt "$count" ] && growth_sizes="$growth_sizes $n"
done
healthz_n=2000

# Requests/sec from wrk's report.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' <<< "$1"; }
# p99 latency in ms from wrk --latency's distribution.
wrk_p99() {
	awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		f = u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : 1;
		printf "%.3f", v * f }' <<< "$1"
}

# Memory and the cost of one more report as the history grows.
bench_growth() {
	local n r inbox t=() c=() extra
	if ! have_napmond; then
		growth_note="not measured: napmond not built"
		return
	fi
	extra=("$work"/extra/*.txt)
	# The serving daemon, holding the whole corpus, first.
	for n in $growth_sizes; do
		t=() c=()
		if [ "$n" = "$count" ]; then
			inbox=$work/corpus
		else
			inbox=$work/inbox-$n
			rm -rf "$inbox" "$work/growth-$n"
			mkdir "$inbox"
			find "$work/corpus" -type f | sort | sed -n "1,${n}p" |
				xargs ln -t "$inbox"
			start_napmond "growth-$n" "$inbox"
			wait_ready
		fi
		log "growth: $n reports: RSS, and $runs single new reports"
		eval "rss_at_$n=\$(rss_mb \"\$nd_pid\")"
		for r in $(seq "$runs"); do
			# Past the settle time of the last inotify event, and
			# after the export files of the last change are written:
			# the recount of a new report waits for that.
			sleep 0.5
			until nd_get /v1/status | grep -q '"exporting":false'; do
				sleep 0.1
			done
			t+=("$(one_more "${extra[$((r - 1))]}" "$inbox")")
			[ "$(nd_reports)" = $((n + r)) ] || {
				echo "bench.sh: napmond did not take in one more" >&2
				exit 1
			}
			c+=("$(nd_recount)")
		done
		eval "one_at_$n=\$(calc '%.1f' \"\$(median \${t[@]}) * 1000\")"
		eval "recount_at_$n=\$(calc '%.1f' \"\$(median \${c[@]})\")"
		eval "rss_after_$n=\$(rss_mb \"\$nd_pid\")"
		eval "log \"growth: \$n reports: RSS \$rss_at_$n MB, one more \$one_at_$n ms\""
		stop "$nd_pid"
		if [ "$n" = "$count" ]; then
			for r in $(seq "$runs"); do
				rm -f "$inbox/$(basename "${extra[$((r - 1))]}")"
			done
		fi
	done
}

# ----------------------------------------------- office formats against text

# A report of about 30 pages: the sample's table four times, as a text
# export and in its Word and OpenDocument twins (their body repeated in the
# package with python3's zipfile, so no generator is needed).
make_formats() {
	local k
	for k in 1 2 3 4; do cat samples/dmx-2016-report.txt; done \
		> "$work/long.txt"
	python3 - tests/twins/dmx-2016-report "$work/long" <<'EOF'
import re, sys, zipfile
for ext, member, body in (("docx", "word/document.xml", r"(<w:body>)(.*)(<w:sectPr)"),
                          ("odt", "content.xml", r"(<office:text>)(.*)(</office:text>)")):
    with zipfile.ZipFile("%s.%s" % (sys.argv[1], ext)) as zin, \
            zipfile.ZipFile("%s.%s" % (sys.argv[2], ext), "w",
                            zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = re.sub(body.encode(), lambda m: m.group(1) +
                              m.group(2) * 4 + m.group(3), data, count=1,
                              flags=re.S)
            zout.writestr(info, data)
EOF
}

# Parse one file 200 times in one call; print milliseconds a parse.
time_file() {
	local t0 t1 files=()
	for _ in $(seq 200); do files+=("$1"); done
	t0=$(now)
	"$napmon" parse "${files[@]}" > /dev/null
	t1=$(now)
	calc '%.2f' "($t1 - $t0) * 1000 / 200"
}

bench_formats() {
	local r t_txt=() t_docx=() t_odt=()
	log "formats: napmon parse of a 30-page .docx and .odt vs its text"
	make_formats
	for r in $(seq "$runs"); do
		t_txt+=("$(time_file "$work/long.txt")")
		t_docx+=("$(time_file "$work/long.docx")")
		t_odt+=("$(time_file "$work/long.odt")")
	done
	txt_ms=$(median "${t_txt[@]}")
	docx_ms=$(median "${t_docx[@]}")
	odt_ms=$(median "${t_odt[@]}")
	log "formats: text $txt_ms ms, docx $docx_ms ms, odt $odt_ms ms"
}

# ---------------------------------------------------------------- the run

# curl configs: GET /healthz $healthz_n times, and 50 times.
for i in $(seq "$healthz_n"); do
	printf 'url = "http://localhost/healthz"\noutput = "/dev/null"\n'
done > "$work/healthz.curl"
head -n 100 "$work/healthz.curl" > "$work/healthz-50.curl"

bench_parse
bench_formats
bench_ingest
bench_serve
bench_growth

# ---------------------------------------------------------------- the table

row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo
echo "napmon benchmark: $count reports, $mb MB (10^6 bytes), seed $seed," \
	"median of $runs runs; $(nproc) CPUs"
echo
row "figure" "napmon" "peer" "peer's figure" "ratio" "target"
row "---" "---" "---" "---" "---" "---"
row "napmon parse throughput ($batch files per call)" \
	"$parse_mbs MB/s ($parse_rps reports/s)" "wc -w, LC_ALL=C" \
	"$wc_mbs MB/s" "$(calc '%.3g' "$parse_mbs / $wc_mbs")" \
	">= 100 MB/s and >= 0.75"
row "" "" "wc -w, LC_ALL=C.UTF-8" "$wcu_mbs MB/s" \
	"$(calc '%.3g' "$parse_mbs / $wcu_mbs")" ""
for ext in docx odt; do
	ms=${ext}_ms
	row "napmon parse of a 30-page .$ext ($(stat -c %s "$work/long.$ext") bytes)" \
		"${!ms} ms" "its text export ($(stat -c %s "$work/long.txt") bytes)" \
		"$txt_ms ms" "$(calc '%.2f' "${!ms} / $txt_ms")" "<= 3"
done
if [ -n "${ingest_note:-}" ]; then
	row "napmond ingest (parse + SQLite commit)" "$ingest_note" "sqlite3 .import CSV" "-" "-" ">= 2,000 reports/s"
else
	row "napmond ingest (parse + SQLite commit), from start to ready" \
		"$ingest_rps reports/s, $ingest_mbs MB/s" \
		"sqlite3 .import of the same $sqlite_rows CSV rows" \
		"$sqlite_rps reports/s" "$ingest_ratio" ">= 2,000 reports/s"
fi
if [ -n "${serve_note:-}" ]; then
	row "GET /v1/indicators, loopback TCP (wrk)" "$serve_note" "nginx static file" "-" "-" ">= 0.50 req/s, p99 <= 2x"
	row "GET /healthz latency, unix socket" "$serve_note" "nginx on a unix socket" "-" "-" ""
else
	row "GET /v1/indicators ($indicators_bytes bytes), loopback TCP, wrk $wrk_args" \
		"$ind_rps req/s" "nginx, 1 worker, same bytes as a static file" \
		"$ngx_rps req/s" "$ind_ratio" ">= 0.50"
	row "  p99 latency" "$ind_p99 ms" "nginx" "$ngx_p99 ms" \
		"$ind_p99_ratio" "<= 2.00"
	row "GET /healthz latency, unix socket, curl keep-alive ($healthz_n requests)" \
		"p50 $hz_p50 ms, p99 $hz_p99 ms" "nginx on a unix socket" \
		"p50 $ngxhz_p50 ms, p99 $ngxhz_p99 ms" \
		"$(calc '%.3g' "$hz_p99 / $ngxhz_p99") (p99)" ""
fi
if [ -n "${growth_note:-}" ]; then
	row "napmond RSS and one new report at 10 / 1,000 / 10,000" "$growth_note" "-" "-" "-" "<= 64 MB, <= 50 ms at 10,000"
else
	for n in $(printf '%s\n' $growth_sizes | sort -n); do
		eval "r=\$rss_at_$n o=\$one_at_$n ra=\$rss_after_$n rc=\$recount_at_$n"
		row "napmond at $n reports: RSS; one new report (POST /v1/scan: list the inbox, parse, commit, recount), of which the recount" \
			"RSS $r MB ($ra MB after); $o ms, recount $rc ms" "-" "-" "-" \
			"$([ "$n" = 10000 ] && echo "<= 64 MB, <= 50 ms")"
	done
fi
if [ -n "${busy_note:-}" ]; then
	row "GET /healthz p99 during the ingest" "$busy_note" "-" "-" "-" "<= 5 ms"
else
	row "GET /healthz during a $count-report ingest (unix socket, keep-alive, 50 req/s: $busy_n requests)" \
		"p50 $busy_p50 ms, p99 $busy_p99 ms, max $busy_max ms" \
		"the same daemon idle, same client" "p99 $idle_p99 ms" \
		"$(calc '%.3g' "$busy_p99 / $idle_p99")" "p99 <= 5 ms"
fi

echo
echo "machine: $(nproc) CPUs; load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
lscpu | sed -n 1,15p
free -h
