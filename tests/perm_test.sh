#!/bin/bash
# Permissions: napmond's socket is mode 0660 whatever the umask, a user
# outside its group is refused and one inside it served; the TCP listener
# refuses a non-loopback address unless [daemon] listen_remote = yes, and
# with it serves one (tested through 127.0.0.1 only).
#
# usage: perm_test.sh BINDIR
# The checks that run curl as another user need root (setpriv); without
# root they are skipped and the test exits 77 if nothing else failed.
set -u

bin=$1
napmond=$bin/napmond

tmp=$(mktemp -d /tmp/napmond-perm.XXXXXX)
sock=$tmp/run/napmond.sock
pid=
skipped=0

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }
healthz() {	# healthz [CURL OPTIONS]: the status code of GET /healthz
	curl -s -m 5 -o /dev/null -w '%{http_code}' "$@"
}
start() {	# start [NAPMOND OPTIONS]
	"$napmond" -c "$tmp/napmond.conf" "$@" >>"$tmp/log" 2>&1 &
	pid=$!
	wait_for '[ "$(healthz --unix-socket "$sock" http://localhost/healthz)" = 200 ]' 300
}
# Is a TCP socket listening on this address (hex, as /proc/net shows it)?
listening() {	# listening HEXADDR PORT FILE
	awk -v a="$(printf '%s:%04X' "$1" "$2")" \
	    '$2 == a && $4 == "0A" { found = 1 } END { exit !found }' "$3"
}
conf() {	# conf EXTRA-DAEMON-LINES
	cat >"$tmp/napmond.conf" <<EOF
[daemon]
socket = run/napmond.sock
database = napmon.db
log_level = info
$1
[collector]
inbox = inbox
quarantine = quarantine
interval = 3600
[export]
directory = export
EOF
}

# Only the socket's own mode may stand in the way of other users.
chmod 0755 "$tmp"
mkdir -m 0755 "$tmp/run" "$tmp/inbox"
port=$((20000 + RANDOM % 20000))

# --- the unix socket --------------------------------------------------------------
conf ""
umask 000
check "napmond starts under umask 000" start
umask 022
check "the socket is mode 0660 all the same" \
    [ "$(stat -c %a "$sock")" = 660 ]
check "its owner is served" eval \
    '[ "$(healthz --unix-socket "$sock" http://localhost/healthz)" = 200 ]'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	group=$(stat -c %g "$sock")
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    curl -sS -m 5 --unix-socket "$sock" http://localhost/healthz \
	    >"$tmp/out" 2>&1
	rc=$?
	check "a user outside the group is refused (curl exit $rc: $(head -c 80 "$tmp/out"))" \
	    eval '[ $rc = 7 ] && ! grep -q "\"status\"" "$tmp/out"'
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    curl -v -s -m 5 --unix-socket "$sock" http://localhost/healthz \
	    >"$tmp/out" 2>&1
	check "... by the socket's mode: Permission denied" \
	    grep -q "Permission denied" "$tmp/out"
	check "a user in the socket's group (gid $group) is served" eval \
	    '[ "$(setpriv --reuid=nobody --regid=nogroup --groups="$group" \
	    curl -s -m 5 -o /dev/null -w "%{http_code}" --unix-socket "$sock" \
	    http://localhost/healthz)" = 200 ]'
else
	skip "a user outside the group is refused: needs root, setpriv and user nobody"
fi
check "napmond exits 0 on SIGTERM" stop_napmond

# --- the TCP listener -----------------------------------------------------------
conf "listen = 0.0.0.0:$port"
"$napmond" -c "$tmp/napmond.conf" --check-config >"$tmp/out" 2>&1
rc=$?
check "listen = 0.0.0.0:$port is refused (exit $rc)" [ "$rc" = 78 ]
check "... saying which key and how to allow it" grep -qF \
    "$tmp/napmond.conf:5: [daemon] listen: not a loopback address: \"0.0.0.0:$port\"; set [daemon] listen_remote = yes to serve other hosts" \
    "$tmp/out"
"$napmond" -c "$tmp/napmond.conf" >"$tmp/out" 2>&1
rc=$?
check "napmond itself exits 78 and binds nothing" eval \
    '[ "$rc" = 78 ] && [ ! -e "$sock" ] && ! listening 00000000 "$port" /proc/net/tcp'
conf ""
"$napmond" -c "$tmp/napmond.conf" --listen "[::]:$port" --check-config \
    >"$tmp/out" 2>&1
rc=$?
check "--listen [::]:$port on the command line is refused too (exit $rc)" \
    eval '[ "$rc" = 78 ] && grep -qF "command line: [daemon] listen: not a loopback" "$tmp/out"'
conf "listen = 127.0.0.1:$port"
check "a loopback address needs no permission" start
check "... and is served" eval \
    '[ "$(healthz "http://127.0.0.1:$port/healthz")" = 200 ]'
check "napmond exits 0 on SIGTERM" stop_napmond

conf "listen = 0.0.0.0:$port
listen_remote = yes"
check "with listen_remote = yes, listen = 0.0.0.0:$port is accepted" start
check "... napmond listens on 0.0.0.0:$port" listening 00000000 "$port" /proc/net/tcp
check "... warns that other hosts may reach it" \
    grep -q "0.0.0.0:$port.*listen_remote = yes: other hosts may read the indicators" "$tmp/log"
check "... and serves (asked through 127.0.0.1)" eval \
    '[ "$(healthz "http://127.0.0.1:$port/healthz")" = 200 ]'
check "napmond exits 0 on SIGTERM" stop_napmond

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || exit 1
[ "$skipped" = 0 ] || exit 77
exit 0
