/* kg_rules_int.h: the internals of a loaded rule set, shared by kg_rules.c (loading),
 * kg_match.c (applying) and kg_ruletest.c (self-testing). Not a public header. */
#ifndef KG_RULES_INT_H
#define KG_RULES_INT_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "kg_literals.h"
#include "kg_multimatch.h"
#include "kg_rules.h"

/* A claim an example sentence must produce: fields are as written, NULL when not given. */
typedef struct kg_expect {
    char *subject, *relation, *object, *polarity, *modality, *source, *time;
    int line;
} kg_expect;

typedef struct kg_example {
    char *sentence;
    int line;
    int counter;            /* 1: the sentence must yield no claim from this rule */
    kg_expect *expects;
    size_t n_expects, cap_expects;
} kg_example;

/* How a claim argument is obtained when it is not a captured slot. */
typedef enum {
    KG_DERIVE_NONE,         /* from the capture group of the same name */
    KG_DERIVE_OWNER,        /* the lexicon owner of the mention in group `from` */
    KG_DERIVE_PLAINTIFF,    /* left party of the case in group `from` ("X v. Y") */
    KG_DERIVE_DEFENDANT,    /* right party of the case in group `from` */
    KG_DERIVE_FOCUS,        /* the organization the article is about: its most mentioned
                               ORG (ties: the first); `from` is unused */
    KG_DERIVE_CASE          /* the case last named before the match's sentence ("The
                               authors suing Meta, among them ..."); `from` is unused */
} kg_derive;

/* The prefilter: a pattern's mandatory slots, each as a mask of the mention types that
 * can fill it (kg_type_bit). A sentence lacking every type of some mandatory slot cannot
 * match, so the pattern is not run on it. */
enum { KG_MAX_REQUIRED = 8 };

/* The cue prefilter: groups of literal words such that every match of a pattern
 * contains a word of each group (kg_literals), as ids in the rule set's multi-string
 * matcher. One scan of a sentence finds which cue words occur; a pattern with a group of
 * which no word occurs is not run. A pattern with no group always runs. */
typedef struct kg_pattern {
    char *source;           /* as written in the file (a frame's: the instantiated
                               template), for messages */
    char *label;            /* the argument template it was made from, or NULL */
    pcre2_code *code;
    int line;
    uint32_t required[KG_MAX_REQUIRED];
    int n_required;
    size_t *cues;           /* ids in kg_rules.cues, group after group; malloc'ed or NULL */
    size_t cue_group_len[KG_LITERALS_MAX_SETS];
    size_t n_cue_groups;
} kg_pattern;

/* The bit of a mention type for prefilter masks; unknown types share one bit. */
uint32_t kg_type_bit(const char *type, size_t len);

typedef struct kg_rule {
    char *id, *relation, *file;
    char lang[8];           /* the file's `lang`: applies to sentences of that language
                               (and "mixed" or unknown ones); "" applies to all */
    int line;
    kg_pattern *patterns;
    size_t n_patterns, cap_patterns;
    kg_derive subject_derive, object_derive;
    char *subject_from, *object_from;
    char polarity;          /* '+' or '-' forces it; 0: from negation cues */
    char *modality;         /* forces it; NULL: from modality cues, else asserted */
    char *source;           /* fixed source name; "none" suppresses cue sources; NULL: cues */
    double confidence;
    int require_owner;      /* emit only when the lexicon says subject owns object */
    int forbid_owner;       /* emit only when the lexicon does not say so */
    char *object_unit;      /* emit only when the object amount has this unit, or NULL */
    char *number_unit;      /* `number-unit U`: a bare-number object takes unit U, or NULL */
    char *planned_relation; /* `when-planned R`: the relation of a claim whose modality
                               is planned ("plans to release X" is plans, not released) */
    int is_frame;           /* made by `frame`: its patterns instantiate templates */
    kg_example *examples;
    size_t n_examples, cap_examples;
} kg_rule;

/* An argument template (`template NAME = BODY`): a pattern written once, instantiated
 * for every frame of its file's language whose triggers it can use (kg_frames.h). Its
 * examples must yield their claims through a pattern made from it, whichever frame. */
typedef struct kg_template {
    char *name, *body, *file;
    int line;
    char lang[8];
    int symmetric;          /* only for relations relations.tsv marks symmetric */
    kg_example *examples;
    size_t n_examples, cap_examples;
} kg_template;

/* A relation of extract/relations.tsv: the argument types frames give their slots. */
typedef struct kg_relation_def {
    char *id;
    char *subject_types, *object_types; /* "ORG|PERSON", LITERAL left out */
    int symmetric;
} kg_relation_def;

typedef enum { KG_QUAL_NEGATION, KG_QUAL_MODALITY, KG_QUAL_SOURCE } kg_qual_kind;

/* A qualifier cue from qualifiers-LANG.tsv. */
typedef struct kg_qualifier {
    kg_qual_kind kind;
    char *value;            /* modality name for MODALITY; NULL otherwise */
    char *source;           /* fixed source name, or NULL (then group `src` of the match) */
    char *file;             /* the qualifiers file, for messages */
    kg_pattern pattern;
} kg_qualifier;

typedef struct kg_macro {
    char *name, *body;
} kg_macro;

struct kg_rules {
    kg_rule *rules;
    size_t n_rules, cap_rules;
    kg_qualifier *quals;
    size_t n_quals, cap_quals;
    kg_macro *macros;       /* define NAME = BODY, used as @NAME */
    size_t n_macros, cap_macros;
    kg_relation_def *relations; /* extract/relations.tsv */
    size_t n_relations, cap_relations;
    kg_template *templates; /* in file order */
    size_t n_templates, cap_templates;
    const kg_lexicon *lex;
    pcre2_match_context *mctx;
    kg_multimatch *cues;    /* every pattern's cue words; built when loading ends */
    /* The rule patterns (numbered in rule order, as in `profile`) each cue word makes
     * worth trying, so a sentence's cue words name its candidate patterns without the
     * others being looked at: cue c is the first-set cue of patterns
     * cue_patterns[cue_start[c] .. cue_start[c + 1]). Patterns with no cue are set in
     * the bitset always_run. Built when loading ends. */
    size_t n_rule_patterns;
    size_t *pattern_rule;        /* pattern number -> index in rules */
    size_t *rule_first_pattern;  /* rule index -> number of its first pattern */
    size_t *cue_start, *cue_patterns;
    uint64_t *always_run;
    int show_patterns;      /* $KG_SHOW_PATTERNS: print each compiled regex on stderr */
    int prefilter;          /* 0 when $KG_RULE_PREFILTER is "0": every pattern runs */
    /* Cue ids of U+212A KELVIN SIGN and U+017F LONG S: a caseless ASCII k or s also
     * matches them, which the ASCII-folding scan cannot see, so a sentence holding one
     * runs every pattern. */
    size_t kelvin_cue, long_s_cue;
    /* $KG_PROFILE_RULES: nanoseconds and matches per (rule, pattern), reported on stderr
     * by kg_rules_free; NULL otherwise. Written without locks: profile with one job. */
    struct kg_pattern_profile *profile;
    size_t n_profile;
};

typedef struct kg_pattern_profile {
    unsigned long long ns, runs, skipped;
} kg_pattern_profile;

/* The slot token that stands for mention i of type T in a slotted sentence:
 * U+E000, the type in ASCII capitals, the decimal index, U+E001. A pronoun that refers
 * to an entity carries a mark after its type: "PN" for "it", "PS" for "its" (ORGPS12), so
 * that a slot {ORG} takes it and a pattern's literal word "it"/"its" still matches it. */
#define KG_SLOT_OPEN "\xEE\x80\x80"
#define KG_SLOT_CLOSE "\xEE\x80\x81"
#define KG_SLOT_OPEN_RE "\\x{E000}"
#define KG_SLOT_CLOSE_RE "\\x{E001}"
#define KG_PRONOUN_MARK_RE "(?:P[NS])?"

#endif
