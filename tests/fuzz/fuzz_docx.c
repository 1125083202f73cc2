/*
 * libFuzzer target: the Word reader on an arbitrary word/document.xml, and
 * the parser on what it reads.
 */
#include "fuzz_package.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_package("[Content_Types].xml", "<Types><Override "
	    "PartName=\"/word/document.xml\" ContentType=\"application/vnd."
	    "openxmlformats-officedocument.wordprocessingml.document.main+xml"
	    "\"/></Types>", "word/document.xml", data, size);
}
