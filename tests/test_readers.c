/*
 * Readers: the text each office reader writes for the pieces of Word and
 * OpenDocument XML real files hold, and the reason each refuses a hostile
 * package with.  The packages are made here with libzip.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "reader.h"
#include "check_run.h"

#define WNS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_DOC	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/" \
	"wordprocessingml/2006/main\" xmlns:mc=\"http://schemas." \
	"openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define W_END	"</w:body></w:document>"
#define W_TYPES	"<?xml version=\"1.0\"?><Types><Override PartName=" \
	"\"/word/document.xml\" ContentType=\"application/vnd." \
	"openxmlformats-officedocument.wordprocessingml.document.main+xml\"" \
	"/></Types>"
#define O_DOC	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
	"<office:document-content xmlns:office=\"urn:oasis:names:tc:" \
	"opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:" \
	"opendocument:xmlns:text:1.0\" xmlns:table=\"urn:oasis:names:tc:" \
	"opendocument:xmlns:table:1.0\"><office:body><office:text>"
#define O_END	"</office:text></office:body></office:document-content>"
#define O_MIME	"application/vnd.oasis.opendocument.text"

static struct lexicon	*lex;

/* A package in memory, made with libzip: name and content pairs. */
struct pkg {
	unsigned char	*b;
	size_t		 len;
};

/*
 * Zip the members (name, data pairs) into p, the last compressed by method
 * (the others as libzip likes).
 */
static void
pkg_make_with(struct pkg *p, const char *const *members, size_t n,
    zip_int32_t method)
{
	zip_source_t	*src;
	zip_t		*za;
	zip_stat_t	 st;
	size_t		 i;

	src = zip_source_buffer_create(NULL, 0, 0, NULL);
	ck_assert_ptr_nonnull(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	ck_assert_ptr_nonnull(za);
	for (i = 0; i + 1 < n; i += 2) {
		ck_assert_int_ge(zip_file_add(za, members[i],
		    zip_source_buffer(za, members[i + 1],
		    strlen(members[i + 1]), 0), ZIP_FL_ENC_UTF_8), 0);
		if (i + 2 >= n)
			ck_assert_int_eq(zip_set_file_compression(za, i / 2,
			    method, 0), 0);
	}
	ck_assert_int_eq(zip_close(za), 0);
	ck_assert_int_eq(zip_source_stat(src, &st), 0);
	p->len = (size_t)st.size;
	p->b = malloc(p->len);
	ck_assert_int_eq(zip_source_open(src), 0);
	ck_assert_int_eq(zip_source_read(src, p->b, p->len),
	    (zip_int64_t)p->len);
	zip_source_close(src);
	zip_source_free(src);
}

/* Zip the members (name, data pairs) into p, as libzip compresses them. */
static void
pkg_make(struct pkg *p, const char *const *members, size_t n)
{
	pkg_make_with(p, members, n, ZIP_CM_DEFAULT);
}

/* A .docx of one document.xml body, compressed by method. */
static void
docx_with(struct pkg *p, const char *body, zip_int32_t method)
{
	char		*xml;
	const char	*m[4];

	if (asprintf(&xml, W_DOC "%s" W_END, body) < 0)
		ck_abort();
	m[0] = "[Content_Types].xml";
	m[1] = W_TYPES;
	m[2] = "word/document.xml";
	m[3] = xml;
	pkg_make_with(p, m, 4, method);
	free(xml);
}

/* A .docx of one document.xml body. */
static void
docx(struct pkg *p, const char *body)
{
	docx_with(p, body, ZIP_CM_DEFAULT);
}

/* An .odt of one content.xml text. */
static void
odt(struct pkg *p, const char *text)
{
	char		*xml;
	const char	*m[4];

	if (asprintf(&xml, O_DOC "%s" O_END, text) < 0)
		ck_abort();
	m[0] = "mimetype";
	m[1] = O_MIME;
	m[2] = "content.xml";
	m[3] = xml;
	pkg_make(p, m, 4);
	free(xml);
}

/* The reader sniffs the package as its own and reads it as want. */
static void
reads_as(const struct reader *rd, struct pkg *p, const char *want)
{
	struct input	 in = { p->b, p->len, NULL };
	struct decoded	 d;
	char		*cause = NULL;

	ck_assert_msg(rd->sniff(&in), "%s: not sniffed", rd->name);
	ck_assert_msg(rd->read(&in, &d, &cause) == 0, "%s", cause);
	input_close(&in);
	ck_assert_str_eq(d.text, want);
	ck_assert_uint_eq(d.len, strlen(want));
	free(d.text);
	free(p->b);
}

/* The package is refused, with a reason that says why. */
static void
refused_for(struct pkg *p, const char *why)
{
	struct report	*r;
	char		*cause = NULL;

	ck_assert_int_ne(collect_bytes(lex, "x", p->b, p->len, NULL, &r,
	    &cause), 0);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(cause, why) != NULL, "\"%s\" does not say "
	    "\"%s\"", cause, why);
	free(cause);
	free(p->b);
}

#define P(x)	"<w:p>" x "</w:p>"
#define R(x)	"<w:r><w:t>" x "</w:t></w:r>"
#define TC(x)	"<w:tc>" x "</w:tc>"
#define TR(x)	"<w:tr>" x "</w:tr>"

START_TEST(docx_runs_split_mid_word_add_no_space)
{
	struct pkg	p;

	docx(&p, P(R("Sazi") "<w:proofErr w:type=\"spellStart\"/>"
	    "<w:r><w:rPr><w:b/></w:rPr><w:t>şin</w:t></w:r>" R(" adı")));
	reads_as(&reader_docx, &p, "Sazişin adı\n");
}
END_TEST

START_TEST(docx_cells_are_tab_lines_and_rows_end_blank)
{
	struct pkg	p;

	docx(&p, P(R("Başlıq")) "<w:tbl><w:tblPr/><w:tblGrid/>"
	    TR(TC(P(R("1.1"))) TC(P(R("Ad")) P(R("İkinci")) P(""))
	    TC("<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P(R("DMX"))))
	    TR(TC(P(R("1.2")))) "</w:tbl>" P(R("Son")));
	reads_as(&reader_docx, &p, "Başlıq\n\t1.1\n\tAd\n\tİkinci\n\tDMX\n\n"
	    "\t1.2\n\nSon\n");
}
END_TEST

START_TEST(docx_vmerge_continuation_cells_write_nothing)
{
	struct pkg	p;

	docx(&p, "<w:tbl>"
	    TR(TC("<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("A")))
	    TC(P(R("B"))))
	    TR(TC("<w:tcPr><w:vMerge/></w:tcPr>" P(R("köhnə"))) TC(P(R("C"))))
	    TR(TC("<w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr>"
	    P(R("köhnə"))) TC(P(R("D")))) "</w:tbl>");
	reads_as(&reader_docx, &p, "\tA\n\tB\n\n\tC\n\n\tD\n\n");
}
END_TEST

START_TEST(docx_nested_tables_are_cells)
{
	struct pkg	p;

	docx(&p, "<w:tbl>" TR(TC(P(R("a")) "<w:tbl>" TR(TC(P(R("b"))))
	    "</w:tbl>" P(R("c")))) "</w:tbl>");
	reads_as(&reader_docx, &p, "\ta\n\tb\n\n\tc\n\n");
}
END_TEST

START_TEST(docx_tabs_and_breaks)
{
	struct pkg	p;

	docx(&p, "<w:tbl>" TR(TC(P("<w:pPr><w:tabs><w:tab w:val=\"left\" "
	    "w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/>"
	    "<w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t>"
	    "</w:r>"))) "</w:tbl>");
	reads_as(&reader_docx, &p, "\ta\tb\n\tc-d\n\n");
}
END_TEST

START_TEST(docx_revisions_fields_and_notes)
{
	struct pkg	p;

	docx(&p, P("<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>"
	    "<w:bookmarkEnd w:id=\"0\"/>" R("Saziş ")
	    "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>silinib "
	    "</w:delText></w:r></w:del>"
	    "<w:ins w:id=\"2\" w:author=\"a\">" R("imzalanmışdır") "</w:ins>"
	    "<w:moveFrom w:id=\"3\" w:author=\"a\">" R("köçən") "</w:moveFrom>"
	    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>"
	    " PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="
	    "\"separate\"/></w:r>" R(".") "<w:r><w:fldChar w:fldCharType="
	    "\"end\"/></w:r><w:commentRangeStart w:id=\"0\"/>"
	    "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"
	    "<w:r><w:commentReference w:id=\"0\"/></w:r>"));
	reads_as(&reader_docx, &p, "Saziş imzalanmışdır.\n");
}
END_TEST

START_TEST(docx_content_controls_and_smart_tags_count)
{
	struct pkg	p;

	docx(&p, "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/><w:placeholder>"
	    "<w:docPart w:val=\"y\"/></w:placeholder></w:sdtPr><w:sdtContent>"
	    P("<w:smartTag w:element=\"date\"><w:smartTagPr><w:attr w:name=\"y\""
	    " w:val=\"2016\"/></w:smartTagPr>" R("2016-cı") "</w:smartTag>"
	    R(" il")) "</w:sdtContent></w:sdt>"
	    P("<mc:AlternateContent><mc:Choice Requires=\"wps\">" R("bir")
	    "</mc:Choice><mc:Fallback>" R("bir") "</mc:Fallback>"
	    "</mc:AlternateContent>"));
	reads_as(&reader_docx, &p, "2016-cı il\nbir\n");
}
END_TEST

/*
 * Text the parser hands over in pieces: references, CDATA, and a paragraph
 * of two-byte letters longer than libxml2's reads of the member (4,000
 * bytes), so that a letter is cut between two reads.
 */
START_TEST(docx_text_in_pieces_reads_whole)
{
	struct pkg	 p;
	char		*body, *want, *long_t;
	size_t		 i, n = 3 * 64 * 1024 / 2 + 1;

	long_t = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++)
		memcpy(long_t + 2 * i, "\xc9\x99", 2);	/* ə */
	long_t[2 * n] = '\0';
	ck_assert_int_ge(asprintf(&body, P(R("a&amp;b&#13;c&#x131;"))
	    P("<w:r><w:t><![CDATA[<d>]]></w:t></w:r>") P(R("%s")), long_t), 0);
	ck_assert_int_ge(asprintf(&want, "a&b cı\n<d>\n%s\n", long_t), 0);
	docx(&p, body);
	reads_as(&reader_docx, &p, want);
	free(body);
	free(want);
	free(long_t);
}
END_TEST

/*
 * Elements are known by namespace, whatever the prefix: another prefix or
 * the default namespace for WordprocessingML, a prefix bound again inside
 * an element and back in scope after it, an attribute's own prefix.
 */
START_TEST(docx_prefixes_are_resolved_in_scope)
{
	struct pkg	p;

	docx(&p, "<x:p xmlns:x=\"" WNS "\"><x:r><x:t>Bir</x:t></x:r></x:p>"
	    "<p xmlns=\"" WNS "\"><r><t>\xc4\xb0ki</t></r></p>"
	    "<w:p><w:r xmlns:w=\"urn:x-other\"><w:t>yox</w:t></w:r></w:p>"
	    P(R("\xc3\x9c\xc3\xa7")) "<w:tbl>"
	    TR(TC("<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("A"))))
	    TR(TC("<w:tcPr><w:vMerge xmlns:v=\"" WNS "\" v:val=\"restart\"/>"
	    "</w:tcPr>" P(R("B")))) TR(TC("<w:tcPr><w:vMerge xmlns:v=\"urn:"
	    "x-other\" v:val=\"restart\"/></w:tcPr>" P(R("yox")))) "</w:tbl>");
	reads_as(&reader_docx, &p, "Bir\n\xc4\xb0ki\n\xc3\x9c\xc3\xa7\n"
	    "\tA\n\n\tB\n\n\n");
}
END_TEST

/*
 * Names past half of the walk's table of names seen are split each time
 * they come, and read the same: three hundred names of another namespace,
 * then a w:tab, first seen after them.
 */
START_TEST(docx_names_past_the_table_read_the_same)
{
	struct pkg	 p;
	char		*body, *at;
	int		 i;

	body = xmalloc(300 * 16 + 256);
	at = body + sprintf(body, "%s", P(R("a")) "<w:p xmlns:x=\"urn:x\">");
	for (i = 0; i < 300; i++)
		at += sprintf(at, "<x:e%d/>", i);
	sprintf(at, "%s", "<w:r><w:tab/><w:t>b</w:t></w:r></w:p>");
	docx(&p, body);
	reads_as(&reader_docx, &p, "a\n\tb\n");
	free(body);
}
END_TEST

START_TEST(odt_spaces_tabs_breaks_and_headings)
{
	struct pkg	p;

	odt(&p, "<text:h text:outline-level=\"1\">Başlıq</text:h>"
	    "<text:p>a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>"
	    "<text:span>d</text:span> <text:span>e</text:span></text:p>"
	    "<text:p>f<text:s text:c=\"1000000\"/>g</text:p>");
	reads_as(&reader_odt, &p, "Başlıq\na   b\tc\nd e\n"
	    "f                g\n");
}
END_TEST

START_TEST(odt_tables_spans_and_covered_cells)
{
	struct pkg	p;

	odt(&p, "<table:table><table:table-column/>"
	    "<table:table-header-rows><table:table-row><table:table-cell>"
	    "<text:p>№№</text:p></table:table-cell></table:table-row>"
	    "</table:table-header-rows><table:table-row>"
	    "<table:table-cell table:number-columns-spanned=\"2\"><text:p>1.1"
	    "</text:p><text:p>Ad</text:p></table:table-cell>"
	    "<table:covered-table-cell><text:p>gizli</text:p>"
	    "</table:covered-table-cell><table:table-cell/></table:table-row>"
	    "</table:table><text:p>Son</text:p>");
	reads_as(&reader_odt, &p, "\t№№\n\n\t1.1\n\tAd\n\nSon\n");
}
END_TEST

START_TEST(odt_changes_notes_and_comments_are_out)
{
	struct pkg	p;

	odt(&p, "<text:tracked-changes><text:changed-region text:id=\"c1\">"
	    "<text:deletion><text:p>silinmiş</text:p></text:deletion>"
	    "</text:changed-region></text:tracked-changes>"
	    "<text:p>Saziş<text:change text:change-id=\"c1\"/>"
	    "<text:note text:note-class=\"footnote\"><text:note-citation>1"
	    "</text:note-citation><text:note-body><text:p>qeyd</text:p>"
	    "</text:note-body></text:note> imzalanmışdır"
	    "<office:annotation><text:p>şərh</text:p></office:annotation>."
	    "</text:p>");
	reads_as(&reader_odt, &p, "Saziş imzalanmışdır.\n");
}
END_TEST

START_TEST(refuses_a_doctype_and_its_entities)
{
	struct pkg	p;
	const char	*m[] = { "[Content_Types].xml", W_TYPES,
	    "word/document.xml", "<?xml version=\"1.0\"?><!DOCTYPE d ["
	    "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
	    "<d>&b;</d>" };

	pkg_make(&p, m, 4);
	refused_for(&p, "word/document.xml: a DOCTYPE");
}
END_TEST

START_TEST(refuses_xml_nested_too_deep)
{
	struct pkg	 p;
	char		*body = calloc(1, 300 * 12 + 1);
	int		 i;

	for (i = 0; i < 300; i++)
		strcat(body, "<w:sdt>");
	docx(&p, body);
	free(body);
	refused_for(&p, "XML nested deeper than 128 elements");
}
END_TEST

START_TEST(refuses_malformed_xml_with_its_line)
{
	struct pkg	p;

	odt(&p, "<text:p>a</text:h>");
	refused_for(&p, "content.xml: malformed XML at line 1");
}
END_TEST

START_TEST(refuses_a_prefix_bound_to_no_namespace)
{
	struct pkg	p;

	docx(&p, P(R("a")) "<w:p><q:r/></w:p>");
	refused_for(&p, "word/document.xml: malformed XML at line 1: "
	    "Namespace prefix q on r is not defined");
	docx(&p, P("<w:r q:x=\"1\"><w:t>a</w:t></w:r>"));
	refused_for(&p, "Namespace prefix q for x on r is not defined");
}
END_TEST

START_TEST(refuses_a_package_without_its_document)
{
	struct pkg	p;
	const char	*w[] = { "[Content_Types].xml", W_TYPES,
	    "word/other.xml", "<x/>" };
	const char	*o[] = { "mimetype", O_MIME, "styles.xml", "<x/>" };

	pkg_make(&p, w, 4);
	refused_for(&p, "no member word/document.xml");
	pkg_make(&p, o, 4);
	refused_for(&p, "no member content.xml");
}
END_TEST

START_TEST(refuses_a_member_inflating_over_100_to_1)
{
	struct pkg	 p;
	char		*big = malloc(2 * 1024 * 1024 + 1);

	memset(big, 'a', 2 * 1024 * 1024);
	big[2 * 1024 * 1024] = '\0';
	docx(&p, big);
	free(big);
	refused_for(&p, "member word/document.xml inflates");
}
END_TEST

/* Members stored as they are, not deflated, read the same. */
START_TEST(docx_stored_members_read_the_same)
{
	struct pkg	p;

	docx_with(&p, P(R("Saziş imzalanmışdır")), ZIP_CM_STORE);
	reads_as(&reader_docx, &p, "Saziş imzalanmışdır\n");
}
END_TEST

/* A stored member changed after it was zipped fails its CRC. */
START_TEST(refuses_a_member_failing_its_crc)
{
	struct pkg	 p;
	unsigned char	*at;

	docx_with(&p, P(R("Saziş imzalanmışdır")), ZIP_CM_STORE);
	at = memmem(p.b, p.len, "imzalan", 7);
	ck_assert_ptr_nonnull(at);
	at[0] = 'I';
	refused_for(&p, "member word/document.xml: its CRC does not match");
}
END_TEST

/* Word and OpenDocument deflate: another method is named, not guessed at. */
START_TEST(refuses_a_member_compressed_otherwise)
{
	struct pkg	p;

	ck_assert(zip_compression_method_supported(ZIP_CM_BZIP2, 1));
	docx_with(&p, P(R("Saziş")), ZIP_CM_BZIP2);
	refused_for(&p, "member word/document.xml is compressed with method "
	    "12; Word and OpenDocument files use deflate");
}
END_TEST

/* A [Content_Types].xml past 64 KiB is not inflated to look inside. */
START_TEST(refuses_a_content_types_too_big_to_sniff)
{
	struct pkg	 p;
	char		*types;
	const char	*m[4];
	size_t		 pad = 64 * 1024;

	types = malloc(sizeof W_TYPES + pad);
	memset(types, ' ', pad);
	memcpy(types + pad, W_TYPES, sizeof W_TYPES);
	m[0] = "[Content_Types].xml";
	m[1] = types;
	m[2] = "word/document.xml";
	m[3] = W_DOC P(R("Saziş")) W_END;
	pkg_make(&p, m, 4);
	free(types);
	refused_for(&p, "neither a Word .docx nor an OpenDocument .odt");
}
END_TEST

START_TEST(refuses_other_zips_and_formats_by_name)
{
	struct pkg	 p;
	const char	*m[] = { "readme.txt", "salam" };
	unsigned char	 doc[] = "\320\317\021\340\241\261\032\341\0\0";
	unsigned char	 pdf[] = "%PDF-1.7\n%\342\343\n";

	pkg_make(&p, m, 2);
	refused_for(&p, "neither a Word .docx nor an OpenDocument .odt");
	docx(&p, P(R("a")));
	p.len /= 2;		/* truncated: the central directory is gone */
	refused_for(&p, "a corrupt or truncated zip package");
	p.b = malloc(sizeof doc);
	memcpy(p.b, doc, p.len = sizeof doc);
	refused_for(&p, "an old binary Word .doc");
	p.b = malloc(sizeof pdf);
	memcpy(p.b, pdf, p.len = sizeof pdf - 1);
	refused_for(&p, "a PDF: not read yet");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("readers");
	TCase	*tc = tcase_create("readers");
	int	 status;

	if ((lex = check_lexicon()) == NULL)
		return EXIT_FAILURE;
	tcase_add_test(tc, docx_runs_split_mid_word_add_no_space);
	tcase_add_test(tc, docx_cells_are_tab_lines_and_rows_end_blank);
	tcase_add_test(tc, docx_vmerge_continuation_cells_write_nothing);
	tcase_add_test(tc, docx_nested_tables_are_cells);
	tcase_add_test(tc, docx_tabs_and_breaks);
	tcase_add_test(tc, docx_revisions_fields_and_notes);
	tcase_add_test(tc, docx_content_controls_and_smart_tags_count);
	tcase_add_test(tc, docx_text_in_pieces_reads_whole);
	tcase_add_test(tc, docx_prefixes_are_resolved_in_scope);
	tcase_add_test(tc, docx_names_past_the_table_read_the_same);
	tcase_add_test(tc, odt_spaces_tabs_breaks_and_headings);
	tcase_add_test(tc, odt_tables_spans_and_covered_cells);
	tcase_add_test(tc, odt_changes_notes_and_comments_are_out);
	tcase_add_test(tc, refuses_a_doctype_and_its_entities);
	tcase_add_test(tc, refuses_xml_nested_too_deep);
	tcase_add_test(tc, refuses_malformed_xml_with_its_line);
	tcase_add_test(tc, refuses_a_prefix_bound_to_no_namespace);
	tcase_add_test(tc, refuses_a_package_without_its_document);
	tcase_add_test(tc, refuses_a_member_inflating_over_100_to_1);
	tcase_add_test(tc, docx_stored_members_read_the_same);
	tcase_add_test(tc, refuses_a_member_failing_its_crc);
	tcase_add_test(tc, refuses_a_member_compressed_otherwise);
	tcase_add_test(tc, refuses_a_content_types_too_big_to_sniff);
	tcase_add_test(tc, refuses_other_zips_and_formats_by_name);
	suite_add_tcase(s, tc);
	status = check_run(s);
	lexicon_free(lex);
	return status;
}
