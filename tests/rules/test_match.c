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

/* Runs the test rules over one sentence whose mentions are the given surfaces. */
static size_t run(const kg_rules *rules, const char *sentence, const spec *specs, size_t n,
                  kg_arena *arena, kg_claim **claims) {
    kg_mapped_text in = {0}, norm = {0};
    size_t len = strlen(sentence);
    in.text = (char *)sentence;
    in.len = len;
    in.raw_start = malloc((len + 1) * sizeof(size_t));
    in.raw_end = malloc((len + 1) * sizeof(size_t));
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
    kg_rule_input input = {&norm, &span, 0, mentions, n, sentence, NULL, 0, -1, NULL, -1};
    size_t n_claims = 0, cap = 0;
    *claims = NULL;
    CHECK(kg_rules_apply(rules, &input, arena, claims, &n_claims, &cap, NULL, &err) == KG_OK,
          "apply: %s", err.message);
    kg_mapped_text_free(&norm);
    free(in.raw_start);
    free(in.raw_end);
    return n_claims;
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

    kg_arena_free(arena);
    kg_rules_free(rules);
    return harness_done();
}
