#!/bin/bash
# The units as systemd itself judges them: they verify, and the service's
# exposure stays at or under 1.5 (systemd-localed's level).
set -u
unit=$1		# the configured napmond.service
socket=$2	# napmond.socket
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# verify wants ExecStart= to exist: point it at a binary that does.
sed "s|^ExecStart=[^ ]*|ExecStart=/bin/true|" "$unit" >"$tmp/napmond.service"
cp "$socket" "$tmp/napmond.socket"

if out=$(systemd-analyze verify --man=no "$tmp/napmond.service" \
	"$tmp/napmond.socket" 2>&1) && [ -z "$out" ]; then
	echo "ok - systemd-analyze verify"
else
	echo "not ok - systemd-analyze verify: $out"
	fails=$((fails + 1))
fi

score=$(systemd-analyze security --offline=true --threshold=15 \
	"$tmp/napmond.service" 2>&1 | sed -n 's/.*Overall exposure level for napmond.service: \([0-9.]*\).*/\1/p')
if systemd-analyze security --offline=true --threshold=15 \
	"$tmp/napmond.service" >/dev/null 2>&1; then
	echo "ok - exposure $score <= 1.5"
else
	echo "not ok - exposure ${score:-unknown} > 1.5"
	fails=$((fails + 1))
fi
# ExecReload= as systemd runs it, with $MAINPID a process that counts its
# SIGHUPs, and no PATH: it must need nothing but the essential /bin/sh.
reload=$(sed -n 's/^ExecReload=//p' "$unit")
bash -c 'trap "echo hup >>'"$tmp"'/hups" HUP; while :; do sleep 0.1; done' &
target=$!
sleep 0.3
eval "env -i PATH=/nonexistent ${reload//\$MAINPID/$target}" 2>"$tmp/reload.err"
for i in $(seq 50); do [ -s "$tmp/hups" ] && break; sleep 0.1; done
kill "$target"
if [ -s "$tmp/hups" ]; then
	echo "ok - ExecReload sends SIGHUP with no PATH ($reload)"
else
	echo "not ok - ExecReload sent no SIGHUP: $(cat "$tmp/reload.err")"
	fails=$((fails + 1))
fi
echo "$((3 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
