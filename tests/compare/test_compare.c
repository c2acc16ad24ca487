/* Compare tests on the fixture database (tests/graph/fixture.sql; its header comment
 * states what the three articles hold): the exact shared, unique and contradicting
 * claims, the Jaccard values, coverage, article selection, and the three writers (the
 * JSON parses with jansson and carries the same numbers; CSV quotes what it must). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "graph/check.h"
#include "graph/testdb.h"
#include "kg_compare.h"

static const kg_compare_key *find_key(const kg_compare_result *r, const char *subject,
                                      const char *relation, const char *object, char polarity) {
    for (size_t i = 0; i < r->n_keys; i++) {
        const kg_compare_key *k = &r->keys[i];
        if (!strcmp(k->subject_key, subject) && !strcmp(k->relation, relation) &&
            !strcmp(k->object_key, object) && k->polarity == polarity)
            return k;
    }
    return NULL;
}

static double jac(const kg_compare_result *r, long long a, long long b) {
    long i = kg_compare_article_index(r, a), j = kg_compare_article_index(r, b);
    if (i < 0 || j < 0) return -1;
    return r->jaccard[(size_t)i * r->n_articles + (size_t)j];
}

static bool near(double got, double want) {
    return fabs(got - want) < 1e-9;
}

static char *written(const kg_compare_result *r, const char *format, const char *table) {
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    kg_error err;
    int rc = kg_compare_write(r, format, table, mem, &err);
    fclose(mem);
    CHECK(rc == KG_OK, "write %s %s: %s", format, table ? table : "", err.message);
    return buf;
}

static void test_all(sqlite3 *db) {
    kg_compare_result *r = NULL;
    kg_error err;
    CHECK(kg_compare_run(db, NULL, 0, &r, &err) == KG_OK, "run: %s", err.message);
    if (!r) return;
    CHECK(r->n_articles == 3, "articles %zu", r->n_articles);
    CHECK(r->n_keys == 10, "keys %zu", r->n_keys);
    CHECK(r->shared_all == 1 && r->shared_some == 1 && r->unique == 8,
          "all/some/unique %zu/%zu/%zu", r->shared_all, r->shared_some, r->unique);

    const kg_compare_key *k = find_key(r, "mark-zuckerberg", "ceo-of", "meta", '+');
    CHECK(k && k->shared == KG_SHARED_ALL && k->n_articles == 3, "ceo-of shared by all three");
    CHECK(k == &r->keys[0], "the most shared claim comes first");
    k = find_key(r, "meta", "develops", "llama", '+');
    CHECK(k && k->shared == KG_SHARED_SOME && k->counts[0] == 1 && k->counts[1] == 1 &&
              k->counts[2] == 0,
          "develops: articles 1 (en) and 2 (fa), modality ignored");
    k = find_key(r, "meta", "hosts-partner", "aws", '+');
    CHECK(k && k->shared == KG_SHARED_UNIQUE && k->counts[2] == 2, "hosts-partner twice in 3");
    k = find_key(r, "meta", "monetizes", "llama", '-');
    CHECK(k && k->shared == KG_SHARED_UNIQUE && k->counts[0] == 1, "not monetizes: only 1");
    k = find_key(r, "meta", "monetizes", "llama", '+');
    CHECK(k && k->shared == KG_SHARED_UNIQUE && k->counts[1] == 1, "monetizes: only 2");
    k = find_key(r, "meta", "capex", "60–80B USD", '+');
    CHECK(k && k->object_kind == 'q', "capex object is a quantity");
    k = find_key(r, "meta", "revenue-share", "سهم از درآمد میزبان‌ها", '+');
    CHECK(k && k->object_kind == 'l', "literal object");

    CHECK(near(jac(r, 1, 2), 2.0 / 7), "J(1,2) = %f", jac(r, 1, 2));
    CHECK(near(jac(r, 1, 3), 1.0 / 7), "J(1,3) = %f", jac(r, 1, 3));
    CHECK(near(jac(r, 2, 3), 1.0 / 8), "J(2,3) = %f", jac(r, 2, 3));
    CHECK(near(jac(r, 3, 2), 1.0 / 8) && near(jac(r, 2, 2), 1.0), "symmetric, 1 on the diagonal");

    CHECK(r->n_conflicts == 3, "conflicts %zu", r->n_conflicts);
    if (r->n_conflicts == 3) {
        const kg_compare_conflict *c = &r->conflicts[0];
        CHECK(c->kind == KG_CONFLICT_POLARITY && !strcmp(c->relation, "monetizes") &&
                  c->article_a == 2 && c->claim_a == 203 && c->article_b == 1 &&
                  c->claim_b == 104 && c->polarity_a == '+' && c->polarity_b == '-',
              "monetizes: + in 2, - in 1");
        c = &r->conflicts[1];
        CHECK(c->kind == KG_CONFLICT_VALUE && !strcmp(c->object_a, "60–80B USD") &&
                  !strcmp(c->object_b, "100B USD") && c->time && !strcmp(c->time, "2025") &&
                  c->article_a == 1 && c->article_b == 2,
              "capex 2025: 60–80B (1) vs 100B (2)");
        c = &r->conflicts[2];
        CHECK(c->kind == KG_CONFLICT_VALUE && !strcmp(c->object_a, "100B USD") &&
                  !strcmp(c->object_b, "~70B USD") && c->claim_a == 204 && c->claim_b == 304,
              "capex 2025: 100B (2) vs about 70B (3)");
    }

    const kg_compare_article *a = &r->articles[0];
    CHECK(a->id == 1 && a->sentences == 5 && a->sentences_with_claims == 4 && a->claims == 4 &&
              a->keys == 4,
          "article 1 coverage %zu/%zu", a->sentences_with_claims, a->sentences);
    CHECK(a->n_unclaimed == 1 && !strcmp(a->unclaimed[0], "Snowflake"),
          "Snowflake is mentioned in no claim of article 1");
    a = &r->articles[1];
    CHECK(a->sentences == 6 && a->sentences_with_claims == 5 && a->n_unclaimed == 0,
          "article 2 coverage");
    a = &r->articles[2];
    CHECK(a->sentences == 5 && a->sentences_with_claims == 5 && a->claims == 5 && a->keys == 4,
          "article 3 coverage");

    /* JSON: parses, and says the same. */
    char *json = written(r, "json", NULL);
    json_error_t jerr;
    json_t *root = json ? json_loads(json, 0, &jerr) : NULL;
    CHECK(root != NULL, "JSON parses: %s (line %d)", root ? "" : jerr.text, jerr.line);
    if (root) {
        json_t *summary = json_object_get(root, "summary");
        CHECK(json_integer_value(json_object_get(summary, "keys")) == 10 &&
                  json_integer_value(json_object_get(summary, "shared_all")) == 1 &&
                  json_integer_value(json_object_get(summary, "unique")) == 8,
              "JSON summary");
        json_t *pairs = json_object_get(root, "jaccard");
        CHECK(json_array_size(pairs) == 3, "three pairs");
        json_t *p0 = json_array_get(pairs, 0);
        CHECK(json_integer_value(json_object_get(p0, "a")) == 1 &&
                  json_integer_value(json_object_get(p0, "b")) == 2 &&
                  near(json_real_value(json_object_get(p0, "jaccard")), 2.0 / 7) &&
                  json_integer_value(json_object_get(p0, "shared")) == 2 &&
                  json_integer_value(json_object_get(p0, "union")) == 7,
              "JSON pair 1-2");
        json_t *conflicts = json_object_get(root, "contradictions");
        CHECK(json_array_size(conflicts) == 3, "JSON contradictions");
        json_t *c0 = json_array_get(conflicts, 0);
        CHECK(!strcmp(json_string_value(json_object_get(c0, "kind")), "polarity") &&
                  json_integer_value(json_object_get(json_object_get(c0, "b"), "claim")) == 104,
              "JSON polarity contradiction");
        json_t *c1 = json_array_get(root ? json_object_get(root, "claims") : NULL, 0);
        CHECK(!strcmp(json_string_value(json_object_get(c1, "shared")), "all") &&
                  json_array_size(json_object_get(c1, "articles")) == 3,
              "JSON first claim shared by all");
        json_t *a2 = json_array_get(json_object_get(root, "articles"), 1);
        CHECK(!strcmp(json_string_value(json_object_get(a2, "title")), "متا و لاما"),
              "JSON keeps Persian text");
        json_decref(root);
    }
    free(json);

    char *csv = written(r, "csv", "contradictions");
    CHECK(csv && strstr(csv, "\"Zuckerberg said Meta does not sell Llama, unlike Snowflake.\""),
          "CSV quotes a field with a comma");
    free(csv);
    csv = written(r, "csv", NULL);
    CHECK(csv && !strncmp(csv, "shared,subject_key,subject,relation,object_kind,object_key,object,"
                               "polarity,article_1,article_2,article_3\nall,mark-zuckerberg,",
                          120),
          "CSV matrix header and first row");
    free(csv);
    csv = written(r, "csv", "jaccard");
    CHECK(csv && strstr(csv, "1,2,0.285714,2,7\n1,3,0.142857,1,7\n2,3,0.125000,1,8\n"),
          "CSV Jaccard");
    free(csv);
    char *table = written(r, "table", NULL);
    CHECK(table && strstr(table, "1 shared by all, 1 by some, 8 unique to one"), "table summary");
    free(table);
    FILE *devnull = fopen("/dev/null", "w");
    CHECK(kg_compare_write(r, "xml", NULL, devnull, &err) == KG_EUSAGE, "unknown format");
    CHECK(kg_compare_write(r, "csv", "nope", devnull, &err) == KG_EUSAGE, "unknown table");
    fclose(devnull);
    kg_compare_free(r);
}

static void test_selection(sqlite3 *db) {
    long long *ids = NULL;
    size_t n = 0;
    kg_error err;
    CHECK(kg_article_find_outlet(db, "techwire", &ids, &n, &err) == KG_OK && n == 2 &&
              ids[0] == 1 && ids[1] == 3,
          "outlet TechWire: articles 1 and 3");
    CHECK(kg_article_find_outlet(db, "Nobody", &ids, &n, &err) == KG_EUSAGE, "unknown outlet");
    kg_compare_result *r = NULL;
    CHECK(kg_compare_run(db, ids, n, &r, &err) == KG_OK, "run 1,3: %s", err.message);
    if (r) {
        CHECK(r->n_articles == 2 && r->n_keys == 7 && r->shared_all == 1 &&
                  r->shared_some == 0 && r->unique == 6,
              "1 vs 3: %zu keys, %zu/%zu/%zu", r->n_keys, r->shared_all, r->shared_some,
              r->unique);
        /* 60–80B and about 70B overlap; 2024 is another year: no contradiction. */
        CHECK(r->n_conflicts == 0, "1 vs 3: %zu conflicts", r->n_conflicts);
        CHECK(near(jac(r, 1, 3), 1.0 / 7), "J(1,3) within the pair");
        kg_compare_free(r);
    }
    free(ids);
    long long missing[] = {1, 99};
    r = NULL;
    CHECK(kg_compare_run(db, missing, 2, &r, &err) == KG_EUSAGE && !r, "unknown article id");
    long long one[] = {2};
    CHECK(kg_compare_run(db, one, 1, &r, &err) == KG_OK && r && r->n_keys == 5 &&
              r->shared_all == 5 && r->n_conflicts == 0,
          "a single article: all its keys are 'all'");
    kg_compare_free(r);
}

/* Runs sql on the fixture database, opened for writing. */
static void change_fixture(const char *path, const char *sql) {
    sqlite3 *rw = NULL;
    char *msg = NULL;
    int rc = sqlite3_open(path, &rw);
    if (rc == SQLITE_OK) rc = sqlite3_exec(rw, sql, NULL, NULL, &msg);
    CHECK(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(rw);
}

/* A denial inside article 3 of what it also states: a contradiction within one article. */
static void test_within_article(const char *path) {
    change_fixture(path,
                   "INSERT INTO claims (claim_id, article_id, sentence_id, subject_id, relation,"
                   " object_id, polarity, modality, rule, span_start, span_end)"
                   " VALUES (306, 3, 35, 1, 'hosts-partner', 4, '-', 'reported', 't', 181, 230)");
    sqlite3 *db = NULL;
    kg_error err;
    kg_compare_result *r = NULL;
    long long three[] = {3};
    CHECK(kg_db_open_readonly(path, &db, &err) == KG_OK &&
              kg_compare_run(db, three, 1, &r, &err) == KG_OK,
          "run on article 3: %s", err.message);
    CHECK(r && r->n_conflicts == 1 && r->conflicts[0].kind == KG_CONFLICT_POLARITY &&
              r->conflicts[0].article_a == 3 && r->conflicts[0].article_b == 3 &&
              r->conflicts[0].claim_a == 302 && r->conflicts[0].claim_b == 306,
          "hosts-partner AWS stated and denied in article 3");
    kg_compare_free(r);
    sqlite3_close(db);
}

/* More articles than KG_COMPARE_MAX_ARTICLES: refused with a message that says how to
 * choose, before any matrix is built; a choice within the bound still runs. */
static void test_too_many(const char *path) {
    change_fixture(path,
                   "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n"
                   " WHERE i < 1000 + 500)"
                   " INSERT INTO articles (article_id, path, content_hash, bytes)"
                   " SELECT i, 'bulk/' || i || '.txt', 'h', 1 FROM n");
    sqlite3 *db = NULL;
    kg_error err;
    kg_compare_result *r = NULL;
    CHECK(kg_db_open_readonly(path, &db, &err) == KG_OK, "open: %s", err.message);
    CHECK(kg_compare_run(db, NULL, 0, &r, &err) == KG_EUSAGE && !r, "every article: refused");
    CHECK(strstr(err.message, "at most 500") && strstr(err.message, "--article"),
          "the message says the bound and how to choose: %s", err.message);
    long long some[] = {1, 1000, 1001};
    CHECK(kg_compare_run(db, some, 3, &r, &err) == KG_OK && r && r->n_articles == 3,
          "three of them: %s", err.message);
    kg_compare_free(r);
    sqlite3_close(db);
}

int main(void) {
    char *path = kg_testdb_path("compare.sqlite");
    if (!path || kg_testdb_make(path)) return 1;
    sqlite3 *db = NULL;
    kg_error err;
    CHECK(kg_db_open_readonly(path, &db, &err) == KG_OK, "open: %s", err.message);
    if (db) {
        test_all(db);
        test_selection(db);
        sqlite3_close(db);
        test_within_article(path);
        test_too_many(path);
    }
    kg_testdb_cleanup(path);
    free(path);
    return check_done("test_compare");
}
