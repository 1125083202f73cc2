#!/bin/bash
# napmond's page in a browser: headless Chromium loads / from a napmond
# holding the fixtures and a hostile report, saves a screenshot, and
# browser/check_dom.py checks the DOM it leaves against /v1/indicators: the
# figures, the overdue measures, and the hostile text shown as text with
# nothing of its own run or added.
#
# usage: browser_test.sh BINDIR FIXTURES_DIR SAMPLE OUTDIR
# Needs chromium (scripts/setup-debian installs it), curl and python3.
set -u

bin=$1
fixtures=$2
sample=$3
out=$4
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v chromium >/dev/null; then
	echo "browser_test: chromium is not installed; run scripts/setup-debian" >&2
	exit 1
fi

. "$here/lib.sh"
workdir browser
port=$((20000 + RANDOM % 20000))

mkdir -p "$tmp/inbox" "$out"
cp "$fixtures"/*.txt "$sample" "$tmp/inbox/"
# The hostile report's 10,000-character word is made here, not committed.
word=$(printf 'ə%.0s' $(seq 10000))
sed "s/LONGWORD/$word/" "$here/browser/hostile-2018.txt" \
    >"$tmp/inbox/hostile-2018.txt"
cat >"$tmp/napmond.conf" <<CONF
[daemon]
socket = run/napmond.sock
database = state/napmon.db
listen = 127.0.0.1:$port
[collector]
inbox = inbox
quarantine = quarantine
interval = 3600
settle_ms = 100
[export]
directory = export
CONF

"$bin/napmond" -c "$tmp/napmond.conf" >"$tmp/log" 2>&1 &
pid=$!
ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$sock" \
    http://localhost/healthz)" = 200 ]; }
if ! wait_for ready 300; then
	not_ok "napmond ready"
	exit 1
fi
curl -s --unix-socket "$sock" http://localhost/v1/indicators \
    >"$tmp/indicators.json"
check "the hostile report is in" grep -q 'Sınaq Nazirliyi' "$tmp/indicators.json"

# The headers, on the TCP listener and on the socket alike.
curl -s -D "$tmp/headers" -o "$tmp/page.html" "http://127.0.0.1:$port/"
curl -s -D "$tmp/sock-headers" -o /dev/null --unix-socket "$sock" \
    http://localhost/
for h in "$tmp/headers" "$tmp/sock-headers"; do
	check "$(basename "$h"): Content-Type text/html; charset=utf-8" \
	    grep -qi '^Content-Type: text/html; charset=utf-8' "$h"
	check "$(basename "$h"): the CSP forbids scripts" \
	    grep -qi "^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:" "$h"
	check "$(basename "$h"): nosniff" \
	    grep -qi '^X-Content-Type-Options: nosniff' "$h"
done
# Bad filters are refused with a reason; pages of rows and links work.
code() { curl -s -o "$tmp/body" -w '%{http_code}' "http://127.0.0.1:$port$1"; }
for bad in '/?year=abc' '/?stage=done' '/?partner=javascript:x' \
    '/?agreement=x' '/?only=all' '/?after=zz' '/?from=-1' '/?colour=red' \
    '/?agencies_from=-1' '/?agencies_from=1.5' '/?agencies_from=ten'; do
	check "$bad answers 400 with a reason" eval \
	    '[ "$(code "$bad")" = 400 ] && grep -q "\"error\":" "$tmp/body"'
done
rows() { grep -o "<tr data-agency=" "$tmp/body" | wc -l; }
check "/?from=5 shows the overdue measures after the fifth" eval \
    '[ "$(code "/?from=5")" = 200 ] && [ "$(rows)" = 4 ]'
check "/?year=2013 keeps that year's overdue measures" eval \
    '[ "$(code "/?year=2013")" = 200 ] && [ "$(rows)" = 1 ]'
check "/?agencies_from=x names the parameter" eval \
    '[ "$(code "/?agencies_from=x")" = 400 ] &&
    grep -q "\"agencies_from: not a row number\"" "$tmp/body"'
# The fixtures' few agencies fit one page of the agency table.
agencies=$(python3 -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["by_agency"]))' "$tmp/indicators.json")
check "/ lists its $agencies agencies on one page" eval \
    '[ "$(code "/")" = 200 ] &&
    grep -q ">Agencies 1-$agencies of $agencies.<" "$tmp/body" &&
    ! grep -q "agencies-next" "$tmp/body"'
check "/?agencies_from=1 starts at the second, keeping from" eval \
    '[ "$(code "/?from=5&agencies_from=1")" = 200 ] &&
    grep -q ">Agencies 2-$agencies of $agencies.<" "$tmp/body" &&
    grep -q "id=\"agencies-first\" href=\"/?from=5\"" "$tmp/body" &&
    [ "$(rows)" = 4 ]'
check "an agency no report names is said to be unknown" eval \
    '[ "$(code "/?agency=Nazirlik")" = 200 ] &&
    grep -q "<section id=\"no-agency\">" "$tmp/body" &&
    grep -q "the name must be written exactly" "$tmp/body"'
code "/?partner=RU" >/dev/null
link=$(grep -o 'href="/?agency=[^"]*&amp;agreement=[^"]*"' "$tmp/body" |
    head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
check "an agreement's link leads to its page" eval \
    '[ -n "$link" ] && [ "$(code "$link")" = 200 ] &&
    grep -q "<dd id=\"name\">" "$tmp/body" && grep -q "Rusiya" "$tmp/body"'
check "napmon open prints the address" \
    [ "$("$bin/napmon" open -c "$tmp/napmond.conf")" = "http://127.0.0.1:$port/" ]

chrome() {
	chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --user-data-dir="$tmp/profile" \
	    --window-size=1280,3000 "$@" 2>>"$tmp/chromium.log"
}
chrome --dump-dom "http://127.0.0.1:$port/" >"$tmp/dom.html"
check "chromium dumped the DOM" grep -q 'id="overdue"' "$tmp/dom.html"
rm -f "$out/page.png"
chrome --screenshot="$out/page.png" "http://127.0.0.1:$port/" >/dev/null
check "chromium saved a screenshot in $out" [ -s "$out/page.png" ]
if python3 "$here/browser/check_dom.py" "$tmp/dom.html" \
    "$tmp/indicators.json"; then
	ok "the overview's DOM"
else
	not_ok "the overview's DOM"
fi

# The hostile agency's own page.
chrome --dump-dom "http://127.0.0.1:$port/?agency=S%C4%B1naq%20Nazirliyi" \
    >"$tmp/agency.html"
if python3 "$here/browser/check_dom.py" "$tmp/agency.html" \
    "$tmp/indicators.json" --agency "Sınaq Nazirliyi"; then
	ok "the agency page's DOM"
else
	not_ok "the agency page's DOM"
fi

check "napmond stops cleanly" stop_napmond
echo "# $passed passed, $failed failed"
[ "$failed" = 0 ]
