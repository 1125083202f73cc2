/*
 * Read a whole test file into memory, NUL-terminated; NULL when it cannot
 * be read.  For the tests that compare what the parser reads with a file.
 */
#ifndef NAPMON_SLURP_H
#define NAPMON_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static inline char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	long	 n;
	char	*buf;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

#endif
