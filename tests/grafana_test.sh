#!/bin/bash
# The Grafana dashboard and the alert rules against a real Prometheus:
# napmond on a temporary folder with the sample reports, Debian's prometheus
# scraping it every second, both on 127.0.0.1 only.  Every panel's query
# must return data, every rule must load and evaluate, none on napmond's
# health may fire while it is healthy, and NapmondDown must see it stop.
#
# usage: grafana_test.sh BINDIR SAMPLES_DIR FIXTURES_DIR DASHBOARD RULES
set -u

bin=$1
samples=$2
fixtures=$3
dashboard=$4
rules=$5
for tool in prometheus curl jq; do
	command -v "$tool" >/dev/null || { echo "no $tool"; exit 77; }
done

tmp=$(mktemp -d /tmp/napmon-grafana-test.XXXXXX)
pid=
ppid_=

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "$ppid_" ] && kill -TERM "$ppid_" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

LOG_TAIL=20
. "$(dirname "$0")/lib.sh"

# A loopback port nothing listens on now (a refused connection).
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		[ "$p" != "${1:-}" ] || continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || break
	done
	echo "$p"
}
nport=$(free_port)
pport=$(free_port "$nport")
napmond_url=http://127.0.0.1:$nport
prom_url=http://127.0.0.1:$pport

# Prometheus' answer to the instant query $1, in $tmp/answer.
query() {
	curl -sf -G -o "$tmp/answer" --data-urlencode "query=$1" \
	    "$prom_url/api/v1/query"
}
# Does the last answer hold any series?
has_data() {
	jq -e '.status == "success" and (.data.result | length > 0)' \
	    "$tmp/answer" >/dev/null
}
# The addresses process $1 listens on, one a line.
listening() {
	ss -Hltnp | awk -v p="pid=$1," 'index($0, p) { print $4 }'
}
# The reports napmond's /metrics counts, over all agencies.
stored() {
	curl -sf "$napmond_url/metrics" |
	    awk '/^napmon_reports\{/ { n += $NF } END { print n + 0 }'
}

# --- napmond with the sample reports ----------------------------------------
mkdir -p "$tmp/inbox"
cp "$samples"/*.txt "$fixtures"/*.txt "$tmp/inbox"
nfiles=$(ls "$tmp/inbox" | wc -l)
cat >"$tmp/napmond.conf" <<CONF
[daemon]
socket = run/napmond.sock
database = state/napmon.db
listen = 127.0.0.1:$nport

[collector]
inbox = inbox
quarantine = quarantine
interval = 10
settle_ms = 100

[export]
directory = export
summary_interval = 0
CONF
"$bin/napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
pid=$!
check "napmond stores the $nfiles sample reports" \
    wait_for '[ "$(stored)" = "$nfiles" ]' 600 || exit 1

# --- Prometheus scraping it -------------------------------------------------
# Only the web address is bound.  rule_files are globs, relative to the
# configuration's folder, and one that matches nothing is no error: the
# rules are copied next to it.
cp "$rules" "$tmp/napmon.rules.yml"
cat >"$tmp/prometheus.yml" <<CONF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - napmon.rules.yml
scrape_configs:
  - job_name: napmond
    static_configs:
      - targets: ['127.0.0.1:$nport']
CONF
prometheus --config.file="$tmp/prometheus.yml" \
    --storage.tsdb.path="$tmp/tsdb" --web.listen-address="127.0.0.1:$pport" \
    --log.level=warn >"$tmp/prometheus.log" 2>&1 &
ppid_=$!
if ! wait_for 'curl -sf "$prom_url/-/ready" >/dev/null' 300; then
	echo "not ok - prometheus is not ready:"
	tail -n 20 "$tmp/prometheus.log"
	exit 1
fi
ok "prometheus is ready"
# Enough scrapes for increase() over the rate window below.
up='up{job="napmond"}'
check "prometheus scrapes napmond" wait_for \
    'query "count_over_time($up[1m]) >= 5 and $up == 1" && has_data' 300
if command -v ss >/dev/null; then
	for p in "napmond $pid" "prometheus $ppid_"; do
		check "${p% *} listens on 127.0.0.1 only" eval '
		    l=$(listening '"${p#* }"'); [ -n "$l" ] &&
		    ! grep -qv "^127\.0\.0\.1:" <<<"$l"'
	done
else
	echo "skip - no ss to see what napmond and prometheus listen on"
fi

# --- every panel's query ----------------------------------------------------
# Grafana's own variables, as it would fill them in: every agency, and a
# rate window a few scrapes long.
jq -r '.panels[] | .title as $t | .targets[]? | [$t, .expr] | @tsv' \
    "$dashboard" >"$tmp/exprs"
check "the dashboard has a query for each of its panels" [ "$(jq \
    '[.panels[] | select(([.targets[]?.expr] | length) == 0)] | length' \
    "$dashboard")" = 0 ]
check "the dashboard has 7 panels or more" \
    [ "$(jq '.panels | length' "$dashboard")" -ge 7 ]
check "every panel reads the datasource variable" eval 'jq -e "
    (.templating.list | any(.name == \"datasource\" and
	.type == \"datasource\" and .query == \"prometheus\")) and
    ([.panels[] | .datasource.uid, .targets[].datasource.uid] |
	all(. == \"\${datasource}\"))" "$dashboard" >/dev/null'
while IFS=$'\t' read -r title expr; do
	expr=${expr//'$agency'/.*}
	expr=${expr//'$__rate_interval'/15s}
	case $expr in
	*'$'*)	not_ok "$title: a variable this test does not know: $expr"
		continue ;;
	esac
	if query "$expr" && has_data; then
		ok "$title: $expr"
	else
		not_ok "$title: no data for $expr:" \
		    "$(cat "$tmp/answer" 2>/dev/null)"
	fi
done <"$tmp/exprs"

# --- the alert rules --------------------------------------------------------
nrules=$(grep -c '^ *- alert:' "$rules")
rules_ok() {
	curl -sf -o "$tmp/answer" "$prom_url/api/v1/rules" &&
	jq -e --argjson n "$nrules" '[.data.groups[].rules[]] |
	    length == $n and all(.health == "ok")' "$tmp/answer" >/dev/null
}
check "prometheus loads and evaluates all $nrules rules" wait_for rules_ok 100
# Does every rule of the last answer carry what Alertmanager routes on and
# what its messages show?
rules_labelled() {
	jq -e '[.data.groups[].rules[] | .labels.severity and .labels.scope and
	    .annotations.summary and .annotations.description] | all' \
	    "$tmp/answer" >/dev/null
}
check "each alert has a severity, a scope, a summary and a description" \
    rules_labelled
# What the reports say may well alert on the samples; napmond's health not.
check "no alert on napmond's health is pending or firing" eval '
    curl -sf -o "$tmp/answer" "$prom_url/api/v1/alerts" &&
    jq -e "[.data.alerts[] | select(.labels.scope == \"napmond\")] == []" \
	"$tmp/answer" >/dev/null || { cat "$tmp/answer"; false; }'
check "napmond stops" stop_napmond
down="ALERTS{alertname=\"NapmondDown\",instance=\"127.0.0.1:$nport\"}"
check "NapmondDown sees it" wait_for 'query "$down" && has_data' 150

echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
	echo "--- prometheus log:"
	tail -n 20 "$tmp/prometheus.log"
fi
[ "$failed" -eq 0 ]
