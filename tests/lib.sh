# Shared by the napmond shell tests: TAP-like lines and a closing count.
# The caller sources this, then sets tmp (with napmond's log in $tmp/log)
# itself or with workdir.
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $*"
	echo "--- napmond log (last ${LOG_TAIL:-10} lines):"
	tail -n "${LOG_TAIL:-10}" "$tmp/log" 2>/dev/null
	# A sanitizer's report at exit can fill the tail: say why it exited.
	echo "--- napmond's errors (first 5):"
	grep -E "napmond (error|crit|alert|emerg)|^napmond: " "$tmp/log" 2>/dev/null |
	    head -n 5
}
check() {	# check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# workdir NAME: a temporary folder $tmp with the path of napmond's socket in
# $sock; the napmond under test ($pid) is killed and the folder removed on
# exit.
workdir() {
	tmp=$(mktemp -d "/tmp/napmond-$1.XXXXXX")
	sock=$tmp/run/napmond.sock
	pid=
	trap workdir_cleanup EXIT
}
workdir_cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}

# wait_for COMMAND TENTHS: wait up to TENTHS tenths of a second for COMMAND.
wait_for() {
	local cmd=$1 tenths=$2 i
	for ((i = 0; i < tenths; i++)); do
		eval "$cmd" && return 0
		sleep 0.1
	done
	return 1
}

# Stop napmond ($pid) with SIGTERM; true if it exits 0 (its status in
# $status).
stop_napmond() {
	kill -TERM "$pid"
	wait "$pid"
	status=$?
	pid=
	[ "$status" = 0 ]
}
