#!/bin/bash
# Install as a packager would: into a DESTDIR from this build, checking the
# tree and that the installed client finds its data; then the Debian package
# from debian/, built by dpkg-buildpackage from a copy of the tree, checking
# its contents, control files and maintainer scripts, and linting it.
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

if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null; then
	echo "no dpkg-buildpackage or debhelper: package not checked"
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
	exit
fi
# The package from debian/, built as a packager would (tests/build_deb.sh).
"$src/tests/build_deb.sh" "$src" "$tmp/pkg"
check "dpkg-buildpackage -b -us -uc builds a package" test $? -eq 0 ||
	tail -20 "$tmp/pkg/pkg.log"
version=$(cd "$tmp/pkg/napmon" && dpkg-parsechangelog -S Version)
project=$(sed -n 's/^project(napmon VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
check "debian/changelog's version $version is the project's $project" \
	test "${version%-*}" = "$project"
deb=$(ls "$tmp"/pkg/napmon_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	dpkg-deb -c "$deb" >"$tmp/contents"
	for f in ./usr/bin/napmon ./usr/sbin/napmond ./etc/napmon/napmond.conf \
		./usr/share/napmon/lexicon.ini ./usr/share/napmon/partners.ini \
		./lib/systemd/system/napmond.service ./lib/systemd/system/napmond.socket \
		./usr/lib/sysusers.d/napmon.conf ./usr/lib/tmpfiles.d/napmon.conf \
		./usr/share/man/man1/napmon.1.gz ./usr/share/man/man5/napmond.conf.5.gz \
		./usr/share/man/man8/napmond.8.gz ./usr/share/doc/napmon/copyright; do
		check "package holds $f" grep -q " $f\$" "$tmp/contents"
	done
	dpkg-deb -x "$deb" "$tmp/pkgroot"
	# The packaged copyright's stand-alone ISC paragraph, unfolded, is
	# LICENSE's text after its copyright line.
	awk 'p; prev == "" && /^License: ISC$/ { p = 1 } { prev = $0 }' \
		"$tmp/pkgroot/usr/share/doc/napmon/copyright" |
		sed 's/^ //; s/^\.$//' >"$tmp/license"
	check "the package's copyright is ISC, in LICENSE's words" \
		sh -c "grep -qx 'License: ISC' '$tmp/pkgroot/usr/share/doc/napmon/copyright' &&
			sed '1,2d' '$src/LICENSE' | diff -q - '$tmp/license' >/dev/null"
	check "the packaged unit runs /usr/sbin/napmond" \
		grep -q '^ExecStart=/usr/sbin/napmond ' "$tmp/pkgroot/lib/systemd/system/napmond.service"
	dpkg-deb -f "$deb" >"$tmp/control"
	check "package is napmon $version" \
		sh -c "grep -qx 'Package: napmon' '$tmp/control' && grep -qx 'Version: $version' '$tmp/control'"
	check "package depends on its libraries" grep -q '^Depends:.*libevent' "$tmp/control"
	check "... and on libcurl4, which napmon opens, not links" \
		grep -q '^Depends:.*libcurl4' "$tmp/control"
	check "... and on systemd, for sysusers and the units" \
		grep -q '^Depends:.*systemd' "$tmp/control"
	dpkg-deb -e "$deb" "$tmp/ctrl"
	check "package marks the config a conffile" \
		grep -qx /etc/napmon/napmond.conf "$tmp/ctrl/conffiles"
	for unit in napmond.socket napmond.service; do
		check "postinst enables $unit with deb-systemd-helper" \
			grep -q "deb-systemd-helper enable '$unit'" "$tmp/ctrl/postinst"
	done
	check "postinst creates the user napmon" \
		grep -q 'systemd-sysusers .*napmon.conf' "$tmp/ctrl/postinst"
	check "postinst creates napmon's folders" \
		grep -q 'systemd-tmpfiles .*--create napmon.conf' "$tmp/ctrl/postinst"
	check "postinst starts or restarts the units" \
		grep -q 'deb-systemd-invoke $_dh_action' "$tmp/ctrl/postinst"
	check "prerm stops the units on remove" \
		grep -q "deb-systemd-invoke stop 'napmond.service' 'napmond.socket'" "$tmp/ctrl/prerm"
	check "postrm deletes /var/lib/napmon on purge, and only then" \
		sh -c "grep -A2 '^if \[ \"\$1\" = purge \]; then' '$tmp/ctrl/postrm' |
			grep -q 'rm -rf .*/var/lib/napmon\"\$' &&
			[ \$(grep -c 'rm -rf' '$tmp/ctrl/postrm') -eq 1 ]"
	if command -v lintian >/dev/null; then
		changes=$(ls "$tmp"/pkg/napmon_*.changes | head -1)
		lintian --fail-on error,warning "$changes" >"$tmp/lintian" 2>&1
		lintian_rc=$?
		check "lintian reports no errors or warnings" \
			sh -c "[ $lintian_rc -eq 0 ] && ! grep -q '^[EW]:' '$tmp/lintian'" ||
			cat "$tmp/lintian"
	else
		echo "no lintian: package not linted"
	fi
fi
check "the package build left the source tree alone" \
	sh -c "! ls -d '$src'/obj-* '$src/debian/napmon' '$src/debian/files' \
		'$src/debian/.debhelper' >/dev/null 2>&1"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
