/*
 * Text helpers: the scans that take many bytes at a time find what the
 * byte-at-a-time definition finds, at every offset and near every end.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* find_byte3() and last_byte3() for the bytes next_quote() wants. */
static size_t
find3(const char *s, size_t from, size_t to)
{
	return find_byte3(s, from, to, '"', '\xc2', '\xe2');
}

static size_t
last3(const char *s, size_t to)
{
	return last_byte3(s, to, '"', '\xc2', '\xe2');
}

/* Each of the three bytes at every offset of a 64-byte text, with every
 * end before and after it, searched forwards and backwards. */
START_TEST(find_byte3_at_every_offset)
{
	const char	 wanted[] = "\"\xc2\xe2";
	char		*s = xmalloc(64);
	size_t		 at, to, k, first;

	for (k = 0; k < 3; k++)
		for (at = 0; at < 64; at++) {
			memset(s, 'a', 64);
			s[at] = wanted[k];
			for (to = 0; to <= 64; to++) {
				first = at < to ? at : to;
				ck_assert_uint_eq(find3(s, 0, to), first);
				ck_assert_uint_eq(find3(s, first, to), first);
				ck_assert_uint_eq(last3(s, to),
				    at < to ? at + 1 : 0);
			}
			if (at > 0)
				ck_assert_uint_eq(find3(s, at - 1, 64), at);
			ck_assert_uint_eq(find3(s, at + 1, 64), 64);
		}
	free(s);
}
END_TEST

/* The Turkic lower case of a code point, as DOMAIN.md's matching wants
 * it, written as a plain list of rules. */
static uint32_t
fold_reference(uint32_t c)
{
	if (c == 'I')
		return 0x131;
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c == 0x130)
		return 'i';
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 0x20;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1) ? c + 1 : c;
	if (c == 0x18f)
		return 0x259;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

static void
check_fold(uint32_t c)
{
	char	in[8], want[8], *got;

	in[utf8_put(in, c)] = '\0';
	want[utf8_put(want, fold_reference(c))] = '\0';
	got = fold_string(in);
	ck_assert_msg(strcmp(got, want) == 0, "U+%04X", (unsigned int)c);
	free(got);
}

/* Every code point below U+3000, and a few beyond, folds as the rules
 * say. */
START_TEST(fold_every_code_point)
{
	static const uint32_t	beyond[] = { 0xfeff, 0xfffd, 0x1f600 };
	uint32_t		c;
	size_t			i;

	for (c = 1; c < 0x3000; c++)
		check_fold(c);
	for (i = 0; i < sizeof beyond / sizeof beyond[0]; i++)
		check_fold(beyond[i]);
}
END_TEST

/* folded_init() of text against folding it a character at a time: the
 * fold, and where it and the text part. */
static void
check_folded(const char *text)
{
	struct folded	 f;
	char		 want[256], *o = want;
	size_t		 i = 0, len = strlen(text), jumps = 0, prev, n;

	folded_init(&f, text, len);
	while (i < len) {
		prev = i;
		n = utf8_put(o, fold_reference(utf8_next(text, &i)));
		o += n;
		if (n == i - prev)
			continue;
		ck_assert_uint_lt(jumps, f.njumps);
		ck_assert_uint_eq(f.jumps[jumps].text, i);
		ck_assert_uint_eq(f.jumps[jumps++].fold, (size_t)(o - want));
	}
	*o = '\0';
	ck_assert_msg(strcmp(f.fold, want) == 0, "%s", text);
	ck_assert_uint_eq(f.foldlen, strlen(want));
	ck_assert_uint_eq(f.njumps, jumps);
	folded_free(&f);
}

/*
 * Each letter of two bytes, upper and lower case, the I's, and broken bytes
 * at every offset of a text that the fold takes 16 bytes at a time: the
 * fold, and where it and the text part, are what folding each character
 * by the rules gives.
 */
START_TEST(fold_piece_at_every_offset)
{
	static const char *const pieces[] = {
		"ə", "Ə", "ı", "I", "İ", "i", "ş", "Ş", "ü", "Ü", "ö", "Ö",
		"ç", "Ç", "ğ", "Ğ", "×", "ß", "Þ", "ÿ", "Ā", "ā", "ķ", "ĸ", "Ĺ",
		"ĺ", "ŉ", "Ŋ", "ŋ", "ŷ", "Ÿ", "Ź", "ž", "ſ", "ɀ", "ʏ", "Ж", "ж",
		"“", "\xc3", "\xc3" "A", "\x9f", "\xc9\xc9", "ABCXYZ@[`{",
	};
	char		 text[64];
	size_t		 k, at;

	for (k = 0; k < sizeof pieces / sizeof pieces[0]; k++)
		for (at = 0; at < 20; at++) {
			memset(text, 'a', at);
			strcpy(text + at, pieces[k]);
			strcat(text, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
			check_folded(text);
		}
}
END_TEST

/* A byte that is no ASCII letter or digit at every offset of a word of
 * 64 bytes is found after it, whatever the range. */
START_TEST(may_start_word_at_every_offset)
{
	static const char	seps[] = " .(\xc9\x99";
	char			s[80];
	size_t			at, from, k;

	for (k = 0; k < sizeof seps - 1; k++)
		for (at = 0; at < 64; at++) {
			memset(s, 'a', 64);
			memcpy(s + 32, "Z9", 2);
			s[at] = seps[k];
			for (from = 0; from <= at + 1; from++)
				ck_assert_uint_eq(may_start_word(s, from, 64),
				    from == 0 ? 0 : at + 1 < 64 ? at + 1 : 64);
			ck_assert_uint_eq(may_start_word(s, 1, at + 1),
			    at + 1);
		}
}
END_TEST

/*
 * A word in each case, at every offset of a text searched 16 bytes at a
 * time, is found where it starts a word, and only there.
 */
START_TEST(find_fold_at_every_offset)
{
	static const struct {
		const char	*word;
		const char	*pat;
		int		 found;
	} cases[] = {
		{ "Tərəfindən", "tərəfindən", 1 },
		{ "TƏRƏFİNDƏN", "tərəfindən", 1 },
		{ "İlə", "ilə", 1 },
		{ "ilə", "ilə", 1 },
		{ "ILƏ", "ilə", 0 },
		{ "ılə", "Ilə", 1 },
		{ "Əsasən", "əsasən", 1 },
		{ "xilə", "ilə", 0 },
		{ "şilə", "ilə", 0 },
		{ "Arasında", "arasında", 1 },
		{ "arasınd", "arasında", 0 },
	};
	char		 text[128];
	const char	*hit;
	size_t		 k, at, m;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
		for (at = 0; at < 40; at++) {
			memset(text, ' ', at);
			if (at >= 3)
				memcpy(text, "ə", 2);
			strcpy(text + at, cases[k].word);
			strcat(text, " və İcra ilə bağlı bbbbbbbbbbbbbbbb");
			hit = find_fold(text, strlen(text), cases[k].pat, &m);
			/* Not in the word: at most in the text after it. */
			if (!cases[k].found)
				ck_assert_msg(hit == NULL || hit >= text + at +
				    strlen(cases[k].word), "%s at %zu",
				    cases[k].word, at);
			else {
				ck_assert_msg(hit == text + at, "%s at %zu",
				    cases[k].word, at);
				ck_assert_uint_eq(m, strlen(cases[k].word));
			}
		}
}
END_TEST

/*
 * s with every run of white space made one space, trimmed, character by
 * character: what normalising means.
 */
static char *
squeeze_reference(const char *s, size_t len)
{
	char		*out = xmalloc(len + 1), *o = out;
	size_t		 i = 0, prev;
	int		 pending = 0;

	while (i < len) {
		prev = i;
		if (is_space_cp(utf8_next(s, &i))) {
			pending = o != out;
			continue;
		}
		if (pending)
			*o++ = ' ';
		pending = 0;
		memcpy(o, s + prev, i - prev);
		o += i - prev;
	}
	*o = '\0';
	return out;
}

/* A piece at every offset of a line that is normalised 16 bytes at a
 * time, with each kind of end, as a copy and, for well-formed text, in
 * place. */
static void
check_normalise(const char *piece, int well_formed)
{
	static const char *const ends[] = { "", " ", "  ", "\t", "\xc2\xa0" };
	char		 line[128], *want, *got;
	size_t		 e, at, len;

	for (e = 0; e < sizeof ends / sizeof ends[0]; e++)
		for (at = 0; at < 40; at++) {
			memset(line, 'a', at);
			line[at % 7] = ' ';
			strcpy(line + at, piece);
			strcat(line, "bbbbbbbbbbbbbbbbbbbb ççç dd");
			strcat(line, ends[e]);
			len = strlen(line);
			want = squeeze_reference(line, len);
			got = normalize_space(line, len);
			ck_assert_msg(strcmp(got, want) == 0, "'%s' %zu %zu",
			    piece, e, at);
			free(got);
			if (well_formed) {
				ck_assert_uint_eq(normalize_space_in_place(line,
				    len), strlen(want));
				ck_assert_msg(strcmp(line, want) == 0,
				    "in place: '%s' %zu %zu", piece, e, at);
			}
			free(want);
		}
}

/* White space of each kind, what only looks like it, and broken bytes. */
START_TEST(normalise_piece_at_every_offset)
{
	static const char *const pieces[] = {
		" ", "  ", "\t", " \t ", "\f", "\xc2\xa0", " \xc2\xa0",
		"\xe2\x80\x83", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
		"\xef\xbb\xbf", "“", " ”", "№ ", "«", "ə ş", "x", " ə", " ğ ",
	};
	static const char *const broken[] = {
		"\xc3", "\x9f", " \x9f", "\xc0\xa0", " \xc3 ", "\xe0\x80\xa0",
	};
	size_t	k;

	for (k = 0; k < sizeof pieces / sizeof pieces[0]; k++)
		check_normalise(pieces[k], 1);
	for (k = 0; k < sizeof broken / sizeof broken[0]; k++)
		check_normalise(broken[k], 0);
}
END_TEST

/* Matches whatever the case, with I and ı, İ and i paired. */
START_TEST(match_fold_cases)
{
	static const struct {
		const char	*s;
		const char	*pat;
		size_t		 matched;
	} cases[] = {
		{ "Saziş imzalanmışdır", "saziş", 6 },
		{ "SAZİŞ", "saziş", 7 },
		{ "Ədliyyə", "ədliyyə", 9 },
		{ "ədliyyə", "ƏDLİYYƏ", 9 },
		{ "İcra", "icra", 5 },
		{ "Icra", "icra", 0 },
		{ "ıcra", "Icra", 5 },
		{ "a \t b", "a b", 5 },
		{ "ab", "a  b", 0 },
		{ "Sazi", "saziş", 0 },
		{ "Saziş", "sazis", 0 },
		{ "Sazış", "saziş", 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(match_fold(cases[i].s, strlen(cases[i].s),
		    cases[i].pat) == cases[i].matched, "%s / %s", cases[i].s,
		    cases[i].pat);
	ck_assert_uint_eq(match_fold("abc", 2, "abc"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("text");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, find_byte3_at_every_offset);
	tcase_add_test(tc, fold_every_code_point);
	tcase_add_test(tc, fold_piece_at_every_offset);
	tcase_add_test(tc, match_fold_cases);
	tcase_add_test(tc, may_start_word_at_every_offset);
	tcase_add_test(tc, find_fold_at_every_offset);
	tcase_add_test(tc, normalise_piece_at_every_offset);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
