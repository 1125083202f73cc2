#!/bin/bash
# Install as a packager would: into a DESTDIR from this build, checking the
# tree and that the installed client finds its data; then a Debian package
# from a /usr build, checking its contents and control files.
set -u
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

check() {
	local name=$1
	shift
	if "$@"; then
		echo "ok - $name"
		passes=$((passes + 1))
	else
		echo "not ok - $name"
		fails=$((fails + 1))
	fi
}

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
DESTDIR=$tmp/root cmake --install "$build" >"$tmp/install.log" 2>&1
check "cmake --install into DESTDIR" test $? -eq 0
root=$tmp/root$prefix
for f in bin/napmon sbin/napmond share/napmon/lexicon.ini \
	share/napmon/partners.ini lib/systemd/system/napmond.service \
	lib/systemd/system/napmond.socket lib/sysusers.d/napmon.conf \
	lib/tmpfiles.d/napmon.conf share/man/man1/napmon.1 \
	share/man/man8/napmond.8 share/man/man5/napmond.conf.5; do
	check "installs $f" test -e "$root/$f"
done
check "installs the example config" \
	test -n "$(find "$tmp/root" -path '*/napmon/napmond.conf' -print -quit)"
check "the unit runs the installed napmond" \
	grep -q "^ExecStart=$prefix/sbin/napmond " "$root/lib/systemd/system/napmond.service"
env -u NAPMON_LEXICON_DIR "$root/bin/napmon" parse \
	"$src/samples/dmx-2016-report.txt" >"$tmp/out.json" 2>&1
check "installed napmon finds its lexicon beside itself" test $? -eq 0

if ! command -v dpkg-deb >/dev/null; then
	echo "no dpkg-deb: package not checked"
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
	exit
fi
cmake -S "$src" -B "$tmp/pkg" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/pkg.log" 2>&1 &&
	cmake --build "$tmp/pkg" -j2 >>"$tmp/pkg.log" 2>&1 &&
	(cd "$tmp/pkg" && cpack -G DEB >>"$tmp/pkg.log" 2>&1)
check "cpack -G DEB builds a package" test $? -eq 0 || tail -20 "$tmp/pkg.log"
deb=$(ls "$tmp"/pkg/napmon_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	dpkg-deb -c "$deb" >"$tmp/contents"
	for f in ./usr/bin/napmon ./usr/sbin/napmond ./etc/napmon/napmond.conf \
		./usr/lib/systemd/system/napmond.service ./usr/share/napmon/partners.ini; do
		check "package holds $f" grep -q " $f\$" "$tmp/contents"
	done
	dpkg-deb -I "$deb" >"$tmp/info"
	check "package depends on its libraries" grep -q 'Depends:.*libevent' "$tmp/info"
	check "... and on libcurl4, which napmon opens, not links" \
		grep -q 'Depends:.*libcurl4' "$tmp/info"
	check "package marks the config a conffile" \
		sh -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./conffiles | grep -qx /etc/napmon/napmond.conf"
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
