/*
 * The office readers' fuzz targets' common part: the lexicon, and an input
 * zipped into a package of its format and parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "collector.h"
#include "fuzz_init.h"
#include "fuzz_package.h"

static struct lexicon	*lex;

/* Load the lexicon once, before the first input. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	lex = fuzz_lexicon_load("fuzz");
	return 0;
}

/* Zip the kind member and the input as the XML member; parse the zip. */
int
fuzz_package(const char *kind, const char *kind_data, const char *xml,
    const uint8_t *data, size_t size)
{
	struct collect_options	 opt = { 0 };
	struct report		*r = NULL;
	zip_source_t		*src;
	zip_stat_t		 st;
	zip_t			*za;
	unsigned char		*b;
	char			*cause = NULL;

	if ((src = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL)
		abort();
	zip_source_keep(src);
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, NULL)) == NULL ||
	    zip_file_add(za, kind, zip_source_buffer(za, kind_data,
	    strlen(kind_data), 0), 0) < 0 ||
	    zip_file_add(za, xml, zip_source_buffer(za, data, size, 0), 0) < 0 ||
	    zip_close(za) != 0 || zip_source_stat(src, &st) != 0 ||
	    zip_source_open(src) != 0)
		abort();
	b = malloc(st.size);
	if (zip_source_read(src, b, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	if (collect_bytes(lex, "fuzz", b, st.size, &opt, &r, &cause) != 0)
		free(cause);
	report_free(r);
	free(b);
	return 0;
}
