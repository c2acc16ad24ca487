/* The claim writer (kg_claim_print_json) writes JSON by hand for speed; its contract is
 * "exactly the bytes jansson gives for kg_claim_to_json". This test holds it to that on
 * every claim of the corpus and on claims made hostile: quotes, backslashes, control
 * characters, invalid UTF-8, reals that are huge, tiny, negative zero or not finite. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_json.h"
#include "harness.h"
#include "kg_pipeline.h"

static size_t compared;

static void check_same(kg_article *a, const kg_claim *c, const char *what) {
    json_t *tree = kg_claim_to_json(a, c);
    char *want = json_dumps(tree, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(tree);
    char *got = NULL;
    size_t got_len = 0;
    FILE *f = open_memstream(&got, &got_len);
    kg_claim_print_json(f, a, c);
    fclose(f);
    size_t want_len = want ? strlen(want) : 0;
    int same = want && got_len == want_len + 1 && !memcmp(got, want, want_len) &&
               got[want_len] == '\n';
    CHECK(same, "%s: claim %s differs\n  jansson: %s\n  writer:  %.*s", what, c->rule,
          want ? want : "(null)", (int)got_len, got);
    compared++;
    free(want);
    free(got);
}

/* Every claim of every corpus article. Returns one article for the hostile cases. */
static kg_article *corpus_claims(const kg_extractor *ex) {
    DIR *d = opendir("corpus");
    CHECK(d != NULL, "cannot open corpus/ (run from the source tree)");
    if (!d) return NULL;
    kg_article *kept = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt")) continue;
        char path[512];
        snprintf(path, sizeof path, "corpus/%s", e->d_name);
        kg_article *a = NULL;
        kg_error err;
        kg_extract_options opts = {0};
        CHECK(kg_extract_file(ex, path, &opts, &a, &err) == KG_OK, "%s: %s", path, err.message);
        if (!a) continue;
        for (size_t i = 0; i < a->n_claims; i++) check_same(a, &a->claims[i], path);
        if (!kept && a->n_claims) kept = a;
        else kg_article_free(a);
    }
    closedir(d);
    return kept;
}

static void hostile_claims(kg_article *a) {
    static const char *strings[] = {
        "quote \" backslash \\ slash /",
        "controls \x01\x02\x1f del \x7f \b\f\n\r\t end",
        "invalid \xff\xfe UTF-8",
        "overlong \xc0\xaf and surrogate \xed\xa0\x80",
        "cut at the end \xd9",
        "فارسی با نیم‌فاصله و «گیومه»",
        "emoji \xf0\x9f\x93\xb0 above the BMP",
        "",
    };
    static const double reals[] = {0.0,  -0.0,   0.1,      1.0 / 3, 1e300, -1e-320, 123456789.0,
                                   9e15, 1e16, 2.5e-5, NAN,     INFINITY, -INFINITY};
    kg_claim c = a->claims[0];
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        kg_claim h = c;
        h.subject.name = strings[i];
        h.subject.surface = strings[i];
        h.object.id = strings[i];
        h.source = strings[i];
        h.source_id = strings[i];
        h.time = strings[i];
        h.amount_name = strings[i];
        h.has_amount = true;
        check_same(a, &h, strings[i]);
    }
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        kg_claim h = c;
        h.confidence = reals[i];
        h.object.has_value = true;
        h.object.value.has_low = true;
        h.object.value.low = reals[i];
        h.object.value.has_high = i % 2;
        h.object.value.high = -reals[i];
        snprintf(h.object.value.unit, sizeof h.object.value.unit, "USD");
        h.has_amount = true;
        h.amount = h.object.value;
        h.amount_name = NULL;
        h.source = NULL;
        h.time = NULL;
        char what[64];
        snprintf(what, sizeof what, "real %g", reals[i]);
        check_same(a, &h, what);
    }
}

int main(void) {
    kg_extractor *ex = NULL;
    kg_error err;
    if (kg_extractor_new(NULL, &ex, &err) != KG_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    kg_article *a = corpus_claims(ex);
    CHECK(compared > 100, "the corpus gave only %zu claims", compared);
    if (a) hostile_claims(a);
    kg_article_free(a);
    kg_extractor_free(ex);
    printf("%zu claims compared\n", compared);
    return harness_done();
}
