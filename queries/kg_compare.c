/* kg_compare: see kg_compare.h. The queries are queries/internal/compare-*.sql; this file runs
 * them, builds the coverage matrix and Jaccard table, and writes the result. */
#include "kg_compare.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_typed.h"

int kg_db_open_readonly(const char *path, sqlite3 **db, kg_error *err) {
    *db = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return kg_error_set(err, KG_EIO, path, 0, 0, -1,
                            "no database here (create it with `kg ingest`, or give --db FILE)");
    if (!S_ISREG(st.st_mode))
        return kg_error_set(err, KG_EIO, path, 0, 0, -1, "not a regular file");
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        kg_error_set(err, KG_EDB, path, 0, 0, -1, "cannot open: %s",
                     h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return KG_EDB;
    }
    sqlite3_stmt *q = NULL;
    int version = -1, tables = 0;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(h,
                           "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') "
                           "AND name IN ('articles', 'sentences', 'entities', 'quantities', "
                           "'mentions', 'claims')",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        tables = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (version < 1 || tables != 6) {
        if (version < 0)
            kg_error_set(err, KG_EDB, path, 0, 0, -1, "not an SQLite database: %s",
                         sqlite3_errmsg(h));
        else
            kg_error_set(err, KG_EDB, path, 0, 0, -1,
                         "not a kg database (schema version %d, %d of 6 kg tables)", version,
                         tables);
        sqlite3_close(h);
        return KG_EDB;
    }
    *db = h;
    return KG_OK;
}

char *kg_sql_load(const char *name, kg_error *err) {
    char rel[256];
    snprintf(rel, sizeof rel, "queries/internal/%s", name);
    char *path = kg_data_path(NULL, rel);
    char *sql = kg_data_slurp(path, NULL);
    if (!sql) kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read the query");
    free(path);
    return sql;
}

int kg_sql_bind_ids(sqlite3_stmt *stmt, const char *name, const long long *ids, size_t n) {
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (!index) return SQLITE_OK;
    if (n == 0) return sqlite3_bind_null(stmt, index);
    size_t cap = n * 22 + 3, used = 0;
    char *json = kg_xmalloc(cap);
    json[used++] = '[';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(json + used, cap - used, "%s%lld", i ? "," : "", ids[i]);
    json[used++] = ']';
    json[used] = '\0';
    return sqlite3_bind_text(stmt, index, json, (int)used, free);
}

/* Prepares queries/name; KG_OK or an error naming the file. */
static int prepare(sqlite3 *db, const char *name, sqlite3_stmt **st, kg_error *err) {
    *st = NULL;
    char *sql = kg_sql_load(name, err);
    if (!sql) return KG_EIO;
    int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
    free(sql);
    if (rc != SQLITE_OK) {
        char file[300];
        snprintf(file, sizeof file, "queries/%s", name);
        return kg_error_set(err, KG_EDB, file, 0, 0, -1, "%s", sqlite3_errmsg(db));
    }
    return KG_OK;
}

static int step_error(sqlite3 *db, sqlite3_stmt *st, const char *what, kg_error *err) {
    kg_error_set(err, KG_EDB, NULL, 0, 0, -1, "%s: %s", what, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return KG_EDB;
}

static char *col_dup(sqlite3_stmt *st, int i) {
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? kg_xstrdup((const char *)s) : NULL;
}

static const char *or_empty(const char *s) {
    return s ? s : "";
}

int kg_article_find(sqlite3 *db, const char *spec, long long *article_id, kg_error *err) {
    sqlite3_stmt *st;
    kg_typed_register(db); /* kg_match_form: titles compare in the matching form */
    int status = prepare(db, "compare-find-article.sql", &st, err);
    if (status != KG_OK) return status;
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":spec"), spec, -1, SQLITE_TRANSIENT);
    long long ids[2];
    int ranks[2];
    char paths[2][256];
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && rows < 2) {
        ids[rows] = sqlite3_column_int64(st, 0);
        snprintf(paths[rows], sizeof paths[rows], "%s", or_empty((const char *)sqlite3_column_text(st, 1)));
        ranks[rows] = sqlite3_column_int(st, 3);
        rows++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return step_error(db, st, "finding an article", err);
    sqlite3_finalize(st);
    if (rows == 0)
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "no article '%s' (give its id, path or title)", spec);
    if (rows == 2 && ranks[0] == ranks[1])
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "'%s' names more than one article (%lld %s, %lld %s, ...); give its id",
                            spec, ids[0], paths[0], ids[1], paths[1]);
    *article_id = ids[0];
    return KG_OK;
}

int kg_article_find_outlet(sqlite3 *db, const char *outlet, long long **ids, size_t *n,
                           kg_error *err) {
    sqlite3_stmt *st;
    kg_typed_register(db);
    int status = prepare(db, "compare-outlet.sql", &st, err);
    if (status != KG_OK) return status;
    sqlite3_bind_text(st, 1, outlet, -1, SQLITE_TRANSIENT);
    size_t cap = *n, found = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KG_PUSH(*ids, *n, cap, sqlite3_column_int64(st, 0));
        found++;
    }
    if (rc != SQLITE_DONE) return step_error(db, st, "finding an outlet", err);
    sqlite3_finalize(st);
    if (!found) return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1, "no article from outlet '%s'", outlet);
    return KG_OK;
}

long kg_compare_article_index(const kg_compare_result *r, long long id) {
    size_t lo = 0, hi = r->n_articles;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->articles[mid].id == id) return (long)mid;
        if (r->articles[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

void kg_compare_free(kg_compare_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_articles; i++) {
        kg_compare_article *a = &r->articles[i];
        free(a->path);
        free(a->title);
        free(a->outlet);
        free(a->lang);
        free(a->url);
        for (size_t j = 0; j < a->n_unclaimed; j++) free(a->unclaimed[j]);
        free(a->unclaimed);
    }
    free(r->articles);
    for (size_t i = 0; i < r->n_keys; i++) {
        kg_compare_key *k = &r->keys[i];
        free(k->subject_key);
        free(k->subject);
        free(k->relation);
        free(k->object_key);
        free(k->object);
        free(k->counts);
    }
    free(r->keys);
    free(r->jaccard);
    for (size_t i = 0; i < r->n_conflicts; i++) {
        kg_compare_conflict *c = &r->conflicts[i];
        free(c->subject_key);
        free(c->subject);
        free(c->relation);
        free(c->object_a);
        free(c->object_b);
        free(c->time);
        free(c->evidence_a);
        free(c->evidence_b);
    }
    free(r->conflicts);
    free(r);
}

static int load_articles(sqlite3 *db, const long long *ids, size_t n, kg_compare_result *r,
                         kg_error *err) {
    sqlite3_stmt *st;
    int status = prepare(db, "compare-articles.sql", &st, err);
    if (status != KG_OK) return status;
    kg_sql_bind_ids(st, ":articles", ids, n);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kg_compare_article a = {sqlite3_column_int64(st, 0), col_dup(st, 1), col_dup(st, 2),
                                col_dup(st, 3), col_dup(st, 4), col_dup(st, 5),
                                (size_t)sqlite3_column_int64(st, 6),
                                (size_t)sqlite3_column_int64(st, 7),
                                (size_t)sqlite3_column_int64(st, 8), 0, NULL, 0};
        KG_PUSH(r->articles, r->n_articles, cap, a);
    }
    if (rc != SQLITE_DONE) return step_error(db, st, "reading articles", err);
    sqlite3_finalize(st);
    return KG_OK;
}

static int load_unclaimed(sqlite3 *db, const long long *ids, size_t n, kg_compare_result *r,
                          kg_error *err) {
    sqlite3_stmt *st;
    int status = prepare(db, "compare-unclaimed.sql", &st, err);
    if (status != KG_OK) return status;
    kg_sql_bind_ids(st, ":articles", ids, n);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = kg_compare_article_index(r, sqlite3_column_int64(st, 0));
        if (i < 0) continue;
        kg_compare_article *a = &r->articles[i];
        a->unclaimed = kg_xrealloc(a->unclaimed, (a->n_unclaimed + 1) * sizeof *a->unclaimed);
        a->unclaimed[a->n_unclaimed++] = col_dup(st, 1);
    }
    if (rc != SQLITE_DONE) return step_error(db, st, "reading mentions", err);
    sqlite3_finalize(st);
    return KG_OK;
}

static bool same_key(const kg_compare_key *k, sqlite3_stmt *st) {
    const char *kind = (const char *)sqlite3_column_text(st, 3);
    const char *pol = (const char *)sqlite3_column_text(st, 6);
    return !strcmp(k->subject_key, or_empty((const char *)sqlite3_column_text(st, 0))) &&
           !strcmp(k->relation, or_empty((const char *)sqlite3_column_text(st, 2))) &&
           k->object_kind == (kind ? kind[0] : 'l') &&
           !strcmp(k->object_key, or_empty((const char *)sqlite3_column_text(st, 4))) &&
           k->polarity == (pol ? pol[0] : '+');
}

static int key_order(const void *pa, const void *pb) {
    const kg_compare_key *a = pa, *b = pb;
    if (a->n_articles != b->n_articles) return a->n_articles > b->n_articles ? -1 : 1;
    int c = strcmp(a->subject_key, b->subject_key);
    if (!c) c = strcmp(a->relation, b->relation);
    if (!c) c = a->object_kind - b->object_kind;
    if (!c) c = strcmp(a->object_key, b->object_key);
    if (!c) c = a->polarity - b->polarity;
    return c;
}

static int load_keys(sqlite3 *db, const long long *ids, size_t n, kg_compare_result *r,
                     kg_error *err) {
    sqlite3_stmt *st;
    int status = prepare(db, "compare-keys.sql", &st, err);
    if (status != KG_OK) return status;
    kg_sql_bind_ids(st, ":articles", ids, n);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!r->n_keys || !same_key(&r->keys[r->n_keys - 1], st)) {
            const char *kind = (const char *)sqlite3_column_text(st, 3);
            const char *pol = (const char *)sqlite3_column_text(st, 6);
            char *subject_key = col_dup(st, 0), *relation = col_dup(st, 2);
            char *object_key = col_dup(st, 4);
            kg_compare_key k = {subject_key ? subject_key : kg_xstrdup(""), col_dup(st, 1),
                                relation ? relation : kg_xstrdup(""), kind ? kind[0] : 'l',
                                object_key ? object_key : kg_xstrdup(""), col_dup(st, 5),
                                pol ? pol[0] : '+',
                                kg_xcalloc(r->n_articles ? r->n_articles : 1, sizeof(size_t)),
                                0, 0};
            KG_PUSH(r->keys, r->n_keys, cap, k);
        }
        long i = kg_compare_article_index(r, sqlite3_column_int64(st, 7));
        if (i >= 0) r->keys[r->n_keys - 1].counts[i] += (size_t)sqlite3_column_int64(st, 8);
    }
    if (rc != SQLITE_DONE) return step_error(db, st, "reading claims", err);
    sqlite3_finalize(st);

    for (size_t k = 0; k < r->n_keys; k++) {
        kg_compare_key *key = &r->keys[k];
        for (size_t i = 0; i < r->n_articles; i++)
            if (key->counts[i]) {
                key->n_articles++;
                r->articles[i].keys++;
            }
        if (key->n_articles == r->n_articles) key->shared = KG_SHARED_ALL, r->shared_all++;
        else if (key->n_articles == 1) key->shared = KG_SHARED_UNIQUE, r->unique++;
        else key->shared = KG_SHARED_SOME, r->shared_some++;
    }
    if (r->n_keys) qsort(r->keys, r->n_keys, sizeof *r->keys, key_order);

    size_t na = r->n_articles;
    r->jaccard = kg_xcalloc(na ? na * na : 1, sizeof *r->jaccard);
    for (size_t a = 0; a < na; a++)
        for (size_t b = 0; b < na; b++) {
            size_t both = 0, either = 0;
            for (size_t k = 0; k < r->n_keys; k++) {
                bool in_a = r->keys[k].counts[a] > 0, in_b = r->keys[k].counts[b] > 0;
                both += in_a && in_b;
                either += in_a || in_b;
            }
            r->jaccard[a * na + b] = a == b ? 1.0 : either ? (double)both / (double)either : 0.0;
        }
    return KG_OK;
}

/* Runs a conflicts query; columns as in compare-polarity.sql / compare-values.sql. */
static int load_conflicts(sqlite3 *db, const char *name, int kind, const long long *ids,
                          size_t n, kg_compare_result *r, size_t *cap, kg_error *err) {
    sqlite3_stmt *st;
    int status = prepare(db, name, &st, err);
    if (status != KG_OK) return status;
    kg_sql_bind_ids(st, ":articles", ids, n);
    int rc;
    /* polarity rows: ..., obj+, obj-, art+, art-, claim+, claim-, ev+, ev- (from 3)
     * value rows:    ..., val a, val b, time, art a, art b, claim a, claim b, ev a, ev b */
    int base = kind == KG_CONFLICT_VALUE ? 6 : 5;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kg_compare_conflict c = {kind, col_dup(st, 0), col_dup(st, 1), col_dup(st, 2),
                                 col_dup(st, 3), col_dup(st, 4),
                                 kind == KG_CONFLICT_VALUE ? col_dup(st, 5) : NULL,
                                 sqlite3_column_int64(st, base), sqlite3_column_int64(st, base + 1),
                                 sqlite3_column_int64(st, base + 2), sqlite3_column_int64(st, base + 3),
                                 '+', kind == KG_CONFLICT_VALUE ? '+' : '-',
                                 col_dup(st, base + 4), col_dup(st, base + 5)};
        KG_PUSH(r->conflicts, r->n_conflicts, *cap, c);
    }
    if (rc != SQLITE_DONE) return step_error(db, st, "finding contradictions", err);
    sqlite3_finalize(st);
    return KG_OK;
}

int kg_compare_run(sqlite3 *db, const long long *ids, size_t n, kg_compare_result **out,
                   kg_error *err) {
    *out = NULL;
    kg_compare_result *r = kg_xcalloc(1, sizeof *r);
    size_t cap = 0;
    int status = load_articles(db, ids, n, r, err);
    if (status == KG_OK && n && r->n_articles != n)
        status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                              "%zu of the %zu articles asked for are not in the database",
                              n - r->n_articles, n);
    if (status == KG_OK && r->n_articles > KG_COMPARE_MAX_ARTICLES)
        status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                              "%zu articles chosen; compare takes at most %d at a time (its "
                              "matrix and pairwise similarity grow with their square): choose "
                              "with --article or --outlet, or ask the whole database with kg "
                              "query outlets, coverage or contradictions",
                              r->n_articles, KG_COMPARE_MAX_ARTICLES);
    if (status == KG_OK) status = load_unclaimed(db, ids, n, r, err);
    if (status == KG_OK) status = load_keys(db, ids, n, r, err);
    if (status == KG_OK)
        status = load_conflicts(db, "compare-polarity.sql", KG_CONFLICT_POLARITY, ids, n, r, &cap, err);
    if (status == KG_OK)
        status = load_conflicts(db, "compare-values.sql", KG_CONFLICT_VALUE, ids, n, r, &cap, err);
    if (status != KG_OK) {
        kg_compare_free(r);
        return status;
    }
    *out = r;
    return KG_OK;
}

/* ---- writers ---- */

static const char *shared_name(int shared) {
    return shared == KG_SHARED_ALL ? "all" : shared == KG_SHARED_SOME ? "some" : "unique";
}

static const char *conflict_name(int kind) {
    return kind == KG_CONFLICT_VALUE ? "value" : "polarity";
}

static void pair_counts(const kg_compare_result *r, size_t a, size_t b, size_t *both,
                        size_t *either) {
    *both = *either = 0;
    for (size_t k = 0; k < r->n_keys; k++) {
        bool in_a = r->keys[k].counts[a] > 0, in_b = r->keys[k].counts[b] > 0;
        *both += in_a && in_b;
        *either += in_a || in_b;
    }
}

static double share(size_t part, size_t whole) {
    return whole ? (double)part / (double)whole : 0.0;
}

static void write_table(const kg_compare_result *r, FILE *out) {
    fprintf(out, "Articles (%zu)\n", r->n_articles);
    for (size_t i = 0; i < r->n_articles; i++) {
        const kg_compare_article *a = &r->articles[i];
        fprintf(out, "  [%lld] %s", a->id, a->path);
        if (a->title) fprintf(out, " — %s", a->title);
        if (a->outlet || a->lang)
            fprintf(out, " (%s%s%s)", or_empty(a->outlet), a->outlet && a->lang ? ", " : "",
                    or_empty(a->lang));
        fprintf(out, "\n      %zu sentences, %zu with a claim (%.1f%%), %zu claims, %zu keys\n",
                a->sentences, a->sentences_with_claims,
                100.0 * share(a->sentences_with_claims, a->sentences), a->claims, a->keys);
        if (a->n_unclaimed) {
            fprintf(out, "      mentioned in no claim:");
            for (size_t j = 0; j < a->n_unclaimed; j++)
                fprintf(out, "%s %s", j ? "," : "", a->unclaimed[j]);
            fputc('\n', out);
        }
    }
    fprintf(out, "\nClaims (%zu keys): %zu shared by all, %zu by some, %zu unique to one\n",
            r->n_keys, r->shared_all, r->shared_some, r->unique);
    fprintf(out, "  %-6s", "shared");
    for (size_t i = 0; i < r->n_articles; i++) fprintf(out, " %4lld", r->articles[i].id);
    fprintf(out, "  claim\n");
    for (size_t k = 0; k < r->n_keys; k++) {
        const kg_compare_key *key = &r->keys[k];
        fprintf(out, "  %-6s", shared_name(key->shared));
        for (size_t i = 0; i < r->n_articles; i++) {
            if (key->counts[i]) fprintf(out, " %4zu", key->counts[i]);
            else fprintf(out, " %4s", ".");
        }
        fprintf(out, "  %s %s%s %s\n", or_empty(key->subject), key->polarity == '-' ? "not " : "",
                key->relation, or_empty(key->object));
    }
    fprintf(out, "\nJaccard similarity\n      ");
    for (size_t i = 0; i < r->n_articles; i++) fprintf(out, " %6lld", r->articles[i].id);
    fputc('\n', out);
    for (size_t a = 0; a < r->n_articles; a++) {
        fprintf(out, "  %4lld", r->articles[a].id);
        for (size_t b = 0; b < r->n_articles; b++)
            fprintf(out, " %6.3f", r->jaccard[a * r->n_articles + b]);
        fputc('\n', out);
    }
    fprintf(out, "\nContradictions (%zu)\n", r->n_conflicts);
    for (size_t i = 0; i < r->n_conflicts; i++) {
        const kg_compare_conflict *c = &r->conflicts[i];
        if (c->kind == KG_CONFLICT_POLARITY)
            fprintf(out, "  polarity: %s %s %s: stated in article %lld (claim %lld), denied%s%s in "
                         "article %lld (claim %lld)\n",
                    or_empty(c->subject), c->relation, or_empty(c->object_a), c->article_a,
                    c->claim_a, strcmp(or_empty(c->object_a), or_empty(c->object_b)) ? " of " : "",
                    strcmp(or_empty(c->object_a), or_empty(c->object_b)) ? or_empty(c->object_b) : "",
                    c->article_b, c->claim_b);
        else
            fprintf(out, "  value: %s %s%s%s: %s in article %lld (claim %lld), %s in article %lld (claim %lld)\n",
                    or_empty(c->subject), c->relation, c->time ? " in " : "", or_empty(c->time),
                    or_empty(c->object_a), c->article_a, c->claim_a, or_empty(c->object_b),
                    c->article_b, c->claim_b);
        fprintf(out, "      + %s\n      %c %s\n", or_empty(c->evidence_a),
                c->kind == KG_CONFLICT_POLARITY ? '-' : '+', or_empty(c->evidence_b));
    }
}

/* One CSV field (RFC 4180 quoting when needed). */
static void csv_field(FILE *out, const char *s, bool last) {
    if (!s) s = "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"') fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}

static void csv_num(FILE *out, long long v, bool last) {
    fprintf(out, "%lld%c", v, last ? '\n' : ',');
}

static int write_csv(const kg_compare_result *r, const char *table, FILE *out, kg_error *err) {
    if (!table || !strcmp(table, "matrix")) {
        fputs("shared,subject_key,subject,relation,object_kind,object_key,object,polarity", out);
        for (size_t i = 0; i < r->n_articles; i++) fprintf(out, ",article_%lld", r->articles[i].id);
        fputc('\n', out);
        for (size_t k = 0; k < r->n_keys; k++) {
            const kg_compare_key *key = &r->keys[k];
            char kind[2] = {key->object_kind, 0}, pol[2] = {key->polarity, 0};
            csv_field(out, shared_name(key->shared), false);
            csv_field(out, key->subject_key, false);
            csv_field(out, key->subject, false);
            csv_field(out, key->relation, false);
            csv_field(out, kind, false);
            csv_field(out, key->object_key, false);
            csv_field(out, key->object, false);
            csv_field(out, pol, r->n_articles == 0);
            for (size_t i = 0; i < r->n_articles; i++)
                csv_num(out, (long long)key->counts[i], i + 1 == r->n_articles);
        }
    } else if (!strcmp(table, "jaccard")) {
        fputs("article_a,article_b,jaccard,shared,union\n", out);
        for (size_t a = 0; a < r->n_articles; a++)
            for (size_t b = a + 1; b < r->n_articles; b++) {
                size_t both, either;
                pair_counts(r, a, b, &both, &either);
                fprintf(out, "%lld,%lld,%.6f,%zu,%zu\n", r->articles[a].id, r->articles[b].id,
                        r->jaccard[a * r->n_articles + b], both, either);
            }
    } else if (!strcmp(table, "contradictions")) {
        fputs("kind,subject_key,subject,relation,object_a,object_b,time,article_a,claim_a,"
              "polarity_a,article_b,claim_b,polarity_b,evidence_a,evidence_b\n", out);
        for (size_t i = 0; i < r->n_conflicts; i++) {
            const kg_compare_conflict *c = &r->conflicts[i];
            char pa[2] = {c->polarity_a, 0}, pb[2] = {c->polarity_b, 0};
            csv_field(out, conflict_name(c->kind), false);
            csv_field(out, c->subject_key, false);
            csv_field(out, c->subject, false);
            csv_field(out, c->relation, false);
            csv_field(out, c->object_a, false);
            csv_field(out, c->object_b, false);
            csv_field(out, c->time, false);
            csv_num(out, c->article_a, false);
            csv_num(out, c->claim_a, false);
            csv_field(out, pa, false);
            csv_num(out, c->article_b, false);
            csv_num(out, c->claim_b, false);
            csv_field(out, pb, false);
            csv_field(out, c->evidence_a, false);
            csv_field(out, c->evidence_b, true);
        }
    } else if (!strcmp(table, "coverage")) {
        fputs("article_id,path,title,lang,sentences,sentences_with_claims,claim_share,claims,"
              "keys,unclaimed_entities\n", out);
        for (size_t i = 0; i < r->n_articles; i++) {
            const kg_compare_article *a = &r->articles[i];
            csv_num(out, a->id, false);
            csv_field(out, a->path, false);
            csv_field(out, a->title, false);
            csv_field(out, a->lang, false);
            fprintf(out, "%zu,%zu,%.4f,%zu,%zu,", a->sentences, a->sentences_with_claims,
                    share(a->sentences_with_claims, a->sentences), a->claims, a->keys);
            size_t len = 1;
            for (size_t j = 0; j < a->n_unclaimed; j++) len += strlen(a->unclaimed[j]) + 2;
            char *joined = kg_xcalloc(len, 1);
            for (size_t j = 0; j < a->n_unclaimed; j++) {
                if (j) strcat(joined, "; ");
                strcat(joined, a->unclaimed[j]);
            }
            csv_field(out, joined, true);
            free(joined);
        }
    } else {
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "unknown table '%s' (matrix, jaccard, contradictions, coverage)", table);
    }
    return KG_OK;
}

static json_t *jstr(const char *s) {
    return s ? json_string(s) : json_null();
}

static json_t *to_json(const kg_compare_result *r) {
    json_t *root = json_object(), *articles = json_array(), *claims = json_array();
    json_t *pairs = json_array(), *conflicts = json_array();
    for (size_t i = 0; i < r->n_articles; i++) {
        const kg_compare_article *a = &r->articles[i];
        json_t *unclaimed = json_array();
        for (size_t j = 0; j < a->n_unclaimed; j++)
            json_array_append_new(unclaimed, json_string(a->unclaimed[j]));
        json_array_append_new(
            articles,
            json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:f, s:I, s:I, s:o}", "id",
                      (json_int_t)a->id, "path", jstr(a->path), "title", jstr(a->title),
                      "outlet", jstr(a->outlet), "lang", jstr(a->lang), "url", jstr(a->url),
                      "sentences", (json_int_t)a->sentences, "sentences_with_claims",
                      (json_int_t)a->sentences_with_claims, "claim_share",
                      share(a->sentences_with_claims, a->sentences), "claims",
                      (json_int_t)a->claims, "keys", (json_int_t)a->keys, "unclaimed", unclaimed));
    }
    for (size_t k = 0; k < r->n_keys; k++) {
        const kg_compare_key *key = &r->keys[k];
        char kind[2] = {key->object_kind, 0}, pol[2] = {key->polarity, 0};
        json_t *in = json_array(), *counts = json_object();
        for (size_t i = 0; i < r->n_articles; i++)
            if (key->counts[i]) {
                char id[32];
                snprintf(id, sizeof id, "%lld", r->articles[i].id);
                json_array_append_new(in, json_integer(r->articles[i].id));
                json_object_set_new(counts, id, json_integer((json_int_t)key->counts[i]));
            }
        json_array_append_new(
            claims, json_pack("{s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "subject_key",
                              key->subject_key, "subject", jstr(key->subject), "relation",
                              key->relation, "object_kind", kind, "object_key", key->object_key,
                              "object", jstr(key->object), "polarity", pol, "shared",
                              shared_name(key->shared), "articles", in, "counts", counts));
    }
    for (size_t a = 0; a < r->n_articles; a++)
        for (size_t b = a + 1; b < r->n_articles; b++) {
            size_t both, either;
            pair_counts(r, a, b, &both, &either);
            json_array_append_new(pairs, json_pack("{s:I, s:I, s:f, s:I, s:I}", "a",
                                                   (json_int_t)r->articles[a].id, "b",
                                                   (json_int_t)r->articles[b].id, "jaccard",
                                                   r->jaccard[a * r->n_articles + b], "shared",
                                                   (json_int_t)both, "union", (json_int_t)either));
        }
    for (size_t i = 0; i < r->n_conflicts; i++) {
        const kg_compare_conflict *c = &r->conflicts[i];
        char pa[2] = {c->polarity_a, 0}, pb[2] = {c->polarity_b, 0};
        json_array_append_new(
            conflicts,
            json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:s, s:o}, "
                      "s:{s:I, s:I, s:s, s:o}}",
                      "kind", conflict_name(c->kind), "subject_key", jstr(c->subject_key),
                      "subject", jstr(c->subject), "relation", jstr(c->relation), "object_a",
                      jstr(c->object_a), "object_b", jstr(c->object_b), "time", jstr(c->time),
                      "a", "article", (json_int_t)c->article_a, "claim", (json_int_t)c->claim_a,
                      "polarity", pa, "evidence", jstr(c->evidence_a), "b", "article",
                      (json_int_t)c->article_b, "claim", (json_int_t)c->claim_b, "polarity", pb,
                      "evidence", jstr(c->evidence_b)));
    }
    json_object_set_new(root, "articles", articles);
    json_object_set_new(root, "summary",
                        json_pack("{s:I, s:I, s:I, s:I}", "keys", (json_int_t)r->n_keys,
                                  "shared_all", (json_int_t)r->shared_all, "shared_some",
                                  (json_int_t)r->shared_some, "unique", (json_int_t)r->unique));
    json_object_set_new(root, "claims", claims);
    json_object_set_new(root, "jaccard", pairs);
    json_object_set_new(root, "contradictions", conflicts);
    return root;
}

int kg_compare_write(const kg_compare_result *r, const char *format, const char *table,
                     FILE *out, kg_error *err) {
    if (!strcmp(format, "table")) {
        write_table(r, out);
    } else if (!strcmp(format, "csv")) {
        int status = write_csv(r, table, out, err);
        if (status != KG_OK) return status;
    } else if (!strcmp(format, "json")) {
        json_t *root = to_json(r);
        int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        json_decref(root);
        fputc('\n', out);
        if (rc != 0) return kg_error_set(err, KG_EIO, NULL, 0, 0, -1, "writing JSON failed");
    } else {
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "unknown format '%s' (table, csv, json)", format);
    }
    if (fflush(out) != 0 || ferror(out))
        return kg_error_set(err, KG_EIO, NULL, 0, 0, -1, "writing the comparison failed");
    return KG_OK;
}
