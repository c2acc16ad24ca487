/* The cue prefilter's two halves, run from tests/rules/literals.cases:
 *   kg_literals_required — which words every match of a pattern must contain;
 *   kg_multimatch        — which of those words occur in a text, in one pass.
 *
 * Case format (blank lines separate cases, # starts a comment line):
 *   pattern REGEX            the pattern, compiled caseless like every rule pattern
 *   => WORD | WORD ...       a set of required words, in any order; one line per set
 *                            (every match holds a word of each); "=> none" for no set
 *   match TEXT               (any number) the pattern matches TEXT: then the scan must
 *                            find a word of every set in it
 *   nomatch TEXT             the pattern does not match TEXT (checks the case itself)
 *
 * Usage: test_literals [CASES]   (default tests/rules/literals.cases)
 *        test_literals --show REGEX   prints the words, for writing cases */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kg_literals.h"
#include "kg_multimatch.h"
#include "kg_regex.h"

/* Cue words as the rule loader takes them: two code points at least. */
enum { MIN_CHARS = 2 };

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set as "a | b | c" (sorted), or "none". Caller frees. */
static char *set_text(const kg_literal_set *set, int found) {
    if (!found) return strdup("none");
    qsort(set->items, set->n, sizeof *set->items, cmp_str);
    size_t len = 1;
    for (size_t i = 0; i < set->n; i++) len += strlen(set->items[i]) + 3;
    char *out = calloc(1, len);
    for (size_t i = 0; i < set->n; i++) {
        if (i) strcat(out, " | ");
        strcat(out, set->items[i]);
    }
    return out;
}

/* "b | a" and "a | b" are the same expectation. */
static char *sorted_expectation(const char *text) {
    char *copy = strdup(text), *words[64];
    size_t n = 0;
    for (char *w = strtok(copy, "|"); w && n < 64; w = strtok(NULL, "|")) {
        while (*w == ' ') w++;
        size_t l = strlen(w);
        while (l && w[l - 1] == ' ') w[--l] = '\0';
        words[n++] = w;
    }
    qsort(words, n, sizeof *words, cmp_str);
    kg_literal_set set = {words, n};
    char *out = set_text(&set, !(n == 1 && !strcmp(words[0], "none")));
    free(copy);
    return out;
}

typedef struct test_case {
    int line;
    char *pattern;
    char *expect[8];
    size_t n_expect;
    int expect_none;        /* "=> none" */
    pcre2_code *re;
    kg_literal_set sets[KG_LITERALS_MAX_SETS];
    size_t n_sets;
} test_case;

static void start_case(test_case *c, const char *pattern, int line) {
    c->line = line;
    c->pattern = strdup(pattern);
    int code;
    size_t offset;
    c->re = kg_regex_compile(pattern, PCRE2_CASELESS | PCRE2_DUPNAMES, &code, &offset);
    CHECK(c->re != NULL, "line %d: pattern does not compile (error %d at %zu)", line, code, offset);
    c->n_sets = kg_literals_required(pattern, MIN_CHARS, c->sets);
}

/* Lines sorted and joined by " & " ("none" for no line); frees the lines. Caller frees
 * the result. */
static char *join_sorted(char **lines, size_t n) {
    size_t len = 8;
    for (size_t i = 0; i < n; i++) len += strlen(lines[i]) + 3;
    qsort(lines, n, sizeof *lines, cmp_str);
    char *out = calloc(1, len);
    if (!n) strcpy(out, "none");
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(out, " & ");
        strcat(out, lines[i]);
        free(lines[i]);
    }
    return out;
}

/* The derived sets, one sorted line each. */
static char *sets_text(test_case *c) {
    char *lines[KG_LITERALS_MAX_SETS];
    for (size_t i = 0; i < c->n_sets; i++) lines[i] = set_text(&c->sets[i], 1);
    return join_sorted(lines, c->n_sets);
}

/* The expected sets, in the same form. */
static char *expected_text(test_case *c) {
    char *lines[8];
    for (size_t i = 0; i < c->n_expect; i++) lines[i] = sorted_expectation(c->expect[i]);
    return join_sorted(lines, c->n_expect);
}

static void end_case(test_case *c) {
    if (!c->pattern) return;
    CHECK(c->n_expect > 0 || c->expect_none, "line %d: a case needs a => line", c->line);
    if (c->n_expect || c->expect_none) {
        char *want = expected_text(c), *got = sets_text(c);
        CHECK(!strcmp(want, got), "line %d: %s\n  expected: %s\n  got:      %s", c->line,
              c->pattern, want, got);
        free(want);
        free(got);
    }
    for (size_t i = 0; i < c->n_sets; i++) kg_literal_set_free(&c->sets[i]);
    for (size_t i = 0; i < c->n_expect; i++) free(c->expect[i]);
    pcre2_code_free(c->re);
    free(c->pattern);
    memset(c, 0, sizeof *c);
}

/* TEXT must (or must not) match; a matching text must contain a word of every set, and
 * the multi-string scan must report one. */
static void check_text(test_case *c, const char *text, int should_match, int line) {
    if (!c->re) return;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c->re, NULL);
    int rc = pcre2_match(c->re, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    CHECK((rc >= 0) == should_match, "line %d: /%s/ %s \"%s\"", line, c->pattern,
          should_match ? "does not match" : "matches", text);
    if (!should_match || rc < 0) return;
    for (size_t k = 0; k < c->n_sets; k++) {
        const kg_literal_set *set = &c->sets[k];
        kg_multimatch *mm = kg_multimatch_new();
        size_t *ids = calloc(set->n, sizeof *ids);
        for (size_t i = 0; i < set->n; i++)
            ids[i] = kg_multimatch_add(mm, set->items[i], strlen(set->items[i]));
        kg_multimatch_build(mm);
        unsigned char found[64] = {0};
        kg_multimatch_scan(mm, text, strlen(text), found);
        int any = 0;
        for (size_t i = 0; i < set->n; i++) any |= kg_multimatch_found(found, ids[i]);
        CHECK(any, "line %d: \"%s\" matches /%s/ but the scan finds no word of set %zu", line,
              text, c->pattern, k + 1);
        free(ids);
        kg_multimatch_free(mm);
    }
}

/* The scanner on its own: overlapping needles, a needle inside another, case, bytes
 * that occur in no needle, a needle added twice. */
static void check_multimatch(void) {
    kg_multimatch *m = kg_multimatch_new();
    size_t he = kg_multimatch_add(m, "he", 2), she = kg_multimatch_add(m, "she", 3),
           his = kg_multimatch_add(m, "his", 3), hers = kg_multimatch_add(m, "hers", 4),
           fa = kg_multimatch_add(m, "سرمایه", strlen("سرمایه")),
           again = kg_multimatch_add(m, "she", 3);
    CHECK(again == she, "a needle added twice keeps its id");
    CHECK(kg_multimatch_count(m) == 5, "five distinct needles, got %zu", kg_multimatch_count(m));
    kg_multimatch_build(m);
    unsigned char found[1] = {0};
    kg_multimatch_scan(m, "USHERS!", 7, found);
    CHECK(kg_multimatch_found(found, he) && kg_multimatch_found(found, she) &&
              kg_multimatch_found(found, hers) && !kg_multimatch_found(found, his) &&
              !kg_multimatch_found(found, fa),
          "USHERS: he, she, hers (case folded), not his; got bits %#x", found[0]);
    found[0] = 0;
    const char *text = "او سرمایه‌گذاری کرد; this.";
    kg_multimatch_scan(m, text, strlen(text), found);
    CHECK(kg_multimatch_found(found, fa) && kg_multimatch_found(found, his) &&
              !kg_multimatch_found(found, he),
          "Persian needle and 'his' inside 'this'; got bits %#x", found[0]);
    found[0] = 0;
    kg_multimatch_scan(m, "", 0, found);
    CHECK(found[0] == 0, "empty text finds nothing");
    kg_multimatch_free(m);

    kg_multimatch *none = kg_multimatch_new();
    kg_multimatch_build(none);
    kg_multimatch_scan(none, "text", 4, found);
    CHECK(kg_multimatch_count(none) == 0, "an empty matcher has no needles");
    kg_multimatch_free(none);
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "--show")) {
        test_case c = {0};
        c.n_sets = kg_literals_required(argv[2], MIN_CHARS, c.sets);
        char *text = sets_text(&c);
        printf("%s\n", text);
        free(text);
        for (size_t i = 0; i < c.n_sets; i++) kg_literal_set_free(&c.sets[i]);
        return 0;
    }
    const char *path = argc > 1 ? argv[1] : "tests/rules/literals.cases";
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 1;
    }
    check_multimatch();
    test_case c = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, cases = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (!n) {
            end_case(&c);
            continue;
        }
        if (line[0] == '#') continue;
        if (!strncmp(line, "pattern ", 8)) {
            end_case(&c);
            start_case(&c, line + 8, lineno);
            cases++;
        } else if (!strncmp(line, "=> ", 3) && c.pattern && c.n_expect < 8) {
            if (strcmp(line + 3, "none")) c.expect[c.n_expect++] = strdup(line + 3);
            else c.expect_none = 1;
        } else if (!strncmp(line, "match ", 6)) {
            check_text(&c, line + 6, 1, lineno);
        } else if (!strncmp(line, "nomatch ", 8)) {
            check_text(&c, line + 8, 0, lineno);
        } else {
            CHECK(0, "%s:%d: cannot read this line: %s", path, lineno, line);
        }
    }
    end_case(&c);
    free(line);
    fclose(f);
    CHECK(cases > 0, "%s holds no case", path);
    return harness_done();
}
