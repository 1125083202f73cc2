#!/bin/bash
# The alert rules as promtool judges them: they load, their unit tests pass,
# and those tests hold, for every alert, a case that fires and one that
# does not.
#
# usage: prom_rules_test.sh RULES TESTS
set -u
rules=$1
tests=$2
command -v promtool >/dev/null || { echo "no promtool"; exit 77; }
fails=0
passes=0

# check DESCRIPTION COMMAND...: one TAP-like line, its output on failure.
check() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $what"
		passes=$((passes + 1))
	else
		echo "not ok - $what"
		echo "$out"
		fails=$((fails + 1))
	fi
}

check "promtool check rules" promtool check rules "$rules"
# promtool reads the rule files named in the tests from the tests' folder.
check "promtool test rules" promtool test rules "$tests"

# Each alertname of the tests with "fires" or "stays quiet", from the
# exp_alerts that follows it.
cases=$(awk '/alertname:/ { name = $2 }
	/exp_alerts:/ && name != "" {
		print name, ($2 == "[]" ? "stays quiet" : "fires")
		name = ""
	}' "$tests")
alerts=$(sed -n 's/^ *- alert: *//p' "$rules")
check "the rules hold alerts" [ -n "$alerts" ]
for alert in $alerts; do
	for outcome in fires "stays quiet"; do
		check "$alert: a test where it $outcome" \
		    grep -qx "$alert $outcome" <<<"$cases"
	done
done
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
