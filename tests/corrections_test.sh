#!/bin/bash
# Corrections end to end: a correction posted on the unix socket changes
# /v1/indicators, /v1/measures, /v1/agreements, /metrics and the export
# files at once; it holds through a re-ingest of the same file, an edited
# version of it, a newer year's report and a restart, and is listed stale
# once its fact is gone.  Writes on TCP get 403; bad bodies 400 with a
# reason, or 413 (with a JSON reason up to 16 KiB, on /v1/scan too); `who`
# is the caller's user (as root: a user made for the test in the socket's
# group, through setpriv).  Then napmond is killed with SIGKILL while a
# loop posts corrections: every one answered 201 is there after the
# restart.
#
# usage: corrections_test.sh BINDIR
# Needs jq.  The check as another user needs root (useradd, setpriv); it is
# skipped without, and the test then exits 77 if nothing else failed.
set -u

bin=$1
napmond=$bin/napmond

tmp=$(mktemp -d /tmp/napmond-corr.XXXXXX)
sock=$tmp/run/napmond.sock
port=$((20000 + RANDOM % 20000))
pid=
user=
skipped=0

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "$user" ] && userdel "$user" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }

if ! command -v jq >/dev/null; then
	echo "skip - jq is not installed"
	exit 77
fi

AGENCY="Sınaq Xidməti"
SAZIS="Sınaq sahəsində əməkdaşlıq haqqında Saziş"

# report YEAR MEASURE2 EXTRA: a made-up report of AGENCY; its second measure
# is numbered MEASURE2 and EXTRA is one more sentence of work done.
report() {
	cat <<EOF
Azərbaycan Respublikası Prezidentinin 2011-ci il 27 dekabr tarixli 1938 nömrəli Sərəncamı ilə təsdiq edilmiş “Milli Fəaliyyət Proqramı”nın icrasını təmin etmək məqsədilə $AGENCY tərəfindən $1-ci il ərzində görülmüş işlər barədə

HESABAT

	№№
	Tədbirin adı
	İcra müddəti
	İcra orqanları

	
	Birinci Fəsil
Normativ bazanın yeniləşdirilməsi

	1.1.
	Sınaq qaydalarının yeni redaksiyasının hazırlanması.

	2015-ci il
	$AGENCY

	
	Görülmüş işlər

	
	Qaydaların layihəsi üzərində işlər davam etdirilir. $3

	$2.
	Əməkdaşlıq bazasının genişləndirilməsi.

	Mütəmadi
	$AGENCY

	
	Görülmüş işlər

	
	“$SAZIS” layihəsi üzrə qonşu tərəf ilə danışıqlar aparılır.

EOF
}

drop() {	# drop FILE YEAR MEASURE2 EXTRA: put a report in the inbox whole
	report "$2" "$3" "$4" >"$tmp/new" && mv "$tmp/new" "$tmp/inbox/$1"
}
api() {		# api [CURL OPTIONS] PATH: the body, on the unix socket
	local path=${*: -1}
	curl -s -m 10 --unix-socket "$sock" "${@:1:$#-1}" "http://localhost$path"
}
code() {	# code [CURL OPTIONS] URL: the status only
	curl -s -m 10 -o "$tmp/body" -w '%{http_code}' "$@"
}
post() {	# post BODY: the status of a POST on the unix socket
	code --unix-socket "$sock" -X POST --data-binary "$1" \
	    http://localhost/v1/corrections
}
start() {
	"$napmond" -c "$tmp/napmond.conf" >>"$tmp/log" 2>&1 &
	pid=$!
	wait_for '[ "$(code --unix-socket "$sock" http://localhost/healthz)" = 200 ]' 300
}
scan() { api -X POST /v1/scan >/dev/null; }
status_of() {	# status_of ID: the status /v1/measures gives a measure
	api /v1/measures | jq -r --arg id "$1" '.measures[] | select(.id == $id) | .status'
}
stage_now() { api /v1/agreements | jq -r '.agreements[0].stage'; }
completed() { api /v1/indicators | jq -r '.measures.completed'; }
metric() {	# metric NAME LABEL=VALUE: the value /metrics gives
	api /metrics | grep -F "$1{agency=\"$AGENCY\",$2}" | awk '{ print $NF }'
}
exported() {	# exported FILE JQ-FILTER: what the export file says
	jq -r "$2" "$tmp/export/$1" 2>/dev/null
}

chmod 0755 "$tmp"
mkdir -m 0755 "$tmp/run" "$tmp/inbox"
cat >"$tmp/napmond.conf" <<EOF
[daemon]
socket = run/napmond.sock
database = napmon.db
log_level = info
listen = 127.0.0.1:$port
[collector]
inbox = inbox
quarantine = quarantine
interval = 3600
settle_ms = 0
[export]
directory = export
EOF
drop sinaq-2016.txt 2016 1.2 ""
check "napmond starts with the 2016 report" start
check "measure 1.1 reads in_progress" [ "$(status_of 1.1)" = in_progress ]
before=$(completed)

# --- a correction, seen everywhere at once ------------------------------------
measure_body="{\"agency\":\"$AGENCY\",\"measure\":\"1.1\",\"field\":\"status\",\"value\":\"completed\",\"note\":\"the rules were signed\"}"
check "POST a measure's status: 201" [ "$(post "$measure_body")" = 201 ]
check "... the answer is the stored correction, by $(id -un)" eval \
    '[ "$(jq -r ".who + \" \" + .value" "$tmp/body")" = "$(id -un) completed" ]'
mid=$(jq -r .id "$tmp/body")
check "/v1/measures gives the corrected status at once" \
    [ "$(status_of 1.1)" = completed ]
check "... beside what napmon read, who and the note" eval \
    '[ "$(api /v1/measures | jq -r ".measures[] | select(.id == \"1.1\") |
    [.source, .read.status, .correction.who, .correction.note] | join(\"|\")")" = \
    "human|in_progress|$(id -un)|the rules were signed" ]'
check "/v1/indicators counts it completed" [ "$(completed)" = $((before + 1)) ]
check "/metrics counts it completed" \
    [ "$(metric napmon_measures 'status="completed"')" = 1 ]
check "measures.json has it" wait_for \
    '[ "$(exported measures.json ".measures[] | select(.id == \"1.1\") | .status")" = completed ]' 50
check "indicators.json counts it" wait_for \
    '[ "$(exported indicators.json .measures.completed)" = $((before + 1)) ]' 50
trend_completed() {	# trend_completed YEAR: /v1/trends' count of completed
	api /v1/trends | jq -r --arg y "$1" '.trends[] | select(.year == ($y | tonumber)) | .measures.completed'
}
check "/v1/trends counts it completed in 2016" [ "$(trend_completed 2016)" = $((before + 1)) ]
check "trends.json counts it" wait_for \
    '[ "$(exported trends.json "[.trends[] | select(.year == 2016)][0].measures.completed")" = $((before + 1)) ]' 50

stage_body="{\"agency\":\"$AGENCY\",\"agreement\":\"$SAZIS\",\"field\":\"stage\",\"value\":\"signed\"}"
check "POST an agreement's stage: 201" [ "$(post "$stage_body")" = 201 ]
check "/v1/agreements gives it signed, read negotiating" eval \
    '[ "$(api /v1/agreements | jq -r ".agreements[0] | .stage + \" \" + .read.stage")" = "signed negotiating" ]'
check "/metrics counts it signed" \
    [ "$(metric napmon_agreements 'stage="signed"')" = 1 ]
check "agreements.json has it signed" wait_for \
    '[ "$(exported agreements.json ".agreements[0].stage")" = signed ]' 50

# --- refused writes -----------------------------------------------------------
check "POST on TCP: 403" eval \
    '[ "$(code -X POST --data-binary "$measure_body" http://127.0.0.1:$port/v1/corrections)" = 403 ]'
check "... saying why" grep -q "unix socket only" "$tmp/body"
check "DELETE on TCP: 403" eval \
    '[ "$(code -X DELETE http://127.0.0.1:$port/v1/corrections/$mid)" = 403 ]'
check "GET on TCP is served" eval \
    '[ "$(code http://127.0.0.1:$port/v1/corrections)" = 200 ]'
refuse() {	# refuse BODY REASON
	[ "$(post "$1")" = 400 ] && grep -qF "$2" "$tmp/body"
}
check "an unknown field: 400 saying so" refuse \
    "{\"agency\":\"$AGENCY\",\"measure\":\"1.1\",\"field\":\"status\",\"value\":\"completed\",\"by\":\"x\"}" \
    "unknown field 'by'"
check "a who in the body: 400" refuse \
    "{\"agency\":\"$AGENCY\",\"measure\":\"1.1\",\"field\":\"status\",\"value\":\"completed\",\"who\":\"x\"}" \
    "who: napmond takes it"
check "a bad stage: 400 saying so" refuse \
    "{\"agency\":\"$AGENCY\",\"agreement\":\"$SAZIS\",\"field\":\"stage\",\"value\":\"sealed\"}" \
    "value: a stage is one of"
check "an unknown measure: 400 saying so" refuse \
    "{\"agency\":\"$AGENCY\",\"measure\":\"7.7\",\"field\":\"status\",\"value\":\"completed\"}" \
    "unknown measure '7.7'"
check "not JSON: 400" refuse "{\"agency\"" "body: not JSON"
big=$(head -c 5000 /dev/zero | tr '\0' ' ')
check "a body over 4 KiB: 413" eval \
    '[ "$(post "{\"note\":\"$big\"}")" = 413 ]'
check "... with a JSON error saying why" eval \
    '[ "$(jq -r .error "$tmp/body")" = "body: larger than 4096 bytes" ]'
check "POST /v1/scan with a body over 4 KiB: 413 with a JSON error" eval \
    '[ "$(code --unix-socket "$sock" -X POST --data-binary "$big" http://localhost/v1/scan)" = 413 ] &&
    jq -e ".error | startswith(\"body: larger than\")" "$tmp/body" >/dev/null'
huge=$(head -c 100000 /dev/zero | tr '\0' ' ')
check "a body over 16 KiB: 413, refused before it is read" eval \
    '[ "$(post "{\"note\":\"$huge\"}")" = 413 ]'
check "nothing refused was stored" eval \
    '[ "$(api /v1/corrections | jq ".corrections | length")" = 2 ]'

# --- who: the caller's user ---------------------------------------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && command -v useradd >/dev/null; then
	group=$(stat -c %g "$sock")
	user=napmon-t$$
	if useradd --no-create-home --no-user-group --gid "$group" \
	    --shell /usr/sbin/nologin "$user"; then
		# The user cannot write in $tmp: the shell takes curl's output.
		setpriv --reuid="$user" --regid="$group" --init-groups \
		    curl -s -m 10 --unix-socket "$sock" \
		    -X POST --data-binary "$stage_body" \
		    http://localhost/v1/corrections >"$tmp/other"
		check "a user in the socket's group may correct, as $user" \
		    eval '[ "$(jq -r .who "$tmp/other")" = "$user" ]'
		check "... and is listed as who" eval \
		    '[ "$(api /v1/corrections | jq -r ".corrections[-1].who")" = "$user" ]'
		oid=$(jq -r .id "$tmp/other")
		check "... whose correction can be taken back: 200" eval \
		    '[ "$(code --unix-socket "$sock" -X DELETE http://localhost/v1/corrections/$oid)" = 200 ]'
		userdel "$user"
		user=
	else
		not_ok "useradd $user"
	fi
else
	skip "who as a second user: needs root, useradd and setpriv"
fi

# --- through re-ingests and a restart -----------------------------------------
touch -d '1 minute ago' "$tmp/inbox/sinaq-2016.txt"
cp "$tmp/inbox/sinaq-2016.txt" "$tmp/copy" && mv "$tmp/copy" "$tmp/inbox/sinaq-2016.txt"
scan
check "the same file again: still completed and signed" eval \
    '[ "$(status_of 1.1) $(stage_now)" = "completed signed" ]'
drop sinaq-2016.txt 2016 1.2 "Layihə yenidən işlənir."
scan
check "an edited version: replaced" grep -q "sinaq-2016.txt: replaced" "$tmp/log"
check "... still completed and signed" eval \
    '[ "$(status_of 1.1) $(stage_now)" = "completed signed" ]'
drop sinaq-2017.txt 2017 1.2 ""
scan
check "a newer year's report: its measure 1.1 is the one counted" eval \
    '[ "$(api /v1/measures | jq -r ".measures[] | select(.id == \"1.1\") | .year")" = 2017 ]'
check "... still completed and signed" eval \
    '[ "$(status_of 1.1) $(stage_now)" = "completed signed" ]'
check "napmond stops" stop_napmond
check "napmond starts again" start
check "after the restart: still completed and signed" eval \
    '[ "$(status_of 1.1) $(stage_now)" = "completed signed" ]'
check "... and counted so in /metrics" \
    [ "$(metric napmon_measures 'status="completed"')" = 1 ]
check "no correction is stale" eval \
    '[ "$(api /v1/corrections | jq "[.corrections[] | select(.stale)] | length")" = 0 ]'
# The 2017 report numbers its measures differently: 1.1 goes.
report 2017 1.1 "" | sed 's/^\t1\.1\.$/\t1.3./' >"$tmp/new" &&
    mv "$tmp/new" "$tmp/inbox/sinaq-2017.txt"
scan
check "once measure 1.1 is gone, its correction is stale" eval \
    '[ "$(api /v1/corrections | jq -r ".corrections[] | select(.id == $mid) | .stale")" = true ]'
check "... and the agreement's is not" eval \
    '[ "$(api /v1/corrections | jq -r ".corrections[] | select(.agreement) | .stale" | sort -u)" = false ]'

# --- taken back ---------------------------------------------------------------
sid=$(api /v1/corrections | jq -r '.corrections[] | select(.agreement) | .id' | head -1)
check "DELETE a correction: 200" eval \
    '[ "$(code --unix-socket "$sock" -X DELETE http://localhost/v1/corrections/$sid)" = 200 ]'
check "... the stage is as read again, at once" [ "$(stage_now)" = negotiating ]
check "... counted so in /metrics" \
    [ "$(metric napmon_agreements 'stage="signed"')" = 0 ]
check "... and in /v1/trends" eval \
    '[ "$(api /v1/trends | jq -r "[.trends[].agreements.by_stage.signed] | add")" = 0 ]'
check "DELETE it again: 404" eval \
    '[ "$(code --unix-socket "$sock" -X DELETE http://localhost/v1/corrections/$sid)" = 404 ]'

# --- from the command line ------------------------------------------------------
napmon() { NAPMON_SOCKET=$sock "$bin/napmon" "$@"; }
napmon correct agreement "$AGENCY" "$SAZIS" stage=ratified date=2016-10-10 \
    --year 2016 --note "from the CLI" >"$tmp/out" 2>&1
rc=$?
check "napmon correct agreement: two fields, two corrections" eval \
    '[ $rc = 0 ] && [ "$(grep -c "^correction [0-9]*: " "$tmp/out")" = 2 ]'
check "... the 2016 row is ratified, the 2017 one as read" eval \
    '[ "$(api /v1/agreements | jq -r "[.agreements[0].history[].stage] | join(\" \")")" = "ratified negotiating" ]'
napmon correct measure "$AGENCY" 1.3 status=finished >"$tmp/out" 2>&1
rc=$?
check "napmon correct with a bad status: exit 1 and napmond's reason" eval \
    '[ $rc = 1 ] && grep -q "a status is one of" "$tmp/out"'
napmon correct measure "$AGENCY" 1.3 >/dev/null 2>&1
rc=$?
check "napmon correct without FIELD=VALUE: exit 64" [ $rc = 64 ]
check "napmon corrections lists them" eval \
    'napmon corrections | grep -q "^3 corrections"'
cid=$(api /v1/corrections | jq -r '.corrections[-1].id')
check "napmon uncorrect $cid: exit 0" eval 'napmon uncorrect "$cid" | grep -q "taken back"'
napmon uncorrect "$cid" >/dev/null 2>&1
rc=$?
check "napmon uncorrect $cid again: exit 1" [ $rc = 1 ]

# --- kill -9 while corrections are written -------------------------------------
: >"$tmp/acked"
(
	for ((i = 0; i < 400; i++)); do
		v=$([ $((i % 2)) = 0 ] && echo signed || echo ratified)
		curl -s -m 5 --unix-socket "$sock" -o "$tmp/loop" -w '%{http_code}' \
		    -X POST --data-binary \
		    "{\"agency\":\"$AGENCY\",\"agreement\":\"$SAZIS\",\"field\":\"stage\",\"value\":\"$v\"}" \
		    http://localhost/v1/corrections >"$tmp/loopcode" || break
		[ "$(cat "$tmp/loopcode")" = 201 ] && jq -r .id "$tmp/loop" >>"$tmp/acked"
	done
) &
writer=$!
wait_for '[ "$(wc -l <"$tmp/acked")" -ge 20 ]' 200
kill -KILL "$pid"
wait "$pid" 2>/dev/null
pid=
wait "$writer"
acked=$(wc -l <"$tmp/acked")
check "napmond starts after SIGKILL ($acked corrections acknowledged)" start
api /v1/corrections | jq -r '.corrections[].id' | sort >"$tmp/kept"
sort "$tmp/acked" >"$tmp/acked.sorted"
check "every acknowledged correction is there" eval \
    '[ "$acked" -ge 20 ] && [ -z "$(comm -23 "$tmp/acked.sorted" "$tmp/kept")" ]'
newest=$(api /v1/corrections | jq -r '[.corrections[] | select(.field == "stage")] | max_by(.id) | .value')
check "the stage counted is the newest correction's ($newest)" \
    [ "$(stage_now)" = "$newest" ]
check "napmond exits 0 on SIGTERM" stop_napmond

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || exit 1
[ "$skipped" = 0 ] || exit 77
exit 0
