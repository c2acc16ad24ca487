/* kg_entities: the entity finder; see kg_entities.h.
 *
 * Per sentence, recognizers run in priority order over one token array and claim the
 * tokens they use, so mentions never overlap and the earlier recognizer wins:
 *   1. cases: known ones from the lexicon, then "A v. B" (before the rest of the
 *      lexicon, so that a known party does not split an unknown case)
 *   2. lexicon aliases (longest match); a known ORG followed by a capitalized word
 *      becomes a product of it ("Google Cloud"); a known product followed by a version
 *      a product with the full name ("GPT-2")
 *   3. dates            4. amounts
 *   5. coreference phrases (resolved after all sentences)
 *   6. rule NER: titles, cue words, suffixes, Latin / capitalized runs.
 * Within a recognizer the longest match at the leftmost position wins. A known product
 * followed by a version ("GPT-2") becomes a product of its own; a lone model name after
 * its organization ("R1" after DeepSeek) is the lexicon product. Afterwards a lone
 * capitalized word that repeats the surname of an earlier person ("Smith said",
 * "Whitcombe: ...") or the first word of an earlier organization refers to it (via
 * "coref"); such a word opening a sentence is dropped when it refers to nothing. Then
 * coreference phrases resolve, preferring the subjects of earlier sentences. */
#include "kg_entities.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kg_eparts.h"
#include "kg_normalize.h"

struct kg_entity_finder {
    kg_lexicon *lex;
    kg_quantity_finder *qf;
    kg_date_finder *df;
    kg_coref *coref;
    kg_ner *ner;
};

void kg_entity_finder_free(kg_entity_finder *f) {
    if (!f) return;
    kg_lexicon_free(f->lex);
    kg_quantity_finder_free(f->qf);
    kg_date_finder_free(f->df);
    kg_coref_free(f->coref);
    kg_ner_free(f->ner);
    free(f);
}

int kg_entity_finder_new(const char *data_dir, kg_entity_finder **out, kg_error *err) {
    *out = NULL;
    /* every word list is compared in kg_normalize form: its tables come first */
    int rc = kg_normalize_load(data_dir, err);
    if (rc) return rc;
    kg_entity_finder *f = kg_xcalloc(1, sizeof *f);
    rc = kg_lexicon_load(data_dir, &f->lex, err);
    if (!rc) rc = kg_quantity_finder_new(data_dir, &f->qf, err);
    if (!rc) rc = kg_date_finder_new(data_dir, &f->df, err);
    if (!rc) rc = kg_coref_new(data_dir, &f->coref, err);
    if (!rc) rc = kg_ner_new(data_dir, &f->ner, err);
    if (rc) {
        kg_entity_finder_free(f);
        return rc;
    }
    *out = f;
    return KG_OK;
}

const kg_lexicon *kg_entity_finder_lexicon(const kg_entity_finder *f) {
    return f ? f->lex : NULL;
}

void kg_emit(kg_mention *m, const kg_toks *t, size_t i, size_t n, size_t sentence,
             unsigned char *used, kg_arena *arena) {
    m->sentence = sentence;
    m->start = t->v[i].start;
    m->end = t->v[i + n - 1].end;
    m->surface = kg_arena_strndup(arena, t->text + m->start, m->end - m->start);
    for (size_t k = i; k < i + n; k++) used[k] = 1;
}

const char kg_via_tentative[] = "rule:tentative";

/* True if name's last (person) or first (organization) word is word: "Smith" of
 * "Brad Smith", "Ridgeline" of "Ridgeline Analytics". */
static bool short_form_of(const char *word, const kg_mention *full) {
    const char *name = full->name;
    size_t n = strlen(word), len = strlen(name);
    if (!strchr(name, ' ') || len <= n) return false;
    if (!strcmp(full->type, "PERSON"))
        return name[len - n - 1] == ' ' && !strcmp(name + len - n, word);
    return !strncmp(name, word, n) && name[n] == ' ';
}

/* A lone capitalized word that a rule took for an organization, but that is the short
 * form of a person or organization named earlier in the article, refers to it. */
/* Makes m a mention of the entity given by these fields (found by via). */
static void name_as(kg_mention *m, const char *type, const char *id, const char *name,
                    const char *qid, const char *owner, const char *via) {
    m->type = type;
    m->id = id;
    m->name = name;
    m->qid = qid;
    m->owner = owner;
    m->via = via;
}

/* m[j] can be the full form a later short form refers to: a named person or
 * organization whose name has a space (short_form_of needs one) */
static bool full_form(const kg_mention *a) {
    return a->id && a->name && (kg_str_eq(a->type, "PERSON") || kg_str_eq(a->type, "ORG")) &&
           !kg_str_eq(a->via, "coref") && !kg_str_eq(a->via, "quantity") && !kg_str_eq(a->via, "date") &&
           strchr(a->name, ' ');
}

/* Step k changes only m[k], so whether m[j] can be a full form is settled once step j is
 * done: the candidates are collected as the scan passes them, newest last. */
static void resolve_short_forms(kg_mention *m, size_t n) {
    size_t *cand = kg_xmalloc((n + 1) * sizeof *cand), ncand = 0;
    for (size_t k = 0; k < n; k++) {
        if (!strncmp(m[k].via, "rule:", 5) && !strchr(m[k].surface, ' ') &&
            (kg_str_eq(m[k].type, "ORG") || kg_str_eq(m[k].type, "PERSON") ||
             kg_str_eq(m[k].type, "PLACE"))) {
            for (size_t c = ncand; c-- > 0;) {
                const kg_mention *a = &m[cand[c]];
                if (!short_form_of(m[k].surface, a)) continue;
                name_as(&m[k], a->type, a->id, a->name, a->qid, a->owner, "coref");
                m[k].antecedent = (int)cand[c];
                break;
            }
        }
        if (full_form(&m[k])) cand[ncand++] = k;
    }
    free(cand);
}

/* The last word of a Persian person's name, alone in a later sentence, names that person
 * («ماسک» after «ایلان ماسک»): full[0, nfull) index the article's named persons (m[] so
 * far), newest last. A surname two of them share names neither. */
static void scan_surnames(const kg_toks *t, size_t sentence, const size_t *full, size_t nfull,
                          unsigned char *used, kg_arena *arena, kg_mlist *out) {
    if (!nfull) return;
    for (size_t i = 0; i < t->n; i++) {
        if (used[i] || t->v[i].kind != KG_TK_FA) continue;
        size_t len = kg_tok_len(t, i);
        if (len < 4) continue; /* two letters or fewer: too many common words */
        const char *word = t->text + t->v[i].start;
        long found = -1;
        bool ambiguous = false;
        for (size_t c = nfull; c-- > 0;) {
            const kg_mention *a = &out->v[full[c]];
            const char *last = strrchr(a->surface, ' ');
            if (!last || strlen(last + 1) != len || memcmp(last + 1, word, len)) continue;
            if (found >= 0 && !kg_str_eq(out->v[found].id, a->id)) ambiguous = true;
            if (found < 0) found = (long)full[c];
        }
        if (found < 0 || ambiguous) continue;
        kg_mention *m = kg_mlist_push(out);
        const kg_mention *a = &out->v[found]; /* after the push: out->v may have moved */
        kg_emit(m, t, i, 1, sentence, used, arena);
        name_as(m, a->type, a->id, a->name, a->qid, a->owner, "coref");
        m->antecedent = (int)found;
    }
}

/* Flags the subject of sentence s among its mentions m[first, n) (sorted): the first
 * entity mention (not an amount or a date), preceded in the sentence by at most four
 * tokens that are punctuation, capitalized words or inside other mentions ("On
 * Tuesday, Meta released", "Microsoft is"), not by a lowercase or Persian word ("Shares
 * of Alphabet", «به گزارش رویترز»). */
static void mark_subject(const kg_toks *t, const kg_mention *m, size_t first, size_t n,
                         unsigned char *subject) {
    size_t k = first;
    while (k < n && (kg_str_eq(m[k].via, "quantity") || kg_str_eq(m[k].via, "date"))) k++;
    if (k == n) return;
    size_t before = 0, q = first;
    for (size_t i = 0; i < t->n && t->v[i].start < m[k].start; i++) {
        while (q < k && m[q].end <= t->v[i].start) q++;
        if (q < k && m[q].start <= t->v[i].start) continue; /* inside a date or amount */
        const kg_tok *tk = &t->v[i];
        if (tk->kind == KG_TK_PUNCT) continue;
        if (tk->kind == KG_TK_FA || (tk->kind == KG_TK_LATIN && !tk->cap && !tk->upper)) return;
        if (++before > 4) return;
    }
    subject[k] = 1;
}

/* A lone Latin name with a digit that a rule took for an entity and that, after an organization named in this
 * or the previous sentence, completes one of its lexicon products: "R1" after DeepSeek
 * is DeepSeek-R1. m[first, n) are the sentence's mentions, m[0, first) earlier ones. */
static void resolve_owned_products(const kg_lexicon *lex, kg_mention *m, size_t first, size_t n) {
    for (size_t k = first; k < n; k++) {
        if (strncmp(m[k].via, "rule:", 5) || strchr(m[k].surface, ' ') || kg_str_eq(m[k].type, "PERSON") ||
            m[k].via == kg_via_tentative || !strpbrk(m[k].surface, "0123456789"))
            continue; /* only model-like names ("R1", "V3"), not words ("Search") */
        for (size_t j = k; j-- > 0 && m[j].sentence + 1 >= m[k].sentence;) {
            if (!kg_str_eq(m[j].type, "ORG") || !kg_str_eq(m[j].via, "lexicon") || !m[j].name) continue;
            const kg_entity_info *found = NULL;
            size_t owner_len = strlen(m[j].name), word_len = strlen(m[k].surface);
            size_t len = owner_len + 1 + word_len; /* "DeepSeek-R1", "DeepSeek R1" */
            char *name = kg_xmalloc(len + 1);
            memcpy(name, m[j].name, owner_len);
            memcpy(name + owner_len + 1, m[k].surface, word_len + 1);
            for (int sep = 0; sep < 2 && !found; sep++) {
                name[owner_len] = sep ? ' ' : '-';
                kg_lexicon_hit *hits = NULL;
                size_t nh = kg_lexicon_find(lex, name, 0, len, &hits);
                if (nh == 1 && hits[0].start == 0 && hits[0].end == len &&
                    !strcmp(hits[0].info->type, "PRODUCT") && hits[0].info->owner &&
                    !strcmp(hits[0].info->owner, m[j].id))
                    found = hits[0].info;
                free(hits);
            }
            free(name);
            if (!found) continue;
            name_as(&m[k], found->type, found->id, found->name, found->qid, found->owner,
                    "lexicon");
            break;
        }
    }
}

/* Drops the tentative mentions left unresolved; renumbers antecedents and compacts
 * subject along. */
static size_t drop_tentative(kg_mention *m, size_t n, unsigned char *subject) {
    size_t *newidx = kg_xmalloc((n + 1) * sizeof *newidx);
    size_t out = 0;
    for (size_t k = 0; k < n; k++) {
        newidx[k] = (size_t)-1;
        if (m[k].via == kg_via_tentative) continue;
        kg_mention cur = m[k];
        if (cur.antecedent >= 0) {
            size_t ai = newidx[cur.antecedent];
            if (ai == (size_t)-1) continue;
            cur.antecedent = (int)ai;
        }
        newidx[k] = out;
        subject[out] = subject[k];
        m[out++] = cur;
    }
    free(newidx);
    return out;
}

static int by_start(const void *a, const void *b) {
    const kg_mention *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

int kg_entity_finder_run(const kg_entity_finder *f, const kg_mapped_text *norm,
                         const kg_sentence_span *sentences, size_t n_sentences,
                         const char *published, kg_arena *arena, kg_mention **out,
                         size_t *count, kg_error *err) {
    *out = NULL;
    *count = 0;
    if (!f || !norm || (n_sentences && !sentences))
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1, "kg_entity_finder_run: missing argument");
    kg_toks t = {0};
    kg_mlist all = {0};
    unsigned char *used = NULL;
    size_t used_cap = 0;
    unsigned char *subject = NULL; /* parallel to all.v */
    size_t subj_cap = 0;
    kg_lexicon_memo memo = {0};
    uint32_t *kinds = NULL; /* kg_ner_kinds of the sentence */
    size_t kinds_cap = 0;
    size_t *persons = NULL, n_persons = 0, cap_persons = 0; /* see scan_surnames */
    for (size_t s = 0; s < n_sentences; s++) {
        const kg_sentence_span *sp = &sentences[s];
        if (sp->end > norm->len || sp->start > sp->end) {
            kg_toks_free(&t);
            free(all.v);
            free(used);
            free(subject);
            free(kinds);
            free(persons);
            kg_lexicon_memo_free(&memo);
            return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, (long long)sp->start,
                                "sentence %zu lies outside the text", s);
        }
        kg_tokenize(norm->text, sp->start, sp->end, &t);
        if (t.n + 1 > used_cap) {
            used_cap = t.n + 1;
            free(used);
            used = kg_xmalloc(used_cap);
        }
        memset(used, 0, t.n + 1);
        kg_grow((void **)&kinds, &kinds_cap, t.n + 1, sizeof *kinds);
        kg_ner_kinds(f->ner, &t, kinds);
        size_t first = all.n;
        kg_lexicon_memo_reset(&memo, t.n);
        kg_lexicon_scan(f->lex, &t, s, "CASE", used, &memo, arena, &all);
        kg_ner_scan_cases(f->ner, &t, kinds, s, used, arena, &all);
        kg_lexicon_scan(f->lex, &t, s, NULL, used, &memo, arena, &all);
        kg_ner_extend_orgs(f->ner, &t, first, used, arena, &all);
        kg_ner_extend_products(f->ner, &t, first, used, arena, &all);
        kg_dates_scan(f->df, &t, s, published, used, arena, &all);
        kg_quantity_scan(f->qf, &t, s, 0, used, arena, &all);
        kg_coref_scan(f->coref, &t, s, used, arena, &all);
        kg_ner_scan(f->ner, &t, kinds, s, used, arena, &all);
        scan_surnames(&t, s, persons, n_persons, used, arena, &all); /* after full names */
        if (all.n > first) qsort(all.v + first, all.n - first, sizeof *all.v, by_start);
        resolve_owned_products(f->lex, all.v, first, all.n);
        kg_grow((void **)&subject, &subj_cap, all.n + 1, 1);
        memset(subject + first, 0, all.n - first);
        mark_subject(&t, all.v, first, all.n, subject);
        for (size_t k = first; k < all.n; k++) /* the named Persian persons, for surnames */
            if (kg_str_eq(all.v[k].type, "PERSON") && all.v[k].id && !kg_str_eq(all.v[k].via, "coref") &&
                strchr(all.v[k].surface, ' ') && (unsigned char)all.v[k].surface[0] >= 0xD8)
                KG_PUSH(persons, n_persons, cap_persons, k);
    }
    kg_toks_free(&t);
    free(used);
    free(kinds);
    free(persons);
    kg_lexicon_memo_free(&memo);
    resolve_short_forms(all.v, all.n);
    size_t n = drop_tentative(all.v, all.n, subject);
    n = kg_coref_resolve(f->coref, all.v, n, subject);
    free(subject);
    if (n) {
        *out = kg_arena_alloc(arena, n * sizeof **out);
        memcpy(*out, all.v, n * sizeof **out);
    }
    *count = n;
    free(all.v);
    return KG_OK;
}
