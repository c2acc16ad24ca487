/* kg_coref: see kg_coref.h. While pending, a coref mention keeps its look-back window
 * (in sentences) encoded in antecedent as -2 - window; resolution replaces it. */
#include "kg_coref.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_data.h"
#include "kg_eparts.h"
#include "kg_etok.h"
#include "kg_normalize.h"
#include "kg_hash.h"
#include "kg_sort.h"

typedef struct cref {
    char type[12];
    int window;
    bool plural;     /* «این شرکت‌ها»: an ORG only when it is the one in focus */
    bool subject;    /* "it": a reference only where a clause starts */
    bool possessive; /* "its": its own sentence's subject first */
} cref;

struct kg_coref {
    kg_phrases *phrases;
    cref **owned;
    size_t nowned, capowned;
    char **models; /* sorted lexicon ids of AI models (models.tsv) */
    size_t nmodels, capmodels;
    char **speech; /* sorted lower-case speech verbs (speech-verbs.tsv) */
    size_t nspeech, capspeech;
};

void kg_coref_free(kg_coref *c) {
    if (!c) return;
    kg_phrases_free(c->phrases);
    for (size_t i = 0; i < c->nowned; i++) free(c->owned[i]);
    free(c->owned);
    for (size_t i = 0; i < c->nmodels; i++) free(c->models[i]);
    free(c->models);
    for (size_t i = 0; i < c->nspeech; i++) free(c->speech[i]);
    free(c->speech);
    free(c);
}

typedef struct load_ctx {
    kg_coref *c;
    const char *file;
    kg_error *err;
} load_ctx;

static int load_line(char **f, int nf, long line, void *vctx) {
    load_ctx *lc = vctx;
    if (nf != 3 && nf != 4)
        return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1,
                            "expected 3 or 4 tab-separated columns (phrase type window [mark]), found %d", nf);
    if (nf == 4 && strcmp(f[3], "plural") && strcmp(f[3], "subject") && strcmp(f[3], "possessive"))
        return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1,
                            "4th column must be 'plural', 'subject' or 'possessive'");
    if (strcmp(f[1], "ORG") && strcmp(f[1], "PERSON") && strcmp(f[1], "PRODUCT") &&
        strcmp(f[1], "CASE") && strcmp(f[1], "PLACE") && strcmp(f[1], "MODEL"))
        return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1, "unknown type '%s'", f[1]);
    cref *r = kg_xcalloc(1, sizeof *r);
    KG_PUSH(lc->c->owned, lc->c->nowned, lc->c->capowned, r);
    snprintf(r->type, sizeof r->type, "%s", f[1]);
    r->window = atoi(f[2]);
    r->plural = nf == 4 && !strcmp(f[3], "plural");
    r->subject = nf == 4 && !strcmp(f[3], "subject");
    r->possessive = nf == 4 && !strcmp(f[3], "possessive");
    char *norm = kg_normalize_string(f[0]);
    bool ok = norm && kg_phrases_add(lc->c->phrases, norm, r);
    free(norm);
    return ok ? 0 : kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1, "empty phrase");
}

static int load_model(char **f, int nf, long line, void *vctx) {
    load_ctx *lc = vctx;
    if (nf != 1)
        return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1, "expected one lexicon id per line");
    KG_PUSH(lc->c->models, lc->c->nmodels, lc->c->capmodels, kg_xstrdup(f[0]));
    return 0;
}

static int load_speech(char **f, int nf, long line, void *vctx) {
    load_ctx *lc = vctx;
    if (nf != 1)
        return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, 0, -1, "expected one verb form per line");
    for (const char *p = f[0]; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            return kg_error_set(lc->err, KG_ESYNTAX, lc->file, line, (long)(p - f[0]) + 1, -1,
                                "write speech verbs in lower case");
    KG_PUSH(lc->c->speech, lc->c->nspeech, lc->c->capspeech, kg_xstrdup(f[0]));
    return 0;
}

static int load_file(kg_coref *c, const char *data_dir, const char *name,
                     int (*fn)(char **, int, long, void *), kg_error *err) {
    char *path = kg_data_path(data_dir, name);
    char *buf = kg_data_slurp(path, NULL);
    int rc = KG_OK;
    if (!buf) {
        rc = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
    } else {
        load_ctx lc = {c, path, err};
        rc = kg_tsv_each(buf, fn, &lc);
    }
    free(buf);
    free(path);
    return rc;
}

int kg_coref_new(const char *data_dir, kg_coref **out, kg_error *err) {
    *out = NULL;
    kg_coref *c = kg_xcalloc(1, sizeof *c);
    c->phrases = kg_phrases_new(true);
    int rc = load_file(c, data_dir, "extract/entities/coref.tsv", load_line, err);
    if (!rc) rc = load_file(c, data_dir, "extract/entities/models.tsv", load_model, err);
    if (!rc && c->nmodels) qsort(c->models, c->nmodels, sizeof *c->models, kg_cmp_cstr);
    if (!rc) rc = load_file(c, data_dir, "extract/entities/speech-verbs.tsv", load_speech, err);
    if (!rc && c->nspeech) qsort(c->speech, c->nspeech, sizeof *c->speech, kg_cmp_cstr);
    if (rc) {
        kg_coref_free(c);
        return rc;
    }
    *out = c;
    return KG_OK;
}

/* A phrase must end at a word boundary: "he" is not the start of "here" (one token
 * anyway), "the company" not the start of "the companys". */
static bool whole(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)payload, (void)ctx;
    size_t j = i + n;
    return j >= t->n || t->v[j].space_before || t->v[j].kind == KG_TK_PUNCT;
}

/* "the 405B model": a digit size with a glued scale letter, then "model". */
static size_t size_model(const kg_toks *t, size_t i, const unsigned char *used) {
    if (i == 0 || i + 2 >= t->n || t->v[i].kind != KG_TK_NUM || used[i] || used[i + 1] ||
        used[i + 2])
        return 0;
    if (!kg_tok_is(t, i - 1, "the", true) && !kg_tok_is(t, i - 1, "its", true) &&
        !kg_tok_is(t, i - 1, "this", true))
        return 0;
    if (t->v[i].kind != KG_TK_NUM || t->v[i + 1].kind != KG_TK_LATIN || t->v[i + 1].space_before ||
        kg_tok_len(t, i + 1) != 1 || !t->v[i + 1].upper || !kg_tok_is(t, i + 2, "model", true) ||
        !t->v[i + 2].space_before)
        return 0;
    return 3;
}

/* Token i is a speech verb ("said", "told"), compared case-insensitively. */
static bool is_speech(const kg_coref *c, const kg_toks *t, size_t i) {
    size_t n = kg_tok_len(t, i);
    char word[32];
    if (t->v[i].kind != KG_TK_LATIN || n >= sizeof word) return false;
    for (size_t k = 0; k < n; k++) {
        char ch = t->text[t->v[i].start + k];
        word[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
    }
    word[n] = '\0';
    const char *key = word;
    return bsearch(&key, c->speech, c->nspeech, sizeof *c->speech, kg_cmp_cstr) != NULL;
}

/* The phrase at token i follows a speech verb, directly or through "that" ("said that
 * it", "announced at the White House on Monday that it": up to eight words between). */
static bool after_speech(const kg_coref *c, const kg_toks *t, size_t i, size_t *verb_start) {
    if (i >= 1 && is_speech(c, t, i - 1)) {
        *verb_start = t->v[i - 1].start;
        return true;
    }
    if (i < 2 || !kg_tok_is(t, i - 1, "that", true)) return false;
    for (size_t k = i - 1, seen = 0; k-- > 0 && seen < 8; seen++)
        if (is_speech(c, t, k)) {
            *verb_start = t->v[k].start;
            return true;
        }
    return false;
}

/* Token i starts a clause: the sentence's first word (after opening quotes), a word after
 * a verb of saying ("said it"), or after a conjunction or comma ("and it", ", it"). */
static bool clause_start(const kg_coref *c, const kg_toks *t, size_t i) {
    size_t k = i;
    while (k > 0 && t->v[k - 1].kind == KG_TK_PUNCT && !kg_tok_is(t, k - 1, ",", false))
        k--;
    if (k == 0) return true;
    static const char *const openers[] = {",", "and", "but", "because", "as", "while", "although",
                                          "since", "so", "then", "now", "that", "if", "when"};
    for (size_t o = 0; o < sizeof openers / sizeof *openers; o++)
        if (kg_tok_is(t, i - 1, openers[o], true)) return true;
    size_t verb_start;
    return after_speech(c, t, i, &verb_start);
}

void kg_coref_scan(const kg_coref *c, const kg_toks *t, size_t sentence, unsigned char *used,
                   kg_arena *arena, kg_mlist *out) {
    /* The starts of the sentence's lexicon mentions, sorted; made when first needed
     * (the scan adds none), so that a run-on sentence is not searched per phrase. */
    size_t *lexicon_starts = NULL, n_lexicon = 0, cap_lexicon = 0;
    bool lexicon_known = false;
    for (size_t i = 0; i < t->n; i++) {
        if (size_model(t, i, used)) {
            kg_mention *m = kg_mlist_push(out);
            kg_emit(m, t, i, 3, sentence, used, arena);
            m->type = "MODEL-SIZE";
            m->via = "coref";
            m->antecedent = -2 - 3;
            i += 2;
            continue;
        }
        void *payload = NULL;
        size_t n = kg_phrases_match(c->phrases, t, i, t->n, used, &payload, whole, NULL);
        if (!n) continue;
        const cref *r = payload;
        /* "denied it", "said it.": an object, not a company */
        if (r->subject && (!clause_start(c, t, i) || i + n >= t->n || t->v[i + n].kind != KG_TK_LATIN)) {
            i += n - 1;
            continue;
        }
        /* "the startup Run:ai", "the company OpenAI": a descriptor, not a reference */
        size_t j = i + n;
        bool named = false;
        if (j < t->n && used[j]) {
            if (!lexicon_known) {
                lexicon_known = true;
                for (size_t k = out->n; k-- > 0 && out->v[k].sentence == sentence;)
                    if (!strcmp(out->v[k].via, "lexicon"))
                        KG_PUSH(lexicon_starts, n_lexicon, cap_lexicon, out->v[k].start);
                if (n_lexicon > 1) qsort(lexicon_starts, n_lexicon, sizeof *lexicon_starts, kg_cmp_size);
            }
            named = n_lexicon && bsearch(&t->v[j].start, lexicon_starts, n_lexicon,
                                         sizeof *lexicon_starts, kg_cmp_size);
        }
        if (j < t->n && ((t->v[j].kind == KG_TK_LATIN && (t->v[j].cap || t->v[j].upper)) || named)) {
            i += n - 1;
            continue;
        }
        kg_mention *m = kg_mlist_push(out);
        kg_emit(m, t, i, n, sentence, used, arena);
        /* a plural phrase of a model type reads like the singular («این مدل‌ها» after one
         * model); of another type it is marked and needs a single entity in focus */
        m->type = r->plural && strcmp(r->type, "MODEL") ? kg_arena_printf(arena, "%s-PLURAL", r->type)
                                                          : r->type;
        m->via = "coref";
        m->antecedent = -2 - r->window;
        m->after_speech = after_speech(c, t, i, &m->speech_at);
        m->possessive = r->possessive;
        m->pronoun = r->possessive || r->subject;
        i += n - 1;
    }
    free(lexicon_starts);
}

static bool is_entity(const kg_mention *m) {
    return m->id && !kg_str_eq(m->via, "quantity") && !kg_str_eq(m->via, "date");
}

/* An AI model: a lexicon id of models.tsv, a product found by a model cue rule
 * ("rule:fa-model", "rule:en-model-after"), or a product of kg_entities whose id extends
 * a listed id ("product:gpt-2" of "gpt"). */
static bool is_model(const kg_coref *c, const kg_mention *m) {
    if (!kg_str_eq(m->type, "PRODUCT") || !m->id) return false;
    const char *id = m->id;
    if (!strncmp(m->via, "rule:", 5) && strstr(m->via, "model")) return true;
    if (!strncmp(id, "product:", 8)) {
        id += 8;
        for (size_t k = 0; k < c->nmodels; k++) {
            size_t n = strlen(c->models[k]);
            if (!strncmp(id, c->models[k], n) && (id[n] == '-' || (id[n] >= '0' && id[n] <= '9')))
                return true;
        }
        return false;
    }
    return bsearch(&id, c->models, c->nmodels, sizeof *c->models, kg_cmp_cstr) != NULL;
}

/* The size word of a pending "405B model" phrase (its first word) is a word of the
 * candidate's surface ("Llama 3.1 405B"). */
static bool has_size(const kg_mention *cand, const kg_mention *phrase) {
    const char *sp = strchr(phrase->surface, ' ');
    size_t n = sp ? (size_t)(sp - phrase->surface) : strlen(phrase->surface);
    const char *s = cand->surface;
    for (const char *p = s; n && *p; p++)
        if ((p == s || p[-1] == ' ') && !strncmp(p, phrase->surface, n) && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* Whether entity mention m can be what a pending phrase of type want refers to. */
static bool compatible(const kg_coref *c, const kg_mention *m, const kg_mention *phrase) {
    if (kg_str_eq(phrase->type, "MODEL")) return is_model(c, m);
    if (kg_str_eq(phrase->type, "MODEL-SIZE")) return is_model(c, m) && has_size(m, phrase);
    size_t n = strlen(m->type);
    if (!strncmp(phrase->type, m->type, n) && !strcmp(phrase->type + n, "-PLURAL")) return true;
    return kg_str_eq(m->type, phrase->type);
}

static bool plural(const kg_mention *phrase) {
    size_t n = strlen(phrase->type);
    return n > 7 && !strcmp(phrase->type + n - 7, "-PLURAL");
}

/* How many mentions name each entity id: open addressing over borrowed id strings.
 * A slot is in use when its stamp equals the table's, so clearing is one increment. */
typedef struct id_counts {
    const char **key;
    size_t *count;
    unsigned *stamp;
    size_t cap, used;
    unsigned now;
} id_counts;

static size_t id_counts_find(const id_counts *t, const char *id) {
    size_t i = (size_t)kg_hash_string(id) & (t->cap - 1);
    while (t->stamp[i] == t->now && !kg_str_eq(t->key[i], id)) i = (i + 1) & (t->cap - 1);
    return i;
}

static size_t id_counts_get(const id_counts *t, const char *id) {
    if (!t->cap) return 0;
    size_t i = id_counts_find(t, id);
    return t->stamp[i] == t->now ? t->count[i] : 0;
}

static void id_counts_add(id_counts *t, const char *id) {
    if ((t->used + 1) * 2 > t->cap) {
        id_counts old = *t;
        t->cap = old.cap ? old.cap * 2 : 64;
        t->key = kg_xcalloc(t->cap, sizeof *t->key);
        t->count = kg_xcalloc(t->cap, sizeof *t->count);
        t->stamp = kg_xcalloc(t->cap, sizeof *t->stamp);
        t->now = 1;
        t->used = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.stamp[i] == old.now) {
                size_t j = id_counts_find(t, old.key[i]);
                t->key[j] = old.key[i];
                t->count[j] = old.count[i];
                t->stamp[j] = t->now;
                t->used++;
            }
        free(old.key);
        free(old.count);
        free(old.stamp);
    }
    size_t i = id_counts_find(t, id);
    if (t->stamp[i] != t->now) {
        t->key[i] = id;
        t->count[i] = 0;
        t->stamp[i] = t->now;
        t->used++;
    }
    t->count[i]++;
}

static void id_counts_clear(id_counts *t) {
    t->used = 0;
    if (++t->now == 0) { /* stamps wrapped: no slot may look current */
        memset(t->stamp, 0, t->cap * sizeof *t->stamp);
        t->now = 1;
    }
}

static void id_counts_free(id_counts *t) {
    free(t->key);
    free(t->count);
    free(t->stamp);
}

/* Salience of a compatible entity for a phrase: the mentions of it in the window
 * (resolved references count), plus 2 when it is the most recent subject of an earlier
 * sentence in the window ("Microsoft is ... . Satya Nadella said the company": Microsoft, not an
 * organization named in passing). Ties go to the entity mentioned most often in the
 * article so far, then to the most recent. */
size_t kg_coref_resolve(const kg_coref *c, kg_mention *m, size_t n,
                        const unsigned char *subject) {
    size_t *newidx = kg_xmalloc((n + 1) * sizeof *newidx);
    unsigned char *subj = kg_xcalloc(n + 1, 1);
    /* mentions of each id among m[0, out), and among the current window */
    id_counts in_article = {0}, in_window = {0};
    size_t out = 0;
    for (size_t k = 0; k < n; k++) {
        kg_mention cur = m[k];
        unsigned char cur_subj = subject ? subject[k] : 0;
        if (kg_str_eq(cur.via, "coref") && !cur.id && cur.antecedent <= -2) {
            size_t window = (size_t)(-2 - cur.antecedent);
            size_t wfirst = out; /* first resolved mention inside the window */
            while (wfirst > 0 && out - wfirst < KG_COREF_LOOKBACK &&
                   m[wfirst - 1].sentence + window >= cur.sentence)
                wfirst--;
            const char *subj_id = NULL;
            /* an earlier sentence's subject: in its own sentence a phrase more often
             * names someone else («مایکروسافت ... در این شرکت سرمایه‌گذاری کرده») */
            for (size_t j = out; j-- > wfirst;)
                if (subj[j] && m[j].sentence < cur.sentence && is_entity(&m[j]) &&
                    compatible(c, &m[j], &cur)) {
                    subj_id = m[j].id;
                    break;
                }
            long found = -1;
            size_t best = 0, best_article = 0;
            /* "Cohere said the company ...", "OpenAI says it will": the speaker, the
             * sentence's subject, else the nearest compatible entity before the verb */
            if (cur.after_speech || cur.possessive) {
                for (size_t j = out; j-- > wfirst && m[j].sentence == cur.sentence;)
                    if (subj[j] && is_entity(&m[j]) && compatible(c, &m[j], &cur)) {
                        found = (long)j;
                        break;
                    }
            }
            if (cur.after_speech) /* the nearest before the verb: the speaker */
                for (size_t j = out; found < 0 && j-- > wfirst && m[j].sentence == cur.sentence;)
                    if (m[j].end <= cur.speech_at && is_entity(&m[j]) && compatible(c, &m[j], &cur))
                        found = (long)j;
            if (found < 0) {
                id_counts_clear(&in_window);
                for (size_t q = wfirst; q < out; q++)
                    if (m[q].id) id_counts_add(&in_window, m[q].id);
                for (size_t j = out; j-- > wfirst;) {
                    if (!is_entity(&m[j]) || !compatible(c, &m[j], &cur)) continue;
                    size_t score = id_counts_get(&in_window, m[j].id) * 2;
                    if (subj_id && kg_str_eq(subj_id, m[j].id)) score += 4;
                    size_t article = id_counts_get(&in_article, m[j].id);
                    if (score > best || (score == best && article > best_article)) {
                        best = score;
                        best_article = article;
                        found = (long)j;
                    }
                }
            }
            /* «این شرکت‌ها» names several: only when a single one is in focus */
            if (found >= 0 && plural(&cur))
                for (size_t j = out; j-- > wfirst;)
                    if (is_entity(&m[j]) && compatible(c, &m[j], &cur) && !kg_str_eq(m[j].id, m[found].id)) {
                        found = -1;
                        break;
                    }
            newidx[k] = (size_t)-1;
            if (found < 0) continue;
            const kg_mention *a = &m[found];
            if (kg_str_eq(a->via, "coref")) found = a->antecedent, a = &m[found];
            cur.type = a->type;
            cur.id = a->id;
            cur.name = a->name;
            cur.qid = a->qid;
            cur.owner = a->owner;
            cur.antecedent = (int)found;
        } else if (cur.antecedent >= 0) {
            size_t ai = newidx[cur.antecedent];
            if (ai == (size_t)-1) continue;
            cur.antecedent = (int)ai;
        }
        newidx[k] = out;
        subj[out] = cur_subj;
        if (cur.id) id_counts_add(&in_article, cur.id);
        m[out++] = cur;
    }
    id_counts_free(&in_article);
    id_counts_free(&in_window);
    free(newidx);
    free(subj);
    return out;
}
