/* kg_rules: rules as data — loading, checking, applying and self-testing the rule files
 * of extract/rules/NAME.rules (format: extract/rules/README.md).
 *
 * A rule is a PCRE2 pattern over a sentence whose mentions are replaced by typed slots;
 * it yields claims of one relation. Qualifier cues (negation, modality, attribution)
 * come from extract/rules/qualifiers-LANG.tsv.
 *
 * Ownership: kg_rules_load returns a rule set freed with kg_rules_free; it is read-only
 * after loading. Claims are allocated in the caller's arena. */
#ifndef KG_RULES_H
#define KG_RULES_H
#include <stddef.h>
#include <stdio.h>

#include "kg_arena.h"
#include "kg_claim.h"
#include "kg_error.h"
#include "kg_lexicon.h"
#include "kg_mention.h"
#include "kg_segment.h"
#include "kg_text.h"

typedef struct kg_rules kg_rules;

/* Loads and compiles every rule file under DATA_DIR/extract/rules/. The first error is
 * reported as file:line:column. */
int kg_rules_load(const char *data_dir, const kg_lexicon *lex, kg_rules **out, kg_error *err);
/* Loads one rule file only (for `kg rules check FILE`). */
int kg_rules_load_file(const char *path, const kg_lexicon *lex, kg_rules **out, kg_error *err);
/* Parses rule-file text held in memory (macros of common.rules are not loaded); name is
 * used in messages. For fuzzing and tests. */
int kg_rules_load_text(const char *name, const char *text, size_t len, const kg_lexicon *lex,
                       kg_rules **out, kg_error *err);
void kg_rules_free(kg_rules *rules);
size_t kg_rules_count(const kg_rules *rules);

/* Everything one sentence needs for rule matching. */
/* Buffers kg_rules_apply reuses from one sentence to the next (slotted text, cue and
 * candidate sets, PCRE2 match data), so that a sentence costs no allocation of its own.
 * Not shared between threads: one per thread (or per article). Freed by
 * kg_rule_scratch_free (NULL is fine). */
typedef struct kg_rule_scratch kg_rule_scratch;
kg_rule_scratch *kg_rule_scratch_new(void);
void kg_rule_scratch_free(kg_rule_scratch *scratch);

/* Where matching was cut short since the scratch was made, for the caller to warn
 * about (kg_pipeline reports them per article): searches that stopped at one of PCRE2's
 * bounds (match count, heap, JIT stack) before finishing, so the sentence may have more
 * claims than were found; and matches whose claims were capped at KG_RULE_MAX_CLAIMS
 * (a list of thousands of members). For each, the count and the first occurrence. The
 * rule ids are owned by the rule set. */
#define KG_RULE_MAX_CLAIMS 10000
typedef struct kg_rule_limits {
    size_t stopped, stopped_sentence;
    const char *stopped_rule;
    int stopped_code;            /* the PCRE2 error */
    char stopped_why[96];        /* its message */
    size_t capped, capped_sentence;
    const char *capped_rule;
} kg_rule_limits;
kg_rule_limits kg_rule_scratch_limits(const kg_rule_scratch *scratch);

typedef struct kg_rule_input {
    const kg_mapped_text *norm;
    const kg_sentence_span *sentence;
    size_t sentence_index;
    const kg_mention *mentions;   /* all mentions of the article, sorted */
    size_t n_mentions;
    const char *raw;              /* the raw input, for surfaces */
    const char *published;        /* the article's date: the time of claims that name none */
    int keep_duplicates;          /* 1: the same claim from two rules is kept twice (rule
                                     self-tests); 0: the first rule's copy only */
    long focus;                   /* a mention of the organization the article is about
                                     (kg_rules_focus), or -1 */
    kg_rule_scratch *scratch;     /* reused buffers, or NULL: allocated for this call */
    long last_case;               /* the last CASE mention of an earlier sentence, or -1:
                                     for rules with `object case()` */
} kg_rule_input;

/* The organization an article is about: a mention of its most mentioned ORG (at least
 * twice, "it"/"its" not counted; ties go to the one named first), or -1. For
 * rules with `subject focus()`. */
long kg_rules_focus(const kg_mention *mentions, size_t n);

/* Appends the claims of one sentence to *claims (heap array grown with kg_grow; the
 * caller frees it), strings in arena. If explain is not NULL, writes for each claim the
 * rule, slots and spans, and for a sentence with no claim the rules that came closest. */
int kg_rules_apply(const kg_rules *rules, const kg_rule_input *in, kg_arena *arena,
                   kg_claim **claims, size_t *n_claims, size_t *cap, FILE *explain,
                   kg_error *err);

#endif
