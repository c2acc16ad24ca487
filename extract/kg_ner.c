/* kg_ner: entities no lexicon knows, found by the rules of extract/entities/ner-rules.tsv
 * (see the comment at the top of that file for the kinds). Rule NER runs after the
 * lexicon, dates, amounts and coreference phrases have claimed their tokens, so a run of
 * capitalized words stops at a known entity ("OpenAI CEO Sam Altman" -> lexicon
 * OpenAI, title rule Sam Altman). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_data.h"
#include "kg_eparts.h"
#include "kg_etok.h"
#include "kg_normalize.h"

enum { K_CUE_BEFORE = 1, K_SUFFIX, K_TITLE, K_PERSON_VERB, K_PERSON_TITLE, K_VERSUS,
       K_LATIN_RUN, K_CAPS_RUN, K_ORG_EXTENSION, K_CUE_AFTER, K_GIVEN_NAME, K_PLACE_BEFORE,
       K_DATELINE, K_VERSION, K_VERSION_TIER, K_VERSION_NOT, K_PERSON_AND };
enum { N_LATIN = 1, N_FA2, N_ANY };

typedef struct rule {
    int kind, name;
    bool legal; /* a suffix that is a legal form ("Inc.", "Corp."): no new organization */
    char type[12];
    char via[64];
} rule;

struct kg_ner {
    kg_phrases *cues;  /* every rule with a cue; payload rule* */
    kg_phrases *stop;  /* payload: 1 en, 2 fa */
    rule *latin_run, *caps_run, *org_extension, *given_name, *version;
    kg_phrases *given; /* given names */
    rule **owned;
    size_t nowned, capowned;
};

void kg_ner_free(kg_ner *ner) {
    if (!ner) return;
    kg_phrases_free(ner->cues);
    kg_phrases_free(ner->stop);
    kg_phrases_free(ner->given);
    for (size_t i = 0; i < ner->nowned; i++) free(ner->owned[i]);
    free(ner->owned);
    free(ner);
}

typedef kg_tsv_where load_ctx; /* owner: the kg_ner being filled */

static int load_line(char **f, int nf, long line, void *vctx) {
    load_ctx *c = vctx;
    static const char *const kinds[] = {"", "cue-before", "suffix", "title", "person-verb",
                                        "person-title", "versus", "latin-run", "caps-run",
                                        "org-extension", "cue-after", "given-name",
                                        "place-before", "dateline", "version", "version-tier",
                                        "version-not", "person-and"};
    static const char *const names[] = {"", "latin", "fa2", "any"};
    if (c->which == 2) {
        if (nf != 1)
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "expected one name per line");
        char *norm = kg_normalize_string(f[0]);
        if (norm) kg_phrases_add(((kg_ner *)c->owner)->given, norm, NULL);
        free(norm);
        return 0;
    }
    if (c->which == 1) {
        if (nf != 2)
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "expected word<TAB>lang");
        char *norm = kg_normalize_string(f[0]);
        if (norm) kg_phrases_add(((kg_ner *)c->owner)->stop, norm, (void *)(intptr_t)(strcmp(f[1], "fa") ? 1 : 2));
        free(norm);
        return 0;
    }
    if (nf != 5)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "expected 5 tab-separated columns (id kind cue type name), found %d", nf);
    rule *r = kg_xcalloc(1, sizeof *r);
    KG_PUSH(((kg_ner *)c->owner)->owned, ((kg_ner *)c->owner)->nowned, ((kg_ner *)c->owner)->capowned, r);
    for (int k = 1; k < (int)(sizeof kinds / sizeof *kinds); k++)
        if (!strcmp(f[1], kinds[k])) r->kind = k;
    if (!strcmp(f[1], "legal-suffix")) r->kind = K_SUFFIX, r->legal = true;
    for (int k = 1; k < 4; k++)
        if (!strcmp(f[4], names[k])) r->name = k;
    if (!r->kind || !r->name)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "unknown kind '%s' or name '%s'", f[1], f[4]);
    snprintf(r->type, sizeof r->type, "%s", f[3]);
    snprintf(r->via, sizeof r->via, "rule:%s", f[0]);
    if (r->kind == K_LATIN_RUN) {
        ((kg_ner *)c->owner)->latin_run = r;
        return 0;
    }
    if (r->kind == K_CAPS_RUN) {
        ((kg_ner *)c->owner)->caps_run = r;
        return 0;
    }
    if (r->kind == K_ORG_EXTENSION) {
        ((kg_ner *)c->owner)->org_extension = r;
        return 0;
    }
    if (r->kind == K_GIVEN_NAME) {
        ((kg_ner *)c->owner)->given_name = r;
        return 0;
    }
    if (r->kind == K_VERSION) {
        ((kg_ner *)c->owner)->version = r;
        return 0;
    }
    char *norm = kg_normalize_string(f[2]);
    bool ok = norm && kg_phrases_add(((kg_ner *)c->owner)->cues, norm, r);
    free(norm);
    return ok ? 0 : kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "empty cue");
}

int kg_ner_new(const char *data_dir, kg_ner **out, kg_error *err) {
    static const char *const files[] = {"extract/entities/ner-rules.tsv",
                                         "extract/entities/ner-stop.tsv",
                                         "extract/entities/given-names.tsv"};
    *out = NULL;
    kg_ner *ner = kg_xcalloc(1, sizeof *ner);
    ner->cues = kg_phrases_new(false);
    ner->stop = kg_phrases_new(false);
    ner->given = kg_phrases_new(false);
    int rc = kg_tsv_load_all(data_dir, files, 3, load_line, ner, err);
    if (rc) {
        kg_ner_free(ner);
        return rc;
    }
    *out = ner;
    return KG_OK;
}

/* ---- helpers ---- */

typedef struct scan {
    const kg_ner *ner;
    const kg_toks *t;
    unsigned char *used;
    size_t sentence;
    kg_arena *arena;
    kg_mlist *out;
    /* when not NULL: kinds[i] has bit k set if a cue of a rule of kind k starts with
     * token i (whatever its other tokens) */
    const uint32_t *kinds;
} scan;

static bool usable(const scan *s, size_t i) {
    return i < s->t->n && !s->used[i];
}

static bool kind_is(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)i;
    size_t j = i + n;
    if (j < t->n && !t->v[j].space_before && t->v[j].kind == t->v[j - 1].kind) return false;
    return ((const rule *)payload)->kind == *(int *)ctx;
}

static inline bool may_start(const scan *s, size_t i, int kind) {
    return !s->kinds || (i < s->t->n && (s->kinds[i] & ((uint32_t)1 << kind)));
}

static void add_kind(void *payload, void *ctx) {
    *(uint32_t *)ctx |= (uint32_t)1 << ((const rule *)payload)->kind;
}

static size_t rule_lookup(const scan *s, size_t i, int kind, const rule **r);

/* the rules ask for a kind at nearly every token: the kinds[] answer is inline */
static inline size_t rule_at(const scan *s, size_t i, int kind, const rule **r) {
    if (!may_start(s, i, kind)) return 0;
    return rule_lookup(s, i, kind, r);
}

static size_t rule_lookup(const scan *s, size_t i, int kind, const rule **r) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->ner->cues, s->t, i, s->t->n, s->used, &payload, kind_is, &kind);
    if (n) *r = payload;
    return n;
}

static bool is_stop(const scan *s, size_t i) {
    void *payload;
    return kg_phrases_match(s->ner->stop, s->t, i, i + 1, NULL, &payload, NULL, NULL) == 1;
}

/* Token j closes a quotation: », ” or ". */
static bool closing_quote(const kg_toks *t, size_t j) {
    return j < t->n && (kg_tok_is(t, j, "»", false) || kg_tok_is(t, j, "”", false) ||
                        kg_tok_is(t, j, "\"", false));
}

static bool is_given(const scan *s, size_t i) {
    void *payload;
    return i < s->t->n && kg_phrases_match(s->ner->given, s->t, i, i + 1, NULL, &payload, NULL, NULL) == 1;
}

static bool glued_join(const kg_toks *t, size_t j) {
    /* ':' '-' '.' '&' '+' glued inside a Latin name: Run:ai, GPT-4o, Node.js, AT&T */
    if (t->v[j].kind != KG_TK_PUNCT || t->v[j].space_before || j + 1 >= t->n ||
        t->v[j + 1].space_before)
        return false;
    const char c = t->text[t->v[j].start];
    return kg_tok_len(t, j) == 1 && (c == ':' || c == '-' || c == '.' || c == '&' || c == '+');
}

/* End (exclusive) of a run of Latin-script words from i: glued pieces always continue
 * it; a spaced word continues it when caps is false (inside Persian text) or when it is
 * capitalized (or a connector like "of" before a capitalized word). */
static size_t latin_run(const scan *s, size_t i, bool caps) {
    const kg_toks *t = s->t;
    if (!usable(s, i) || t->v[i].kind != KG_TK_LATIN) return i;
    if (caps && !t->v[i].cap && !t->v[i].upper) return i;
    size_t j = i + 1;
    while (j < t->n && !s->used[j]) {
        const kg_tok *tk = &t->v[j];
        if (!tk->space_before && (tk->kind == KG_TK_LATIN || tk->kind == KG_TK_NUM)) {
            j++;
            continue;
        }
        if (glued_join(t, j) && usable(s, j + 1) &&
            (t->v[j + 1].kind == KG_TK_LATIN || t->v[j + 1].kind == KG_TK_NUM)) {
            j += 2;
            continue;
        }
        /* initials: "J. Smith" */
        if (caps && kg_tok_is(t, j, ".", false) && !tk->space_before && kg_tok_len(t, j - 1) == 1 &&
            t->v[j - 1].upper && usable(s, j + 1) && t->v[j + 1].cap) {
            j++;
            continue;
        }
        if (tk->space_before && tk->kind == KG_TK_LATIN) {
            if (!caps) {
                j++;
                continue;
            }
            if (tk->cap || tk->upper) {
                if (is_stop(s, j) && !(tk->upper && kg_tok_len(t, j) > 1 && !kg_tok_is(t, j, "CEO", false)))
                    break;
                j++;
                continue;
            }
            if ((kg_tok_is(t, j, "of", false) || kg_tok_is(t, j, "for", false) ||
                 kg_tok_is(t, j, "de", false)) &&
                usable(s, j + 1) && t->v[j + 1].kind == KG_TK_LATIN && t->v[j + 1].cap &&
                t->v[j + 1].space_before) {
                j += 2;
                continue;
            }
        }
        if (tk->space_before && tk->kind == KG_TK_NUM && !caps) {
            j++;
            continue;
        }
        break;
    }
    return j;
}

static size_t count_words(const kg_toks *t, size_t i, size_t e) {
    size_t n = 0;
    for (size_t k = i; k < e; k++)
        if (t->v[k].kind == KG_TK_LATIN && (k == i || t->v[k].space_before)) n++;
    return n;
}

/* One or two Persian words from i that are not function words. */
static size_t fa_name(const scan *s, size_t i, size_t max) {
    size_t j = i;
    while (j < i + max && usable(s, j) && s->t->v[j].kind == KG_TK_FA && !is_stop(s, j)) j++;
    return j;
}

char *kg_slug(kg_arena *arena, const char *prefix, const char *name) {
    size_t n = strlen(name);
    char *out = kg_arena_alloc(arena, strlen(prefix) + n + 2);
    char *o = out;
    for (const char *p = prefix; *p; p++) *o++ = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    *o++ = ':';
    bool dash = false;
    char *body = o;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            if (dash && o > body) *o++ = '-';
            dash = false;
            *o++ = (char)c;
        } else {
            dash = true;
        }
    }
    *o = '\0';
    return out;
}

static void emit(scan *s, size_t i, size_t e, const char *type, const char *via) {
    if (e <= i) return;
    for (size_t k = i; k < e; k++)
        if (s->used[k]) return;
    kg_mention *m = kg_mlist_push(s->out);
    kg_emit(m, s->t, i, e - i, s->sentence, s->used, s->arena);
    m->type = type;
    m->via = via;
    m->name = m->surface;
    m->id = kg_slug(s->arena, type, m->surface);
}

static bool is_comma(const kg_toks *t, size_t j) {
    return j < t->n && (kg_tok_is(t, j, ",", false) || kg_tok_is(t, j, "،", false));
}

/* ---- rules ---- */

void kg_ner_kinds(const kg_ner *ner, const kg_toks *t, uint32_t *kinds) {
    for (size_t i = 0; i < t->n; i++) {
        kinds[i] = 0;
        kg_phrases_each_start(ner->cues, t, i, add_kind, &kinds[i]);
    }
}

void kg_ner_scan_cases(const kg_ner *ner, const kg_toks *t, const uint32_t *kinds,
                       size_t sentence, unsigned char *used, kg_arena *arena, kg_mlist *out) {
    scan s = {ner, t, used, sentence, arena, out, kinds};
    for (size_t i = 1; i + 1 < t->n; i++) {
        const rule *r;
        size_t n = rule_at(&s, i, K_VERSUS, &r);
        if (!n) continue;
        /* the left party: capitalized words ending right before "v." */
        size_t a = i;
        while (a > 0 && t->v[a - 1].kind == KG_TK_LATIN && (t->v[a - 1].cap || t->v[a - 1].upper) &&
               !used[a - 1] && i - a < 4)
            a--;
        while (a < i && is_stop(&s, a)) a++;
        size_t e = latin_run(&s, i + n, true);
        if (a == i || e == i + n) continue;
        emit(&s, a, e, r->type, r->via);
        i = e;
    }
}

static void title_rules(scan *s) {
    const kg_toks *t = s->t;
    for (size_t i = 0; i < t->n; i++) {
        const rule *r;
        size_t n = rule_at(s, i, K_TITLE, &r);
        if (!n) continue;
        size_t after = i + n;
        const rule *cue_r;
        size_t cn = rule_at(s, after, K_CUE_BEFORE, &cue_r);
        if (cn && !strcmp(cue_r->type, "ORG")) after += cn; /* «مدیرعامل استارتاپ X» */
        bool org_before = i > 0 && (s->used[i - 1] || (t->v[i - 1].kind == KG_TK_LATIN && t->v[i - 1].cap));
        /* "OpenAI CEO Sam Altman"; without an organization before, a name of exactly
         * two words ("whose chair Ostra Pellin resigned") */
        if (t->v[i].kind == KG_TK_LATIN) {
            size_t e = latin_run(s, after, true);
            size_t w = count_words(t, after, e);
            if (w >= 2 && w <= 3 && (org_before || (w == 2 && !is_stop(s, after)))) {
                emit(s, after, e, r->type, r->via);
                continue;
            }
        }
        /* "NAME, chief executive of X", "NAME, X's chief executive" */
        size_t c = i;
        if (i >= 3 && t->v[i].kind == KG_TK_LATIN) {
            size_t k = i;
            if (k >= 2 && kg_tok_is(t, k - 1, "s", false) && kg_tok_is(t, k - 2, "'", false)) {
                k -= 2;
                while (k > 0 && s->used[k - 1] && !is_comma(t, k - 1)) k--;
                while (k > 0 && t->v[k - 1].kind == KG_TK_LATIN && t->v[k - 1].cap && !is_comma(t, k - 1)) k--;
            } else if (k > 0 && (kg_tok_is(t, k - 1, "the", true) || kg_tok_is(t, k - 1, "a", true))) {
                k--;
            }
            c = k;
            if (c > 0 && is_comma(t, c - 1)) {
                size_t e = c - 1, b = e;
                while (b > 0 && t->v[b - 1].kind == KG_TK_LATIN && (t->v[b - 1].cap) && !s->used[b - 1] &&
                       e - b < 3)
                    b--;
                if (e - b >= 2) emit(s, b, e, r->type, r->via);
            }
            continue;
        }
        if (t->v[i].kind != KG_TK_FA) continue;
        /* «مدیرعامل X، NAME» or «مدیرعامل X NAME» */
        size_t x = after;
        if (usable(s, x) && t->v[x].kind == KG_TK_LATIN) x = latin_run(s, x, false);
        else
            while (x < t->n && s->used[x]) x++;
        if (x == after && usable(s, x) && t->v[x].kind == KG_TK_FA && !is_stop(s, x)) x++;
        /* «NAME، مدیرعامل X، ...» is the other form: the name came first */
        bool name_before = i >= 2 && is_comma(t, i - 1) && s->used[i - 2];
        if (x > after && !name_before) {
            size_t y = x;
            bool comma = is_comma(t, y);
            if (comma) y++;
            size_t e = usable(s, y) && t->v[y].kind == KG_TK_LATIN ? latin_run(s, y, false)
                                                                   : fa_name(s, y, 2);
            bool latin = usable(s, y) && t->v[y].kind == KG_TK_LATIN;
            /* a Persian name is two words between commas: «مدیرعامل متا همخوانی ندارد»
             * has none */
            bool ok = e > y && (latin || (e - y == 2 && comma && (e >= t->n || is_comma(t, e))));
            if (ok) emit(s, y, e, r->type, r->via);
        }
        /* «NAME، مدیرعامل X», and a quoted name: ««NAME»، مدیرعامل X» */
        if (i >= 2 && is_comma(t, i - 1)) {
            size_t e = i - 1;
            if (e >= 2 && closing_quote(t, e - 1)) e--;
            size_t b = e;
            while (b > 0 && b + 2 > e && usable(s, b - 1) && t->v[b - 1].kind == KG_TK_FA && !is_stop(s, b - 1)) b--;
            if (b == e && e > 0 && usable(s, e - 1) && t->v[e - 1].kind == KG_TK_LATIN) {
                while (b > 0 && usable(s, b - 1) && t->v[b - 1].kind != KG_TK_FA && !is_comma(t, b - 1)) b--;
                while (b < e && t->v[b].kind == KG_TK_PUNCT) b++;
            }
            /* a Persian name here needs a known given name first: «... همخوانی ندارد،
             * مدیرعامل متا» names nobody */
            if (e > b && t->v[b].kind == KG_TK_FA && !(e - b == 2 && is_given(s, b))) b = e;
            if (e > b) emit(s, b, e, r->type, r->via);
        }
    }
}

static void cue_rules(scan *s) {
    const kg_toks *t = s->t;
    for (size_t i = 0; i < t->n; i++) {
        const rule *r;
        size_t n = rule_at(s, i, K_CUE_BEFORE, &r);
        if (!n) continue;
        size_t a = i + n, e = a;
        if (usable(s, a) && t->v[a].kind == KG_TK_LATIN && r->name != N_FA2)
            e = latin_run(s, a, t->v[i].kind == KG_TK_LATIN); /* English: capitalized words */
        else if (r->name == N_FA2 || r->name == N_ANY)
            e = fa_name(s, a, r->name == N_FA2 ? 2 : 1);
        if (e > a) emit(s, a, e, r->type, r->via);
        i = e > a ? e - 1 : i;
    }
}

/* At the start of the sentence, of a quotation, or after a dateline ("SAN FRANCISCO —"). */
static bool sentence_start(const kg_toks *t, size_t i) {
    for (size_t k = i; k-- > 0;) {
        if (t->v[k].kind != KG_TK_PUNCT) return false;
        if (kg_tok_is(t, k, ":", false) || kg_tok_is(t, k, ".", false) ||
            kg_tok_is(t, k, "—", false) || kg_tok_is(t, k, "–", false))
            return true;
    }
    return true;
}

/* "REDMOND, Wash. —", "FOOVILLE, Calif. —": the capitalized run [b, e) follows a comma
 * after the capitalized words opening the sentence and precedes a dateline dash (after an
 * optional abbreviation dot). The run is the state of the dateline place; sets *city to
 * the start of the words before the comma. */
static bool dateline_state(const scan *s, size_t b, size_t e, size_t *city) {
    const kg_toks *t = s->t;
    const rule *rr;
    if (b < 2 || !is_comma(t, b - 1)) return false;
    size_t d = e;
    if (d < t->n && kg_tok_is(t, d, ".", false) && !t->v[d].space_before) d++;
    if (!rule_at(s, d, K_DATELINE, &rr)) return false;
    size_t c = b - 1;
    while (c > 0 && t->v[c - 1].kind == KG_TK_LATIN && (t->v[c - 1].cap || t->v[c - 1].upper)) c--;
    if (c == b - 1 || !sentence_start(t, c)) return false;
    *city = c;
    return true;
}

/* A person-verb phrase ending right before token b ("said Dana Whitcombe",
 * "co-founded by Guillaume Lample"). */
static bool person_verb_before(const scan *s, size_t b, const rule **r) {
    for (size_t k = b; k-- > 0 && b - k <= 4;) {
        if (s->t->v[k].kind != KG_TK_LATIN && s->t->v[k].kind != KG_TK_PUNCT) return false;
        if (!may_start(s, k, K_PERSON_VERB)) continue;
        void *payload = NULL;
        int kind = K_PERSON_VERB;
        size_t n = kg_phrases_match(s->ner->cues, s->t, k, b, NULL, &payload, kind_is, &kind);
        if (n && k + n == b) {
            *r = payload;
            return true;
        }
    }
    return false;
}

static bool ner_lone_stop(const scan *s, size_t i, size_t e) {
    return e == i + 1 && is_stop(s, i);
}

/* A headline in Title Case ("Apple Partners with OpenAI to Supercharge Siri"): most of
 * its Latin words (at least four) are capitalized, so a capital says nothing there. */
static bool title_case(const kg_toks *t) {
    size_t words = 0, caps = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (t->v[k].kind != KG_TK_LATIN || kg_tok_len(t, k) < 4) continue;
        words++;
        if (t->v[k].cap || t->v[k].upper) caps++;
    }
    return words >= 4 && caps * 4 >= words * 3;
}

static void runs(scan *s) {
    const kg_toks *t = s->t;
    bool persian = false;
    for (size_t k = 0; k < t->n; k++)
        if (t->v[k].kind == KG_TK_FA) persian = true;
    bool headline = !persian && title_case(t);
    for (size_t i = 0; i < t->n; i++) {
        if (!usable(s, i) || t->v[i].kind != KG_TK_LATIN) continue;
        if (i > 0 && !t->v[i].space_before && t->v[i - 1].kind != KG_TK_PUNCT) continue;
        if (persian) {
            size_t e = latin_run(s, i, false);
            while (e > i && t->v[e - 1].kind == KG_TK_NUM && t->v[e - 1].space_before) e--;
            if (e > i && ner_lone_stop(s, i, e)) {
                i = e - 1;
                continue;
            }
            const rule *r = s->ner->latin_run;
            if (r && e > i) emit(s, i, e, r->type, r->via);
            i = e > i ? e - 1 : i;
            continue;
        }
        size_t b = i;
        while (usable(s, b) && t->v[b].kind == KG_TK_LATIN && is_stop(s, b)) b++;
        if (b > i && (!usable(s, b) || !t->v[b].space_before)) {
            i = b > i ? b - 1 : i;
            continue;
        }
        size_t e = latin_run(s, b, true);
        if (e <= b) continue;
        const rule *r = NULL, *rr;
        const char *type = NULL;
        size_t end = e;
        /* "Scale AI", "Acme Inc.": a suffix ends the run */
        for (size_t k = b + 1; k <= e && k < t->n; k++) {
            size_t n = rule_at(s, k, K_SUFFIX, &rr);
            if (n && k + n >= e) {
                r = rr;
                end = k + n > e ? k + n : e;
                break;
            }
        }
        /* a courtesy title inside the run: "U.S. District Judge Vince Chhabria" */
        for (size_t k = b; k < e && !r; k++) {
            size_t n = rule_at(s, k, K_PERSON_TITLE, &rr);
            if (n && k + n < e) {
                b = k + n;
                r = rr;
                break;
            }
        }
        /* a run that is a title and nothing more ("CFO" before a name) */
        if (rule_at(s, b, K_TITLE, &rr) == e - b) {
            i = e - 1;
            continue;
        }
        /* a run that ends in a title ("U.S. District Judge" before a known name) */
        bool title_end = false;
        for (size_t k = b; k < e; k++) {
            size_t n = rule_at(s, k, K_PERSON_TITLE, &rr);
            if (n && k + n == e) title_end = true;
        }
        if (title_end) {
            i = e - 1;
            continue;
        }
        /* the city of "CITY, State. —" (unless known), then the state: no mention */
        size_t city, se = is_comma(t, e) ? latin_run(s, e + 1, true) : e;
        if (dateline_state(s, b, e, &city) || (se > e + 1 && dateline_state(s, e + 1, se, &city) && city == b)) {
            size_t state_end = city == b ? se : e;
            const rule *dl;
            size_t dash = state_end + (kg_tok_is(t, state_end, ".", false) ? 1 : 0);
            if (city == b && rule_at(s, dash, K_DATELINE, &dl)) emit(s, b, e, dl->type, dl->via);
            i = state_end - 1;
            continue;
        }
        size_t words = count_words(t, b, e);
        if (!r && b > 0 && rule_at(s, b - 1 - (kg_tok_is(t, b - 1, ".", false) && b > 1 ? 1 : 0), K_PERSON_TITLE, &rr)) {
            r = rr;
        }
        if (!r && rule_at(s, e, K_CUE_AFTER, &rr)) r = rr;
        if (!r && words >= 2 && words <= 4 && s->ner->given_name) {
            void *payload;
            /* "Analyst Dana Whitcombe": a capitalized word before the given name (a role
             * or the sentence's first word) is not part of the name */
            if (words <= 3 && kg_phrases_match(s->ner->given, t, b, b + 1, NULL, &payload, NULL, NULL))
                r = s->ner->given_name;
            else if (words >= 3 && t->v[b + 1].space_before && t->v[b].kind == KG_TK_LATIN &&
                     kg_phrases_match(s->ner->given, t, b + 1, b + 2, NULL, &payload, NULL, NULL)) {
                r = s->ner->given_name;
                b++;
            }
        }
        if (!r && words >= 2 && words <= 3 &&
            (rule_at(s, e, K_PERSON_VERB, &rr) || person_verb_before(s, b, &rr)))
            r = rr;
        /* "co-founded by Guillaume Lample and Timothée Lacroix": a name joined to the
         * person named right before it */
        if (!r && words >= 2 && words <= 3 && b >= 2 && rule_at(s, b - 1, K_PERSON_AND, &rr) &&
            s->out->n && !strcmp(s->out->v[s->out->n - 1].type, "PERSON") &&
            s->out->v[s->out->n - 1].sentence == s->sentence &&
            s->out->v[s->out->n - 1].end == t->v[b - 2].end)
            r = rr;
        /* "SAN FRANCISCO — ...": a dateline names a place */
        if (!r && sentence_start(t, b) && rule_at(s, e, K_DATELINE, &rr)) r = rr;
        /* "in Manhattan": a place */
        if (!r && words <= 2 && b > 0 && rule_at(s, b - 1, K_PLACE_BEFORE, &rr)) r = rr;
        /* "Anthropic CEO Dario Amodei": the organization before a title */
        if (!r && words <= 3 && rule_at(s, e, K_TITLE, &rr)) r = s->ner->caps_run;
        if (!r && ((words == 1 && sentence_start(t, b)) || headline)) {
            /* "Smith used ...", "Whitcombe: ...", a word of a headline: kept only if it
             * turns out to be the short form of an entity named earlier (kg_entities drops
             * it otherwise) */
            if (b + 1 == e && t->v[b].cap && !t->v[b].upper) emit(s, b, e, "ORG", kg_via_tentative);
            i = e - 1;
            continue;
        }
        if (!r) r = s->ner->caps_run;
        if (!r) continue;
        type = r->type;
        emit(s, b, end, type, r->via);
        i = end - 1;
    }
}

void kg_ner_extend_orgs(const kg_ner *ner, const kg_toks *t, size_t first, unsigned char *used,
                        kg_arena *arena, kg_mlist *out) {
    scan s = {ner, t, used, 0, arena, out, NULL};
    const rule *r = ner->org_extension;
    if (!r) return;
    bool headline = title_case(t);
    for (size_t k = first; k < out->n; k++) {
        kg_mention *m = &out->v[k];
        if (!kg_str_eq(m->via, "lexicon") || !kg_str_eq(m->type, "ORG")) continue;
        /* the token ending where the mention ends (tokens are sorted: binary search) */
        size_t lo = 0, hi = t->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (t->v[mid].end < m->end) lo = mid + 1;
            else hi = mid;
        }
        size_t i = lo;
        if (i >= t->n || t->v[i].end != m->end || t->v[i].kind != KG_TK_LATIN) continue;
        /* "Nvidia Corp.", "Advanced Micro Devices, Inc.": the same organization */
        size_t legal_at = i + 1 < t->n && kg_tok_is(t, i + 1, ",", false) ? i + 2 : i + 1;
        const rule *legal;
        size_t n_legal = usable(&s, legal_at) && t->v[legal_at].space_before
                             ? rule_at(&s, legal_at, K_SUFFIX, &legal) : 0;
        /* "Oracle (ORCL)", "Advanced Micro Devices (AMD)": a ticker or acronym no rule
         * has taken, in parentheses, is the same organization */
        bool paren = i + 3 < t->n && kg_tok_is(t, i + 1, "(", false) && kg_tok_is(t, i + 3, ")", false) &&
                     t->v[i + 2].kind == KG_TK_LATIN && t->v[i + 2].upper &&
                     kg_tok_len(t, i + 2) >= 2 && kg_tok_len(t, i + 2) <= 6;
        if (paren && !usable(&s, i + 2)) {
            /* the lexicon named it: absorbed only if it is the same organization, and that
             * mention is left tentative for kg_entities to drop */
            paren = false;
            for (size_t q = k + 1; q < out->n; q++)
                if (out->v[q].start == t->v[i + 2].start && out->v[q].end == t->v[i + 2].end &&
                    out->v[q].id && m->id && !strcmp(out->v[q].id, m->id)) {
                    out->v[q].via = kg_via_tentative;
                    paren = true;
                    break;
                }
        }
        if (paren) {
            m->end = t->v[i + 3].end;
            m->surface = kg_arena_strndup(arena, t->text + m->start, m->end - m->start);
            for (size_t j = i + 1; j <= i + 3; j++) used[j] = 1;
            continue;
        }
        if (n_legal && legal->legal) {
            size_t last = legal_at + n_legal - 1;
            m->end = t->v[last].end;
            m->surface = kg_arena_strndup(arena, t->text + m->start, m->end - m->start);
            for (size_t j = i + 1; j <= last; j++) used[j] = 1;
            continue;
        }
        size_t b = i + 1, e = b;
        const rule *suffix, *title;
        while (usable(&s, e) && t->v[e].kind == KG_TK_LATIN && t->v[e].space_before &&
               (t->v[e].cap || t->v[e].upper) &&
               (!is_stop(&s, e) || rule_at(&s, e, K_SUFFIX, &suffix)) &&
               !rule_at(&s, e, K_TITLE, &title)) { /* "Microsoft CFO Amy Hood" */
            size_t next = latin_run(&s, e, true);
            e = next > e ? next : e + 1;
            break; /* one more name word: "Google Cloud", "Meta AI", "Microsoft Azure" */
        }
        if (e == b || headline) continue; /* "Apple Partners with ...": a headline's verb */
        const char *owner = m->id;
        m->end = t->v[e - 1].end;
        m->surface = kg_arena_strndup(arena, t->text + m->start, m->end - m->start);
        m->type = r->type;
        m->via = r->via;
        m->name = m->surface;
        m->id = kg_slug(arena, r->type, m->surface);
        m->qid = NULL;
        m->owner = owner;
        for (size_t j = b; j < e; j++) used[j] = 1;
    }
}

/* A version number after a product name: "Grok 3", "Gemini 2.5" — small, at most one
 * decimal point, not an amount ("Llama 3 percent" is none: version-not words). */
static bool version_number(const scan *s, size_t j) {
    const kg_toks *t = s->t;
    if (!usable(s, j) || t->v[j].kind != KG_TK_NUM || t->v[j].num >= 100 || kg_tok_len(s->t, j) > 4)
        return false;
    for (size_t k = t->v[j].start; k < t->v[j].end; k++)
        if (t->text[k] == ',') return false;
    size_t e = j + 1;
    while (e < t->n && !t->v[e].space_before && t->v[e].kind == KG_TK_LATIN) e++;
    const rule *rr;
    if (e < t->n && (kg_tok_is(t, e, "%", false) || t->v[e].kind == KG_TK_NUM ||
                     rule_at(s, e, K_VERSION_NOT, &rr)))
        return false;
    return true;
}

/* End of the version tail of a product name ending before token i: "-2", "-Max",
 * "3", "2.5", "8B", then a tier word ("Pro", "Sonnet"); i when none. */
static size_t version_tail(const scan *s, size_t i, bool ends_in_number) {
    const kg_toks *t = s->t;
    size_t e = i;
    if (usable(s, e) && glued_join(t, e) && kg_tok_is(t, e, "-", false) && usable(s, e + 1) &&
        (t->v[e + 1].kind == KG_TK_NUM ||
         (t->v[e + 1].kind == KG_TK_LATIN && (t->v[e + 1].cap || t->v[e + 1].upper)))) {
        e += 2;
    } else if (usable(s, e) && !t->v[e].space_before && t->v[e].kind == KG_TK_NUM) {
        e++;
    } else if (usable(s, e) && t->v[e].space_before && version_number(s, e) &&
               (!ends_in_number || (usable(s, e + 1) && !t->v[e + 1].space_before &&
                                    kg_tok_len(t, e + 1) == 1 && t->v[e + 1].upper))) {
        e++; /* "Grok 3"; after a number only a size: "Llama 3.1 8B" */
    }
    if (e > i)
        while (usable(s, e) && !t->v[e].space_before &&
               (t->v[e].kind == KG_TK_LATIN || t->v[e].kind == KG_TK_NUM ||
                (glued_join(t, e) && usable(s, e + 1) && t->v[e + 1].kind != KG_TK_PUNCT)))
            e += t->v[e].kind == KG_TK_PUNCT ? 2 : 1;
    const rule *rr;
    size_t n;
    if (usable(s, e) && t->v[e].space_before && (n = rule_at(s, e, K_VERSION_TIER, &rr))) e += n;
    return e;
}

void kg_ner_extend_products(const kg_ner *ner, const kg_toks *t, size_t first,
                            unsigned char *used, kg_arena *arena, kg_mlist *out) {
    scan s = {ner, t, used, 0, arena, out, NULL};
    const rule *r = ner->version;
    if (!r) return;
    for (size_t k = first; k < out->n; k++) {
        kg_mention *m = &out->v[k];
        if (!kg_str_eq(m->via, "lexicon") || !kg_str_eq(m->type, "PRODUCT")) continue;
        size_t i = 0, hi = t->n; /* the token ending where m does: tokens are in order */
        while (i < hi) {
            size_t mid = i + (hi - i) / 2;
            if (t->v[mid].end < m->end) i = mid + 1;
            else hi = mid;
        }
        if (i >= t->n || t->v[i].end != m->end ||
            (t->v[i].kind != KG_TK_LATIN && t->v[i].kind != KG_TK_NUM))
            continue;
        size_t e = version_tail(&s, i + 1, t->v[i].kind == KG_TK_NUM);
        if (e == i + 1) continue;
        m->end = t->v[e - 1].end;
        m->surface = kg_arena_strndup(arena, t->text + m->start, m->end - m->start);
        m->via = r->via;
        m->name = m->surface;
        m->id = kg_slug(arena, r->type, m->surface);
        m->qid = NULL;
        for (size_t j = i + 1; j < e; j++) used[j] = 1;
    }
}

/* «نگار صالحی، پژوهشگر ...», «کاوه رضایی گفت»: a Persian given name and one more word,
 * then a comma or a person verb, is a PERSON (rule given-name). */
static void fa_given_names(scan *s) {
    const kg_toks *t = s->t;
    const rule *r = s->ner->given_name, *rr;
    if (!r) return;
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (!usable(s, i) || t->v[i].kind != KG_TK_FA || !is_given(s, i)) continue;
        if (i > 0 && !s->used[i - 1] && t->v[i - 1].kind == KG_TK_FA && !is_stop(s, i - 1) &&
            !t->v[i].space_before)
            continue;
        size_t e = fa_name(s, i + 1, 1);
        if (e == i + 1) continue;
        size_t after = e < t->n && closing_quote(t, e) ? e + 1 : e; /* ««کاوه رضایی»، ...» */
        if (!(after >= t->n || is_comma(t, after) || rule_at(s, after, K_PERSON_VERB, &rr))) continue;
        emit(s, i, e, r->type, r->via);
        i = e - 1;
    }
    /* «صالحی: «...»»: a speaker label, kept only as the short form of a person named
     * earlier (see kg_via_tentative) */
    size_t b = 0;
    while (b < t->n && t->v[b].kind == KG_TK_PUNCT) b++;
    if (b + 1 < t->n && usable(s, b) && t->v[b].kind == KG_TK_FA && kg_tok_is(t, b + 1, ":", false) &&
        !is_stop(s, b))
        emit(s, b, b + 1, "PERSON", kg_via_tentative);
}

void kg_ner_scan(const kg_ner *ner, const kg_toks *t, const uint32_t *kinds, size_t sentence,
                 unsigned char *used, kg_arena *arena, kg_mlist *out) {
    scan s = {ner, t, used, sentence, arena, out, kinds};
    title_rules(&s);
    cue_rules(&s);
    fa_given_names(&s);
    runs(&s);
}
