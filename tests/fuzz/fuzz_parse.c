/*
 * libFuzzer target: the decoder and the parser on arbitrary bytes, as
 * `napmon parse` meets a file, with the shipped lexicon loaded once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "collector.h"
#include "fuzz_init.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct lexicon	*lex;

/* Load the lexicon once, before the first input. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	lex = fuzz_lexicon_load("fuzz_parse");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct collect_options	 opt = { 0 };
	struct report		*r = NULL;
	char			*cause = NULL;

	if (collect_bytes(lex, "fuzz.txt", data, size, &opt, &r, &cause) != 0)
		free(cause);
	report_free(r);
	return 0;
}
