/*
 * Blobs: the snapshot's JSON texts, shared by the answers and the export
 * files and freed with their last reference.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "napmond.h"

/* Make a blob of a JSON document, with a final newline. */
struct blob *
blob_json(const cJSON *doc)
{
	struct blob	*b;
	char		*text;
	size_t		 len;

	text = json_text(doc, &len);
	b = xcalloc(1, sizeof *b + len + 2);
	b->refs = 1;
	b->len = len + 1;
	memcpy(b->text, text, len);
	b->text[len] = '\n';
	free(text);
	return (b);
}

/* Drop a reference to a blob, freeing it with the last. */
void
blob_unref(struct blob *b)
{
	if (b == NULL || --b->refs > 0)
		return;
	free(b);
}
