/* kg_claim: a subject–relation–object statement found in one sentence, with what makes
 * it a claim: polarity, modality, source, time, and provenance.
 *
 * Invariants: all strings live in the article's arena; sentence indexes the article's
 * sentences; an argument that is a mention has mention >= 0 and its id/name/type are the
 * mention's; a literal argument (a phrase like "pirated books") has type "LITERAL" and
 * mention == -1; an entity the rule derived rather than read (a model's owner, a case's
 * defendant, the article's focus) has its own type and mention == -1. */
#ifndef KG_CLAIM_H
#define KG_CLAIM_H
#include <stdbool.h>
#include <stddef.h>

#include "kg_mention.h"

typedef struct kg_claim_arg {
    int mention;           /* index into the article's mentions, or -1 (see above) */
    const char *id;        /* canonical id; for literals "lit:" + normalized text */
    const char *name;      /* canonical name */
    const char *type;      /* mention type, or "LITERAL" */
    const char *surface;   /* original-text surface (bytes of the raw input) */
    size_t start, end;     /* in the normalized text */
    bool has_value;
    kg_value value;
} kg_claim_arg;

typedef struct kg_claim {
    size_t sentence;
    kg_claim_arg subject, object;
    const char *relation;  /* a relation of extract/relations.tsv */
    char polarity;         /* '+' or '-' */
    const char *modality;  /* asserted reported alleged planned possible */
    const char *source;    /* who says so (canonical name), or NULL */
    const char *source_id; /* its id, or NULL */
    const char *time;      /* ISO date/period the claim is about, or NULL */
    bool has_amount;       /* an amount qualifier (Amazon invests-in Anthropic, $4B) */
    kg_value amount;
    const char *amount_name;
    const char *rule;      /* id of the rule (or frame) that produced it */
    const char *template_name; /* the frame's argument template that matched, or NULL
                                  for a hand-written pattern (owned by the rule set) */
    double confidence;     /* 0..1 */
} kg_claim;

#endif
