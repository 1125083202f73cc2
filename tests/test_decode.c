/*
 * Decoder: every encoding real exports arrive in, and every way bytes can be
 * wrong, refused with the byte offset where they went wrong.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* "Saziş" (UTF-8: S a z i ş=c5 9f) with a second line, in each encoding. */
static const unsigned char utf8_text[] = "Saziş\nİcra";
static const unsigned char utf16le[] = { 0xff, 0xfe, 'S', 0, 'a', 0, 'z', 0,
	'i', 0, 0x5f, 0x01, '\r', 0, '\n', 0, 0x30, 0x01, 'c', 0, 'r', 0,
	'a', 0 };
static const unsigned char utf16be[] = { 0xfe, 0xff, 0, 'S', 0, 'a', 0, 'z',
	0, 'i', 0x01, 0x5f, 0, '\n', 0x01, 0x30, 0, 'c', 0, 'r', 0, 'a' };

static struct decoded	d;
static char		*cause;

static void
reset(void)
{
	memset(&d, 0, sizeof d);
	cause = NULL;
}

static void
release(void)
{
	free(d.text);
	free(cause);
}

static int
decode(const void *bytes, size_t len)
{
	return decode_bytes(bytes, len, &d, &cause);
}

START_TEST(plain_utf8)
{
	ck_assert_int_eq(decode(utf8_text, sizeof utf8_text - 1), 0);
	ck_assert_int_eq(d.encoding, ENC_UTF8);
	ck_assert_str_eq(d.text, (const char *)utf8_text);
}
END_TEST

START_TEST(utf8_bom_crlf)
{
	const char in[] = "\xef\xbb\xbfSaziş\r\nİcra\r\n";

	ck_assert_int_eq(decode(in, sizeof in - 1), 0);
	ck_assert_int_eq(d.encoding, ENC_UTF8_BOM);
	ck_assert_str_eq(d.text, "Saziş\nİcra\n");
}
END_TEST

START_TEST(lone_cr_becomes_lf)
{
	const char in[] = "a\rb\r\r\nc";

	ck_assert_int_eq(decode(in, sizeof in - 1), 0);
	ck_assert_str_eq(d.text, "a\nb\n\nc");
}
END_TEST

START_TEST(utf16le_crlf)
{
	ck_assert_int_eq(decode(utf16le, sizeof utf16le), 0);
	ck_assert_int_eq(d.encoding, ENC_UTF16LE);
	ck_assert_str_eq(d.text, (const char *)utf8_text);
}
END_TEST

START_TEST(utf16be_lf)
{
	ck_assert_int_eq(decode(utf16be, sizeof utf16be), 0);
	ck_assert_int_eq(d.encoding, ENC_UTF16BE);
	ck_assert_str_eq(d.text, (const char *)utf8_text);
}
END_TEST

/* Characters past the BMP, and the rare ones of each range, come out as
 * iconv would give them (decode.c takes well-formed text without it). */
START_TEST(every_range_decoded)
{
	const unsigned char le[] = { 0xff, 0xfe, 'a', 0, 0x3d, 0xd8, 0x00,
		0xde, 0xff, 0xff, '\r', 0, 0xa0, 0, 0x00, 0x08 };
	const char u8[] = "a\xf0\x9f\x98\x80\xef\xbf\xbf\r\xc2\xa0\xe0\xa0\x80";

	ck_assert_int_eq(decode(le, sizeof le), 0);
	ck_assert_str_eq(d.text,
	    "a\xf0\x9f\x98\x80\xef\xbf\xbf\n\xc2\xa0\xe0\xa0\x80");
	release();
	reset();
	ck_assert_int_eq(decode(u8, sizeof u8 - 1), 0);
	ck_assert_str_eq(d.text,
	    "a\xf0\x9f\x98\x80\xef\xbf\xbf\n\xc2\xa0\xe0\xa0\x80");
}
END_TEST

START_TEST(overlong_utf8_refused)
{
	ck_assert_int_eq(decode("ab\xc0\x80", 4), -1);
	ck_assert_ptr_nonnull(strstr(cause, "invalid UTF-8"));
	ck_assert_ptr_nonnull(strstr(cause, "offset 2"));
}
END_TEST

START_TEST(empty_refused)
{
	ck_assert_int_eq(decode("", 0), -1);
	ck_assert_str_eq(cause, "empty file");
}
END_TEST

START_TEST(bom_only_refused)
{
	ck_assert_int_eq(decode("\xef\xbb\xbf", 3), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no text"));
}
END_TEST

START_TEST(bad_utf8_start_middle_end)
{
	static const struct {
		const char	*bytes;
		const char	*offset;
	} cases[] = {
		{ "\xff" "abc", "offset 0" },
		{ "abc\xc3\x28" "def", "offset 3" },	/* bad continuation */
		{ "abcdef\xed\xa0\x80", "offset 6" },	/* a UTF-16 surrogate */
		{ "ab\xc0\xaf", "offset 2" },		/* overlong '/' */
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		reset();
		ck_assert_int_eq(decode(cases[i].bytes,
		    strlen(cases[i].bytes)), -1);
		ck_assert_msg(strstr(cause, "UTF-8") != NULL &&
		    strstr(cause, cases[i].offset) != NULL,
		    "case %zu: '%s'", i, cause);
		release();
	}
	reset();
}
END_TEST

START_TEST(truncated_utf8_at_end)
{
	ck_assert_int_eq(decode("abc\xc5", 4), -1);
	ck_assert_ptr_nonnull(strstr(cause, "truncated"));
	ck_assert_ptr_nonnull(strstr(cause, "offset 3"));
}
END_TEST

START_TEST(odd_utf16_refused)
{
	ck_assert_int_eq(decode(utf16le, sizeof utf16le - 1), -1);
	ck_assert_ptr_nonnull(strstr(cause, "odd length"));
	ck_assert_ptr_nonnull(strstr(cause, "offset 22"));
}
END_TEST

START_TEST(unpaired_surrogate_refused)
{
	const unsigned char in[] = { 0xff, 0xfe, 'a', 0, 0x00, 0xd8, 'b', 0 };

	ck_assert_int_eq(decode(in, sizeof in), -1);
	ck_assert_ptr_nonnull(strstr(cause, "UTF-16LE"));
	ck_assert_ptr_nonnull(strstr(cause, "offset 4"));
}
END_TEST

START_TEST(binary_refused)
{
	const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
		'\n', 0, 0, 0, 0x0d };
	const char nul[] = "report\0text";

	ck_assert_int_eq(decode(png, sizeof png), -1);
	ck_assert_ptr_nonnull(strstr(cause, "offset 0"));
	release();
	reset();
	ck_assert_int_eq(decode(nul, sizeof nul - 1), -1);
	ck_assert_ptr_nonnull(strstr(cause, "binary"));
	ck_assert_ptr_nonnull(strstr(cause, "offset 6"));
}
END_TEST

START_TEST(utf16_without_bom_is_not_guessed)
{
	/* UTF-16 text with no BOM is full of NULs: refused, never guessed. */
	ck_assert_int_eq(decode(utf16le + 2, sizeof utf16le - 2), -1);
	ck_assert_ptr_nonnull(strstr(cause, "binary"));
}
END_TEST

/*
 * A piece at every offset of a longer text, so at every place in the runs
 * the fast decoder takes many bytes at a time: its output, or the fault it
 * leaves to iconv and the offset that is named.
 */
struct piece {
	const char	*in;		/* UTF-8; for UTF-16, the units */
	size_t		 len;		/* bytes of in, or units */
	const char	*out;		/* NULL: refused, with fault */
	const char	*fault;
};

static void
check_piece_at(const unsigned char *in, size_t len, const struct piece *p,
    size_t k, size_t fault_at)
{
	char	want[128], at[32];

	if (p->out == NULL) {
		snprintf(at, sizeof at, "offset %zu", fault_at);
		ck_assert_int_eq(decode(in, len), -1);
		ck_assert_msg(strstr(cause, p->fault) != NULL &&
		    strstr(cause, at) != NULL, "%s at %zu: '%s'", p->fault, k,
		    cause);
	} else {
		snprintf(want, sizeof want, "%.*s%s%.*s", (int)k,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", p->out, 20,
		    "bbbbbbbbbbbbbbbbbbbb");
		ck_assert_int_eq(decode(in, len), 0);
		ck_assert_str_eq(d.text, want);
	}
	release();
	reset();
}

START_TEST(utf8_piece_at_every_offset)
{
	static const struct piece pieces[] = {
		{ "ş", 2, "ş", NULL },
		{ "ə ı İ", 8, "ə ı İ", NULL },
		{ "\xe2\x80\x9c", 3, "\xe2\x80\x9c", NULL },
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80", NULL },
		{ "\t\n\f", 3, "\t\n\f", NULL },
		{ "\r\n\r", 3, "\n\n", NULL },
		{ "\xc5" "a", 2, NULL, "invalid UTF-8" },
		{ "\x9f", 1, NULL, "invalid UTF-8" },
		{ "\xc0\x80", 2, NULL, "invalid UTF-8" },
		{ "\x01", 1, NULL, "binary" },
		{ "\x7f", 1, NULL, "binary" },
	};
	unsigned char	in[128];
	size_t		i, k, len;

	for (i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
		for (k = 0; k <= 40; k++) {
			memset(in, 'a', k);
			memcpy(in + k, pieces[i].in, pieces[i].len);
			memset(in + k + pieces[i].len, 'b', 20);
			len = k + pieces[i].len + 20;
			check_piece_at(in, len, &pieces[i], k, k);
		}
}
END_TEST

/* UTF-16 with a BOM: k units 'a', the n units given, 20 units 'b'; return
 * its bytes. */
static size_t
utf16_text(unsigned char *in, int be, const uint16_t *units, size_t n,
    size_t k)
{
	size_t		j, len = 2;
	uint16_t	u;

	in[0] = be ? 0xfe : 0xff;
	in[1] = be ? 0xff : 0xfe;
	for (j = 0; j < k + n + 20; j++) {
		u = j < k ? 'a' : j < k + n ? units[j - k] : 'b';
		in[len++] = be ? u >> 8 : u & 0xff;
		in[len++] = be ? u & 0xff : u >> 8;
	}
	return len;
}

/* The same in UTF-16, little- and big-endian, for units. */
START_TEST(utf16_piece_at_every_offset)
{
	static const uint16_t units[][3] = {
		{ 0x15f }, { 0x80, 0x7ff, 0x800 }, { 0x201c },
		{ 0xd83d, 0xde00 }, { '\t', '\n', '\f' }, { '\r', '\n', '\r' },
		{ 0xd800, 'a' }, { 1 }, { 0x7f },
	};
	static const struct piece pieces[] = {
		{ NULL, 1, "ş", NULL },
		{ NULL, 3, "\xc2\x80\xdf\xbf\xe0\xa0\x80", NULL },
		{ NULL, 1, "\xe2\x80\x9c", NULL },
		{ NULL, 2, "\xf0\x9f\x98\x80", NULL },
		{ NULL, 3, "\t\n\f", NULL },
		{ NULL, 3, "\n\n", NULL },
		{ NULL, 2, NULL, "invalid UTF-16" },
		{ NULL, 1, NULL, "binary" },
		{ NULL, 1, NULL, "binary" },
	};
	unsigned char	in[256];
	size_t		i, k, n;
	int		be;

	for (be = 0; be <= 1; be++)
		for (i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
			for (k = 0; k <= 24; k++) {
				n = utf16_text(in, be, units[i], pieces[i].len,
				    k);
				check_piece_at(in, n, &pieces[i], k, 2 + 2 * k);
			}
}
END_TEST

START_TEST(sha256_known_vectors)
{
	char	hex[65];

	sha256_hex((const unsigned char *)"abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256_hex((const unsigned char *)"", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("decode");
	TCase	*tc = tcase_create("decode");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, reset, release);
	tcase_add_test(tc, plain_utf8);
	tcase_add_test(tc, utf8_bom_crlf);
	tcase_add_test(tc, lone_cr_becomes_lf);
	tcase_add_test(tc, every_range_decoded);
	tcase_add_test(tc, overlong_utf8_refused);
	tcase_add_test(tc, utf16le_crlf);
	tcase_add_test(tc, utf16be_lf);
	tcase_add_test(tc, empty_refused);
	tcase_add_test(tc, bom_only_refused);
	tcase_add_test(tc, bad_utf8_start_middle_end);
	tcase_add_test(tc, truncated_utf8_at_end);
	tcase_add_test(tc, odd_utf16_refused);
	tcase_add_test(tc, unpaired_surrogate_refused);
	tcase_add_test(tc, binary_refused);
	tcase_add_test(tc, utf16_without_bom_is_not_guessed);
	tcase_add_test(tc, utf8_piece_at_every_offset);
	tcase_add_test(tc, utf16_piece_at_every_offset);
	tcase_add_test(tc, sha256_known_vectors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
