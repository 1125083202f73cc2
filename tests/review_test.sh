#!/bin/bash
# The review queue end to end: napmond on the fixtures lists exactly the
# facts tests/review_expected.txt labels as doubtful (written from the
# fixtures' text and DOMAIN.md, not from napmon's output), newest report
# first, a page at a time; the ids hold over a restart; /metrics counts
# them by agency; bad parameters are a 400; napmon review prints them.
#
# usage: review_test.sh BINDIR SAMPLE FIXTURES_DIR EXPECTED
# Needs curl and jq.
set -u

bin=$1
sample=$2
fixtures=$3
expected=$4
command -v jq >/dev/null || { echo "no jq"; exit 77; }

. "$(dirname "$0")/lib.sh"
workdir review
jqe() { jq -e "$@" >/dev/null; }	# jqe FILTER FILE: true if it holds

req() {	# req PATH: the body in $tmp/body, the status printed
	curl -s --unix-socket "$sock" -o "$tmp/body" -w '%{http_code}' \
	    "http://localhost$1"
}
start() {
	"$bin/napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
	pid=$!
	wait_for '[ "$(req /healthz)" = 200 ]' 300
}

mkdir -p "$tmp/inbox"
cp "$fixtures"/*.txt "$sample" "$tmp/inbox/"
cat >"$tmp/napmond.conf" <<EOF
[daemon]
socket = run/napmond.sock
database = state/napmon.db
[collector]
inbox = inbox
quarantine = quarantine
interval = 60
[export]
directory = export
EOF
start
check "napmond takes in the fixtures" [ -n "$pid" ]

# One line per item: report, measure or agreement, field, reasons.
items() {
	jq -r '.items[] | [.report, (.measure // .agreement), .field,
	    (.reasons | join(","))] | join(" | ")' "$1"
}
check "GET /v1/review answers 200" [ "$(req /v1/review)" = 200 ]
cp "$tmp/body" "$tmp/all.json"
items "$tmp/all.json" | sort >"$tmp/got"
grep -v '^#' "$expected" | sed '/^$/d' | sort >"$tmp/want"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	ok "the queue holds exactly the labelled doubtful facts"
else
	not_ok "the queue holds exactly the labelled doubtful facts"
	cat "$tmp/diff"
fi
check "every item has an id, a value or null, reasons and evidence" \
    jqe '.items | length > 0 and all(.id | test("^[0-9a-f]{16}$")) and
	all(has("value") and (.reasons | length > 0) and has("evidence")
	and has("agency") and has("year"))' "$tmp/all.json"
check "the ids are distinct" \
    jqe '[.items[].id] | length == (unique | length)' "$tmp/all.json"
check "newest report first" \
    jqe '[.items[].year] | . == (sort | reverse)' "$tmp/all.json"
check "a date doubted for want of one holds null" \
    jqe '[.items[] | select(.field == "date")] | length > 0 and
	all(.value == null)' "$tmp/all.json"

# Pages of two, followed by their cursors, list the same items in order.
after= pages=0
: >"$tmp/paged"
while :; do
	code=$(req "/v1/review?limit=2${after:+&after=$after}")
	[ "$code" = 200 ] || break
	jq -r '.items[].id' "$tmp/body" >>"$tmp/paged"
	pages=$((pages + 1))
	after=$(jq -r '.next // empty' "$tmp/body")
	[ -n "$after" ] && [ "$pages" -lt 20 ] || break
done
check "pages of two list every item once, in order" \
    diff <(jq -r '.items[].id' "$tmp/all.json") "$tmp/paged"
check "the last page says next: null" jqe '.next == null' "$tmp/body"

agency=$(jq -r '.items[0].agency' "$tmp/all.json")
req "/v1/review?agency=$(jq -rn --arg a "$agency" '$a | @uri')" >/dev/null
check "?agency= keeps that agency's items only" \
    jqe --arg a "$agency" '(.items | length > 0) and
	all(.items[]; .agency == $a)' "$tmp/body"
check "an unknown agency has none" \
    eval '[ "$(req "/v1/review?agency=nobody")" = 200 ] &&
	jqe ".items == []" "$tmp/body"'
check "a bad limit is a 400 with a reason" \
    eval '[ "$(req "/v1/review?limit=0")" = 400 ] &&
	grep -q "limit" "$tmp/body"'
check "a forged cursor is a 400" \
    eval '[ "$(req "/v1/review?after=x.1")" = 400 ] &&
	grep -q "after" "$tmp/body"'
check "an unknown parameter is a 400" \
    [ "$(req "/v1/review?field=status")" = 400 ]

# The measures and agreements carry the same doubts.
req "/v1/measures" >/dev/null
check "/v1/measures carries confidence, and reasons when low" \
    jqe '(.measures | all(.confidence == "high" or .confidence == "low"))
	and ([.measures[] | select(.confidence == "low")] |
	length > 0 and all(.reasons | length > 0))' "$tmp/body"
req "/v1/agreements" >/dev/null
check "/v1/agreements and their events carry confidence" \
    jqe '.agreements | all(has("confidence")) and
	all(.[].events[]; has("confidence"))' "$tmp/body"

# napmond_review_pending: the doubted facts of each agency's latest report.
curl -s --unix-socket "$sock" http://localhost/metrics >"$tmp/metrics"
pending=$(awk '/^napmon_review_pending\{/ { s += $NF } END { print s + 0 }' \
    "$tmp/metrics")
latest=$(jq '[.items[] | select(.report != "dmx-2016-report.txt")] |
    length' "$tmp/all.json")
check "napmon_review_pending sums the latest reports' items ($latest)" \
    [ "$pending" = "$latest" ]
# Each agency's sample against its items; one with none shows 0.
sed -n 's/^napmon_review_pending{agency="\(.*\)"} \(.*\)$/\1\t\2/p' \
    "$tmp/metrics" | sort >"$tmp/by_agency"
jq -r '[.items[] | select(.report != "dmx-2016-report.txt")] |
    group_by(.agency)[] | [.[0].agency, length] | @tsv' "$tmp/all.json" |
    sort >"$tmp/want_agency"
# Whether every agency's sample is its number of items (0 for none).
pending_matches() {
	join -t "$(printf '\t')" -a1 -e0 -o 1.1,1.2,2.2 "$tmp/by_agency" \
	    "$tmp/want_agency" | awk -F'\t' '$2 != $3 { bad = 1 }
	    END { exit bad }'
}
check "napmon_review_pending counts each agency's items" pending_matches
check "napmon_review_pending is 0 for an agency with none" \
    grep -q "$(printf '\t')0$" "$tmp/by_agency"

"$bin/napmon" review --socket "$sock" >"$tmp/cli" 2>&1
check "napmon review exits 0" [ $? = 0 ]
check "napmon review prints each item and the count" \
    eval 'grep -q "empty_work_done" "$tmp/cli" &&
	grep -q "^$(jq ".items | length" "$tmp/all.json") to review$" "$tmp/cli"'

# Over a restart the ids stay.
stop_napmond
check "napmond stops" [ "$status" = 0 ]
start
req /v1/review >/dev/null
check "the ids are the same after a restart" \
    diff <(jq -r '.items[].id' "$tmp/all.json") \
    <(jq -r '.items[].id' "$tmp/body")
stop_napmond

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
