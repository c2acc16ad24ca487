/* kg_lexicon: loading the lexicon files (extract/lexicon/NAME.tsv) and matching aliases;
 * see kg_lexicon.h.
 *
 * Aliases live in one phrase table (kg_etok.h) keyed by their first token, so matching a
 * sentence costs one hash probe per token whatever the size of the lexicon. */
#include "kg_lexicon.h"

#include <dirent.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_eparts.h"
#include "kg_etok.h"
#include "kg_normalize.h"
#include "kg_hash.h"
#include "kg_sort.h"

static const char *const entity_types[] = {"ORG", "PERSON", "PRODUCT", "CASE",
                                           "PLACE", "OUTLET", "EVENT"};

typedef struct entry {
    kg_entity_info info;
    char *file;
    long line;
} entry;

struct kg_lexicon {
    entry *v;
    size_t n, cap;
    size_t *ids; /* open addressing: index + 1, 0 = empty */
    size_t nids;
    kg_phrases *aliases;
};

static size_t *id_slot(const kg_lexicon *lex, const char *id) {
    size_t mask = lex->nids - 1, i = (size_t)kg_hash_string(id) & mask;
    while (lex->ids[i] && strcmp(lex->v[lex->ids[i] - 1].info.id, id)) i = (i + 1) & mask;
    return &lex->ids[i];
}

const kg_entity_info *kg_lexicon_get(const kg_lexicon *lex, const char *id) {
    if (!lex || !id || !lex->nids) return NULL;
    size_t k = *id_slot(lex, id);
    return k ? &lex->v[k - 1].info : NULL;
}

size_t kg_lexicon_count(const kg_lexicon *lex) {
    return lex ? lex->n : 0;
}

void kg_lexicon_free(kg_lexicon *lex) {
    if (!lex) return;
    for (size_t i = 0; i < lex->n; i++) {
        entry *e = &lex->v[i];
        free((char *)e->info.id);
        free((char *)e->info.type);
        free((char *)e->info.name);
        free((char *)e->info.name_fa);
        free((char *)e->info.qid);
        free((char *)e->info.owner);
        free(e->file);
    }
    free(lex->v);
    free(lex->ids);
    kg_phrases_free(lex->aliases);
    free(lex);
}

/* Aliases are added once entries stop moving (v is realloc'ed while loading), so the
 * payload is an index + 1. */
static void add_alias(kg_lexicon *lex, const char *alias, size_t index) {
    char *norm = kg_normalize_string(alias);
    if (!norm) return;
    void *payload = (void *)(uintptr_t)(index + 1);
    kg_toks t = {0};
    kg_tokenize(norm, 0, strlen(norm), &t);
    if (t.n) {
        kg_phrases_add(lex->aliases, norm, payload);
        const kg_tok *last = &t.v[t.n - 1];
        bool has_lower = false, has_latin = false;
        for (size_t k = 0; k < t.n; k++)
            if (t.v[k].kind == KG_TK_LATIN) {
                has_latin = true;
                if (!t.v[k].upper) has_lower = true;
            }
        if (last->kind == KG_TK_FA && kg_tok_len(&t, t.n - 1) >= 4) {
            static const char *const suffixes[] = {"ها", "های"};
            for (size_t s = 0; s < 2; s++) {
                size_t n = strlen(norm) + strlen(suffixes[s]) + 1;
                char *v = kg_xmalloc(n);
                memcpy(v, norm, last->end);
                strcpy(v + last->end, suffixes[s]);
                strcat(v, norm + last->end);
                kg_phrases_add(lex->aliases, v, payload);
                free(v);
            }
        }
        if (has_latin && has_lower && strlen(norm) >= 3) {
            char *up = kg_xstrdup(norm);
            for (char *p = up; *p; p++)
                if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
            kg_phrases_add(lex->aliases, up, payload);
            free(up);
        }
    }
    kg_toks_free(&t);
    free(norm);
}

static char *opt_dup(const char *s) {
    return s && *s ? kg_xstrdup(s) : NULL;
}

typedef struct load_ctx {
    kg_lexicon *lex;
    const char *file;
    kg_error *err;
} load_ctx;

static int load_line(char **f, int nf, long line, void *vctx) {
    load_ctx *c = vctx;
    if (nf == 6) nf = 7, f[6] = "";
    if (nf != 7)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "expected 7 tab-separated columns (id type name name_fa qid owner "
                            "aliases), found %d",
                            nf);
    if (!*f[0]) return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "empty id");
    bool known = false;
    for (size_t k = 0; k < sizeof entity_types / sizeof *entity_types; k++)
        if (!strcmp(f[1], entity_types[k])) known = true;
    if (!known)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "unknown type '%s' (ORG PERSON PRODUCT CASE PLACE OUTLET EVENT)",
                            f[1]);
    if (!*f[2] && !*f[3])
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "entity '%s' has neither name nor name_fa", f[0]);
    kg_lexicon *lex = c->lex;
    if ((lex->n + 1) * 2 > lex->nids) {
        free(lex->ids);
        lex->nids = lex->nids ? lex->nids * 2 : 256;
        lex->ids = kg_xcalloc(lex->nids, sizeof(size_t));
        for (size_t i = 0; i < lex->n; i++) *id_slot(lex, lex->v[i].info.id) = i + 1;
    }
    size_t *slot = id_slot(lex, f[0]);
    if (*slot) {
        const entry *prev = &lex->v[*slot - 1];
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "duplicate id '%s' (first defined at %s:%ld)", f[0], prev->file,
                            prev->line);
    }
    entry e = {.file = kg_xstrdup(c->file), .line = line};
    e.info.id = kg_xstrdup(f[0]);
    e.info.type = kg_xstrdup(f[1]);
    e.info.name = kg_xstrdup(*f[2] ? f[2] : f[3]);
    e.info.name_fa = opt_dup(f[3]);
    e.info.qid = opt_dup(f[4]);
    e.info.owner = opt_dup(f[5]);
    KG_PUSH(lex->v, lex->n, lex->cap, e);
    *slot = lex->n;
    size_t idx = lex->n - 1;
    if (*f[2]) add_alias(lex, f[2], idx);
    if (*f[3]) add_alias(lex, f[3], idx);
    for (char *a = f[6]; a && *a;) {
        char *bar = strchr(a, '|');
        if (bar) *bar = '\0';
        while (*a == ' ') a++;
        size_t n = strlen(a);
        while (n && a[n - 1] == ' ') a[--n] = '\0';
        if (*a) add_alias(lex, a, idx);
        a = bar ? bar + 1 : NULL;
    }
    return 0;
}

int kg_lexicon_load(const char *data_dir, kg_lexicon **out, kg_error *err) {
    *out = NULL;
    int nrc = kg_normalize_load(data_dir, err);
    if (nrc) return nrc;
    char *dir = kg_data_path(data_dir, "extract/lexicon");
    DIR *d = opendir(dir);
    if (!d) {
        int rc = kg_error_set(err, KG_EIO, dir, 0, 0, -1, "cannot open the lexicon folder");
        free(dir);
        return rc;
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 4 && !strcmp(de->d_name + len - 4, ".tsv") && de->d_name[0] != '.')
            KG_PUSH(names, nn, cap, kg_xstrdup(de->d_name));
    }
    closedir(d);
    qsort(names, nn, sizeof *names, kg_cmp_cstr);
    kg_lexicon *lex = kg_xcalloc(1, sizeof *lex);
    lex->aliases = kg_phrases_new(false);
    int rc = KG_OK;
    for (size_t i = 0; i < nn && rc == KG_OK; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = kg_xmalloc(plen);
        snprintf(path, plen, "%s/%s", dir, names[i]);
        char *buf = kg_data_slurp(path, NULL);
        if (!buf) {
            rc = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
        } else {
            load_ctx c = {lex, path, err};
            rc = kg_tsv_each(buf, load_line, &c);
        }
        free(buf);
        free(path);
    }
    for (size_t i = 0; i < nn; i++) free(names[i]);
    free(names);
    free(dir);
    if (rc != KG_OK) {
        kg_lexicon_free(lex);
        return rc;
    }
    *out = lex;
    return KG_OK;
}

/* An alias must not stop inside a run of joined word tokens: "GPT-4" does not match
 * the start of "GPT-4o", nor "Run" the start of "Run2". */
static bool ends_at_boundary(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)payload;
    (void)ctx;
    size_t j = i + n;
    if (j >= t->n || t->v[j].space_before) return true;
    if (t->v[j].kind == KG_TK_PUNCT || t->v[j - 1].kind == KG_TK_PUNCT) return true;
    return false;
}

size_t kg_lexicon_match_at(const kg_lexicon *lex, const kg_toks *t, size_t i,
                           const unsigned char *used, const kg_entity_info **info) {
    void *payload = NULL;
    size_t n = kg_phrases_match(lex->aliases, t, i, t->n, used, &payload, ends_at_boundary,
                                NULL);
    if (!n) return 0;
    *info = &lex->v[(uintptr_t)payload - 1].info;
    return n;
}

size_t kg_lexicon_find(const kg_lexicon *lex, const char *text, size_t start, size_t end,
                       kg_lexicon_hit **out) {
    kg_toks t = {0};
    kg_tokenize(text, start, end, &t);
    kg_lexicon_hit *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t.n;) {
        const kg_entity_info *info = NULL;
        size_t k = kg_lexicon_match_at(lex, &t, i, NULL, &info);
        if (!k) {
            i++;
            continue;
        }
        kg_lexicon_hit h = {t.v[i].start, t.v[i + k - 1].end, info};
        KG_PUSH(v, n, cap, h);
        i += k;
    }
    kg_toks_free(&t);
    *out = v;
    return n;
}

void kg_lexicon_memo_reset(kg_lexicon_memo *m, size_t ntok) {
    if (ntok > m->cap) {
        free(m->n);
        free(m->info);
        m->cap = ntok;
        m->n = kg_xmalloc(ntok * sizeof *m->n);
        m->info = kg_xmalloc(ntok * sizeof *m->info);
    }
    for (size_t i = 0; i < ntok; i++) m->n[i] = KG_LEXICON_UNKNOWN;
}

void kg_lexicon_memo_free(kg_lexicon_memo *m) {
    if (!m) return;
    free(m->n);
    free(m->info);
    m->n = NULL;
    m->info = NULL;
    m->cap = 0;
}

/* kg_lexicon_match_at through the memo (see kg_eparts.h). */
static size_t match_memo(const kg_lexicon *lex, const kg_toks *t, size_t i,
                         const unsigned char *used, kg_lexicon_memo *memo,
                         const kg_entity_info **info) {
    if (memo && memo->n[i] != KG_LEXICON_UNKNOWN) {
        size_t k = memo->n[i];
        bool free_run = true;
        for (size_t j = i; j < i + k && free_run; j++)
            if (used[j]) free_run = false;
        if (free_run) {
            *info = memo->info[i];
            return k;
        }
    }
    size_t k = kg_lexicon_match_at(lex, t, i, used, info);
    if (memo) {
        memo->n[i] = k;
        memo->info[i] = k ? *info : NULL;
    }
    return k;
}

void kg_lexicon_scan(const kg_lexicon *lex, const kg_toks *t, size_t sentence,
                     const char *only_type, unsigned char *used, kg_lexicon_memo *memo,
                     kg_arena *arena, kg_mlist *out) {
    for (size_t i = 0; i < t->n;) {
        const kg_entity_info *info = NULL;
        size_t k = match_memo(lex, t, i, used, memo, &info);
        if (!k || (only_type && !kg_str_eq(info->type, only_type))) {
            i++;
            continue;
        }
        kg_mention *m = kg_mlist_push(out);
        kg_emit(m, t, i, k, sentence, used, arena);
        m->type = info->type;
        m->id = info->id;
        m->name = info->name;
        m->qid = info->qid;
        m->owner = info->owner;
        m->via = "lexicon";
        i += k;
    }
}
