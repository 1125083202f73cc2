#!/bin/bash
# Build the Debian package from debian/ as a packager would: from a clean
# copy of the tree (its files as they are now, committed or not), so that
# the build writes nothing into the source tree.  Shared by install_test.sh
# and nspawn_test.sh.
#
# usage: build_deb.sh SRC OUT
# The .deb, .changes and .buildinfo land in OUT, the build's log in
# OUT/pkg.log; the exit status is dpkg-buildpackage's.
set -u
src=$1
out=$2

mkdir -p "$out/napmon"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar -c --null -T - -f -) | tar -x -C "$out/napmon"
else
	tar -c -C "$src" --exclude=./build --exclude='./build-*' --exclude=./run . |
		tar -x -C "$out/napmon"
fi
cd "$out/napmon" && DEB_BUILD_OPTIONS="parallel=2 noautodbgsym" \
	dpkg-buildpackage -b -us -uc >"$out/pkg.log" 2>&1
