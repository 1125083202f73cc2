#!/bin/bash
# Every man page renders, and man(1) has nothing to warn about.
set -u
command -v man >/dev/null || { echo "no man"; exit 77; }
fails=0
passes=0
for page in "$@"; do
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	lines=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null | wc -l)
	if [ -z "$warnings" ] && [ "$lines" -gt 20 ]; then
		echo "ok - $(basename "$page") renders, $lines lines"
		passes=$((passes + 1))
	else
		echo "not ok - $(basename "$page"): $lines lines; $warnings"
		fails=$((fails + 1))
	fi
done
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
