/* Runs tests/text/normalize.tsv: every input must normalize to its expected matching
 * form, the form must be a fixed point, and the maps of kg_normalize must point at
 * character boundaries of the input and never decrease. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kg_data.h"
#include "kg_normalize.h"
#include "kg_text.h"

static int is_boundary(const char *s, size_t len, size_t i) {
    return i == 0 || i == len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

static void check_maps(const char *in) {
    size_t n = strlen(in);
    uint32_t *rs = malloc((n + 1) * sizeof *rs), *re = malloc((n + 1) * sizeof *re);
    for (size_t i = 0; i < n; i++) {
        rs[i] = (uint32_t)i;
        re[i] = (uint32_t)(i + 1);
    }
    kg_mapped_text t = {(char *)in, n, rs, re}, out;
    kg_error err;
    CHECK(kg_normalize(&t, &out, &err) == KG_OK, "kg_normalize failed on '%s'", in);
    for (size_t i = 0; i < out.len; i++) {
        CHECK(out.raw_start[i] < out.raw_end[i] && out.raw_end[i] <= n, "span %zu of '%s'", i, in);
        CHECK(is_boundary(in, n, out.raw_start[i]) && is_boundary(in, n, out.raw_end[i]),
              "byte %zu of the form of '%s' maps inside a character", i, in);
        if (i) CHECK(out.raw_start[i] >= out.raw_start[i - 1] && out.raw_end[i] >= out.raw_end[i - 1],
                     "maps decrease at %zu in '%s'", i, in);
    }
    kg_mapped_text_free(&out);
    free(rs);
    free(re);
}

int main(void) {
    unsigned long len;
    char *path = kg_data_path(NULL, "tests/text/normalize.tsv");
    char *buf = kg_data_slurp(path, &len);
    free(path);
    if (!buf) {
        fprintf(stderr, "cannot read tests/text/normalize.tsv\n");
        return 1;
    }
    int rows = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (line[0] == '#' || !line[0]) continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "bad row: %s\n", line);
            kg_test_failures++;
            continue;
        }
        *tab = '\0';
        char *in = line, *want = tab + 1;
        kg_test_unescape(in);
        kg_test_unescape(want);
        rows++;
        char *got = kg_normalize_string(in);
        CHECK(got && !strcmp(got, want), "'%s' -> '%s', expected '%s'", in, got ? got : "(null)", want);
        char *again = got ? kg_normalize_string(got) : NULL;
        CHECK(again && got && !strcmp(again, got), "form of '%s' is not a fixed point", in);
        free(got);
        free(again);
        check_maps(in);
    }
    free(buf);
    CHECK(kg_normalize_string("\xff") == NULL, "invalid UTF-8 must give NULL");
    /* invalid bytes next to the one- and two-byte characters decoded without ICU */
    static const char *const bad[] = {"a\xe2" "b", "\xd8 x", "\xd8\xa8\xd8", "\xd8\xa8\xe2\x80",
                                      "x\xc0\x80", "\xdf", "\xd8\xa8\x80 y"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        CHECK(kg_normalize_string(bad[k]) == NULL, "invalid UTF-8 (case %zu) must give NULL", k);
    /* a two-byte letter before a combining mark is composed with it, before a letter not */
    char *composed = kg_normalize_string("\xc3\xa9t\xc3\xa9 e\xcc\x81 \xd8\xa7\xd9\x94");
    CHECK(composed && !strcmp(composed, "\xc3\xa9t\xc3\xa9 \xc3\xa9 \xd8\xa7"), "composition: '%s'",
          composed ? composed : "(null)");
    free(composed);
    printf("%d rows\n", rows);
    kg_normalize_cleanup();
    return kg_test_done();
}
