/* kg_etok: the tokens and phrase tables shared by the entity layer (lexicon, quantities,
 * dates, rule NER, coreference). Internal to extract/; not a contract with other rooms.
 *
 * Tokens are cut from normalized text (kg_normalize.h): a word is a run of Latin letters
 * or a run of Arabic-script letters ("H100" is "H" + "100", glued); a
 * number is a run of digits with inner '.' or ',' between digits (".77" too); every
 * other non-space character is a one-character punctuation token. Offsets are bytes into
 * the text the tokens were cut from.
 *
 * A phrase table maps token sequences ("more than", "بیش از", "US$") to a payload;
 * lookups are by the first token (a hash), so matching costs one hash probe per token.
 * Ownership: kg_toks and kg_phrases own their heap memory; free with the _free functions
 * (NULL is fine). */
#ifndef KG_ETOK_H
#define KG_ETOK_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_error.h"
#include <stddef.h>

enum { KG_TK_LATIN = 1, KG_TK_FA = 2, KG_TK_NUM = 3, KG_TK_PUNCT = 4 };

typedef struct kg_tok {
    size_t start, end;  /* byte offsets, end exclusive */
    int kind;
    bool space_before;  /* whitespace (or the start of the range) precedes it */
    bool cap;           /* Latin word starting with an uppercase letter */
    bool upper;         /* Latin word whose letters are all uppercase */
    double num;         /* KG_TK_NUM: its value (',' as thousands separator) */
    bool num_int;       /* KG_TK_NUM without a decimal point */
    uint64_t hash;      /* kg_tok_hash of its bytes, computed once by kg_tokenize */
} kg_tok;

typedef struct kg_toks {
    const char *text;
    kg_tok *v;
    size_t n, cap;
} kg_toks;

/* Tokenizes text[start, end) into out (which is reset; its buffer is reused). */
void kg_tokenize(const char *text, size_t start, size_t end, kg_toks *out);
void kg_toks_free(kg_toks *t); /* frees the members, not t */

static inline size_t kg_tok_len(const kg_toks *t, size_t i) {
    return t->v[i].end - t->v[i].start;
}

/* True if token i's text equals s exactly (fold: ASCII case-insensitively). Inline: the
 * recognizers ask it about every token with constant words, whose strlen folds away and
 * whose length check then rejects most tokens at once. */
static inline bool kg_tok_is(const kg_toks *t, size_t i, const char *s, bool fold) {
    if (i >= t->n) return false;
    size_t n = kg_tok_len(t, i);
    if (strlen(s) != n) return false;
    const char *p = t->text + t->v[i].start;
    for (size_t k = 0; k < n; k++) {
        unsigned char x = (unsigned char)p[k], y = (unsigned char)s[k];
        if (fold && x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (fold && y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

/* A phrase table. fold: Latin letters compare case-insensitively. */
typedef struct kg_phrases kg_phrases;
kg_phrases *kg_phrases_new(bool fold);
void kg_phrases_free(kg_phrases *p);
/* Adds phrase (already normalized) with payload; returns false if it has no tokens.
 * A later add of the same phrase is kept as an alternative (see kg_phrases_match). */
bool kg_phrases_add(kg_phrases *p, const char *phrase, void *payload);
/* Longest phrase starting at token i that does not run past token limit (exclusive) and
 * whose tokens are all unused (used may be NULL). Returns the number of tokens (0: no
 * match) and sets *payload. accept, when not NULL, may veto a candidate.
 *
 * Most tokens start no phrase, and the entity layer asks about every token many times:
 * the first checks and a bit filter over the first tokens' hashes (kg_phrases_filter,
 * the first member of every kg_phrases) are inline here, and only a token that passes
 * them goes to kg_phrases_match_probe, the table lookup proper. */
typedef struct kg_phrases_filter {
    uint64_t *words;
    size_t mask;   /* number of words - 1 */
} kg_phrases_filter;

/* A blocked Bloom filter: each key sets two bits of one word. */
static inline uint64_t kg_phrases_filter_bits(uint64_t hash) {
    return ((uint64_t)1 << ((hash >> 8) & 63)) | ((uint64_t)1 << ((hash >> 14) & 63));
}

static inline size_t kg_phrases_filter_word(const kg_phrases_filter *f, uint64_t hash) {
    return (size_t)(hash >> 24) & f->mask;
}

/* False when no phrase of p can start with token i (i < t->n): the filter alone, so a
 * true answer may still find no phrase. Lets a recognizer skip a token at once. */
static inline bool kg_phrases_may_start(const kg_phrases *p, const kg_toks *t, size_t i) {
    const kg_phrases_filter *f = (const kg_phrases_filter *)p;
    uint64_t h = t->v[i].hash, m = kg_phrases_filter_bits(h);
    return (f->words[kg_phrases_filter_word(f, h)] & m) == m;
}
size_t kg_phrases_match_probe(const kg_phrases *p, const kg_toks *t, size_t i, size_t limit,
                              const unsigned char *used, void **payload,
                              bool (*accept)(const kg_toks *t, size_t i, size_t n,
                                             void *payload, void *ctx),
                              void *ctx);

static inline size_t kg_phrases_match(const kg_phrases *p, const kg_toks *t, size_t i,
                                      size_t limit, const unsigned char *used, void **payload,
                                      bool (*accept)(const kg_toks *t, size_t i, size_t n,
                                                     void *payload, void *ctx),
                                      void *ctx) {
    if (i >= limit || (used && used[i])) return 0;
    const kg_phrases_filter *f = (const kg_phrases_filter *)p;
    uint64_t h = t->v[i].hash, m = kg_phrases_filter_bits(h);
    if ((f->words[kg_phrases_filter_word(f, h)] & m) != m) return 0;
    return kg_phrases_match_probe(p, t, i, limit, used, payload, accept, ctx);
}
size_t kg_phrases_count(const kg_phrases *p);
/* The largest number of tokens of a phrase of p (0 when empty). */
size_t kg_phrases_max_tokens(const kg_phrases *p);
/* Calls fn(payload, ctx) for every phrase whose first token equals token i (in the
 * table's comparison), whatever its other tokens: what a recognizer may look for at i. */
void kg_phrases_each_start_probe(const kg_phrases *p, const kg_toks *t, size_t i,
                                 void (*fn)(void *payload, void *ctx), void *ctx);
static inline void kg_phrases_each_start(const kg_phrases *p, const kg_toks *t, size_t i,
                                         void (*fn)(void *payload, void *ctx), void *ctx) {
    if (i < t->n && kg_phrases_may_start(p, t, i)) kg_phrases_each_start_probe(p, t, i, fn, ctx);
}

/* strcmp(a, b) == 0, answered at once for the same pointer (ids and names shared
 * with the lexicon) or a different first byte (most type and via comparisons). */
static inline bool kg_str_eq(const char *a, const char *b) {
    return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

/* UTF-8 helpers. Decodes the code point at s[*i] (advancing *i); invalid bytes -> FFFD. */
unsigned kg_utf8_next(const char *s, size_t len, size_t *i);
bool kg_is_fa_letter(unsigned c);

/* A growable array of mentions (heap), strings in an arena. */
#include "kg_mention.h"
typedef struct kg_mlist {
    kg_mention *v;
    size_t n, cap;
} kg_mlist;
kg_mention *kg_mlist_push(kg_mlist *l); /* zeroed, antecedent -1 */
/* Moves the list's mentions into an arena array (*out, NULL when empty), frees the
 * list's heap array, and returns the count. */
size_t kg_mlist_to_arena(kg_mlist *l, kg_arena *arena, kg_mention **out);

/* Splits a data file into lines and tab fields in place. Calls fn(fields, nfields, line,
 * ctx) for each non-empty, non-'#' line; stops at the first nonzero return. */
int kg_tsv_each(char *buf, int (*fn)(char **f, int nf, long line, void *ctx), void *ctx);

/* Where a data-file line comes from, for kg_tsv_load_all's callbacks. */
typedef struct kg_tsv_where {
    void *owner;        /* the table being filled */
    const char *file;   /* the file's path, for messages */
    kg_error *err;
    int which;          /* the index of the file in the list */
} kg_tsv_where;

/* Reads each DATA_DIR/files[k] and calls fn(fields, nfields, line, where) for its lines,
 * with where->which == k. Returns KG_OK, KG_EIO for an unreadable file, or the first
 * nonzero return of fn. */
int kg_tsv_load_all(const char *data_dir, const char *const *files, int n,
                    int (*fn)(char **f, int nf, long line, void *where), void *owner,
                    kg_error *err);

#endif
