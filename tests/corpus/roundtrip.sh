#!/bin/sh
# Generate 300 reports with a fixed seed, parse them with napmon, and check
# every field the generator's manifest records against napmon's output.
#   roundtrip.sh GENCORPUS CORPUS-CHECK NAPMON [COUNT [SEED [GEN-OPTION...]]]
# e.g. ... 1000 424242: a larger run with another seed.
set -eu
gen=$1 check=$2 napmon=$3 count=${4:-300} seed=${5:-20111227}
shift 3
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift

dir=$(mktemp -d "${TMPDIR:-/tmp}/napmon-corpus.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

"$gen" --seed "$seed" --count "$count" --out "$dir/reports" "$@"
# The manifest lists the files; parse them all in one run.
"$napmon" parse "$dir"/reports/*.txt > "$dir/parsed.json"
"$check" "$dir/reports/manifest.json" "$dir/parsed.json"
