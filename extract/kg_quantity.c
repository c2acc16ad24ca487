/* kg_quantity: amounts; see kg_quantity.h.
 *
 * Reading an amount is three layers over the tokens of kg_etok.h:
 *   number  digits and number words combined by place value ("سه هزار و دویست",
 *           "seven hundred twenty-one thousand"), decimals ("two point two"), fractions
 *           ("1/5"), glued scale suffixes ("4B");
 *   amount  [currency] number [currency | unit] [cents];
 *   range   [cues] amount [to amount] — the left side of a range inherits the currency,
 *           unit and scale of the right side ("60 تا 80 میلیارد دلار").
 * The words of every layer are data (extract/entities/). */
#include "kg_quantity.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_data.h"
#include "kg_eparts.h"
#include "kg_etok.h"
#include "kg_normalize.h"

enum { W_UNIT = 1, W_TEEN, W_TEN, W_HUNDREDS, W_HUNDRED, W_SCALE, W_SCALE_ALONE, W_SUFFIX,
       W_VAGUE, W_ARTICLE };
enum { R_APPROX = 1, R_MIN, R_MAX, R_EXACT, R_NEG, R_BETWEEN, R_FROM, R_TO, R_AND, R_POINT };
enum { C_PRE = 1, C_POST = 2, C_MINOR = 4 };

typedef struct numword {
    double value;
    int cls;
} numword;

typedef struct currency {
    char code[8];
    double factor;
    int pos;
} currency;

typedef struct unitinfo {
    char unit[16];
} unitinfo;

struct kg_quantity_finder {
    kg_phrases *words, *currencies, *units, *cues;
    void **owned;
    size_t nowned, capowned;
};

static void *own(kg_quantity_finder *qf, size_t size) {
    void *p = kg_xcalloc(1, size);
    KG_PUSH(qf->owned, qf->nowned, qf->capowned, p);
    return p;
}

void kg_quantity_finder_free(kg_quantity_finder *qf) {
    if (!qf) return;
    kg_phrases_free(qf->words);
    kg_phrases_free(qf->currencies);
    kg_phrases_free(qf->units);
    kg_phrases_free(qf->cues);
    for (size_t i = 0; i < qf->nowned; i++) free(qf->owned[i]);
    free(qf->owned);
    free(qf);
}

typedef kg_tsv_where load_ctx; /* owner: the kg_quantity_finder being filled */

static int add_phrase(load_ctx *c, kg_phrases *p, const char *form, void *payload, long line) {
    char *norm = kg_normalize_string(form);
    bool ok = norm && kg_phrases_add(p, norm, payload);
    free(norm);
    if (!ok)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "'%s' is not a usable phrase", form);
    return 0;
}

static int load_line(char **f, int nf, long line, void *vctx) {
    load_ctx *c = vctx;
    kg_quantity_finder *qf = ((kg_quantity_finder *)c->owner);
    static const char *const wcls[] = {"", "unit", "teen", "ten", "hundreds", "hundred",
                                       "scale", "scale-alone", "suffix", "vague", "article"};
    static const char *const roles[] = {"", "approx", "min", "max", "exact", "neg",
                                        "between", "from", "to", "and", "point"};
    int need = c->which == 0 ? 4 : c->which == 1 ? 4 : 2;
    if (nf != need)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "expected %d tab-separated columns, found %d", need, nf);
    if (c->which == 0) {
        numword *w = own(qf, sizeof *w);
        char *end;
        w->value = strtod(f[1], &end);
        if (*end || end == f[1])
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "bad value '%s'", f[1]);
        for (int k = 1; k < (int)(sizeof wcls / sizeof *wcls); k++)
            if (!strcmp(f[2], wcls[k])) w->cls = k;
        if (!w->cls)
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "unknown class '%s'", f[2]);
        return add_phrase(c, qf->words, f[0], w, line);
    }
    if (c->which == 1) {
        currency *cu = own(qf, sizeof *cu);
        snprintf(cu->code, sizeof cu->code, "%s", f[1]);
        cu->factor = strtod(f[2], NULL);
        cu->pos = !strcmp(f[3], "pre")    ? C_PRE
                  : !strcmp(f[3], "post") ? C_POST
                  : !strcmp(f[3], "both") ? C_PRE | C_POST
                  : !strcmp(f[3], "minor") ? C_MINOR
                                           : 0;
        if (!cu->pos || cu->factor <= 0)
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                                "bad factor or position (pre, post, both, minor)");
        return add_phrase(c, qf->currencies, f[0], cu, line);
    }
    if (c->which == 2) {
        unitinfo *u = own(qf, sizeof *u);
        snprintf(u->unit, sizeof u->unit, "%s", f[1]);
        return add_phrase(c, qf->units, f[0], u, line);
    }
    for (int k = 1; k < (int)(sizeof roles / sizeof *roles); k++)
        if (!strcmp(f[1], roles[k])) return add_phrase(c, qf->cues, f[0], (void *)(intptr_t)k, line);
    return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "unknown role '%s'", f[1]);
}

int kg_quantity_finder_new(const char *data_dir, kg_quantity_finder **out, kg_error *err) {
    static const char *const files[] = {"extract/entities/numbers.tsv",
                                         "extract/entities/currencies.tsv",
                                         "extract/entities/units.tsv",
                                         "extract/entities/quantity-cues.tsv"};
    *out = NULL;
    int nrc = kg_normalize_load(data_dir, err);
    if (nrc) return nrc;
    kg_quantity_finder *qf = kg_xcalloc(1, sizeof *qf);
    qf->words = kg_phrases_new(true);
    qf->currencies = kg_phrases_new(true);
    qf->units = kg_phrases_new(true);
    qf->cues = kg_phrases_new(true);
    int rc = kg_tsv_load_all(data_dir, files, 4, load_line, qf, err);
    if (rc) {
        kg_quantity_finder_free(qf);
        return rc;
    }
    *out = qf;
    return KG_OK;
}

/* ---- matching helpers ---- */

typedef struct scan {
    const kg_quantity_finder *qf;
    const kg_toks *t;
    const unsigned char *used;
    unsigned flags;
    /* when not NULL: roles[i] has bit r set if a cue of role r starts with token i */
    const uint32_t *roles;
} scan;

static bool role_is(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)t, (void)i, (void)n;
    return (intptr_t)payload == *(int *)ctx;
}

/* Length of the cue with the given role at i, or 0. */
static void add_role(void *payload, void *ctx) {
    *(uint32_t *)ctx |= (uint32_t)1 << (intptr_t)payload;
}

static size_t cue_lookup(const scan *s, size_t i, int role);

/* the parsers ask for several roles at each token they try: the roles[] answer is
 * inline */
static inline size_t cue(const scan *s, size_t i, int role) {
    if (s->roles && (i >= s->t->n || !(s->roles[i] & ((uint32_t)1 << role)))) return 0;
    return cue_lookup(s, i, role);
}

static size_t cue_lookup(const scan *s, size_t i, int role) {
    void *payload;
    return kg_phrases_match(s->qf->cues, s->t, i, s->t->n, s->used, &payload, role_is, &role);
}

static bool cls_is(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)t, (void)i, (void)n;
    int want = *(int *)ctx;
    return !want || ((const numword *)payload)->cls == want;
}

static size_t word(const scan *s, size_t i, int cls, const numword **w) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->qf->words, s->t, i, s->t->n, s->used, &payload, cls_is, &cls);
    if (n) *w = payload;
    return n;
}

static bool pos_is(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)i;
    const currency *c = payload;
    /* "c", "le" and the like only right after a number, and never glued to a following word */
    size_t j = i + n;
    if (j < t->n && !t->v[j].space_before && t->v[j].kind == KG_TK_LATIN &&
        t->v[j - 1].kind == KG_TK_LATIN)
        return false;
    return (c->pos & *(int *)ctx) != 0;
}

static size_t currency_at(const scan *s, size_t i, int pos, const currency **c) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->qf->currencies, s->t, i, s->t->n, s->used, &payload, pos_is, &pos);
    if (n) *c = payload;
    return n;
}

/* A word-like match must not stop inside a word: "%." is fine, "users" is not "user"+"s". */
static bool word_end_ok(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)payload, (void)ctx;
    size_t j = i + n;
    return j >= t->n || t->v[j].space_before || t->v[j].kind != t->v[j - 1].kind ||
           t->v[j].kind == KG_TK_PUNCT;
}

static size_t unit_at(const scan *s, size_t i, const unitinfo **u) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->qf->units, s->t, i, s->t->n, s->used, &payload, word_end_ok, NULL);
    if (n) *u = payload;
    return n;
}

static bool usable(const scan *s, size_t i) {
    return i < s->t->n && !(s->used && s->used[i]);
}

static bool glued(const scan *s, size_t i) {
    return i < s->t->n && !s->t->v[i].space_before;
}

/* ---- numbers ---- */

typedef struct number {
    double value;
    size_t ntok;
    bool scaled;       /* a scale word or suffix was applied */
    double last_scale; /* the last one (to lend to the left side of a range) */
    bool plain_int;    /* one digit token, an integer, nothing else */
    bool words;        /* made of words only */
} number;

/* Value of the number element at i (for the place-value check), or -1. */
static double peek_value(const scan *s, size_t i) {
    if (!usable(s, i)) return -1;
    if (s->t->v[i].kind == KG_TK_NUM) return s->t->v[i].num;
    const numword *w;
    if (word(s, i, 0, &w) && w->cls >= W_UNIT && w->cls <= W_HUNDRED) return w->value;
    return -1;
}

static double pow10i(size_t n) {
    double p = 1;
    while (n--) p *= 10;
    return p;
}

static size_t parse_number(const scan *s, size_t i, number *out) {
    const kg_toks *t = s->t;
    memset(out, 0, sizeof *out);
    double total = 0, cur = 0, place = INFINITY;
    bool have = false, digits_only = true;
    int last = 0;
    size_t j = i, ndig = 0;
    while (usable(s, j)) {
        const kg_tok *tk = &t->v[j];
        const numword *w = NULL;
        size_t n;
        if (tk->kind == KG_TK_NUM) {
            if (have && !(tk->num < place && tk->num_int && last != -1)) break;
            double v = tk->num;
            size_t used_toks = 1;
            /* a fraction: 1/5 (not a date: 1404/01/17) */
            if (!have && tk->num_int && j + 2 < t->n && usable(s, j + 2) &&
                kg_tok_is(t, j + 1, "/", false) && glued(s, j + 1) && glued(s, j + 2) &&
                t->v[j + 2].kind == KG_TK_NUM && t->v[j + 2].num_int && t->v[j + 2].num != 0 &&
                !(j + 3 < t->n && kg_tok_is(t, j + 3, "/", false))) {
                v = v / t->v[j + 2].num;
                used_toks = 3;
            }
            cur += v;
            have = true;
            ndig++;
            j += used_toks;
            last = -1;
            place = 0;
            /* a glued scale suffix: 4B, 600M, 64K, 4bn */
            if (used_toks == 1 && glued(s, j) && (n = word(s, j, W_SUFFIX, &w)) &&
                word_end_ok(t, j, n, NULL, NULL)) {
                total = (total + cur) * w->value;
                cur = 0;
                out->scaled = true;
                out->last_scale = w->value;
                place = w->value;
                j += n;
                last = W_SUFFIX;
            } else if (used_toks == 1 && glued(s, j) && kg_tok_is(t, j, "-", false) && glued(s, j + 1) &&
                       word(s, j + 1, W_SCALE, &w) && w->value >= 1e3) {
                j++; /* "123-billion-parameter": the hyphen reads as a space */
            }
            continue;
        }
        if ((n = word(s, j, 0, &w))) {
            int c = w->cls;
            double v = w->value;
            if (c == W_SUFFIX) break;
            if (c == W_VAGUE || c == W_SCALE_ALONE) {
                if (have || (c == W_VAGUE && !(s->flags & KG_QUANTITY_VAGUE))) break;
                if (c == W_VAGUE) {
                    cur = v;
                    have = true;
                    j += n;
                    digits_only = false;
                    break;
                }
                /* "a dozen" acts as 12 that a following scale can multiply */
                cur = v;
                have = true;
                place = 12;
                last = W_SCALE;
                j += n;
                digits_only = false;
                continue;
            }
            if (c == W_ARTICLE) {
                const numword *nx;
                const currency *cu;
                if (have) break;
                if (word(s, j + n, W_SCALE, &nx) || word(s, j + n, W_HUNDRED, &nx) ||
                    (currency_at(s, j + n, C_POST, &cu) && cu->pos == C_POST)) {
                    cur = 1;
                    have = true;
                    place = INFINITY;
                    last = W_ARTICLE;
                    j += n;
                    digits_only = false;
                    continue;
                }
                break;
            }
            digits_only = false;
            if (c == W_UNIT || c == W_TEEN) {
                if (have && !(v < place)) break;
                cur += v;
                place = 1;
            } else if (c == W_TEN) {
                if (have && last == W_UNIT && cur > 0 && cur < 10 && total == 0) {
                    cur = cur * 100 + v; /* "one twenty two" */
                } else {
                    if (have && !(v < place)) break;
                    cur += v;
                }
                place = 10;
            } else if (c == W_HUNDREDS) {
                if (have && !(v < place)) break;
                cur += v;
                place = 100;
            } else if (c == W_HUNDRED) {
                if (!have || last == W_ARTICLE) cur = 100;
                else if (cur >= 1 && cur < 10 && place <= 1) cur *= 100;
                else if (place > 100 && cur == 0) cur = 100;
                else break;
                place = 100;
            } else if (c == W_SCALE) {
                /* "هزار و دویست", "thousand" alone: 1000; other scales need a number */
                if (!have && v == 1000) {
                    have = true;
                    cur = 1;
                }
                if (!have) break;
                if (total + cur == 0) break;
                if (total < v) total = (total + cur) * v;
                else total += (cur ? cur : 1) * v;
                cur = 0;
                out->scaled = true;
                out->last_scale = v;
                place = v;
            } else {
                break;
            }
            have = true;
            last = c;
            j += n;
            continue;
        }
        if (have && (n = cue(s, j, R_POINT)) && usable(s, j + n)) {
            /* decimals: "1 point 1", "two point two million", "point 77" */
            size_t k = j + n;
            double frac = 0;
            size_t nd = 0;
            if (t->v[k].kind == KG_TK_NUM && t->v[k].num_int) {
                nd = kg_tok_len(t, k);
                frac = t->v[k].num / pow10i(nd);
                k++;
            } else {
                const numword *d;
                size_t m;
                while (usable(s, k) && (m = word(s, k, W_UNIT, &d))) {
                    nd++;
                    frac += d->value / pow10i(nd);
                    k += m;
                }
            }
            if (!nd || place > 1e3) break;
            cur += frac;
            j = k;
            place = 0;
            last = -2;
            digits_only = false;
            continue;
        }
        if (have && (((n = cue(s, j, R_AND)) && t->v[j].kind != KG_TK_PUNCT) ||
                     (kg_tok_is(t, j, "-", false) && glued(s, j) && glued(s, j + 1) && last > 0 &&
                      (n = 1)))) {
            /* "and"/"و" (or the hyphen of "twenty-one") joins smaller place values only */
            double nv = peek_value(s, j + n);
            if (nv < 0 || !(nv < place) || last < 0) break;
            /* never between digit amounts of their own ("8B, 70B and 405B"); English
             * "and" joins number words only ("one hundred and five") */
            if (last == W_SUFFIX) break;
            if (t->v[j].kind == KG_TK_LATIN && (ndig || t->v[j + n].kind == KG_TK_NUM)) break;
            j += n;
            continue;
        }
        if (!have && (n = cue(s, j, R_POINT)) && usable(s, j + n) && t->v[j + n].kind == KG_TK_NUM &&
            t->v[j + n].num_int) {
            size_t nd = kg_tok_len(t, j + n);
            cur = t->v[j + n].num / pow10i(nd);
            have = true;
            j += n + 1;
            place = 0;
            last = -2;
            digits_only = false;
            continue;
        }
        break;
    }
    if (!have) return 0;
    /* a trailing "and" or hyphen is not part of the number */
    out->value = total + cur;
    out->ntok = j - i;
    out->words = ndig == 0;
    out->plain_int = digits_only && ndig == 1 && !out->scaled && out->ntok == 1 && t->v[i].num_int;
    /* "forty-five (45)", "45 (forty five)": a restatement in parentheses */
    if (usable(s, j) && kg_tok_is(t, j, "(", false)) {
        number inner;
        size_t k = j + 1;
        size_t n = parse_number(s, k, &inner);
        if (n && inner.value == out->value && kg_tok_is(t, k + n, ")", false))
            out->ntok = k + n + 1 - i;
    }
    return out->ntok;
}

/* ---- amounts ---- */

typedef struct amount {
    number num;
    double value;
    const currency *cur;
    const unitinfo *unit;
    size_t ntok;
    bool neg;
} amount;

static bool blocked_start(const scan *s, size_t i) {
    const kg_toks *t = s->t;
    /* a number glued to a word before it is part of a name: H100, GPT-4, Llama3 */
    if (i > 0 && !t->v[i].space_before && t->v[i - 1].kind != KG_TK_PUNCT) return true;
    if (i > 1 && !t->v[i].space_before && kg_tok_is(t, i - 1, "-", false) &&
        !t->v[i - 1].space_before && (t->v[i - 2].kind == KG_TK_LATIN || t->v[i - 2].kind == KG_TK_FA))
        return true;
    return false;
}

static size_t parse_amount(const scan *s, size_t i, amount *a) {
    const kg_toks *t = s->t;
    memset(a, 0, sizeof *a);
    size_t j = i, n;
    const currency *c = NULL;
    if ((n = currency_at(s, j, C_PRE, &c)) && c->factor == 1) {
        a->cur = c;
        j += n;
    }
    if (usable(s, j) && kg_tok_is(t, j, "-", false) && usable(s, j + 1) && t->v[j + 1].kind == KG_TK_NUM &&
        ((j == 0 && !a->cur) || (t->v[j].space_before && glued(s, j + 1)))) {
        a->neg = true;
        j++;
    }
    if (usable(s, j) && t->v[j].kind == KG_TK_NUM && !a->cur && !a->neg && blocked_start(s, j))
        return 0;
    if (!(n = parse_number(s, j, &a->num))) return 0;
    j += n;
    a->value = a->num.value;
    /* a number glued to a following word that is no suffix, unit or currency is a name
     * part ("4o", "3rd") */
    if (!a->cur && (n = currency_at(s, j, C_POST, &c))) {
        a->cur = c;
        a->value *= c->factor;
        j += n;
    } else if (!a->cur && a->num.scaled && usable(s, j) && kg_tok_is(t, j, "-", false) && glued(s, j) &&
               glued(s, j + 1) && t->v[j - 1].kind != KG_TK_NUM &&
               ((n = currency_at(s, j + 1, C_POST, &c)) || (n = unit_at(s, j + 1, &a->unit)))) {
        /* "123-billion-parameter", "500-million-user", "10-million-dollar" */
        if (n && !a->unit) {
            a->cur = c;
            a->value *= c->factor;
        }
        j += 1 + n;
    } else if (!a->cur && (n = unit_at(s, j, &a->unit))) {
        /* "the 405B model": a digit amount with a glued scale ("405B") before "model"
         * is the model's size in a name, not a count of models */
        if (!strcmp(a->unit->unit, "models") && a->num.scaled && a->num.ntok == 2 &&
            t->v[j - 2].kind == KG_TK_NUM && glued(s, j - 1))
            return 0;
        j += n;
    } else if (usable(s, j) && glued(s, j) && t->v[j].kind != KG_TK_PUNCT &&
               t->v[j - 1].kind == KG_TK_NUM) {
        return 0;
    }
    /* cents: "$20 and 43c", "20 dollars 43 cents", "US$3 and fourteen" */
    if (a->cur && a->cur->factor == 1 && a->num.value == floor(a->num.value) && !a->num.scaled) {
        size_t k = j;
        bool and_ = false;
        if ((n = cue(s, k, R_AND)) && t->v[k].kind != KG_TK_PUNCT) {
            k += n;
            and_ = true;
        }
        number ct;
        const currency *minor;
        size_t m = parse_number(s, k, &ct);
        if (m && ct.value < 100 && ct.value == floor(ct.value) && !ct.scaled) {
            size_t mm = currency_at(s, k + m, C_MINOR, &minor);
            bool at_end = k + m >= t->n || t->v[k + m].kind == KG_TK_PUNCT;
            if (mm || (at_end && (and_ || glued(s, k) || t->v[k].kind == KG_TK_NUM))) {
                a->value += ct.value / 100;
                j = k + m + mm;
            }
        }
    }
    if (a->neg) a->value = -a->value;
    a->ntok = j - i;
    return a->ntok;
}

static bool year_like(const amount *a) {
    return a->num.plain_int && !a->cur && !a->unit && a->value >= 1900 && a->value <= 2100;
}

/* ---- ranges and cues ---- */

typedef struct found {
    size_t start, ntok;
    kg_value v;
    const char *type;
} found;

/* snprintf(v->unit, sizeof v->unit, "%s", s), without the format interpreter */
static void set_unit(kg_value *v, const char *s) {
    size_t n = 0;
    for (; n + 1 < sizeof v->unit && s[n]; n++) v->unit[n] = s[n];
    v->unit[n] = '\0';
}

static size_t parse_quantity(const scan *s, size_t i, found *f) {
    const kg_toks *t = s->t;
    memset(f, 0, sizeof *f);
    size_t j = i, n;
    int bound = 0;
    bool approx = false, between = false, from = false, neg = false;
    for (;;) {
        if ((n = cue(s, j, R_APPROX))) approx = true;
        else if ((n = cue(s, j, R_MIN))) bound = R_MIN;
        else if ((n = cue(s, j, R_MAX))) bound = R_MAX;
        else if ((n = cue(s, j, R_EXACT))) {
        } else if ((n = cue(s, j, R_NEG))) neg = !neg;
        else if ((n = cue(s, j, R_BETWEEN))) between = true;
        else if ((n = cue(s, j, R_FROM))) from = true;
        else break;
        j += n;
    }
    amount a1, a2;
    size_t na = parse_amount(s, j, &a1);
    if (!na) return 0;
    size_t k = j + na;
    bool range = false;
    if ((n = cue(s, k, R_TO)) || ((between || from) && (n = cue(s, k, R_AND)))) {
        bool dash = t->v[k].kind == KG_TK_PUNCT;
        size_t m = parse_amount(s, k + n, &a2);
        if (m && !(year_like(&a1) && year_like(&a2)) && !(dash && a2.neg)) {
            /* both sides must measure the same thing: "rose 30% to $12 billion" is a
             * percent and an amount of money, not a range. The left side borrows the
             * currency, unit and scale of the right one only when it is a range. */
            const unitinfo *a1u = a1.unit, *a2u = a2.unit;
            const currency *a1c = a1.cur, *a2c = a2.cur;
            range = !((a1u && (a2c || (a2u && strcmp(a1u->unit, a2u->unit)))) || (a1c && a2u));
            amount b1 = a1;
            if (!b1.cur && a2.cur) {
                b1.cur = a2.cur;
                b1.value *= a2.cur->factor;
            }
            if (!b1.unit && !b1.cur) b1.unit = a2.unit;
            if (!b1.num.scaled && a2.num.scaled && b1.num.value * a2.num.last_scale <= a2.value * 1.0001)
                b1.value *= a2.num.last_scale;
            if ((b1.cur && a2.cur && strcmp(b1.cur->code, a2.cur->code)) || b1.value > a2.value)
                range = false;
            if (range) a1 = b1;
            if (range) k += n + m;
        }
    }
    if (!range && (between || from) && j > i) {
        /* "between"/"from" without a second side: the cue is not part of the amount */
        if (approx || bound || neg) {
        } else {
            i = j;
        }
    }
    if (!range && bound == R_MAX && year_like(&a1)) return 0;
    double lo = a1.value, hi = range ? a2.value : a1.value;
    if (neg) {
        lo = -lo;
        hi = -hi;
    }
    kg_value *v = &f->v;
    v->approx = approx;
    if (bound == R_MIN && !range) {
        v->low = lo;
        v->has_low = true;
    } else if (bound == R_MAX && !range) {
        v->high = hi;
        v->has_high = true;
    } else {
        v->low = lo;
        v->high = hi;
        v->has_low = v->has_high = true;
    }
    const amount *ref = range ? &a2 : &a1;
    const currency *cu = a1.cur ? a1.cur : ref->cur;
    const unitinfo *un = a1.unit ? a1.unit : ref->unit;
    if (cu) {
        set_unit(v, cu->code);
        f->type = "MONEY";
    } else if (un && !strcmp(un->unit, "%")) {
        set_unit(v, "%");
        f->type = "PERCENT";
    } else if (un) {
        set_unit(v, un->unit);
        f->type = "COUNT";
    } else {
        f->type = "NUMBER";
    }
    f->start = i;
    f->ntok = k - i;
    return f->ntok;
}

/* ---- formatting ---- */

static void fmt_num(double x, char *buf, size_t size, const char **suffix) {
    static const struct { double v; const char *s; } scales[] = {
        {1e12, "T"}, {1e9, "B"}, {1e6, "M"}};
    double a = fabs(x);
    *suffix = "";
    for (size_t k = 0; k < 3; k++)
        if (a >= scales[k].v) {
            x /= scales[k].v;
            *suffix = scales[k].s;
            break;
        }
    snprintf(buf, size, "%.3f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
}

/* A bounded string builder with snprintf's truncation: at most size - 1 bytes, always
 * NUL-terminated when size > 0. */
typedef struct sbuf {
    char *p;
    size_t size, len;
} sbuf;

static void put(sbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + 1 >= b->size) return;
    size_t room = b->size - 1 - b->len;
    if (n > room) n = room;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Same text as the snprintf formats "%s%s–%s%s%s" and the like, without the format
 * interpreter (one call per amount found). */
void kg_value_format(const kg_value *v, char *buf, size_t size) {
    char a[64], b[64];
    const char *sa, *sb;
    const char *unit = v->unit;
    sbuf o = {buf, size, 0};
    if (size) buf[0] = '\0';
    const char *pre = v->approx ? "~" : "";
    if (v->has_low && v->has_high && v->low != v->high) {
        fmt_num(v->low, a, sizeof a, &sa);
        fmt_num(v->high, b, sizeof b, &sb);
        put(&o, pre);
        put(&o, a);
        if (strcmp(sa, sb)) put(&o, sa);
        put(&o, "–");
        put(&o, b);
        put(&o, sb);
    } else {
        double x = v->has_low ? v->low : v->high;
        fmt_num(x, a, sizeof a, &sa);
        if (!(v->has_low && v->has_high)) put(&o, v->has_low ? ">" : "<");
        put(&o, pre);
        put(&o, a);
        put(&o, sa);
    }
    /* the unit: "%" glued, anything else after a space; at most 23 bytes of it, as the
     * 24-byte tail buffer of the snprintf version held */
    char tail[24] = "";
    if (!strcmp(unit, "%")) {
        strcpy(tail, "%");
    } else if (*unit) {
        sbuf t = {tail, sizeof tail, 0};
        put(&t, " ");
        put(&t, unit);
    }
    put(&o, tail);
}

/* ---- drivers ---- */

void kg_quantity_scan(const kg_quantity_finder *qf, const kg_toks *t, size_t sentence,
                      unsigned flags, unsigned char *used, kg_arena *arena, kg_mlist *out) {
    scan s = {qf, t, used, flags, NULL};
    /* parse_quantity asks about several roles at each token: one lookup per token
     * answers which it can be */
    uint32_t roles_small[128], *roles = t->n <= 128 ? roles_small : kg_xmalloc(t->n * sizeof *roles);
    for (size_t i = 0; i < t->n; i++) {
        roles[i] = 0;
        kg_phrases_each_start(qf->cues, t, i, add_role, &roles[i]);
    }
    s.roles = roles;
    const uint32_t opening_roles = ~(((uint32_t)1 << R_TO) | ((uint32_t)1 << R_AND));
    for (size_t i = 0; i < t->n;) {
        found f;
        /* an amount opens with a cue, a currency, a minus sign, a number or a number word;
         * "to" and "and" cues only join two amounts, they never open one */
        bool may_open = t->v[i].kind == KG_TK_NUM || (roles[i] & opening_roles) ||
                        kg_phrases_may_start(qf->currencies, t, i) ||
                        kg_phrases_may_start(qf->words, t, i) || kg_tok_is(t, i, "-", false);
        if (!may_open || !usable(&s, i) || !parse_quantity(&s, i, &f)) {
            i++;
            continue;
        }
        /* a lone small number word is more often an article or a negation than an
         * amount: «یک پست», «نه»; read it only when asked (KG_QUANTITY_VAGUE) */
        if (!(flags & KG_QUANTITY_VAGUE) && !strcmp(f.type, "NUMBER") && f.ntok == 1 &&
            t->v[f.start].kind != KG_TK_NUM && fabs(f.v.low) < 10) {
            i++;
            continue;
        }
        /* a bare number right after a name is part of it: "Gemma 3", "Llama 4" */
        if (!strcmp(f.type, "NUMBER") && f.start == i && i > 0 && t->v[i].kind == KG_TK_NUM &&
            ((t->v[i - 1].kind == KG_TK_LATIN && (t->v[i - 1].cap || t->v[i - 1].upper)) ||
             (used && used[i - 1] && t->v[i - 1].kind != KG_TK_PUNCT))) {
            i++;
            continue;
        }
        kg_mention *m = kg_mlist_push(out);
        kg_emit(m, t, f.start, f.ntok, sentence, used, arena);
        m->type = f.type;
        m->via = "quantity";
        m->has_value = true;
        m->value = f.v;
        char buf[160];
        kg_value_format(&f.v, buf, sizeof buf);
        m->name = kg_arena_strdup(arena, buf);
        size_t nt = strlen(f.type), nb = strlen(buf);
        char *id = kg_arena_alloc(arena, nt + nb + 2);
        memcpy(id, f.type, nt);
        id[nt] = ':';
        memcpy(id + nt + 1, buf, nb + 1);
        for (char *p = id; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
        m->id = id;
        i = f.start + f.ntok;
    }
    if (roles != roles_small) free(roles);
}

size_t kg_quantity_find(const kg_quantity_finder *qf, const char *text, unsigned flags,
                        kg_arena *arena, kg_mention **out) {
    kg_toks t = {0};
    kg_tokenize(text, 0, strlen(text), &t);
    unsigned char *used = kg_xcalloc(t.n + 1, 1);
    kg_mlist l = {0};
    kg_quantity_scan(qf, &t, 0, flags, used, arena, &l);
    size_t n = kg_mlist_to_arena(&l, arena, out);
    free(used);
    kg_toks_free(&t);
    return n;
}

bool kg_quantity_number_word(const kg_quantity_finder *qf, const char *word, double *value) {
    kg_toks t = {0};
    kg_tokenize(word, 0, strlen(word), &t);
    void *payload = NULL;
    size_t n = t.n ? kg_phrases_match(qf->words, &t, 0, t.n, NULL, &payload, NULL, NULL) : 0;
    bool ok = n && n == t.n;
    if (ok && value) *value = ((const numword *)payload)->value;
    kg_toks_free(&t);
    return ok;
}
