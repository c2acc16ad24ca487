/* libFuzzer target: the cue prefilter's soundness. Input: a pattern, a NUL byte (or the
 * first newline), a text. When the pattern compiles (caseless, UTF, as rule patterns
 * are) and matches the text, every cue set kg_literals derives must have a word that
 * kg_multimatch finds in the text; otherwise the prefilter would lose a claim. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kg_literals.h"
#include "kg_multimatch.h"
#include "kg_regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int has_caseless_extras(const char *text, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        const unsigned char *b = (const unsigned char *)text + i;
        if ((b[0] == 0xC5 && b[1] == 0xBF) || (b[0] == 0xE2 && b[1] == 0x84 && i + 2 < len && b[2] == 0xAA))
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *split = memchr(data, '\0', size);
    if (!split) split = memchr(data, '\n', size);
    if (!split) return 0;
    size_t plen = (size_t)(split - data);
    char *pattern = malloc(plen + 1);
    memcpy(pattern, data, plen);
    pattern[plen] = '\0';
    const char *text = (const char *)split + 1;
    size_t tlen = size - plen - 1;

    int code;
    size_t offset;
    pcre2_code *re = kg_regex_compile(pattern, PCRE2_CASELESS | PCRE2_DUPNAMES, &code, &offset);
    if (!re) {
        free(pattern);
        return 0;
    }
    kg_literal_set sets[KG_LITERALS_MAX_SETS];
    size_t n = kg_literals_required(pattern, 1, sets);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mctx, 100000);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    /* Text that is not valid UTF-8 gives a match error, which is no match. */
    int rc = pcre2_match(re, (PCRE2_SPTR)text, tlen, 0, 0, md, mctx);
    if (rc >= 0 && !has_caseless_extras(text, tlen)) {
        for (size_t k = 0; k < n; k++) {
            kg_multimatch *mm = kg_multimatch_new();
            for (size_t i = 0; i < sets[k].n; i++) kg_multimatch_add(mm, sets[k].items[i], strlen(sets[k].items[i]));
            kg_multimatch_build(mm);
            unsigned char found[16] = {0};
            kg_multimatch_scan(mm, text, tlen, found);
            int any = 0;
            for (size_t i = 0; i < kg_multimatch_count(mm); i++) any |= kg_multimatch_found(found, i);
            if (!any) abort(); /* a match the prefilter would have skipped */
            kg_multimatch_free(mm);
        }
    }
    for (size_t k = 0; k < n; k++) kg_literal_set_free(&sets[k]);
    pcre2_match_data_free(md);
    pcre2_match_context_free(mctx);
    pcre2_code_free(re);
    free(pattern);
    return 0;
}
