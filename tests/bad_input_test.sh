#!/bin/bash
# napmon parse on nasty files: each must be parsed (exit 0, JSON on stdout,
# nothing on stderr) or refused (exit 65, one stderr line naming the file),
# within a time limit and a memory bound; never a crash or a hang.  The files
# are made here, at test time, in a temporary folder; the fuzzers' findings in
# tests/fuzz/regressions/ are replayed too.
#
#   tests/bad_input_test.sh NAPMON [REGRESSIONS_DIR]
#
# The memory bound, on peak RSS as /usr/bin/time -f %M measures it:
#   plain build:      RSS <= 8 x input + 64 MiB
#   sanitized build:  RSS <= 24 x input + 320 MiB  (ASan keeps up to 256 MiB of
#                     freed memory in quarantine, adds shadow memory and
#                     redzones: the bound only catches blow-ups there)
# "input" is the file's size (0 for what is not a regular file).  The fixed
# term holds the JSON of a report at the parser's limits (10,000 chapters,
# measures and bodies, 1,000 agreements: collector.h); the plain build peaks
# at about 3 x input on the 50 MiB files.
set -u
napmon=$1
regressions=${2:-$(dirname "$0")/fuzz/regressions}
lexicon_dir=$(cd "$(dirname "$0")/fuzz/lexicon" && pwd)
limit_s=${BAD_INPUT_TIMEOUT:-60}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/napmon-bad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

export LC_ALL=C
if [ ! -x /usr/bin/time ]; then
	echo "bad_input: /usr/bin/time is missing (Debian: apt-get install time)"
	exit 1
fi
if grep -qa __asan_init "$napmon"; then
	build=sanitized
	rss_factor=24 rss_base_kb=$((320 * 1024))
	# A leak fails a case like a crash: LeakSanitizer reports on stderr.
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
else
	build=plain
	rss_factor=8 rss_base_kb=$((64 * 1024))
fi
echo "# $build build: RSS <= $rss_factor x input + $((rss_base_kb / 1024)) MiB," \
	"$limit_s s a file"
worst_ms=0 worst_ms_name="" worst_ratio=0 worst_ratio_name=""

pass() {
	echo "ok - $*"
	passed=$((passed + 1))
}

fail() {
	echo "not ok - $*"
	failed=$((failed + 1))
}

# check NAME COMMAND...: a check of its own on what a run left behind.
check() {
	local name=$1
	shift
	[[ "$name" =~ ${BAD_INPUT_ONLY:-.} ]] || return 0
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# run NAME FILE [EXPECT] [NAPMON ARGS...]: parse FILE and judge the outcome.
# EXPECT is "0", "65", "78" or a list like "0|65" (default "0|65").
run() {
	local name=$1 file=$2 expect=${3:-0|65} size rc kb bound ms start
	shift 3 2>/dev/null || shift $#
	# BAD_INPUT_ONLY=REGEX runs only the cases whose name matches.
	[[ "$name" =~ ${BAD_INPUT_ONLY:-.} ]] || return 0
	size=0
	[ -f "$file" ] && [ ! -L "$file" ] && size=$(stat -c %s "$file")
	start=$(date +%s%N)
	/usr/bin/time -o "$tmp/rss" -f %M timeout -k 5 "$limit_s" \
		"$napmon" parse "$@" "$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	kb=$(grep -E '^[0-9]+$' "$tmp/rss" | tail -1)
	kb=${kb:-0}
	bound=$((rss_factor * size / 1024 + rss_base_kb))
	local what
	what="$name (exit $rc, $((ms / 1000)).$((ms % 1000 / 100)) s,"
	what="$what $((kb / 1024)) MiB RSS of $((bound / 1024)) MiB allowed,"
	what="$what $((size / 1024)) KiB in)"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$what: hung, killed after $limit_s s"
	elif [ $rc -ge 128 ] || grep -q -E 'Sanitizer|runtime error' "$tmp/err"; then
		fail "$what: crashed"
		head -20 "$tmp/err" | sed 's/^/#   /'
	elif ! [[ "|$expect|" == *"|$rc|"* ]]; then
		fail "$what: expected exit $expect"
		head -5 "$tmp/err" | sed 's/^/#   /'
	elif [ $rc -eq 0 ] && { [ -s "$tmp/err" ] ||
		[ "$(head -c 1 "$tmp/out")" != "{" ]; }; then
		fail "$what: parsed, but no JSON object or a message on stderr"
	elif [ $rc -ne 0 ] && { [ "$(wc -l <"$tmp/err")" -ne 1 ] ||
		{ [ $rc -eq 65 ] && ! grep -qF -- "$file" "$tmp/err"; }; }; then
		fail "$what: refused, but not with one line naming the file"
		head -5 "$tmp/err" | sed 's/^/#   /'
	elif [ "$kb" -gt "$bound" ]; then
		fail "$what: over the memory bound"
	else
		pass "$what"
		[ $rc -ne 0 ] && sed 's/^/#   /' "$tmp/err"
	fi
	if [ "$ms" -gt "$worst_ms" ]; then
		worst_ms=$ms worst_ms_name=$name
	fi
	# RSS per input byte, in hundredths, for inputs of 16 MiB or more.
	if [ "$size" -ge $((16 * 1024 * 1024)) ] &&
		[ $((kb * 1024 * 100 / size)) -gt "$worst_ratio" ]; then
		worst_ratio=$((kb * 1024 * 100 / size)) worst_ratio_name=$name
	fi
	mv "$tmp/err" "$tmp/last-err"
	mv "$tmp/out" "$tmp/last-out"
	return 0
}

# A title, a table header and one measure opening its narrative.
head_of_report() {
	printf '%s\n' \
	    "Milli Fəaliyyət Proqramının icrası məqsədilə Dövlət Miqrasiya Xidməti tərəfindən 2016-cı il ərzində görülmüş işlər barədə" \
	    "HESABAT" "№№" "Tədbirin adı" "İcra müddəti" "İcra orqanları" \
	    "Birinci Fəsil" "Qanunvericiliyin təkmilləşdirilməsi" \
	    "1.1." "	Readmissiya sazişlərinin bağlanması" "	2014-cü il" \
	    "	Xarici İşlər Nazirliyi, Dövlət Miqrasiya Xidməti" \
	    "Görülmüş işlər"
}

# A work-done sentence with an agreement, a date and a stage cue.
sentence='“Azərbaycan Respublikası Hökuməti ilə Rusiya Federasiyası Hökuməti arasında readmissiya haqqında Saziş” 2016-cı il 21 noyabr tarixində imzalanmışdır.'

# lines TEXT BYTES: TEXT on as many lines as make about BYTES, never cutting
# a character in two.
lines() {
	yes "$1" | head -n $(($2 / ($(printf '%s' "$1" | wc -c) + 1)))
}

d=$tmp/in
mkdir "$d"
sample=$(dirname "$0")/../samples/dmx-2016-report.txt
MiB=$((1024 * 1024))

# --- decoding: refused with the reason and the offset -------------------
: >"$d/empty.txt";				run "empty file" "$d/empty.txt" 65
printf 'a' >"$d/one-byte.txt";			run "one byte" "$d/one-byte.txt" 65
printf '\n' >"$d/one-newline.txt";		run "one newline" "$d/one-newline.txt" 65
printf '\377' >"$d/one-ff.txt";			run "one byte 0xff" "$d/one-ff.txt" 65
awk 'BEGIN { srand(6); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' \
	>"$d/random.txt";			run "64 KiB of random bytes" "$d/random.txt" 65
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006\000\000\000' \
	>"$d/image.txt";			run "a PNG header renamed .txt" "$d/image.txt" 65
printf 'PK\003\004\024\000\006\000\010\000\000\000!\000word/document.xml' \
	>"$d/word.txt";				run "a .docx (zip) renamed .txt" "$d/word.txt" 65
printf '\320\317\021\340\241\261\032\341' >"$d/doc.txt"
cat "$sample" >>"$d/doc.txt";			run "an old .doc header renamed .txt" "$d/doc.txt" 65
cp "$napmon" "$d/elf.txt";			run "a program renamed .txt" "$d/elf.txt" 65
{ printf '\303\050'; cat "$sample"; } >"$d/bad-start.txt"
						run "invalid UTF-8 at the start" "$d/bad-start.txt" 65
{ head -c 10000 "$sample"; printf '\377'; tail -c +10001 "$sample"; } >"$d/bad-mid.txt"
						run "invalid UTF-8 in the middle" "$d/bad-mid.txt" 65
{ cat "$sample"; printf '\342\202'; } >"$d/bad-end.txt"
						run "truncated UTF-8 at the end" "$d/bad-end.txt" 65
{ cat "$sample"; printf '\300\257\355\240\200'; } >"$d/overlong.txt"
						run "overlong UTF-8 and an encoded surrogate" "$d/overlong.txt" 65
{ head -c 5000 "$sample"; printf '\000'; tail -c +5001 "$sample"; } >"$d/nul.txt"
						run "a NUL byte inside a report" "$d/nul.txt" 65
printf '\377\376A\000B' >"$d/odd16.txt";	run "odd-length UTF-16LE" "$d/odd16.txt" 65
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$sample"; printf 'x'; } >"$d/odd16be.txt"
						run "odd-length UTF-16BE report" "$d/odd16be.txt" 65
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$sample"; printf '\000\330A\000'; } \
	>"$d/surrogate.txt";			run "UTF-16LE with a lone surrogate" "$d/surrogate.txt" 65
printf '\357\273\277' >"$d/bom8.txt";		run "UTF-8 BOM only" "$d/bom8.txt" 65
printf '\377\376' >"$d/bom16le.txt";		run "UTF-16LE BOM only" "$d/bom16le.txt" 65
printf '\376\377' >"$d/bom16be.txt";		run "UTF-16BE BOM only" "$d/bom16be.txt" 65
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$sample"; } >"$d/utf16le.txt"
						run "a good UTF-16LE report (control)" "$d/utf16le.txt" 0

# --- what is not a regular file, or not there: refused at once ------------
ln -s /etc/shadow "$d/shadow.txt";		run "a symlink to /etc/shadow" "$d/shadow.txt" 65
check "the symlink is refused as a link (O_NOFOLLOW)" \
	grep -q 'symbolic links' "$tmp/last-err"
ln -s "$sample" "$d/link.txt";			run "a symlink to a good report" "$d/link.txt" 65
mkfifo "$d/fifo.txt";				run "a FIFO with no writer" "$d/fifo.txt" 65
mkdir "$d/folder.txt";				run "a directory" "$d/folder.txt" 65
run "a character device (/dev/zero)" /dev/zero 65
cp "$sample" "$d/gone.txt"; rm "$d/gone.txt";	run "a file removed before the read" "$d/gone.txt" 65
head -c $((70 * MiB)) /dev/zero | tr '\0' 'a' >"$d/huge.txt"
						run "70 MiB, over the 64 MiB limit" "$d/huge.txt" 65
rm -f "$d/huge.txt"
head -c $((64 * MiB + 1)) /dev/zero | tr '\0' 'a' >"$d/limit.txt"
						run "64 MiB + 1 byte" "$d/limit.txt" 65
rm -f "$d/limit.txt"

# A file removed, or cut short, while napmon reads it: whichever comes first,
# parsed or refused, but no crash.
{ cat "$sample"; lines "$sentence" $((40 * MiB)); } >"$d/removed.txt"
( sleep 0.05; rm -f "$d/removed.txt" ) &
run "a 40 MiB file removed mid-read" "$d/removed.txt" "0|65"
wait
{ cat "$sample"; lines "$sentence" $((40 * MiB)); } >"$d/cut.txt"
( sleep 0.05; truncate -s 30000 "$d/cut.txt" ) &
run "a 40 MiB file cut to 30 kB mid-read" "$d/cut.txt" "0|65"
wait
rm -f "$d/cut.txt"

# --- size and repetition: bounded time and memory --------------------------
lines 'söz' $((50 * MiB)) | tr '\n' ' ' >"$d/one-line.txt"
						run "50 MiB of words, no newline" "$d/one-line.txt" 65
rm -f "$d/one-line.txt"
{ head_of_report; lines 'söz' $((50 * MiB)) | tr '\n' ' '; } \
	>"$d/one-paragraph.txt";		run "a measure with a 50 MiB narrative line" "$d/one-paragraph.txt" 0
{ head_of_report; lines "$sentence" $((50 * MiB)) | tr '\n' ' '; } \
	>"$d/one-paragraph.txt";		run "a 50 MiB narrative line of agreements" "$d/one-paragraph.txt" 65
rm -f "$d/one-paragraph.txt"
{ head_of_report; printf '%s ' "$sentence"; lines 'imzalanmışdır' $((20 * MiB)) | tr '\n' ' '; } \
	>"$d/cues.txt";				run "20 MiB of one stage cue in one sentence" "$d/cues.txt" "0|65"
rm -f "$d/cues.txt"
head -c $((50 * MiB)) /dev/zero | tr '\0' '\n' >"$d/newlines.txt"
						run "50 MiB of newlines" "$d/newlines.txt" 65
rm -f "$d/newlines.txt"
{ head_of_report; lines 'a' $((50 * MiB)); } >"$d/letters.txt"
						run "50 MiB of one-letter lines" "$d/letters.txt" 65
check "25 million lines are refused as too many" \
	grep -q 'more than 1000000 lines' "$tmp/last-err"
rm -f "$d/letters.txt"
{ head_of_report; head -c $((50 * MiB)) /dev/zero | tr '\0' '"'; } >"$d/quotes.txt"
						run "50 MiB of quote marks in a narrative" "$d/quotes.txt" 0
rm -f "$d/quotes.txt"
{ head_of_report; lines '"a' $((30 * MiB)) | tr '\n' ' '; } >"$d/openings.txt"
						run "30 MiB of opening quotes in a narrative" "$d/openings.txt" 0
rm -f "$d/openings.txt"
head -c $((50 * MiB)) /dev/zero | tr '\0' '.' >"$d/dots.txt"
						run "50 MiB of full stops" "$d/dots.txt" 65
rm -f "$d/dots.txt"
lines '[bookmark: _GoBack]' $((20 * MiB)) | tr '\n' ' ' >"$d/artefacts.txt"
						run "20 MiB of export artefacts on one line" "$d/artefacts.txt" 65
rm -f "$d/artefacts.txt"
{ head_of_report; yes '	1.1' | head -n 1000000; } >"$d/million.txt"
						run "a million measures" "$d/million.txt" 65
rm -f "$d/million.txt"
{ head_of_report; yes '1.1' | head -n 20000; } >"$d/measures.txt"
						run "20,000 measures" "$d/measures.txt" 65
check "20,000 measures are refused as too many records" \
	grep -q 'more than 10000 chapters, measures' "$tmp/last-err"
{ head_of_report; yes '1.1' | head -n 9990; } >"$d/measures.txt"
						run "9,990 measures, just under the limit" "$d/measures.txt" 0
rm -f "$d/measures.txt"
{ head_of_report; for i in $(seq 1001); do printf '“Saziş” imzalanmışdır. '; done; echo; } \
	>"$d/agreements.txt";			run "1,001 signed agreements" "$d/agreements.txt" 65
check "1,001 agreements are refused as too many" \
	grep -q 'more than 1000 agreements' "$tmp/last-err"
{ head_of_report; for i in $(seq 1000); do printf '“Saziş” imzalanmışdır. '; done; echo; } \
	>"$d/agreements.txt";			run "1,000 signed agreements" "$d/agreements.txt" 0
{ head_of_report; printf '“Saziş” imzalanmışdır '; lines 'söz' $((4 * MiB)) | tr '\n' ' '; } \
	>"$d/long-sentence.txt";		run "a 4 MiB sentence with an agreement" "$d/long-sentence.txt" 0
check "the evidence of a 4 MiB sentence is clipped to 4 KiB" \
	test "$(grep '"text":' "$tmp/last-out" | awk '{ n = length > n ? length : n } END { print n }')" -lt 4200
{ head_of_report; printf '%s\n' "$sentence";
  yes "$(printf '№№\nTədbirin adı\nİcra müddəti\nİcra orqanları')" | head -n 900000
  printf '%s\n' 1.2 Ad 'Mütəmadi' DMX 'Görülmüş işlər' 'Davam edir.'; } \
	>"$d/headers.txt";			run "900,000 repeated header cells" "$d/headers.txt" 0
rm -f "$d/headers.txt"
yes 'Birinci Fəsil' | head -n 1000000 >"$d/chapters.txt"
						run "a million chapter lines" "$d/chapters.txt" 65
rm -f "$d/chapters.txt"
{ for i in $(seq 50); do cat "$sample"; done; } >"$d/duplicated.txt"
						run "the sample 50 times: duplicated measure ids" "$d/duplicated.txt" 0
{ head_of_report; printf '%s\n' "$sentence" "1.1" "	Başqa" "	2015-ci il" "	DMX" \
	"Görülmüş işlər" "Tədbir tam icra olunmuşdur."; } >"$d/same-id.txt"
						run "two measures with one id" "$d/same-id.txt" 0
{ head_of_report; printf '%s\n' "$sentence" 1.2 Ad '2015-ci il'
  yes 'Nazirlik,' | head -n 200000 | tr '\n' ' '; printf '\nGörülmüş işlər\nİcra davam etdirilir.\n'; } \
	>"$d/executors.txt";			run "200,000 executing bodies in one cell" "$d/executors.txt" 65
rm -f "$d/executors.txt"

# --- odd content: parsed sensibly ------------------------------------------
{ head_of_report | sed 's/^1\.1\.$/99999999999.1/'
  printf '%s\n' "$sentence" "99999999999.1" "1.99999999999" "999.999.999.999" \
	"	99999999999-99999999999-cü illər" "	2147483648-ci ilin sonunadək" \
	"99999999999-cü Fəsil" "2.2" "	Ad" "	99999999999-cu il" "	DMX" \
	"Görülmüş işlər" \
	"“X Sazişi” 99999999999-cı il 99999999999 noyabr tarixində imzalanmışdır." \
	"“Y Sazişi” 2016-cı ilin dekabrın 99999999999-də imzalanmışdır." \
	"“Z Sazişi” 99999999999.11.2016 və 31.12.99999999999 imzalanmışdır."; } \
	>"$d/numbers.txt";			run "numbers like 99999999999.1" "$d/numbers.txt" 0
{ head_of_report
  for i in $(seq 2000); do printf '“Açıq qalan Saziş %d imzalanmışdır. ' "$i"; done
  printf '\n“%s\n' "$sentence"; } >"$d/unterminated.txt"
						run "unterminated quotes" "$d/unterminated.txt" 0
{ head_of_report
  for i in $(seq 1000); do printf '“'; done; printf 'Saziş'
  for i in $(seq 1000); do printf '”'; done; printf ' imzalanmışdır.\n'
  for i in $(seq 300); do printf '“ “Saziş” '; done; printf 'imzalanmışdır.\n'
  for i in $(seq 1000); do printf '«"„'; done; printf 'Protokol'
  for i in $(seq 1000); do printf '»"“'; done; printf ' imzalanmışdır.\n'; } \
	>"$d/nested.txt";			run "quotes nested 1,000 deep" "$d/nested.txt" 0
{ head_of_report
  printf '%s\n' "“A Sazişi” 2016-cı il 31 fevral tarixində imzalanmışdır." \
	"“B Sazişi” 29 fevral 2015-ci il tarixində imzalanmışdır." \
	"“C Sazişi” 2016-cı ilin aprelin 31-də imzalanmışdır." \
	"“D Sazişi” 0 mart 2016-cı il tarixində imzalanmışdır." \
	"“E Sazişi” 31.02.2016 tarixində imzalanmışdır." \
	"“F Sazişi” 2016-cı il 32 yanvar tarixində imzalanmışdır."; } >"$d/dates.txt"
run "dates like 31 fevral" "$d/dates.txt" 0
check "dates like 31 fevral are dropped, not kept" \
	test "$(grep -c '"partner_match":' "$tmp/last-out")" -eq 6 -a \
	"$(grep -c -E '"date":[[:space:]]*"' "$tmp/last-out")" -eq 0
{ head_of_report; printf '%s\n' 'Bu barədə “” 2016-cı il 21 noyabr tarixində imzalanmışdır.'; } >"$d/empty-quotes.txt"
run "empty quotes before a stage cue" "$d/empty-quotes.txt" 0
check "empty quotes name no agreement" grep -q '"agreements":[[:space:]]*\[\]' "$tmp/last-out"
{ head_of_report; head -c 3000 /dev/zero | tr '\0' '('; printf '%s\n' "$sentence"; } \
	>"$d/parens.txt";			run "3,000 open parentheses" "$d/parens.txt" 0
{ printf '\357\273\277'; sed 's/$/\r/' "$sample"; } >"$d/crlf.txt"
						run "BOM and CRLF (control)" "$d/crlf.txt" 0
tr '\n' '\r' <"$sample" >"$d/cr.txt";		run "old Mac CR line ends" "$d/cr.txt" 0

# --- office packages: parsed by their bytes, or refused with the reason ------
twins=$(dirname "$0")/twins
# Made with python3's zipfile: bombs, a lying directory, an encrypted member,
# packages without their document, XML with a DOCTYPE or nested too deep.
python3 - "$d" <<'EOF'
import struct, sys, zipfile, zlib
d = sys.argv[1]
TYPES = ('<?xml version="1.0"?><Types><Override PartName="/word/document.xml"'
         ' ContentType="application/vnd.openxmlformats-officedocument.'
         'wordprocessingml.document.main+xml"/></Types>')
W = ('<w:document xmlns:w="http://schemas.openxmlformats.org/'
     'wordprocessingml/2006/main"><w:body>%s</w:body></w:document>')
ODT = "application/vnd.oasis.opendocument.text"

def docx(name, document, extra=()):
    with zipfile.ZipFile("%s/%s" % (d, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        if document is not None:
            z.writestr("word/document.xml", document)
        for n, data in extra:
            z.writestr(n, data)

def zeros(size):
    """size zero bytes, deflated a MiB at a time, and their CRC."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk, comp, crc = bytes(1 << 20), [], 0
    for _ in range(size >> 20):
        comp.append(c.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    comp.append(c.flush())
    return b"".join(comp), crc

def raw_zip(path, members):
    """A zip of (name, deflated data, crc, size, flags[, deflated size[,
    method]]) written by hand, so that its sizes, flags and method say what
    the case needs (method 0: stored as it is)."""
    out, central = b"", b""
    for name, data, crc, size, flags, *more in members:
        n = name.encode()
        comp, method = (more + [len(data), 8][len(more):])[:2]
        head = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, flags, method,
                           0, 0, crc, comp, size, len(n), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20,
                               flags, method, 0, 0, crc, comp, size, len(n),
                               0, 0, 0, 0, 0, len(out)) + n
        out += head + n + data
    end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(members),
                      len(members), len(central), len(out), 0)
    with open(path, "wb") as f:
        f.write(out + central + end)

def deflated(text):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    b = text.encode()
    return c.compress(b) + c.flush(), zlib.crc32(b), len(b)

types = deflated(TYPES)
bomb, bomb_crc = zeros(1 << 30)
raw_zip(d + "/bomb.docx", [("[Content_Types].xml",) + types + (0,),
                           ("word/document.xml", bomb, bomb_crc, 1 << 30, 0)])
raw_zip(d + "/bomb-content.odt", [("mimetype",) + deflated(ODT) + (0,),
                                  ("content.xml", bomb, bomb_crc, 1 << 30, 0)])
ratio, crc = zeros(2 << 20)
raw_zip(d + "/ratio.docx", [("[Content_Types].xml",) + types + (0,),
                            ("word/document.xml", ratio, crc, 2 << 20, 0)])
lie, crc = zeros(200 << 20)
raw_zip(d + "/lie.docx", [("[Content_Types].xml",) + types + (0,),
                          ("word/document.xml", lie, crc, 1000, 0)])
doc = deflated(W % "<w:p><w:r><w:t>Saziş</w:t></w:r></w:p>")
raw_zip(d + "/claims.docx", [("[Content_Types].xml",) + types + (0,),
                             ("word/document.xml",) + doc + (0, 0x7fffffff)])
plain = (W % "<w:p><w:r><w:t>Saziş</w:t></w:r></w:p>").encode()
raw_zip(d + "/stored-lie.docx", [("[Content_Types].xml",) + types + (0,),
                                 ("word/document.xml", plain, zlib.crc32(plain),
                                  len(plain) + 4096, 0, len(plain), 0)])
raw_zip(d + "/encrypted.docx", [("[Content_Types].xml",) + types + (0,),
                                ("word/document.xml",) + doc + (1,)])
docx("no-document.docx", None, extra=[("word/styles.xml", "<x/>")])
with zipfile.ZipFile(d + "/no-content.odt", "w") as z:
    z.writestr("mimetype", ODT)
    z.writestr("styles.xml", "<x/>")
with zipfile.ZipFile(d + "/neither.docx", "w") as z:
    z.writestr("readme.txt", "salam")
docx("doctype.docx", '<?xml version="1.0"?><!DOCTYPE w:document ['
     '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
     '<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
     W % "<w:p><w:r><w:t>&c;&e;</w:t></w:r></w:p>")
docx("deep.docx", W % ("<w:sdt>" * 100000))
docx("not-xml.docx", bytes(range(256)) * 16)
docx("unclosed.docx", W % "<w:p><w:r><w:t>Saziş")
EOF
cp "$twins/dmx-2016-report.docx" "$d/twin-docx.txt"
run "a Word twin named .txt: read as Word (control)" "$d/twin-docx.txt" 0
check "a Word twin named .txt says it is docx" \
	grep -q '"format":[[:space:]]*"docx"' "$tmp/last-out"
cp "$sample" "$d/text.docx"
run "a text report named .docx: read as text (control)" "$d/text.docx" 0
check "a text report named .docx says it is text" \
	grep -q '"format":[[:space:]]*"text"' "$tmp/last-out"
# refused NAME FILE REASON: refused, with a reason that says why.
refused() {
	run "$1" "$2" 65
	check "$1: \"$3\"" grep -qF -- "$3" "$tmp/last-err"
}
refused "a .docx bomb: 1 GiB of zeros in 1 MiB" "$d/bomb.docx" \
	"member word/document.xml inflates to 1073741824 bytes, over the limit"
refused "an .odt bomb: 1 GiB of zeros in content.xml" "$d/bomb-content.odt" \
	"member content.xml inflates to 1073741824 bytes"
refused "a .docx member inflating 1000:1" "$d/ratio.docx" \
	"over the limit of 100:1 for members over 1 MiB"
refused "a .docx whose directory says 1000 bytes for 200 MiB" "$d/lie.docx" \
	"word/document.xml: inflates past the 1000 bytes its directory entry"
refused "a .docx whose directory says 2 GiB deflated for 60 bytes" \
	"$d/claims.docx" "a corrupt or truncated zip"
refused "a stored document.xml whose entry says 4 kB more inflated" \
	"$d/stored-lie.docx" "is stored as it is, yet its directory entry"
refused "an encrypted document.xml" "$d/encrypted.docx" \
	"member word/document.xml is encrypted"
head -c 20000 "$twins/dmx-2016-report.docx" >"$d/truncated.docx"
refused "a .docx cut short" "$d/truncated.docx" "a corrupt or truncated zip"
head -c 4000 "$twins/dmx-2016-report.odt" >"$d/truncated.odt"
refused "an .odt cut short" "$d/truncated.odt" "a corrupt or truncated zip"
{ head -c 3000 "$twins/dmx-2016-report.docx"; head -c 2000 /dev/zero
  tail -c +5001 "$twins/dmx-2016-report.docx"; } >"$d/corrupt.docx"
refused "a .docx with 2 kB zeroed inside its members" "$d/corrupt.docx" "member"
refused "a Word package without word/document.xml" "$d/no-document.docx" \
	"no member word/document.xml"
refused "an OpenDocument package without content.xml" "$d/no-content.odt" \
	"no member content.xml"
refused "a zip that is neither .docx nor .odt" "$d/neither.docx" \
	"neither a Word .docx nor an OpenDocument .odt"
refused "a DOCTYPE with nested entities and a file entity" "$d/doctype.docx" \
	"a DOCTYPE: DTDs and entities are refused"
refused "document.xml nested 100,000 deep" "$d/deep.docx" \
	"XML nested deeper than 128 elements"
refused "document.xml of binary bytes" "$d/not-xml.docx" \
	"word/document.xml: malformed XML"
refused "document.xml cut inside a run" "$d/unclosed.docx" \
	"word/document.xml: malformed XML"
refused "an old binary Word .doc" "$d/doc.txt" \
	"an old binary Word .doc (or a password-protected document): save it as .docx"
{ printf '%%PDF-1.7\n'; cat "$sample"; } >"$d/report.pdf"
refused "a PDF" "$d/report.pdf" "a PDF: not read yet"

# --- the fuzzers' findings -------------------------------------------------
for f in "$regressions"/parse/*; do
	[ -f "$f" ] || continue
	run "fuzz regression parse/$(basename "$f")" "$f" "0|65"
done
for f in "$regressions"/lexicon/*; do
	[ -f "$f" ] || continue
	rm -rf "$tmp/lex"
	mkdir "$tmp/lex"
	cp "$f" "$tmp/lex/lexicon.ini"
	cp "$lexicon_dir/partners.ini" "$tmp/lex/partners.ini"
	run "fuzz regression lexicon/$(basename "$f")" "$lexicon_dir/report.txt" \
		"0|65|78" --lexicon "$tmp/lex"
done

echo "# slowest: $((worst_ms / 1000)).$((worst_ms % 1000 / 100)) s ($worst_ms_name)"
echo "# most RSS per input byte (16 MiB and up):" \
	"$((worst_ratio / 100)).$((worst_ratio % 100 / 10)) ($worst_ratio_name)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
