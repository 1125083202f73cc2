/*
 * libFuzzer target: the OpenDocument reader on an arbitrary content.xml,
 * and the parser on what it reads.
 */
#include "fuzz_package.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_package("mimetype", "application/vnd.oasis.opendocument.text",
	    "content.xml", data, size);
}
