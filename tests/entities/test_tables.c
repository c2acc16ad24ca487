/* Data-driven tests of the entity layer; built once per table with TABLE set:
 *   1 quantities.tsv   input<TAB>expected: "TYPE name" items joined by " ; ", or "-"
 *   2 dates.tsv        input<TAB>published or -<TAB>expected: "surface=time" items (time
 *                      NULL when unresolved) joined by " ; ", or "-"
 *   3 mentions.tsv     input (sentences separated by " || ")<TAB>published or -<TAB>
 *                      expected: "surface|TYPE|id|via" items joined by " ; ", or "-"
 *                      (runs the whole finder with tests/entities/lexicon)
 *   4 lexicon-find.tsv input<TAB>expected: "surface=id" items joined by " ; ", or "-";
 *                      an input "get:ID" looks ID up: "name|type|name_fa|qid|owner" or "-"
 *   5 lexicon-bad.tsv  name<TAB>file content (\t \n escaped)<TAB>expected error text
 * Every row is checked; the test fails on the first mismatch count > 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_dates.h"
#include "kg_entities.h"
#include "kg_etok.h"
#include "kg_lexicon.h"
#include "kg_normalize.h"
#include "kg_quantity.h"

#ifndef TABLE
#define TABLE 1
#endif

typedef struct ctx {
    kg_quantity_finder *qf;
    kg_date_finder *df;
    kg_entity_finder *ef;
    int failed, rows;
} ctx;

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s) {
    size_t k = strlen(s);
    kg_grow((void **)&b->s, &b->cap, b->n + k + 1, 1);
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

static void item(buf *b, const char *s) {
    if (b->n) put(b, " ; ");
    put(b, s);
}

static void check(ctx *c, long line, const char *input, const char *want, buf *got) {
    c->rows++;
    const char *g = got->n ? got->s : "-";
    /* the expected items are normalized one by one (surfaces are in matching form) */
    buf wb = {0};
    char *copy = kg_xstrdup(want);
    for (char *p = copy;;) {
        char *sep = strstr(p, " ; ");
        if (sep) *sep = '\0';
        char *n = kg_normalize_string(p);
        item(&wb, n ? n : p);
        free(n);
        if (!sep) break;
        p = sep + 3;
    }
    free(copy);
    char *w = wb.s;
    if (strcmp(g, w)) {
        c->failed++;
        printf("line %ld: %s\n  want: %s\n  got:  %s\n", line, input, w, g);
    }
    free(w);
    free(got->s);
    got->s = NULL;
    got->n = got->cap = 0;
}

static int quantity_row(char **f, int nf, long line, void *vctx) {
    ctx *c = vctx;
    if (nf != 2) return printf("line %ld: expected 2 columns\n", line), 1;
    char *norm = kg_normalize_string(f[0]);
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = kg_quantity_find(c->qf, norm, 0, a, &m);
    buf got = {0};
    for (size_t k = 0; k < n; k++) item(&got, kg_arena_printf(a, "%s %s", m[k].type, m[k].name));
    check(c, line, f[0], f[1], &got);
    kg_arena_free(a);
    free(norm);
    return 0;
}

static int date_row(char **f, int nf, long line, void *vctx) {
    ctx *c = vctx;
    if (nf != 3) return printf("line %ld: expected 3 columns\n", line), 1;
    char *norm = kg_normalize_string(f[0]);
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = kg_dates_find(c->df, norm, strcmp(f[1], "-") ? f[1] : NULL, a, &m);
    buf got = {0};
    for (size_t k = 0; k < n; k++)
        item(&got, kg_arena_printf(a, "%s=%s", m[k].surface, m[k].time ? m[k].time : "NULL"));
    check(c, line, f[0], f[2], &got);
    kg_arena_free(a);
    free(norm);
    return 0;
}

static int mention_row(char **f, int nf, long line, void *vctx) {
    ctx *c = vctx;
    if (nf != 3) return printf("line %ld: expected 3 columns\n", line), 1;
    /* sentences: the parts between " || ", normalized one by one and joined by "\n\n" */
    buf text = {0};
    kg_sentence_span *sp = NULL;
    size_t ns = 0, cap = 0;
    char *rest = f[0];
    for (;;) {
        char *sep = strstr(rest, " || ");
        if (sep) *sep = '\0';
        char *norm = kg_normalize_string(rest);
        if (text.n) put(&text, "\n\n");
        kg_sentence_span s = {text.n, text.n + strlen(norm), ""};
        put(&text, norm);
        KG_PUSH(sp, ns, cap, s);
        free(norm);
        if (!sep) break;
        *sep = ' ';
        rest = sep + 4;
    }
    kg_mapped_text mt = {text.s, text.n, NULL, NULL};
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = 0;
    kg_error err;
    kg_error_clear(&err);
    buf got = {0};
    if (kg_entity_finder_run(c->ef, &mt, sp, ns, strcmp(f[1], "-") ? f[1] : NULL, a, &m, &n, &err)) {
        put(&got, "ERROR");
        n = 0;
    }
    for (size_t k = 0; k < n; k++) {
        const char *via = m[k].via;
        if (!strncmp(via, "rule:", 5)) via = "rule";
        item(&got, kg_arena_printf(a, "%s|%s|%s|%s", m[k].surface, m[k].type, m[k].id, via));
        if (m[k].antecedent >= 0 && (m[k].antecedent >= (int)k || strcmp(m[k].via, "coref"))) {
            put(&got, "(bad antecedent)");
        }
    }
    check(c, line, f[0], f[2], &got);
    kg_arena_free(a);
    free(text.s);
    free(sp);
    return 0;
}

static int lexicon_find_row(char **f, int nf, long line, void *vctx) {
    ctx *c = vctx;
    if (nf != 2) return printf("line %ld: expected 2 columns\n", line), 1;
    if (!strncmp(f[0], "get:", 4)) {
        const kg_entity_info *e = kg_lexicon_get(kg_entity_finder_lexicon(c->ef), f[0] + 4);
        char tmp[512] = "";
        if (e)
            snprintf(tmp, sizeof tmp, "%s|%s|%s|%s|%s", e->name, e->type, e->name_fa ? e->name_fa : "",
                     e->qid ? e->qid : "", e->owner ? e->owner : "");
        buf got = {0};
        if (e) put(&got, tmp);
        check(c, line, f[0], f[1], &got);
        return 0;
    }
    char *norm = kg_normalize_string(f[0]);
    kg_lexicon_hit *h = NULL;
    size_t n = kg_lexicon_find(kg_entity_finder_lexicon(c->ef), norm, 0, strlen(norm), &h);
    buf got = {0};
    for (size_t k = 0; k < n; k++) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%.*s=%s", (int)(h[k].end - h[k].start), norm + h[k].start,
                 h[k].info->id);
        item(&got, tmp);
    }
    check(c, line, f[0], f[1], &got);
    free(h);
    free(norm);
    return 0;
}

static void unescape(char *s) {
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '\\' && (p[1] == 't' || p[1] == 'n')) {
            *o++ = p[1] == 't' ? '\t' : '\n';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

static int lexicon_bad_row(char **f, int nf, long line, void *vctx) {
    ctx *c = vctx;
    if (nf != 3) return printf("line %ld: expected 3 columns\n", line), 1;
    char dir[] = "/tmp/kg-lexicon-test-XXXXXX";
    if (!mkdtemp(dir)) return printf("mkdtemp failed\n"), 1;
    char path[256];
    snprintf(path, sizeof path, "%s/extract", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/extract/lexicon", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/extract/lexicon/x.tsv", dir);
    unescape(f[1]);
    FILE *fp = fopen(path, "w");
    fputs(f[1], fp);
    fclose(fp);
    kg_lexicon *lex = NULL;
    kg_error err;
    kg_error_clear(&err);
    int rc = kg_lexicon_load(dir, &lex, &err);
    char msg[1200] = "OK";
    if (rc) kg_error_format(&err, msg, sizeof msg);
    else snprintf(msg, sizeof msg, "OK %zu", kg_lexicon_count(lex));
    const char *m = strstr(msg, "x.tsv");
    buf got = {0};
    /* the expected text is a prefix: messages may go on with paths */
    char *g = kg_xstrdup(m ? m : msg);
    if (strlen(g) > strlen(f[2]) && !strncmp(g, f[2], strlen(f[2]))) g[strlen(f[2])] = '\0';
    put(&got, g);
    free(g);
    check(c, line, f[0], f[2], &got);
    kg_lexicon_free(lex);
    unlink(path);
    snprintf(path, sizeof path, "%s/extract/lexicon", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/extract", dir);
    rmdir(path);
    rmdir(dir);
    return 0;
}

int main(void) {
    static const char *const tables[] = {"", "quantities.tsv", "dates.tsv", "mentions.tsv",
                                         "lexicon-find.tsv", "lexicon-bad.tsv"};
    static int (*const fns[])(char **, int, long, void *) = {NULL, quantity_row, date_row,
                                                             mention_row, lexicon_find_row,
                                                             lexicon_bad_row};
    ctx c = {0};
    kg_error err;
    kg_error_clear(&err);
    int rc = kg_quantity_finder_new(NULL, &c.qf, &err);
    if (!rc) rc = kg_date_finder_new(NULL, &c.df, &err);
    if (!rc && (TABLE == 3 || TABLE == 4)) rc = kg_entity_finder_new(KG_ENT_DATA, &c.ef, &err);
    char msg[1200];
    if (rc) {
        kg_error_format(&err, msg, sizeof msg);
        printf("%s\n", msg);
        return 1;
    }
    char path[512];
    snprintf(path, sizeof path, "tests/entities/%s", tables[TABLE]);
    char *b = kg_data_slurp(path, NULL);
    if (!b) {
        printf("cannot read %s\n", path);
        return 1;
    }
    rc = kg_tsv_each(b, fns[TABLE], &c);
    free(b);
    kg_quantity_finder_free(c.qf);
    kg_date_finder_free(c.df);
    kg_entity_finder_free(c.ef);
    printf("%s: %d/%d rows pass\n", tables[TABLE], c.rows - c.failed, c.rows);
    return rc || c.failed || c.rows == 0;
}
