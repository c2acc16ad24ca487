/* kg_query: every canned query against the fixture database (expected rows in
 * tests/store/expected/NAME.tsv), parameter binding and its errors, hostile values,
 * and the table, CSV, TSV and JSON printers. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "kg_data.h"
#include "kg_query.h"
#include "kg_store.h"
#include "kg_typed.h"

/* Runs sql and returns what it printed (malloc'ed); *rc gets the status. */
static char *run(sqlite3 *db, const char *sql, const kg_query_param *ps, size_t n,
                 const kg_query_param *defaults, size_t n_defaults, kg_output_format f, int *rc,
                 kg_error *err) {
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    kg_error_clear(err);
    *rc = kg_query_run(db, sql, ps, n, defaults, n_defaults, f, out, err);
    fclose(out);
    return buf;
}

static sqlite3_int64 count(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    sqlite3_int64 n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Each canned query's output on the fixture equals its expected file. */
static void test_canned(sqlite3 *db) {
    kg_canned_query **list = NULL;
    size_t n = 0;
    kg_error err;
    CHECK(kg_query_list(NULL, &list, &n, &err) == KG_OK);
    CHECK(n >= 12);
    for (size_t i = 0; i < n; i++) {
        const kg_canned_query *q = list[i];
        CHECK(*q->answers != '\0');
        CHECK(*q->params != '\0');
        char path[512];
        snprintf(path, sizeof path, "tests/store/expected/%s.tsv", q->name);
        char *expected = kg_data_slurp(path, NULL);
        if (!expected) {
            fprintf(stderr, "no expected output for canned query '%s' (%s)\n", q->name, path);
            check_failures++;
            continue;
        }
        /* First line: "# params" then TAB-separated NAME=VALUE. */
        char *body = strchr(expected, '\n');
        CHECK(body != NULL && !strncmp(expected, "# params", 8));
        if (!body) {
            free(expected);
            continue;
        }
        *body++ = '\0';
        kg_query_param ps[8];
        size_t np = 0;
        for (char *tok = strchr(expected, '\t'); tok && np < 8;) {
            char *arg = tok + 1;
            tok = strchr(arg, '\t');
            if (tok) *tok = '\0';
            CHECK(kg_query_param_parse(arg, &ps[np], &err) == KG_OK);
            np++;
            if (tok) *tok = '\t';
        }
        int rc;
        char *got = run(db, q->sql, ps, np, q->defaults, q->n_defaults, KG_OUT_TSV, &rc, &err);
        if (rc != KG_OK) fprintf(stderr, "%s: %s\n", q->name, err.message);
        CHECK(rc == KG_OK);
        if (strcmp(got, body)) {
            fprintf(stderr, "canned query %s:\ngot\n%swant\n%s", q->name, got, body);
            check_failures++;
        }
        /* Every data row has a value: a query that printed only its header proves little. */
        CHECK(strchr(body, '\n') && strchr(body, '\n')[1] != '\0');
        free(got);
        free(expected);
    }
    kg_query_list_free(list, n);
}

static void test_params(sqlite3 *db) {
    kg_canned_query *q = NULL;
    kg_error err;
    int rc;
    CHECK(kg_query_load(NULL, "entity-relations", &q, &err) == KG_OK);
    if (!q) return;
    /* Hostile values are data: no rows, nothing dropped. */
    static const char *const hostile[] = {"x'; DROP TABLE claims; --", "Meta' OR '1'='1",
                                          "\"; DELETE FROM claims; --", "Meta; DROP TABLE claims"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        kg_query_param p = {"entity", hostile[i]};
        char *got = run(db, q->sql, &p, 1, NULL, 0, KG_OUT_CSV, &rc, &err);
        CHECK(rc == KG_OK);
        CHECK_STR(got, "claim,subject,relation,object,polarity,modality,source,time,outlet,path\r\n");
        free(got);
    }
    CHECK(count(db, "SELECT count(*) FROM claims") == 8);
    /* A missing parameter is named; so is an unknown one. */
    char *got = run(db, q->sql, NULL, 0, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK(rc == KG_EUSAGE);
    CHECK(strstr(err.message, "missing") && strstr(err.message, ":entity"));
    CHECK_STR(got, "");
    free(got);
    kg_query_param two[] = {{"entity", "Meta"}, {"entiti", "Meta"}};
    got = run(db, q->sql, two, 2, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK(rc == KG_EUSAGE);
    CHECK(strstr(err.message, "unknown parameter 'entiti'") != NULL);
    free(got);
    kg_query_free(q);

    /* Unknown query names, and names that try to leave the queries folder. */
    CHECK(kg_query_load(NULL, "no-such-query", &q, &err) == KG_EUSAGE);
    CHECK(kg_query_load(NULL, "../queries/schema", &q, &err) == KG_EUSAGE);
    CHECK(kg_query_load(NULL, "schema", &q, &err) == KG_EUSAGE);
    CHECK(q == NULL);

    /* A default applies when the value is not given, and a given value wins. */
    CHECK(kg_query_load(NULL, "top-entities", &q, &err) == KG_OK);
    if (q) {
        CHECK(q->n_defaults == 1);
        got = run(db, q->sql, NULL, 0, q->defaults, q->n_defaults, KG_OUT_TSV, &rc, &err);
        CHECK(rc == KG_OK);
        size_t lines = 0;
        for (const char *p = got; (p = strchr(p, '\n')) != NULL; p++) lines++;
        CHECK(lines == 1 + 5);
        free(got);
        kg_query_param one = {"limit", "1"};
        got = run(db, q->sql, &one, 1, q->defaults, q->n_defaults, KG_OUT_TSV, &rc, &err);
        CHECK_STR(got, "name\ttype\tkey\tmentions\tarticles\nMeta\tORG\tmeta\t6\t2\n");
        free(got);
        kg_query_free(q);
    }

    /* Parameter syntax. */
    char a1[] = ":entity=Meta=Inc", a2[] = "=x", a3[] = "novalue", a4[] = "bad name=1";
    kg_query_param p;
    CHECK(kg_query_param_parse(a1, &p, &err) == KG_OK);
    CHECK_STR(p.name, "entity");
    CHECK_STR(p.value, "Meta=Inc");
    CHECK(kg_query_param_parse(a2, &p, &err) == KG_EUSAGE);
    CHECK(kg_query_param_parse(a3, &p, &err) == KG_EUSAGE);
    CHECK(kg_query_param_parse(a4, &p, &err) == KG_EUSAGE);
    got = run(db, "SELECT ?", NULL, 0, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK(rc == KG_EUSAGE);
    free(got);
    /* Integers bind as integers (LIMIT needs one), leading zeros stay text. */
    kg_query_param v = {"v", "007"};
    got = run(db, "SELECT typeof(:v) AS t, :v AS v", &v, 1, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK_STR(got, "t,v\r\ntext,007\r\n");
    free(got);
    v.value = "-42";
    got = run(db, "SELECT typeof(:v) AS t, :v AS v", &v, 1, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK_STR(got, "t,v\r\ninteger,-42\r\n");
    free(got);
}

static void test_writes_refused(sqlite3 *db) {
    static const char *const writes[] = {"DELETE FROM claims", "INSERT INTO entities(key, name, type) VALUES ('x','x','x')",
                                         "DROP TABLE claims", "UPDATE articles SET title = 'x'",
                                         "SELECT 1; DELETE FROM claims"};
    kg_error err;
    int rc;
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        char *got = run(db, writes[i], NULL, 0, NULL, 0, KG_OUT_CSV, &rc, &err);
        CHECK(rc == KG_EDB);
        CHECK(strstr(err.message, "read-only") != NULL);
        CHECK_STR(got, ""); /* refused before anything ran, the SELECT included */
        free(got);
    }
    CHECK(count(db, "SELECT count(*) FROM claims") == 8);
    CHECK(count(db, "SELECT count(*) FROM entities") == 5);
}

static void test_formats(sqlite3 *db) {
    kg_error err;
    int rc;
    /* Persian with ZWNJ, Latin and numbers: columns align in display cells. */
    char *got = run(db,
                    "SELECT 'متا' AS name, 1 AS n UNION ALL SELECT 'مدل‌های لاما', 22"
                    " UNION ALL SELECT 'Meta AI', 333",
                    NULL, 0, NULL, 0, KG_OUT_TABLE, &rc, &err);
    CHECK(rc == KG_OK);
    CHECK_STR(got,
              "name           n\n"
              "-----------  ---\n"
              "متا            1\n"
              "مدل‌های لاما   22\n"
              "Meta AI      333\n");
    free(got);
    /* NULL prints empty; newlines in a cell print as spaces; wide characters count 2. */
    got = run(db, "SELECT '漢字' AS a, NULL AS b, 'x' AS c UNION ALL SELECT 'a' || char(10) || 'b', 'y', 'zz'",
              NULL, 0, NULL, 0, KG_OUT_TABLE, &rc, &err);
    CHECK_STR(got,
              "a     b  c\n"
              "----  -  --\n"
              "漢字     x\n"
              "a b   y  zz\n");
    free(got);
    CHECK(kg_display_width("漢字", strlen("漢字")) == 4);
    CHECK(kg_display_width("e\xcc\x81", 3) == 1);                 /* e + combining acute */
    CHECK(kg_display_width("مَن", strlen("مَن")) == 2);             /* fatha is a mark */
    CHECK(kg_display_width("می\xe2\x80\x8cکند", strlen("می\xe2\x80\x8cکند")) == 5); /* ZWNJ */
    CHECK(kg_display_width("\xff" "a", 2) == 2);                   /* invalid byte: 1 */

    /* CSV: RFC 4180 quoting, CRLF records; TSV: escapes. */
    const char *sql = "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 'l1' || char(10) || 'l2' AS w,"
                      " 'p' || char(9) || 'q\\r' AS v";
    got = run(db, sql, NULL, 0, NULL, 0, KG_OUT_CSV, &rc, &err);
    CHECK_STR(got, "x,y,z,w,v\r\n\"a,b\",\"say \"\"hi\"\"\",,\"l1\nl2\",p\tq\\r\r\n");
    free(got);
    got = run(db, sql, NULL, 0, NULL, 0, KG_OUT_TSV, &rc, &err);
    CHECK_STR(got, "x\ty\tz\tw\tv\na,b\tsay \"hi\"\t\tl1\\nl2\tp\\tq\\\\r\n");
    free(got);

    /* JSON: an array of objects, keys in column order, SQL types kept. */
    got = run(db, "SELECT 1 AS i, 2.5 AS r, NULL AS n, 'متا' AS t, x'00ff' AS b", NULL, 0, NULL, 0,
              KG_OUT_JSON, &rc, &err);
    json_error_t jerr;
    json_t *j = json_loads(got, 0, &jerr);
    CHECK(j && json_is_array(j) && json_array_size(j) == 1);
    json_t *o = json_array_get(j, 0);
    CHECK(json_integer_value(json_object_get(o, "i")) == 1);
    CHECK(json_real_value(json_object_get(o, "r")) == 2.5);
    CHECK(json_is_null(json_object_get(o, "n")));
    CHECK_STR(json_string_value(json_object_get(o, "t")), "متا");
    CHECK_STR(json_string_value(json_object_get(o, "b")), "00ff");
    CHECK(strstr(got, "\"i\"") < strstr(got, "\"t\""));
    json_decref(j);
    free(got);
    got = run(db, "SELECT 1 AS x WHERE 0", NULL, 0, NULL, 0, KG_OUT_JSON, &rc, &err);
    CHECK_STR(got, "[]\n");
    free(got);
    /* Text that is not UTF-8 still makes valid JSON. */
    got = run(db, "SELECT CAST(x'61ff62' AS TEXT) AS s", NULL, 0, NULL, 0, KG_OUT_JSON, &rc, &err);
    j = json_loads(got, 0, &jerr);
    CHECK(j != NULL);
    if (j) CHECK_STR(json_string_value(json_object_get(json_array_get(j, 0), "s")), "a\xef\xbf\xbd" "b");
    json_decref(j);
    free(got);
    kg_output_format f;
    CHECK(kg_output_format_parse("json", &f) == KG_OK && f == KG_OUT_JSON);
    CHECK(kg_output_format_parse("xml", &f) == KG_EUSAGE);
}

/* Whether query is a valid FTS5 query (it runs on an empty index without an error). */
static int fts_valid(sqlite3 *mem, const char *query) {
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(mem, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

/* What a person types, in the matching form of the article text (kg_typed.h). */
static void test_typed(void) {
    static const struct {
        const char *typed, *want;
    } fts[] = {
        {"مدل‌های", "مدلهای"},                          /* ZWNJ */
        {"مدل های", "مدلهای"},                          /* the half-space typed as a space */
        {"كتاب", "کتاب"},                                /* Arabic kaf */
        {"مايكروسافت", "مایکروسافت"},                    /* Arabic yeh and kaf */
        {"۲۰۲۵", "2025"},                                /* Persian digits */
        {"٢٠٢٥", "2025"},                                /* Arabic-Indic digits */
        {"۳٫۵", "\"3.5\""},                              /* a decimal: not a bare FTS5 word */
        {"Llama OR لاما", "Llama OR لاما"},
        {"\"مدل‌های زبانی\" OR Llama", "\"مدلهای زبانی\" OR Llama"},
        {"كتاب* NOT (مدل‌های OR ۲۰۲۵)", "کتاب* NOT (مدلهای OR 2025)"},
        {"NEAR(مدل‌های كتاب, 5)", "NEAR(مدلهای کتاب, 5)"},
        {"norm : كتاب", "norm : کتاب"},
        {"\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""},
        {"^ Meta + Llama", "^ Meta + Llama"},
    };
    sqlite3 *mem = NULL;
    CHECK(sqlite3_open(":memory:", &mem) == SQLITE_OK);
    CHECK(sqlite3_exec(mem, "CREATE VIRTUAL TABLE t USING fts5(norm, tokenize='unicode61')", NULL, NULL,
                       NULL) == SQLITE_OK);
    for (size_t i = 0; i < sizeof fts / sizeof fts[0]; i++) {
        char *got = kg_typed_fts(fts[i].typed);
        CHECK_STR(got, fts[i].want);
        /* Valid FTS5 when typed, valid FTS5 in the matching form. */
        CHECK(fts_valid(mem, fts[i].typed));
        if (!fts_valid(mem, got)) fprintf(stderr, "not valid FTS5: %s\n", got);
        CHECK(fts_valid(mem, got));
        free(got);
    }
    sqlite3_close(mem);

    char *t = kg_typed_text("كتابخانه‌های ۲۰۲۵");
    CHECK_STR(t, "کتابخانههای 2025");
    free(t);
    static const struct {
        const char *typed, *want;
    } entities[] = {
        {"مايكروسافت", "microsoft"},  /* Arabic letters */
        {"اوپن ای آی", "openai"},     /* spaced out: an alias of the lexicon */
        {"اوپن‌ای‌آی", "openai"},     /* with its half-spaces */
        {"Meta", "meta"},
        {" Meta ", "meta"},
        {"meta", "meta"},               /* a key is kept */
        {"Some Startup", "Some Startup"}, /* the lexicon does not know it: the matching form */
        {"شركت ناشناخته", "شرکت ناشناخته"},
    };
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        char *got = kg_typed_entity(entities[i].typed);
        CHECK_STR(got, entities[i].want);
        free(got);
    }
    kg_typed_cleanup();
}

/* kg_query_typed_params follows the "-- form:" lines of the canned query. */
static void test_typed_params(sqlite3 *db) {
    kg_canned_query *q = NULL;
    kg_error err;
    int rc;
    CHECK(kg_query_load(NULL, "entity-relations", &q, &err) == KG_OK);
    if (!q) return;
    kg_query_param p = {"entity", "متا"};
    kg_query_param *typed = kg_query_typed_params(q, &p, 1);
    CHECK_STR(typed[0].value, "meta");
    char *got = run(db, q->sql, typed, 1, NULL, 0, KG_OUT_TSV, &rc, &err);
    CHECK(rc == KG_OK && strstr(got, "hosts-partner") != NULL);
    free(got);
    kg_query_typed_free(typed, 1);
    kg_query_free(q);
    CHECK(kg_query_load(NULL, "search", &q, &err) == KG_OK);
    if (!q) return;
    kg_query_param w = {"words", "لاما OR ۲۰۲۵"};
    typed = kg_query_typed_params(q, &w, 1);
    CHECK_STR(typed[0].value, "لاما OR 2025");
    kg_query_typed_free(typed, 1);
    kg_query_free(q);
    /* Without a query every value is put in the matching form as text. */
    kg_query_param n = {"claim", "۱"};
    typed = kg_query_typed_params(NULL, &n, 1);
    CHECK_STR(typed[0].value, "1");
    kg_query_typed_free(typed, 1);
    kg_typed_cleanup();
}

int main(void) {
    char dir[] = "/tmp/kg-query-test-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/fixture.sqlite", dir);
    kg_error err;
    kg_error_clear(&err);
    kg_store *store = NULL;
    if (kg_store_open(path, NULL, &store, &err) != KG_OK || fx_put_all(store, &err) != KG_OK) {
        fprintf(stderr, "fixture: %s\n", err.message);
        kg_store_close(store);
        return 1;
    }
    sqlite3 *db = kg_store_db(store);
    test_canned(db);
    test_params(db);
    test_writes_refused(db);
    test_formats(db);
    test_typed();
    test_typed_params(db);
    kg_store_close(store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
