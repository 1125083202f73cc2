#!/bin/bash
# napmon parse as a user meets it: help, exit codes, one-line errors, and
# good files still printed when a bad one is among them.
set -u
napmon=$1
sample=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

check() {	# check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		fails=$((fails + 1))
	fi
}

"$napmon" --help >"$tmp/help" 2>&1
check "napmon --help exits 0" test $? -eq 0
check "napmon --help lists parse" grep -q '^  parse' "$tmp/help"
"$napmon" parse --help >"$tmp/phelp" 2>&1
check "napmon parse --help exits 0" test $? -eq 0
check "parse --help documents --as-of and exit 65" \
	grep -q -- '--as-of' "$tmp/phelp"
LD_DEBUG=libs "$napmon" parse "$sample" >/dev/null 2>"$tmp/libs"
check "napmon parse loads no libcurl (only the client commands open it)" \
	eval 'grep -q "calling init" "$tmp/libs" && ! grep -q libcurl "$tmp/libs"'
"$napmon" frobnicate >/dev/null 2>"$tmp/err"
check "unknown command is a usage error (64)" test $? -eq 64

"$napmon" parse "$sample" >"$tmp/one.json" 2>"$tmp/err"
check "one file parses, exit 0" test $? -eq 0
check "one file gives one object" grep -q '^{' "$tmp/one.json"
check "nothing on stderr for a good file" test ! -s "$tmp/err"

printf '\xff\xfe\x41' >"$tmp/odd.txt"
"$napmon" parse "$sample" "$tmp/odd.txt" "$sample" >"$tmp/many.json" \
	2>"$tmp/err"
check "a refused file makes exit 65" test $? -eq 65
check "several files give an array" grep -q '^\[' "$tmp/many.json"
check "the good files are still printed" \
	test "$(grep -c '"sha256"' "$tmp/many.json")" -eq 2
check "one stderr line names file, reason and offset" \
	test "$(wc -l <"$tmp/err")" -eq 1 -a \
	"$(grep -c "odd.txt: odd length for UTF-16.*offset 2" "$tmp/err")" -eq 1

"$napmon" parse "$tmp/absent.txt" >/dev/null 2>"$tmp/err"
check "a missing file is exit 65" test $? -eq 65
check "a missing file is named" grep -q 'absent.txt: No such file' "$tmp/err"

mkfifo "$tmp/fifo.txt"
timeout 5 "$napmon" parse "$tmp/fifo.txt" >/dev/null 2>"$tmp/err"
check "a FIFO is refused at once, not read" test $? -eq 65
check "a FIFO is named as not a regular file" \
	grep -q 'not a regular file' "$tmp/err"

"$napmon" parse --lexicon "$tmp/nowhere" "$sample" >/dev/null 2>"$tmp/err"
check "an unreadable lexicon is exit 78" test $? -eq 78
"$napmon" parse --as-of 2016-13-01 "$sample" >/dev/null 2>&1
check "a bad --as-of is a usage error" test $? -eq 64
"$napmon" parse --as-of 2019-01-01 "$sample" >"$tmp/asof.json" 2>&1
check "--as-of parses" test $? -eq 0

echo "$(( 17 - fails )) passed, $fails failed"
[ "$fails" -eq 0 ]
