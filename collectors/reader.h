/*
 * One reader per input format: each turns a file's bytes into the text
 * layout of a Word table exported to text, which the layout pass reads.
 */
#ifndef NAPMON_COLLECTORS_READER_H
#define NAPMON_COLLECTORS_READER_H

#include "internal.h"

/*
 * A file's bytes, and the zip package they hold: opened by the first
 * reader that looks inside and kept for the others and for the read, as
 * opening one costs a Word file's parse 4% (docs/performance.md).
 */
struct input {
	const unsigned char	*b;
	size_t			 len;
	struct package		*package;	/* package.c's; NULL until
						   opened */
};

/*
 * A format: sniff() says whether the bytes are its own, read() decodes them
 * to UTF-8 text with LF line ends where body paragraphs are lines, each
 * paragraph of a table cell a line that starts with a tab, and a blank line
 * ends each table row.  Each implementation keeps everything static and
 * exports one of these.
 */
struct reader {
	const char	*name;
	enum format	 format;
	int		(*sniff)(struct input *);
	int		(*read)(struct input *, struct decoded *, char **cause);
};

extern const struct reader	reader_docx;	/* read_docx.c */
extern const struct reader	reader_odt;	/* read_odt.c */
extern const struct reader	reader_text;	/* decode.c */

/* Why a zip package is no office reader's; close it (package.c). */
char	*package_why(struct input *);
void	 input_close(struct input *);

#endif
