/* kg_store group commits: articles sharing a transaction are each all-or-nothing, a
 * failing one is rolled back alone, other connections see a group only once it is
 * committed, and the store's memory of written entities and aliases follows changes
 * made by other connections and through kg_store_db. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "kg_arena.h"
#include "kg_store.h"

static char dir[] = "/tmp/kg-group-test-XXXXXX";

static long long count(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static bool integrity_ok(sqlite3 *db) {
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
              !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    return ok;
}

int main(void) {
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/g.sqlite", dir);
    kg_error err;
    kg_error_clear(&err);
    kg_store *s = NULL;
    kg_store_outcome out;
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (!s) return CHECK_DONE();
    kg_store_group_commits(s, 8, 600000);
    sqlite3 *other = NULL;
    CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK);

    /* A good article, then two failing ones (bad input; SQLite refusing a claim), then
     * another good one: the failures are rolled back alone. */
    kg_article *en = fx_article_en(), *fa = fx_article_fa(), *bad = fx_article_fa();
    CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
    bad->claims[3].relation = NULL;
    CHECK(kg_store_put_article(s, bad, NULL, &out, &err) == KG_EINPUT);
    bad->claims[3].relation = "monetizes";
    CHECK(sqlite3_exec(kg_store_db(s),
                       "CREATE TEMP TRIGGER kg_fail BEFORE INSERT ON claims WHEN NEW.relation = 'capex'"
                       " BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(kg_store_put_article(s, bad, NULL, &out, &err) == KG_EDB);
    CHECK(strstr(err.message, "forced failure") != NULL);
    CHECK(sqlite3_exec(kg_store_db(s), "DROP TRIGGER temp.kg_fail", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(count(kg_store_db(s), "SELECT count(*) FROM articles") == 1);
    CHECK(count(other, "SELECT count(*) FROM articles") == 0); /* the group is not committed */
    CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
    CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK && out == KG_STORE_UNCHANGED);
    CHECK(kg_store_flush(s, &err) == KG_OK);
    CHECK(count(other, "SELECT count(*) FROM articles") == 2);
    long long claims = count(other, "SELECT count(*) FROM claims");
    CHECK(claims > 0 && claims == count(kg_store_db(s), "SELECT count(*) FROM claims"));
    CHECK(count(other, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'لاما'") == 2);
    CHECK(sqlite3_exec(other, "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
                       NULL, NULL, NULL) == SQLITE_OK);
    long long entities = count(other, "SELECT count(*) FROM entities");
    long long aliases = count(other, "SELECT count(*) FROM aliases");
    CHECK(entities > 0 && aliases > 0);

    /* kg_store_close commits the open group. */
    fa->doc->raw[fa->doc->raw_len - 1] = '\t';
    CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
    kg_store_close(s);
    s = NULL;
    CHECK(count(other, "SELECT count(*) FROM articles") == 2);
    CHECK(count(other, "SELECT count(*) FROM claims") == claims);
    CHECK(count(other, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'لاما'") == 2);

    /* Another connection empties the database between two groups: the entities and
     * aliases the store remembers writing are written again. */
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (s) {
        kg_store_group_commits(s, 8, 600000);
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_UNCHANGED);
        en->doc->raw[en->doc->raw_len - 1] = '\t';
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
        CHECK(kg_store_flush(s, &err) == KG_OK);
        CHECK(sqlite3_exec(other, "DELETE FROM articles; DELETE FROM entities; DELETE FROM quantities;",
                           NULL, NULL, NULL) == SQLITE_OK);
        CHECK(count(other, "SELECT count(*) FROM aliases") == 0);
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
        CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
        CHECK(kg_store_flush(s, &err) == KG_OK);
        CHECK(count(other, "SELECT count(*) FROM entities") == entities);
        CHECK(count(other, "SELECT count(*) FROM aliases") == aliases);
        /* The same through the store's own connection. */
        CHECK(sqlite3_exec(kg_store_db(s), "DELETE FROM articles; DELETE FROM entities; DELETE FROM quantities;",
                           NULL, NULL, NULL) == SQLITE_OK);
        CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
        kg_store_close(s);
    }
    CHECK(count(other, "SELECT count(*) FROM entities") == entities);
    CHECK(count(other, "SELECT count(*) FROM aliases") == aliases);
    CHECK(count(other, "SELECT count(*) FROM claims") == claims);
    CHECK(count(other, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
    CHECK(integrity_ok(other));
    sqlite3_close(other);
    fx_free(en);
    fx_free(fa);
    fx_free(bad);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
