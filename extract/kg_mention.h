/* kg_mention: a thing a sentence names — an entity, an amount or a date — and where.
 *
 * Invariants: start/end are byte offsets into the article's normalized text (end
 * exclusive) and lie inside the mention's sentence; all strings live in the article's
 * arena (see kg_arena.h) and are never freed one by one. */
#ifndef KG_MENTION_H
#define KG_MENTION_H
#include <stdbool.h>
#include <stddef.h>

/* An amount: an exact value has low == high; an open bound has only one side. */
typedef struct kg_value {
    double low, high;
    bool has_low, has_high;
    char unit[16];  /* ISO 4217 code (USD, EUR, GBP, IRT, IRR, ...), "%", "tokens",
                       "parameters", "users", ... or "" for a bare number */
    bool approx;    /* "about", "حدود", ... */
} kg_value;

typedef struct kg_mention {
    size_t sentence;       /* index of the sentence it is in */
    size_t start, end;     /* in the normalized text */
    const char *surface;   /* the normalized text of the span */
    const char *type;      /* ORG PERSON PRODUCT CASE PLACE OUTLET EVENT MONEY PERCENT
                              NUMBER COUNT DATE */
    const char *id;        /* canonical id: the lexicon id ("meta"), or for entities no list
                              knows a stable id made from the name ("org:run-ai") */
    const char *name;      /* canonical name: English name from the lexicon, else the
                              normalized surface; for amounts a readable form ("60–80B USD") */
    const char *qid;       /* Wikidata QID, or NULL */
    const char *owner;     /* lexicon id of the developer/parent organization, or NULL */
    const char *via;       /* "lexicon", "rule:ID", "coref", "quantity", "date" */
    bool has_value;
    kg_value value;        /* for MONEY PERCENT NUMBER COUNT */
    const char *time;      /* for DATE: ISO "2025", "2025-04", "2025-04-05", "2025-Q4",
                              "2025-H2"; NULL when it could not be resolved */
    int antecedent;        /* coref: index of the mention it refers to; -1 otherwise */
    bool after_speech;     /* coref phrase right after a speech verb of its sentence ("Cohere
                              said the company ..."): it names that sentence's speaker */
    size_t speech_at;      /* after_speech: the byte where that speech verb starts */
    bool pronoun;          /* coref "it"/"its" (not a descriptor): no evidence of focus */
    bool possessive;       /* coref phrase that names its own sentence's subject first ("its") */
} kg_mention;

#endif
