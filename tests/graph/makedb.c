/* kg_test_makedb PATH [EXTRA]: writes the fixture database (tests/graph/fixture.sql) to
 * PATH, for the command-line tests; with EXTRA, adds EXTRA synthetic organizations, each
 * the subject of one claim about Meta in article 3 (a graph of 9 + EXTRA nodes). */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "testdb.h"

static const char extra_sql[] =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "INSERT INTO entities (entity_id, key, name, type) "
    "SELECT 1000 + i, 'org:synthetic-' || i, 'Synthetic ' || i, 'ORG' FROM n;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "INSERT INTO claims (article_id, sentence_id, subject_id, relation, object_id, polarity, "
    "modality, rule, span_start, span_end) "
    "SELECT 3, 35, 1000 + i, 'partner-of', 1, '+', 'asserted', 'synthetic', 181, 230 FROM n;";

static int add_extra(const char *path, int extra) {
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    const char *tail = extra_sql;
    while (rc == SQLITE_OK && *tail) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
        if (rc != SQLITE_OK || !st) break;
        sqlite3_bind_int(st, 1, extra);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK) fprintf(stderr, "kg_test_makedb: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: kg_test_makedb PATH [EXTRA]\n");
        return 2;
    }
    if (kg_testdb_make(argv[1])) return 1;
    return argc == 3 ? add_extra(argv[1], atoi(argv[2])) : 0;
}
