/* Applying rules to hand-built mentions: slots, lists, derived subjects, literals,
 * clause-scoped negation, modality and source cues, forced qualifiers. The mentions are
 * written by hand so that this tests the matcher alone, not the entity finder. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kg_normalize.h"
#include "kg_rules.h"

typedef struct spec {
    const char *surface, *type, *id, *name, *owner;
} spec;

/* Runs the test rules over one sentence whose mentions are the given surfaces, with
 * the given scratch (NULL: none). */
static size_t run_with(const kg_rules *rules, const char *sentence, const spec *specs,
                       size_t n, kg_arena *arena, kg_claim **claims, kg_rule_scratch *scratch) {
    kg_mapped_text in = {0}, norm = {0};
    size_t len = strlen(sentence);
    in.text = (char *)sentence;
    in.len = len;
    in.raw_start = malloc((len + 1) * sizeof *in.raw_start);
    in.raw_end = malloc((len + 1) * sizeof *in.raw_end);
    for (size_t i = 0; i < len; i++) {
        in.raw_start[i] = i;
        in.raw_end[i] = i + 1;
    }
    kg_error err;
    kg_error_clear(&err);
    CHECK(kg_normalize(&in, &norm, &err) == KG_OK, "normalize: %s", err.message);
    kg_mention *mentions = kg_arena_alloc(arena, (n ? n : 1) * sizeof *mentions);
    for (size_t i = 0; i < n; i++) {
        const char *at = strstr(norm.text, specs[i].surface);
        CHECK(at != NULL, "mention '%s' not in sentence", specs[i].surface);
        mentions[i].start = (size_t)(at - norm.text);
        mentions[i].end = mentions[i].start + strlen(specs[i].surface);
        mentions[i].surface = specs[i].surface;
        mentions[i].type = specs[i].type;
        mentions[i].id = specs[i].id;
        mentions[i].name = specs[i].name;
        mentions[i].owner = specs[i].owner;
        mentions[i].via = "test";
        mentions[i].antecedent = -1;
    }
    kg_sentence_span span = {0, norm.len, "en"};
    kg_rule_input input = {&norm, &span, 0, mentions, n, sentence, NULL, 0, -1, scratch, -1};
    size_t n_claims = 0, cap = 0;
    *claims = NULL;
    CHECK(kg_rules_apply(rules, &input, arena, claims, &n_claims, &cap, NULL, &err) == KG_OK,
          "apply: %s", err.message);
    kg_mapped_text_free(&norm);
    free(in.raw_start);
    free(in.raw_end);
    return n_claims;
}

static size_t run(const kg_rules *rules, const char *sentence, const spec *specs, size_t n,
                  kg_arena *arena, kg_claim **claims) {
    return run_with(rules, sentence, specs, n, arena, claims, NULL);
}

/* "Org0000, Org0001 and Org0002" for members [from, to) with their specs in specs[from..to). */
static char *org_list(size_t from, size_t to, spec *specs, char (*names)[24]) {
    char *text = malloc((to - from) * 16 + 16);
    size_t at = 0;
    for (size_t i = from; i < to; i++) {
        snprintf(names[i], sizeof names[i], "Org%04zu", i);
        specs[i] = (spec){names[i], "ORG", names[i], names[i], NULL};
        at += (size_t)sprintf(text + at, "%s%s", i == from ? "" : i + 1 == to ? " and " : ", ",
                              names[i]);
    }
    return text;
}

/* Lists of any length: every member gives a claim, repeated members give one, a search
 * cut short by PCRE2's bounds and a capped cross product are reported in the scratch. */
static void test_long_lists(const kg_rules *rules, kg_arena *arena) {
    enum { MAX = 6000 };
    spec *specs = calloc(MAX, sizeof *specs);
    char(*names)[24] = calloc(MAX, sizeof *names);
    kg_claim *c = NULL;

    /* 150 distinct hosts, then the same 150 again: 150 claims, none twice. */
    specs[0] = (spec){"Llama", "PRODUCT", "llama", "Llama", "meta"};
    char *members = org_list(1, 151, specs, names);
    size_t len = strlen(members);
    char *sentence = malloc(2 * len + 64);
    sprintf(sentence, "Meta says partners of Llama include %s, %s.", members, members);
    kg_rule_scratch *scratch = kg_rule_scratch_new();
    size_t n = run_with(rules, sentence, specs, 151, arena, &c, scratch);
    CHECK(n == 150, "150 distinct members, got %zu claims", n);
    size_t pairs_equal = 0;
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++) pairs_equal += !strcmp(c[i].object.id, c[j].object.id);
    CHECK(pairs_equal == 0, "no member twice, got %zu repeats", pairs_equal);
    if (n == 150) CHECK_STR(c[149].object.id, "Org0150");
    kg_rule_limits lim = kg_rule_scratch_limits(scratch);
    CHECK(lim.stopped == 0 && lim.capped == 0, "no limit reached");
    kg_rule_scratch_free(scratch);
    free(members);
    free(sentence);
    free(c);

    /* 101 competitors of 100: the cross product is capped at KG_RULE_MAX_CLAIMS. */
    char *left = org_list(0, 101, specs, names), *right = org_list(101, 201, specs, names);
    sentence = malloc(strlen(left) + strlen(right) + 32);
    sprintf(sentence, "%s compete with %s.", left, right);
    scratch = kg_rule_scratch_new();
    n = run_with(rules, sentence, specs, 201, arena, &c, scratch);
    lim = kg_rule_scratch_limits(scratch);
    CHECK(n > 0 && n <= KG_RULE_MAX_CLAIMS, "capped cross product, got %zu claims", n);
    CHECK(lim.capped == 1 && lim.capped_rule && !strcmp(lim.capped_rule, "t/competes"),
          "the cap is reported, got %zu", lim.capped);
    kg_rule_scratch_free(scratch);
    free(left);
    free(right);
    free(sentence);
    free(c);

    /* A list deeper than PCRE2's JIT stack: no claim, and the stop is reported. */
    specs[0] = (spec){"Llama", "PRODUCT", "llama", "Llama", "meta"};
    members = org_list(1, MAX, specs, names);
    sentence = malloc(strlen(members) + 64);
    sprintf(sentence, "Meta says partners of Llama include %s.", members);
    scratch = kg_rule_scratch_new();
    n = run_with(rules, sentence, specs, MAX, arena, &c, scratch);
    lim = kg_rule_scratch_limits(scratch);
    CHECK(lim.stopped >= 1 && lim.stopped_rule && !strcmp(lim.stopped_rule, "t/hosts") &&
              lim.stopped_sentence == 0 && lim.stopped_code < 0,
          "the stopped search is reported, got %zu", lim.stopped);
    kg_rule_scratch_free(scratch);
    free(members);
    free(sentence);
    free(c);
    free(names);
    free(specs);
}

int main(void) {
    kg_rules *rules = NULL;
    kg_error err;
    kg_error_clear(&err);
    if (kg_rules_load("tests/rules/data", NULL, &rules, &err) != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "cannot load test rules: %s\n", msg);
        return 1;
    }
    kg_arena *arena = kg_arena_new();
    kg_claim *c = NULL;
    size_t n;

    /* A list slot gives one claim per member; the subject is the model's owner. */
    const spec hosts[] = {{"Llama", "PRODUCT", "llama", "Llama", "meta"},
                          {"Meta", "ORG", "meta", "Meta", NULL},
                          {"AWS", "ORG", "aws", "AWS", NULL},
                          {"Dell", "ORG", "dell", "Dell", NULL},
                          {"Groq", "ORG", "groq", "Groq", NULL}};
    n = run(rules, "Meta says partners of Llama include AWS, Dell and Groq.", hosts, 5, arena, &c);
    CHECK(n == 3, "three hosts, got %zu", n);
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(c[i].subject.id, "meta");
        CHECK_STR(c[i].relation, "hosts-partner");
        CHECK(c[i].polarity == '+', "positive");
        CHECK_STR(c[i].modality, "asserted");
    }
    if (n == 3) {
        CHECK_STR(c[0].object.name, "AWS");
        CHECK_STR(c[1].object.name, "Dell");
        CHECK_STR(c[2].object.name, "Groq");
        CHECK_STR(c[0].object.surface, "AWS");
    }
    free(c);

    /* Negation counts only inside the clause of the match. */
    const spec mon[] = {{"Meta", "ORG", "meta", "Meta", NULL},
                        {"Llama", "PRODUCT", "llama", "Llama", "meta"}};
    n = run(rules, "It is not clear who pays, but Meta earns money from Llama.", mon, 2, arena, &c);
    CHECK(n == 1 && c[0].polarity == '+', "negation in another clause leaves it positive");
    free(c);
    n = run(rules, "Meta earns money from Llama is not true.", mon, 2, arena, &c);
    CHECK(n == 1 && c[0].polarity == '-', "negation in the clause makes it negative");
    free(c);

    /* A modality cue with a fixed source; a source cue capturing a person. */
    n = run(rules, "A filing shows Meta earns money from Llama.", mon, 2, arena, &c);
    CHECK(n == 1 && !strcmp(c[0].modality, "reported") && c[0].source &&
              !strcmp(c[0].source, "court filing"),
          "reported, source court filing");
    free(c);
    const spec said[] = {{"Zuckerberg", "PERSON", "mark-zuckerberg", "Mark Zuckerberg", NULL},
                         {"Meta", "ORG", "meta", "Meta", NULL},
                         {"Llama", "PRODUCT", "llama", "Llama", "meta"}};
    n = run(rules, "Zuckerberg said Meta earns money from Llama.", said, 3, arena, &c);
    CHECK(n == 1 && c[0].source && !strcmp(c[0].source, "Mark Zuckerberg") &&
              c[0].source_id && !strcmp(c[0].source_id, "mark-zuckerberg"),
          "source from the cue's captured person");
    free(c);

    /* The defendant of a case named "X v. Y" is found among the sentence's mentions. */
    const spec cas[] = {{"Meta", "ORG", "meta", "Meta", NULL},
                        {"Kadrey v. Meta", "CASE", "kadrey-v-meta", "Kadrey v. Meta", NULL}};
    n = run(rules, "Meta faces Kadrey v. Meta in court.", cas, 2, arena, &c);
    CHECK(n == 1 && !strcmp(c[0].subject.id, "meta") && !strcmp(c[0].object.id, "kadrey-v-meta"),
          "Meta defendant-in Kadrey v. Meta");
    free(c);

    /* A named group without slots is a literal; the plaintiffs' allegation sets the
     * modality and the source. */
    n = run(rules, "The plaintiffs allege Meta trained on pirated books.", mon, 1, arena, &c);
    CHECK(n == 1 && !strcmp(c[0].object.type, "LITERAL") &&
              !strcmp(c[0].object.name, "pirated books") && !strcmp(c[0].modality, "alleged") &&
              c[0].source && !strcmp(c[0].source, "plaintiffs"),
          "literal object, alleged by the plaintiffs");
    free(c);

    /* A rule's own polarity, modality and source win over cues. */
    n = run(rules, "Zuckerberg said Meta might build glasses.", said, 2, arena, &c);
    CHECK(n == 1 && c[0].polarity == '-' && !strcmp(c[0].modality, "possible") && c[0].source &&
              !strcmp(c[0].source, "the board"),
          "forced qualifiers");
    free(c);

    /* No slot of the right type, no claim. */
    const spec wrong[] = {{"Meta", "PERSON", "meta", "Meta", NULL},
                          {"Llama", "PRODUCT", "llama", "Llama", "meta"}};
    n = run(rules, "Meta earns money from Llama.", wrong, 2, arena, &c);
    CHECK(n == 0, "a PERSON does not fill an ORG slot");
    free(c);

    /* A literal that ends in a mention: its surface runs to the end of the mention, in
     * the original spelling (half-space kept). */
    const spec share[] = {{"Meta", "ORG", "meta", "Meta", NULL},
                          {"Llama", "PRODUCT", "llama", "Llama", "meta"}};
    n = run(rules, "Meta takes a share from companies hosting its Llama.", share, 2, arena, &c);
    CHECK(n == 1 && !strcmp(c[0].object.type, "LITERAL"), "a literal object");
    if (n == 1) {
        CHECK_STR(c[0].object.name, "companies hosting its Llama");
        CHECK_STR(c[0].object.surface, "companies hosting its Llama");
    }
    free(c);
    const spec share_fa[] = {{"متا", "ORG", "meta", "Meta", NULL},
                             {"لاما", "PRODUCT", "llama", "Llama", "meta"}};
    n = run(rules, "متا از میزبان‌های لاما سهم درآمد می‌گیرد.", share_fa, 2, arena, &c);
    CHECK(n == 1 && !strcmp(c[0].object.type, "LITERAL"), "a Persian literal object");
    if (n == 1) {
        CHECK_STR(c[0].object.name, "میزبانهای لاما");
        CHECK_STR(c[0].object.surface, "میزبان‌های لاما");
    }
    free(c);

    test_long_lists(rules, arena);

    kg_arena_free(arena);
    kg_rules_free(rules);
    return harness_done();
}
