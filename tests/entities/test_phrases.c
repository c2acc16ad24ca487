/* Phrase tables (kg_etok.h) against a plain reading of their contract: kg_phrases_match
 * gives the longest phrase starting at token i whose tokens are all unused, that does
 * not run past limit and that accept does not veto, the earliest added among equals;
 * kg_phrases_each_start visits every phrase whose first token equals token i. Random
 * phrases over a small vocabulary (case variants, shared first words, glued hyphens)
 * make many alternatives per first token, in tables that fold case and tables that do
 * not. Also checks kg_value_format against the printf formats it stands for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_etok.h"
#include "kg_quantity.h"

static const char *const vocab[] = {"A", "a", "b", "B", "Google", "google", "Cloud",
                                    "AI", "x", "شرکت", "ها", "9"};
enum { NVOCAB = sizeof vocab / sizeof *vocab, NPHRASES = 300, NTEXTS = 400 };

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_rand(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Random words joined by a space or a glued hyphen. */
static void random_text(char *buf, size_t size, unsigned words) {
    buf[0] = '\0';
    for (unsigned w = 0; w < words; w++) {
        if (w) strncat(buf, next_rand(4) ? " " : "-", size - strlen(buf) - 1);
        strncat(buf, vocab[next_rand(NVOCAB)], size - strlen(buf) - 1);
    }
}

typedef struct ref {
    kg_toks t;
} ref;

static bool tok_eq(const kg_toks *a, size_t i, const kg_toks *b, size_t j, bool fold) {
    size_t n = kg_tok_len(a, i);
    if (n != kg_tok_len(b, j)) return false;
    const char *p = a->text + a->v[i].start, *q = b->text + b->v[j].start;
    for (size_t k = 0; k < n; k++) {
        unsigned char x = (unsigned char)p[k], y = (unsigned char)q[k];
        if (fold && x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (fold && y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

static bool veto_thirds(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)t, (void)i, (void)n;
    return ((size_t)(uintptr_t)payload + *(size_t *)ctx) % 3 != 0;
}

static void count_start(void *payload, void *ctx) {
    (void)payload;
    ++*(size_t *)ctx;
}

int main(void) {
    int failures = 0;
    for (int fold = 0; fold < 2; fold++) {
        kg_phrases *p = kg_phrases_new(fold);
        ref *refs = calloc(NPHRASES, sizeof *refs);
        char *texts[NPHRASES];
        for (size_t k = 0; k < NPHRASES; k++) {
            char buf[256];
            random_text(buf, sizeof buf, 1 + next_rand(4));
            texts[k] = kg_xstrdup(buf);
            kg_tokenize(texts[k], 0, strlen(texts[k]), &refs[k].t);
            if (!kg_phrases_add(p, texts[k], (void *)(uintptr_t)(k + 1))) {
                fprintf(stderr, "FAIL: phrase '%s' not added\n", texts[k]);
                failures++;
            }
        }
        for (int q = 0; q < NTEXTS; q++) {
            char buf[1024];
            random_text(buf, sizeof buf, 5 + next_rand(25));
            kg_toks t = {0};
            kg_tokenize(buf, 0, strlen(buf), &t);
            unsigned char *used = calloc(t.n + 1, 1);
            for (size_t i = 0; i < t.n; i++) used[i] = next_rand(6) == 0;
            size_t veto_ctx = (size_t)q;
            bool with_accept = q % 2;
            for (size_t i = 0; i < t.n; i++) {
                size_t limit = next_rand(3) ? t.n : i + next_rand((unsigned)(t.n - i) + 1);
                size_t want = 0, want_payload = 0, starts = 0;
                for (size_t k = 0; k < NPHRASES; k++) {
                    const kg_toks *r = &refs[k].t;
                    if (tok_eq(&t, i, r, 0, fold)) starts++;
                    if (r->n <= want || i + r->n > limit || i + r->n > t.n) continue;
                    bool ok = true;
                    for (size_t j = 0; j < r->n && ok; j++)
                        ok = !used[i + j] && tok_eq(&t, i + j, r, j, fold) &&
                             (j == 0 || t.v[i + j].space_before == r->v[j].space_before);
                    if (!ok || (with_accept && !veto_thirds(&t, i, r->n, (void *)(uintptr_t)(k + 1),
                                                            &veto_ctx)))
                        continue;
                    want = r->n;
                    want_payload = k + 1;
                }
                void *payload = NULL;
                size_t got = kg_phrases_match(p, &t, i, limit, used, &payload,
                                              with_accept ? veto_thirds : NULL, &veto_ctx);
                if (got != want || (got && (size_t)(uintptr_t)payload != want_payload)) {
                    fprintf(stderr, "FAIL: fold %d text '%s' token %zu limit %zu: got %zu (#%zu), want %zu (#%zu)\n",
                            fold, buf, i, limit, got, got ? (size_t)(uintptr_t)payload : 0, want,
                            want_payload);
                    failures++;
                }
                size_t seen = 0;
                kg_phrases_each_start(p, &t, i, count_start, &seen);
                if (seen != starts) {
                    fprintf(stderr, "FAIL: fold %d text '%s' token %zu: each_start saw %zu, want %zu\n",
                            fold, buf, i, seen, starts);
                    failures++;
                }
            }
            free(used);
            kg_toks_free(&t);
        }
        for (size_t k = 0; k < NPHRASES; k++) {
            kg_toks_free(&refs[k].t);
            free(texts[k]);
        }
        free(refs);
        kg_phrases_free(p);
    }

    /* kg_value_format: the formats it stands for, with fmt_num's "%.3f" trimmed */
    static const struct {
        kg_value v;
        const char *want;
    } values[] = {
        {{60e9, 80e9, true, true, "USD", false}, "60–80B USD"},
        {{4e9, 4e9, true, true, "USD", true}, "~4B USD"},
        {{100e6, 0, true, false, "users", false}, ">100M users"},
        {{0, 35, false, true, "%", false}, "<35%"},
        {{35, 35, true, true, "%", false}, "35%"},
        {{1.5e6, 2e9, true, true, "", false}, "1.5M–2B"},
        {{-2.25, -2.25, true, true, "EUR", true}, "~-2.25 EUR"},
        {{12.3456, 12.3456, true, true, "", false}, "12.346"},
    };
    for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
        char buf[160];
        kg_value_format(&values[k].v, buf, sizeof buf);
        if (strcmp(buf, values[k].want)) {
            fprintf(stderr, "FAIL: kg_value_format #%zu: '%s', want '%s'\n", k, buf, values[k].want);
            failures++;
        }
        char small[6];
        kg_value_format(&values[k].v, small, sizeof small);
        char trunc[6];
        snprintf(trunc, sizeof trunc, "%s", values[k].want);
        if (strcmp(small, trunc)) {
            fprintf(stderr, "FAIL: kg_value_format #%zu in 6 bytes: '%s', want '%s'\n", k, small, trunc);
            failures++;
        }
    }
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
