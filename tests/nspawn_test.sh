#!/bin/bash
# napmon's Debian package under real systemd: the package built from
# debian/ (tests/build_deb.sh), installed offline into a Debian 12 minbase
# root while it is not booted, then that root booted with systemd-nspawn -b,
# systemd as PID 1, and napmond checked as an administrator would meet it.
#
# Why nspawn: it boots the image's own systemd as PID 1, as a machine would,
# in seconds and without a kernel or a disk image.  It needs root with
# CAP_SYS_ADMIN (namespaces, mounts), which CI has; it works where the host
# itself has no systemd (CI's machine runs a plain init in a VM), because
# --register=no --keep-unit keep nspawn from asking a host systemd or
# machined for a scope.  Without root or namespaces the test skips (77).
#
# The root comes from debootstrap --variant=minbase with systemd,
# systemd-sysv, dbus and the package's Depends (read from the .deb), so
# that dpkg -i needs no network; it runs with --private-network throughout.
# The root is cached as a tarball keyed by that package list, in
# $NAPMON_TEST_CACHE (default /var/cache/napmon-test); delete it to fetch
# newer packages.  Checks reach napmond's socket from outside through
# /proc/PID/root and run commands inside with nsenter.
#
# usage: nspawn_test.sh SRC
set -u
src=$1
cache=${NAPMON_TEST_CACHE:-/var/cache/napmon-test}
mirror=${NAPMON_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
	echo "skip: booting a container needs root (uid $(id -u))"
	exit 77
fi
if ! unshare --mount --pid --uts --ipc --net --fork true 2>/dev/null; then
	echo "skip: this machine refuses new namespaces (no CAP_SYS_ADMIN?)"
	exit 77
fi
for tool in systemd-nspawn debootstrap dpkg-buildpackage nsenter curl jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "not ok - no $tool: scripts/setup-debian installs it"
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/napmon-nspawn.XXXXXX")
machine=napmon-test-$$
nspawn=
leader=
passed=0
failed=0

cleanup() {
	local i
	if [ -n "$nspawn" ] && kill -0 "$nspawn" 2>/dev/null; then
		# nspawn asks a booted container to power off on TERM.
		kill -TERM "$nspawn"
		for i in $(seq 100); do
			kill -0 "$nspawn" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$nspawn" 2>/dev/null
		wait "$nspawn" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' TERM INT		# through cleanup: no container left running

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
check() {	# check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; return 1; fi
}
# wait_for COMMAND TENTHS: wait up to TENTHS tenths of a second for COMMAND.
wait_for() {
	local i
	for ((i = 0; i < $2; i++)); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
# Give up at once: what follows would only fail the same way.
bail() {
	not_ok "$*"
	finish
}

# --- the package
"$src/tests/build_deb.sh" "$src" "$tmp/pkg" ||
	{ tail -20 "$tmp/pkg/pkg.log"; bail "dpkg-buildpackage builds the package"; }
deb=$(ls "$tmp"/pkg/napmon_*.deb | head -1)
ok "dpkg-buildpackage builds $(basename "$deb")"

# --- the Debian 12 root, cached
# Each Depends with its first alternative, without versions.
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' |
	sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$')
include=$(printf '%s\n' systemd systemd-sysv dbus $depends | sort -u |
	paste -sd, -)
key=$(printf '%s' "$include" | sha256sum | cut -c1-12)
tarball=$cache/bookworm-minbase-$key.tar
if [ ! -s "$tarball" ]; then
	echo "# debootstrap bookworm minbase with $include"
	mkdir -p "$cache"
	debootstrap --variant=minbase --include="$include" bookworm \
		"$tmp/bootstrap" "$mirror" >"$tmp/debootstrap.log" 2>&1 ||
		{ tail -20 "$tmp/debootstrap.log"; bail "debootstrap"; }
	# Written aside and renamed, so that a run cut short leaves no torn
	# cache; roots of older package lists go.
	tar -C "$tmp/bootstrap" --numeric-owner -cf "$tarball.$$" . &&
		rm -f "$cache"/bookworm-minbase-*.tar && mv "$tarball.$$" "$tarball" ||
		bail "caching the root in $tarball"
	rm -rf "$tmp/bootstrap"
fi
root=$tmp/root
mkdir "$root"
tar -C "$root" --numeric-owner -xf "$tarball" || bail "unpacking $tarball"
ok "a Debian 12 minbase root ($(basename "$tarball"))"

# --- installed offline into the root, not booted
# nspawn without -b: no systemd runs, as in an image being built.  The
# package's users go in with it: monitor (group napmon) and outsider.
cp "$deb" "$root/root/napmon.deb"
mkdir -p "$root/usr/local/share/napmon-test"
cp "$src/samples/dmx-2016-report.txt" "$root/usr/local/share/napmon-test/"
printf 'PK\003\004\000\000not a report\000\377\376' \
	>"$root/usr/local/share/napmon-test/broken.docx"
systemd-nspawn -q -D "$root" --register=no --keep-unit --private-network \
	--as-pid2 --setenv=DEBIAN_FRONTEND=noninteractive sh -ec '
	dpkg -i /root/napmon.deb
	useradd -M -G napmon monitor
	useradd -M outsider' </dev/null >"$tmp/install.log" 2>&1
check "dpkg -i installs the package offline, not booted" test $? -eq 0 ||
	tail -20 "$tmp/install.log"
check "... enabling napmond.socket for the next boot" \
	test -L "$root/etc/systemd/system/sockets.target.wants/napmond.socket"
check "... and napmond.service" \
	test -L "$root/etc/systemd/system/multi-user.target.wants/napmond.service"
check "... with the user napmon and its inbox" \
	eval 'grep -q "^napmon:" "$root/etc/passwd" &&
		[ "$(stat -c %a "$root/var/lib/napmon/inbox")" = 2770 ]'
check "... and nothing started" test ! -e "$root/var/lib/napmon/napmon.db"

# --- booted
# boot: boot the root (nspawn's child is the container's PID 1, $leader)
# and wait for systemd to finish starting; its state in $state.
boot() {
	systemd-nspawn -D "$root" -b -M "$machine" --register=no --keep-unit \
		--private-network --console=pipe </dev/null >>"$tmp/boot.log" 2>&1 &
	nspawn=$!
	leader=
	wait_for 'leader=$(cut -d" " -f1 /proc/$nspawn/task/$nspawn/children \
		2>/dev/null); [ -n "$leader" ] &&
		[ "$(cat /proc/$leader/comm 2>/dev/null)" = systemd ]' 300 ||
		{ cat "$tmp/boot.log"; bail "systemd-nspawn -b boots systemd as PID 1"; }
	live=/proc/$leader/root
	sock=$live/run/napmon/napmond.sock
	# systemctl needs PID 1's own socket, there once systemd is set up.
	wait_for 'test -S "$live/run/systemd/private"' 300
	state=$(inside timeout 120 systemctl is-system-running --wait 2>&1)
	[ "$state" = running ] || inside systemctl --failed --no-pager
}
# poweroff: shut the container down; true if nspawn saw a clean end.
poweroff() {
	kill -s SIGRTMIN+4 "$leader"	# systemd's poweroff signal
	wait_for '! kill -0 $nspawn 2>/dev/null' 300
	wait "$nspawn"
	local rc=$?
	nspawn=
	return $rc
}
# inside COMMAND...: run in the container, as root, in its namespaces.
inside() {
	nsenter -t "$leader" -a -r -w env -i \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 SYSTEMD_PAGER= "$@"
}
# req PATH: GET over napmond's socket; the body in $tmp/body, the code out.
req() {
	curl -s -m 10 --unix-socket "$sock" -o "$tmp/body" -w '%{http_code}' \
		"http://localhost$1"
}
status_has() {	# status_has FRAGMENT: /v1/status holds it
	[ "$(req /v1/status)" = 200 ] && grep -qF "$1" "$tmp/body"
}
main_pid() { inside systemctl show -P MainPID napmond.service; }
napmond_said() {	# napmond_said TEXT: napmond logged a line with it
	inside journalctl -b -u napmond.service -o cat --no-pager |
		grep -qF "$1"
}

boot
check "the container boots (systemd: $state)" \
	[ "$state" = running -o "$state" = degraded ]

# The socket listens with nothing done since boot.
check "napmond.socket is active after boot" \
	[ "$(inside systemctl is-active napmond.socket)" = active ]
check "... and $sock listens" test -S "$sock"
check "napmond.service started at boot too" \
	wait_for '[ "$(inside systemctl is-active napmond.service)" = active ]' 100

# Socket activation: with napmond stopped, a request starts it, and
# napmond takes the socket systemd holds.
inside systemctl stop napmond.service 2>/dev/null	# "can still be activated"
check "napmond stopped, napmond.socket still listens" \
	eval '[ "$(inside systemctl is-active napmond.service)" = inactive ] &&
		[ -S "$sock" ]'
check "/healthz answers through socket activation" \
	wait_for '[ "$(req /healthz)" = 200 ] &&
		grep -qF "\"status\":\"ok\"" "$tmp/body"' 100
check "... having started napmond.service" \
	[ "$(inside systemctl is-active napmond.service)" = active ]
check "... on the socket systemd passed" \
	eval 'napmond_said "listening on the unix socket systemd passed"'

# Reports, dropped in the inbox by a member of group napmon.
inside runuser -u monitor -- \
	cp /usr/local/share/napmon-test/dmx-2016-report.txt /var/lib/napmon/inbox/
check "a report dropped in the inbox is counted" \
	wait_for 'status_has "\"reports\":1"' 150
inside runuser -u monitor -- \
	cp /usr/local/share/napmon-test/broken.docx /var/lib/napmon/inbox/
check "a broken one is quarantined" \
	wait_for 'status_has "\"ingest_failures\":1" &&
		test -e "$live/var/lib/napmon/quarantine/broken.docx.reason"' 150

# reload keeps the process, restart replaces it; both keep the data.
before=$(main_pid)
inside systemctl reload napmond.service
check "systemctl reload succeeds" test $? -eq 0
check "... napmond reloads in place (pid $before)" \
	eval '[ "$(main_pid)" = "$before" ] &&
		napmond_said "reloading /etc/napmon/napmond.conf"'
check "... still counting the report" status_has '"reports":1'
inside systemctl restart napmond.service
check "systemctl restart succeeds" test $? -eq 0
after=$(main_pid)
check "... with a new napmond (pid $before -> $after)" \
	[ "$after" != "$before" -a "$after" != 0 ]
check "... which finds the report in its database" \
	wait_for '[ "$(req /healthz)" = 200 ] && status_has "\"reports\":1"' 100

check "the watchdog is armed (WatchdogUSec=30s)" \
	[ "$(inside systemctl show -P WatchdogUSec napmond.service)" = 30s ]

# The socket is for group napmon: monitor gets in, outsider does not.
inside runuser -u monitor -- napmon status -s /run/napmon/napmond.sock \
	>/dev/null
check "a member of group napmon queries napmond" test $? -eq 0
inside runuser -u outsider -- napmon status -s /run/napmon/napmond.sock \
	>"$tmp/outsider" 2>&1
refused=$?
check "a user outside it is refused ($(head -1 "$tmp/outsider"))" \
	eval '[ $refused -eq 77 ] && grep -q "Permission denied" "$tmp/outsider"'

# napmond's lines in the journal at their syslog priorities: info (6) and
# warning (4), with the "<N>" prefix taken off.
inside journalctl -b -u napmond.service -o json --no-pager >"$tmp/journal.json"
priority_of() {	# priority_of TEXT: the PRIORITY of napmond's line with it
	jq -r --arg text "$1" 'select(._COMM == "napmond" and
		(.MESSAGE | type == "string") and (.MESSAGE | contains($text)))
		| .PRIORITY' "$tmp/journal.json" | head -1
}
check "the journal has napmond's start at priority 6 (info)" \
	[ "$(priority_of 'started; watching')" = 6 ]
check "... the quarantine at priority 4 (warning)" \
	[ "$(priority_of 'quarantined as')" = 4 ]
check "... and no line with its priority left in the text" \
	[ -z "$(jq -r 'select(._COMM == "napmond") | .MESSAGE' \
		"$tmp/journal.json" | grep '^<[0-7]>')" ]

security=$(inside systemd-analyze security --no-pager napmond.service 2>&1 |
	sed -n 's/.*Overall exposure level for napmond.service: \([0-9.]*\).*/\1/p')
check "systemd-analyze security in place: exposure ${security:-unknown} <= 1.0" \
	awk -v s="${security:-99}" 'BEGIN { exit !(s <= 1.0) }'

# Socket activation alone, as after "systemctl disable napmond.service":
# after a reboot nothing runs napmond, yet /run/napmon must let group
# napmon reach the socket that starts it.
inside systemctl disable -q napmond.service
check "the container powers off cleanly" poweroff
boot
check "it boots again (systemd: $state)" \
	[ "$state" = running -o "$state" = degraded ]
check "... napmond.socket listens, napmond.service disabled, not running" \
	eval '[ "$(inside systemctl is-active napmond.service)" = inactive ] &&
		[ -S "$sock" ]'
inside runuser -u monitor -- napmon status -s /run/napmon/napmond.sock \
	>"$tmp/monitor" 2>&1
started=$?
check "a member of group napmon starts it through the socket (exit $started)" \
	eval '[ $started -eq 0 ] && wait_for \
		"[ \"\$(inside systemctl is-active napmond.service)\" = active ]" 100' ||
	cat "$tmp/monitor"
check "... and finds the report of the last boot" status_has '"reports":1'

# remove stops napmond and keeps the data; purge deletes it.
inside dpkg --remove napmon >"$tmp/remove.log" 2>&1
check "dpkg --remove succeeds" test $? -eq 0 || tail "$tmp/remove.log"
check "... stops napmond.service and napmond.socket" \
	eval '! inside systemctl is-active -q napmond.service napmond.socket &&
		[ ! -e "$sock" ]'
check "... and keeps the database" test -s "$live/var/lib/napmon/napmon.db"
inside dpkg --purge napmon >"$tmp/purge.log" 2>&1
check "dpkg --purge succeeds" test $? -eq 0 || tail "$tmp/purge.log"
check "... and deletes /var/lib/napmon" test ! -e "$live/var/lib/napmon"
check "... and the units' enablement" test ! -e \
	"$live/etc/systemd/system/sockets.target.wants/napmond.socket"
check "the container powers off cleanly" poweroff
finish
