/*
 * For the office readers' fuzz targets: the input is one XML member, put
 * into a package beside the member that names its format, so that the
 * fuzzer mutates the XML rather than zip checksums; the whole package then
 * goes through collect_bytes() as `napmon parse` meets a file.
 */
#ifndef NAPMON_FUZZ_PACKAGE_H
#define NAPMON_FUZZ_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	fuzz_package(const char *kind, const char *kind_data, const char *xml,
	    const uint8_t *, size_t);

#endif
