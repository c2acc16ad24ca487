/* libFuzzer target: any bytes through the whole extraction pipeline (read, normalize,
 * segment, entities, rules). The first byte picks the format so that the text, Markdown
 * and HTML readers are all reached. Must never crash, leak or run away. */
#include <stdint.h>
#include <stdlib.h>

#include "kg_config.h"
#include "kg_data.h"
#include "kg_pipeline.h"

static kg_extractor *extractor;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    kg_data_dir_set(KG_SOURCE_DIR);
    kg_error err;
    if (kg_extractor_new(NULL, &extractor, &err) != KG_OK) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *names[] = {"fuzz.txt", "fuzz.md", "fuzz.html", "fuzz"};
    const char *name = names[size ? data[0] % 4 : 0];
    kg_extract_options opts = {0};
    opts.read.lenient = size && (data[0] & 0x80);
    kg_article *a = NULL;
    kg_error err;
    if (kg_extract_bytes(extractor, name, (const char *)data, size, &opts, &a, &err) == KG_OK)
        kg_article_free(a);
    return 0;
}
