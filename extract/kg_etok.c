/* kg_etok: tokens and phrase tables of the entity layer; see kg_etok.h. */
#include "kg_etok.h"

#include "kg_data.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"

/* kg_utf8_next, inlined into the tokenizer's loops */
static inline unsigned utf8_next(const char *s, size_t len, size_t *i) {
    const unsigned char *u = (const unsigned char *)s;
    size_t k = *i;
    unsigned c = u[k];
    if (c < 0x80) {
        *i = k + 1;
        return c;
    }
    int extra = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || k + (size_t)extra >= len) {
        *i = k + 1;
        return 0xFFFD;
    }
    unsigned cp = c & (0x3F >> extra);
    for (int j = 1; j <= extra; j++) {
        if ((u[k + j] & 0xC0) != 0x80) {
            *i = k + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (u[k + j] & 0x3F);
    }
    *i = k + 1 + (size_t)extra;
    return cp;
}

unsigned kg_utf8_next(const char *s, size_t len, size_t *i) {
    return utf8_next(s, len, i);
}

static inline bool is_fa_letter(unsigned c) {
    if (c < 0x0621) return false; /* most text: ASCII */
    if (c >= 0x0621 && c <= 0x065F) return true;  /* letters and harakat */
    if (c >= 0x066E && c <= 0x06D3) return true;
    if (c == 0x06D5 || (c >= 0x06FA && c <= 0x06FF)) return true;
    if (c == 0x200C || c == 0x0640) return true;  /* ZWNJ, tatweel inside a word */
    if (c >= 0xFB50 && c <= 0xFDFF) return true;
    if (c >= 0xFE70 && c <= 0xFEFC) return true;
    return false;
}

bool kg_is_fa_letter(unsigned c) {
    return is_fa_letter(c);
}

static bool is_latin_letter(unsigned c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static int digit_value(unsigned c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 0x06F0 && c <= 0x06F9) return (int)(c - 0x06F0);
    if (c >= 0x0660 && c <= 0x0669) return (int)(c - 0x0660);
    return -1;
}

static bool is_space(unsigned c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x200B ||
           c == 0x202F || (c >= 0x2000 && c <= 0x200A);
}

void kg_toks_free(kg_toks *t) {
    if (!t) return;
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* ASCII 'A'..'Z' of each byte of x made lowercase; other bytes unchanged. */
static inline uint64_t fold8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    uint64_t low7 = x & ~high;
    uint64_t ge_a = low7 + ones * (0x80 - 'A');     /* high bit: low7 >= 'A' */
    uint64_t gt_z = low7 + ones * (0x80 - 'Z' - 1); /* high bit: low7 > 'Z' */
    uint64_t upper = ge_a & ~gt_z & ~x & high;
    return x | (upper >> 2);
}

/* keep[r]: r bytes of 0xFF then zeros (a mask endianness-free through memcpy) */
static const unsigned char keep[8][8] = {
    {0},
    {0xFF},
    {0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
};

/* The hash of s[0, n) with ASCII letters folded, so one hash serves tables that fold
 * case and tables that do not (equal strings have equal folded hashes). Eight bytes at
 * a time; avail (>= n) bytes may be read from s, and a last partial word reads past n
 * when avail allows, masked to the same value as when read byte by byte. The final mix
 * spreads every input bit over the low bits (the slot index) and the middle bits (the
 * filter). */
static inline uint64_t hash_avail(const char *s, size_t n, size_t avail) {
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = 0xcbf29ce484222325ULL ^ n, w;
    size_t q = 0;
    for (; q + 8 <= n; q += 8) {
        memcpy(&w, s + q, 8);
        h = (h ^ fold8(w)) * k;
    }
    size_t r = n - q;
    if (r) {
        if (q + 8 <= avail) {
            uint64_t m;
            memcpy(&w, s + q, 8);
            memcpy(&m, keep[r], 8);
            w &= m;
        } else {
            unsigned char b[8] = {0};
            for (size_t j = 0; j < r; j++) b[j] = (unsigned char)s[q + j];
            memcpy(&w, b, 8);
        }
        h = (h ^ fold8(w)) * k;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

static uint64_t hash_bytes(const char *s, size_t n) {
    return hash_avail(s, n, n);
}

static inline bool is_ascii_letter(unsigned c) {
    return (c | 32) - 'a' < 26;
}

/* The main loop reads ASCII bytes directly and decodes only the rest; hash_bytes runs
 * over each token afterwards. Same tokens as decoding every code point. */
void kg_tokenize(const char *text, size_t start, size_t end, kg_toks *out) {
    const unsigned char *u = (const unsigned char *)text;
    out->text = text;
    out->n = 0;
    bool space = true;
    size_t i = start;
    while (i < end) {
        size_t s = i;
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = true;
                continue;
            }
        } else {
            c = utf8_next(text, end, &i);
            if (is_space(c)) {
                space = true;
                continue;
            }
        }
        /* the token is built in place: no copy of the struct per token */
        if (out->n == out->cap) kg_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
        kg_tok *tk = &out->v[out->n];
        *tk = (kg_tok){.start = s, .space_before = space};
        space = false;
        if (is_latin_letter(c)) {
            tk->kind = KG_TK_LATIN;
            bool lower = c >= 'a' && c <= 'z';
            tk->cap = c >= 'A' && c <= 'Z';
            size_t j = i;
            while (j < end) {
                unsigned d = u[j];
                if (d < 0x80) {
                    if (!is_ascii_letter(d)) break;
                    if (d >= 'a') lower = true;
                    j++;
                    continue;
                }
                size_t k = j;
                d = utf8_next(text, end, &k);
                if (!is_latin_letter(d)) break;
                j = k;
            }
            tk->upper = !lower;
            i = j;
        } else if (is_fa_letter(c) && c != 0x200C && c != 0x0640) {
            tk->kind = KG_TK_FA;
            size_t j = i;
            while (j < end && u[j] >= 0x80) {
                /* Arabic-script letters are two bytes, lead byte 0xD8..0xDB */
                if (u[j] >= 0xD8 && u[j] <= 0xDB && j + 1 < end && (u[j + 1] & 0xC0) == 0x80) {
                    if (!is_fa_letter(((u[j] & 0x1Fu) << 6) | (u[j + 1] & 0x3Fu))) break;
                    j += 2;
                    continue;
                }
                size_t k = j;
                unsigned d = utf8_next(text, end, &k);
                if (!is_fa_letter(d)) break;
                j = k;
            }
            i = j;
        } else if (digit_value(c) >= 0 || (c == '.' && i < end && digit_value((unsigned char)text[i]) >= 0 &&
                                           !(s > start && digit_value((unsigned char)text[s - 1]) >= 0))) {
            tk->kind = KG_TK_NUM;
            tk->num_int = c != '.';
            double v = c == '.' ? 0 : digit_value(c), scale = 0.1;
            bool frac = c == '.';
            size_t j = i;
            while (j < end) {
                size_t k = j;
                unsigned d = utf8_next(text, end, &k);
                int dv = digit_value(d);
                if (dv >= 0) {
                    if (frac) {
                        v += dv * scale;
                        scale /= 10;
                    } else {
                        v = v * 10 + dv;
                    }
                    j = k;
                    continue;
                }
                if ((d == '.' || d == ',') && k < end) {
                    size_t m = k;
                    if (digit_value(utf8_next(text, end, &m)) < 0) break;
                    if (d == '.') {
                        if (frac) break;
                        frac = true;
                        tk->num_int = false;
                    } else if (frac) {
                        break;
                    }
                    j = k;
                    continue;
                }
                break;
            }
            tk->num = v;
            i = j;
        } else {
            tk->kind = KG_TK_PUNCT;
        }
        tk->end = i;
        tk->hash = hash_avail(text + tk->start, tk->end - tk->start, end - tk->start);
        out->n++;
    }
}

static bool eq_fold(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return false;
    }
    return true;
}


/* ---- phrase table ---- */

typedef struct phrase {
    size_t ntok;
    char **tok;        /* token texts (folded when the table folds) */
    size_t *len;       /* their lengths in bytes */
    bool *space;       /* space_before of tokens 1..ntok-1 */
    void *payload;
} phrase;

/* A phrase as its first token's slot lists it: what a probe needs to pass over it (a
 * name like "Google" starts dozens of phrases) without reading the phrase. */
typedef struct alt {
    uint64_t hash1;     /* hash_bytes of token 1 when ntok > 1 */
    size_t ntok;
    phrase *ph;
} alt;

/* A slot's alternatives are kept in lookup order, so that a probe visits only the
 * phrases whose second token can be the token after i (a name like "Google" or «شرکت»
 * starts dozens of phrases):
 *   alts[0, nmulti)      phrases of two or more tokens by (hash1, ntok descending,
 *                        insertion order): the first that matches is the longest, the
 *                        earliest among equals;
 *   alts[nmulti, nalts)  one-token phrases in insertion order. */
typedef struct slot {
    char *key;          /* NULL: empty */
    uint64_t hash;      /* hash_bytes(key) */
    alt *alts;
    size_t capalts;
    uint32_t klen, nalts, nmulti;
    /* the key's first bytes, zero-padded: a probe compares a key of up to 16 bytes
     * (nearly all) here, in the slot it has just read, not in the heap copy */
    char head[16];
} slot;

/* tags[i] is 0 for an empty slot, else tag_of(slots[i].hash): probes read only the
 * small tag array until a tag agrees, so a token that starts no phrase (the common case)
 * costs no visit to the slots. */
struct kg_phrases {
    kg_phrases_filter f; /* first: kg_phrases_match (kg_etok.h) reads it */
    bool fold;
    slot *slots;
    uint32_t *tags;
    size_t nslots, used, count;
    size_t max_tokens;
};

/* The filter has 16 bits per slot (32 or more per key), two of them set for every key. */
static inline void filter_set(kg_phrases *p, uint64_t hash) {
    p->f.words[kg_phrases_filter_word(&p->f, hash)] |= kg_phrases_filter_bits(hash);
}

static void filter_reset(kg_phrases *p) {
    free(p->f.words);
    p->f.words = kg_xcalloc(p->nslots / 4, sizeof(uint64_t));
    p->f.mask = p->nslots / 4 - 1;
}

static inline uint32_t tag_of(uint64_t hash) {
    return (uint32_t)(hash >> 32) | 1u;
}

kg_phrases *kg_phrases_new(bool fold) {
    kg_phrases *p = kg_xcalloc(1, sizeof *p);
    p->fold = fold;
    p->nslots = 64;
    p->slots = kg_xcalloc(p->nslots, sizeof(slot));
    p->tags = kg_xcalloc(p->nslots, sizeof(uint32_t));
    filter_reset(p);
    return p;
}

void kg_phrases_free(kg_phrases *p) {
    if (!p) return;
    for (size_t i = 0; i < p->nslots; i++) {
        free(p->slots[i].key);
        for (size_t q = 0; q < p->slots[i].nalts; q++) {
            phrase *ph = p->slots[i].alts[q].ph;
            for (size_t k = 0; k < ph->ntok; k++) free(ph->tok[k]);
            free(ph->tok);
            free(ph->len);
            free(ph->space);
            free(ph);
        }
        free(p->slots[i].alts);
    }
    free(p->slots);
    free(p->tags);
    free(p->f.words);
    free(p);
}

size_t kg_phrases_count(const kg_phrases *p) {
    return p->count;
}

size_t kg_phrases_max_tokens(const kg_phrases *p) {
    return p->max_tokens;
}

/* The index of key's slot, or of the empty slot where it would go. */
static size_t find_slot(const kg_phrases *p, const char *key, size_t n, uint64_t hash) {
    size_t mask = p->nslots - 1;
    size_t i = (size_t)hash & mask;
    uint32_t tag = tag_of(hash);
    for (uint32_t t; (t = p->tags[i]) != 0; i = (i + 1) & mask) {
        if (t != tag) continue;
        const slot *sl = &p->slots[i];
        const char *k = n <= sizeof sl->head ? sl->head : sl->key;
        if (sl->hash == hash && sl->klen == n && (p->fold ? eq_fold(k, key, n) : !memcmp(k, key, n)))
            return i;
    }
    return i;
}

static void rehash(kg_phrases *p) {
    slot *old = p->slots;
    size_t oldn = p->nslots;
    p->nslots *= 2;
    p->slots = kg_xcalloc(p->nslots, sizeof(slot));
    free(p->tags);
    p->tags = kg_xcalloc(p->nslots, sizeof(uint32_t));
    filter_reset(p);
    for (size_t i = 0; i < oldn; i++)
        if (old[i].key) {
            size_t k = find_slot(p, old[i].key, old[i].klen, old[i].hash);
            p->slots[k] = old[i];
            p->tags[k] = tag_of(old[i].hash);
            filter_set(p, old[i].hash);
        }
    free(old);
}

bool kg_phrases_add(kg_phrases *p, const char *text, void *payload) {
    kg_toks t = {0};
    kg_tokenize(text, 0, strlen(text), &t);
    if (t.n == 0) {
        kg_toks_free(&t);
        return false;
    }
    phrase *ph = kg_xcalloc(1, sizeof *ph);
    ph->ntok = t.n;
    ph->tok = kg_xcalloc(t.n, sizeof(char *));
    ph->len = kg_xcalloc(t.n, sizeof(size_t));
    ph->space = kg_xcalloc(t.n, sizeof(bool));
    for (size_t k = 0; k < t.n; k++) {
        ph->len[k] = kg_tok_len(&t, k);
        ph->tok[k] = kg_xstrndup(text + t.v[k].start, ph->len[k]);
        ph->space[k] = t.v[k].space_before;
    }
    ph->payload = payload;
    if ((p->used + 1) * 2 > p->nslots) rehash(p);
    size_t klen = strlen(ph->tok[0]);
    uint64_t hash = hash_bytes(ph->tok[0], klen);
    size_t at = find_slot(p, ph->tok[0], klen, hash);
    slot *s = &p->slots[at];
    if (!s->key) {
        s->key = kg_xstrdup(ph->tok[0]);
        memcpy(s->head, ph->tok[0], klen < sizeof s->head ? klen : sizeof s->head);
        s->klen = (uint32_t)klen;
        s->hash = hash;
        p->tags[at] = tag_of(hash);
        filter_set(p, hash);
        p->used++;
    }
    /* appended: insertion order decides among alternatives */
    alt a = {t.n > 1 ? hash_bytes(ph->tok[1], ph->len[1]) : 0, ph->ntok, ph};
    size_t at2 = s->nalts; /* one-token phrases: last */
    if (a.ntok > 1) {
        at2 = 0;
        while (at2 < s->nmulti && (s->alts[at2].hash1 < a.hash1 ||
                                   (s->alts[at2].hash1 == a.hash1 && s->alts[at2].ntok >= a.ntok)))
            at2++;
        s->nmulti++;
    }
    kg_grow((void **)&s->alts, &s->capalts, s->nalts + 1, sizeof *s->alts);
    memmove(s->alts + at2 + 1, s->alts + at2, (s->nalts - at2) * sizeof *s->alts);
    s->alts[at2] = a;
    s->nalts++;
    p->count++;
    if (t.n > p->max_tokens) p->max_tokens = t.n;
    kg_toks_free(&t);
    return true;
}

/* Whether tokens i+1 .. i+ph->ntok-1 of t are unused and equal the phrase's (token i
 * equals the slot's key, hence every chained phrase's first token in the table's
 * comparison). */
static bool rest_matches(const kg_phrases *p, const kg_toks *t, size_t i, const phrase *ph,
                         const unsigned char *used) {
    for (size_t k = 1; k < ph->ntok; k++) {
        size_t j = i + k;
        if (j >= t->n) return false;
        const kg_tok *tk = &t->v[j];
        const char *tx = t->text + tk->start;
        if (used && used[j]) return false;
        if (tk->end - tk->start != ph->len[k]) return false;
        if (p->fold ? !eq_fold(tx, ph->tok[k], ph->len[k]) : memcmp(tx, ph->tok[k], ph->len[k]))
            return false;
        if (ph->space[k] != tk->space_before) return false;
    }
    return true;
}

size_t kg_phrases_match_probe(const kg_phrases *p, const kg_toks *t, size_t i, size_t limit,
                              const unsigned char *used, void **payload,
                              bool (*accept)(const kg_toks *, size_t, size_t, void *, void *),
                              void *ctx) {
    size_t at = find_slot(p, t->text + t->v[i].start, kg_tok_len(t, i), t->v[i].hash);
    if (!p->tags[at]) return 0;
    const slot *s = &p->slots[at];
    /* longer phrases first: those whose second token hashes like token i+1 (unequal
     * hashes, case folded, mean unequal tokens in either kind of table) */
    if (i + 1 < t->n && s->nmulti) {
        uint64_t h1 = t->v[i + 1].hash;
        size_t lo = 0, hi = s->nmulti;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->alts[mid].hash1 < h1) lo = mid + 1;
            else hi = mid;
        }
        for (size_t q = lo; q < s->nmulti && s->alts[q].hash1 == h1; q++) {
            const alt *a = &s->alts[q];
            if (i + a->ntok > limit || !rest_matches(p, t, i, a->ph, used)) continue;
            if (accept && !accept(t, i, a->ntok, a->ph->payload, ctx)) continue;
            *payload = a->ph->payload;
            return a->ntok;
        }
    }
    if (i + 1 > limit) return 0;
    for (size_t q = s->nmulti; q < s->nalts; q++) {
        const phrase *ph = s->alts[q].ph;
        if (accept && !accept(t, i, 1, ph->payload, ctx)) continue;
        *payload = ph->payload;
        return 1;
    }
    return 0;
}

void kg_phrases_each_start_probe(const kg_phrases *p, const kg_toks *t, size_t i,
                                 void (*fn)(void *payload, void *ctx), void *ctx) {
    if (i >= t->n) return;
    uint64_t h = t->v[i].hash;
    size_t at = find_slot(p, t->text + t->v[i].start, kg_tok_len(t, i), h);
    if (!p->tags[at]) return;
    const slot *s = &p->slots[at];
    for (size_t q = 0; q < s->nalts; q++) fn(s->alts[q].ph->payload, ctx);
}

kg_mention *kg_mlist_push(kg_mlist *l) {
    kg_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
    kg_mention *m = &l->v[l->n++];
    memset(m, 0, sizeof *m);
    m->antecedent = -1;
    return m;
}

typedef struct tsv_ctx {
    int (*fn)(char **f, int nf, long line, void *ctx);
    void *ctx;
} tsv_ctx;

static int split_fields(char *line, long lineno, void *p) {
    const tsv_ctx *t = p;
    char *f[32];
    int nf = 0;
    for (char *q = line;;) {
        char *tab = strchr(q, '\t');
        if (nf < 32) f[nf++] = q;
        if (!tab) break;
        *tab = '\0';
        q = tab + 1;
    }
    return t->fn(f, nf, lineno, t->ctx);
}

int kg_tsv_each(char *buf, int (*fn)(char **f, int nf, long line, void *ctx), void *ctx) {
    tsv_ctx t = {fn, ctx};
    return kg_data_each_line(buf, split_fields, &t);
}

int kg_tsv_load_all(const char *data_dir, const char *const *files, int n,
                    int (*fn)(char **f, int nf, long line, void *where), void *owner,
                    kg_error *err) {
    for (int k = 0; k < n; k++) {
        char *path = kg_data_path(data_dir, files[k]);
        char *buf = kg_data_slurp(path, NULL);
        int rc = KG_OK;
        if (!buf) {
            rc = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
        } else {
            kg_tsv_where where = {owner, path, err, k};
            rc = kg_tsv_each(buf, fn, &where);
        }
        free(buf);
        free(path);
        if (rc) return rc;
    }
    return KG_OK;
}

size_t kg_mlist_to_arena(kg_mlist *l, kg_arena *arena, kg_mention **out) {
    *out = NULL;
    if (l->n) {
        *out = kg_arena_alloc(arena, l->n * sizeof **out);
        memcpy(*out, l->v, l->n * sizeof **out);
    }
    size_t n = l->n;
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
    return n;
}
