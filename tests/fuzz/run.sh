#!/bin/sh
# Fuzz the parser (decoder + layout + meaning, on arbitrary bytes), the Word
# and OpenDocument readers (on an arbitrary document.xml or content.xml in a
# package), the lexicon reader, napmond's config reader and its reading of request targets
# with libFuzzer under ASan + UBSan, SECONDS each, and fail on any finding:
# crash, leak, undefined behaviour, timeout or memory blow-up.
#
#   tests/fuzz/run.sh SECONDS [WORKDIR]
#
# Builds the targets with clang straight from collectors/ (no CMake needed)
# into WORKDIR (default: a temporary folder, removed when nothing is found).
# The seed corpora are the reports and lexicon in the tree, copied at run
# time (the XML of the twins in tests/twins/ for the office readers, taken
# out with python3), and tests/fuzz/regressions/.  A finding is left in WORKDIR/findings:
# fix it, then add it to tests/fuzz/regressions/{parse,lexicon,config,query}/
# or {docx,odt}/ (tests/bad_input_test.sh replays parse and lexicon; every
# run starts from all).
#
# Exit: 0 nothing found, 1 a finding or a failed build, 64 usage,
# 77 no clang or no libFuzzer runtime (ctest reports it as skipped).
set -u

usage() {
	echo "usage: $0 SECONDS [WORKDIR]" >&2
	exit 64
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
seconds=$1
case $seconds in '' | *[!0-9]*) usage ;; esac

src=$(cd "$(dirname "$0")/../.." && pwd)
cc=${FUZZ_CC:-clang}
per_input_timeout=${FUZZ_TIMEOUT:-10}	# seconds for one input: a hang

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: SKIP: $cc not found (Debian: apt-get install clang libclang-rt-14-dev)"
	exit 77
fi

if [ $# -eq 2 ]; then
	work=$2
	keep=1
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/napmon-fuzz.XXXXXX") || exit 1
	keep=0
fi
mkdir -p "$work/bin" "$work/tmp" "$work/corpus/parse" "$work/corpus/lexicon" \
	"$work/corpus/config" "$work/corpus/query" "$work/corpus/docx" \
	"$work/corpus/odt" || exit 1
rm -rf "$work/findings"
mkdir -p "$work/findings"

probe="$work/tmp/probe.c"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$probe"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe" -o "$work/tmp/probe" \
	>"$work/tmp/probe.log" 2>&1; then
	echo "fuzz: SKIP: $cc cannot link libFuzzer (Debian: apt-get install libclang-rt-14-dev)"
	sed 's/^/  /' "$work/tmp/probe.log"
	exit 77
fi

deps=$(pkg-config --cflags --libs nettle inih libevent libcjson libzip libdeflate \
	libxml-2.0) || {
	echo "fuzz: pkg-config finds no nettle, inih, libevent, libcjson," \
		"libzip or libxml-2.0" >&2
	exit 1
}

# build TARGET [MORE SOURCES AND FLAGS]: compile one fuzz target with every
# collectors source.
build() {
	t=$1
	shift
	# shellcheck disable=SC2086	# $deps is a list of flags
	"$cc" -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer \
		-std=c11 -D_GNU_SOURCE -Wall -Wextra \
		-DNAPMON_DATADIR="\"$src/config\"" \
		-DNAPMON_DATA_SUBDIR='"share/napmon"' \
		-DNAPMON_BINDIR_SUBDIR='"bin"' \
		-DFUZZ_LEXICON_DIR="\"$src/config\"" \
		-DFUZZ_DATA_DIR="\"$src/tests/fuzz\"" \
		-I"$src/collectors" "$src"/collectors/*.c \
		"$src/tests/fuzz/$t.c" "$@" $deps -o "$work/bin/$t" \
		>"$work/$t.build.log" 2>&1
}

build fuzz_parse & p1=$!
build fuzz_lexicon & p2=$!
build fuzz_config -I"$src/config" "$src/config/config.c" & p3=$!
build fuzz_query -I"$src/daemon" -I"$src/metrics" "$src/daemon/query.c" \
	"$src/metrics/cursor.c" & p4=$!
built=0
wait $p1 || built=1
wait $p2 || built=1
wait $p3 || built=1
wait $p4 || built=1
build fuzz_docx "$src/tests/fuzz/fuzz_package.c" & p1=$!
build fuzz_odt "$src/tests/fuzz/fuzz_package.c" & p2=$!
wait $p1 || built=1
wait $p2 || built=1
if [ $built -ne 0 ]; then
	echo "fuzz: build failed:" >&2
	cat "$work"/*.build.log >&2
	exit 1
fi

for f in "$src"/tests/fixtures/*.txt "$src"/samples/*.txt \
	"$src"/tests/twins/*.docx "$src"/tests/twins/*.odt \
	"$src"/tests/fuzz/regressions/parse/*; do
	[ -f "$f" ] && cp "$f" "$work/corpus/parse/seed-$(basename "$f")"
done
for f in "$src"/config/lexicon.ini "$src"/tests/fuzz/regressions/lexicon/*; do
	[ -f "$f" ] && cp "$f" "$work/corpus/lexicon/seed-$(basename "$f")"
done
for f in "$src"/config/napmond.conf "$src"/tests/fuzz/regressions/config/*; do
	[ -f "$f" ] && cp "$f" "$work/corpus/config/seed-$(basename "$f")"
done
python3 - "$src/tests/twins" "$work/corpus" <<'EOF' || exit 1
import glob, os, sys, zipfile
for kind, member in (("docx", "word/document.xml"), ("odt", "content.xml")):
    for f in glob.glob("%s/*.%s" % (sys.argv[1], kind)):
        with zipfile.ZipFile(f) as z, open("%s/%s/seed-%s" % (sys.argv[2],
                kind, os.path.basename(f)), "wb") as out:
            out.write(z.read(member))
EOF
for k in docx odt; do
	for f in "$src"/tests/fuzz/regressions/$k/*; do
		[ -f "$f" ] && cp "$f" "$work/corpus/$k/seed-$(basename "$f")"
	done
done
for f in "$src"/tests/fuzz/query/* "$src"/tests/fuzz/regressions/query/*; do
	[ -f "$f" ] && cp "$f" "$work/corpus/query/seed-$(basename "$f")"
done

# fuzz TARGET MAX_LEN: run one target for the budget; 0 when nothing found.
fuzz() {
	name=$1
	corpus=$work/corpus/${name#fuzz_}
	log=$work/$name.log
	TMPDIR=$work/tmp \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$work/bin/$name" -max_total_time="$seconds" -max_len="$2" \
		-timeout="$per_input_timeout" -rss_limit_mb=2048 \
		-error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
		-artifact_prefix="$work/findings/$name-" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "$name: ${runs:-?} executions (budget ${seconds} s), corpus" \
		"$(ls "$corpus" | wc -l) inputs, exit $rc"
	if [ $rc -ne 0 ]; then
		echo "$name: FINDING (log: $log):"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|ALARM|out-of-memory' "$log" | head -20 | sed 's/^/  /'
		return 1
	fi
	return 0
}

failed=0
fuzz fuzz_parse 65536 || failed=1
fuzz fuzz_lexicon 16384 || failed=1
fuzz fuzz_config 16384 || failed=1
fuzz fuzz_query 4096 || failed=1
fuzz fuzz_docx 65536 || failed=1
fuzz fuzz_odt 65536 || failed=1

if [ $failed -ne 0 ]; then
	echo "fuzz: findings kept in $work/findings"
	exit 1
fi
[ $keep -eq 0 ] && rm -rf "$work"
echo "fuzz: no findings"
exit 0
