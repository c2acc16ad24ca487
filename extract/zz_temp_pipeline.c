/* TEMPORARY stand-in for the extraction pipeline so the store branch links and its CLI
 * can be exercised before the real pipeline lands: one sentence per non-empty line, no
 * mentions, no claims. Removed before the branch is merged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_pipeline.h"

struct kg_extractor {
    int unused;
};

__attribute__((weak)) const kg_entity_info *kg_lexicon_get(const kg_lexicon *lex, const char *id) {
    (void)lex;
    (void)id;
    return NULL;
}

__attribute__((weak)) int kg_extractor_new(const char *data_dir, kg_extractor **out, kg_error *err) {
    (void)data_dir;
    (void)err;
    *out = kg_xcalloc(1, sizeof **out);
    return KG_OK;
}

__attribute__((weak)) void kg_extractor_free(kg_extractor *ex) { free(ex); }

__attribute__((weak)) const kg_lexicon *kg_extractor_lexicon(const kg_extractor *ex) {
    (void)ex;
    return NULL;
}

static void stub_doc_free(kg_doc *d) {
    if (!d) return;
    free(d->path);
    free(d->raw);
    free(d->body.raw_start);
    free(d->body.raw_end);
    free(d);
}

__attribute__((weak)) void kg_article_free(kg_article *a) {
    if (!a) return;
    stub_doc_free(a->doc);
    kg_arena_free(a->arena);
    free(a);
}

static char *slurp(FILE *f, size_t *len) {
    size_t cap = 4096, n = 0, got;
    char *buf = kg_xmalloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) buf = kg_xrealloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Returns the offset of the first byte that is not valid UTF-8, or -1. */
static long long bad_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        if (c == 0 || k == 9 || i + k >= n + (k ? 0 : 1)) return (long long)i;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return (long long)i;
        i += k + 1;
    }
    return -1;
}

__attribute__((weak)) int kg_extract_file(const kg_extractor *ex, const char *path,
                                          const kg_extract_options *opts, kg_article **out,
                                          kg_error *err) {
    (void)ex;
    (void)opts;
    *out = NULL;
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot open");
    size_t len;
    char *raw = slurp(f, &len);
    if (f != stdin) fclose(f);
    long long bad = bad_utf8((const unsigned char *)raw, len);
    if (len == 0 || bad >= 0) {
        free(raw);
        return kg_error_set(err, KG_EINPUT, path, 0, 0, len ? bad : 0,
                            len ? "invalid UTF-8" : "empty input");
    }
    kg_article *a = kg_xcalloc(1, sizeof *a);
    a->arena = kg_arena_new();
    a->doc = kg_xcalloc(1, sizeof *a->doc);
    a->doc->path = kg_xstrdup(path);
    a->doc->raw = raw;
    a->doc->raw_len = len;
    a->doc->format = KG_FORMAT_TEXT;
    a->norm.text = raw;
    a->norm.len = len;
    a->norm.raw_start = a->doc->body.raw_start = kg_xmalloc((len + 1) * sizeof(size_t));
    a->norm.raw_end = a->doc->body.raw_end = kg_xmalloc((len + 1) * sizeof(size_t));
    for (size_t i = 0; i < len; i++) {
        a->norm.raw_start[i] = i;
        a->norm.raw_end[i] = i + 1;
    }
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && raw[e] != '\n') e++;
        if (e > i) {
            kg_sentence s;
            memset(&s, 0, sizeof s);
            s.start = s.raw_start = i;
            s.end = s.raw_end = e;
            KG_PUSH(a->sentences, a->n_sentences, cap, s);
        }
        i = e + 1;
    }
    kg_sentence *copy = kg_arena_alloc(a->arena, (a->n_sentences + 1) * sizeof *copy);
    if (a->n_sentences) memcpy(copy, a->sentences, a->n_sentences * sizeof *copy);
    free(a->sentences);
    a->sentences = copy;
    *out = a;
    return KG_OK;
}
