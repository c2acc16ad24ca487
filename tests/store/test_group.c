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

/* Every sentence, and nothing else, is in the full-text index: FTS5 keeps one docsize
 * row per indexed row (counting sentences_fts itself would read the content table). */
static bool all_indexed(sqlite3 *db) {
    return count(db, "SELECT (SELECT count(*) FROM sentences_fts_docsize) = (SELECT count(*) FROM sentences)"
                     " AND NOT EXISTS (SELECT 1 FROM sentences s WHERE NOT EXISTS"
                     " (SELECT 1 FROM sentences_fts_docsize d WHERE d.id = s.sentence_id))") == 1;
}

static long long matches(sqlite3 *db, const char *word) {
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '%s'", word);
    return count(db, sql);
}

static bool fts_ok(sqlite3 *db) {
    return sqlite3_exec(db, "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
                        NULL, NULL, NULL) == SQLITE_OK;
}

/* A store at dir/name whose articles share transactions of up to 8; the path in path. */
static kg_store *open_grouped(const char *name, char *path, size_t path_size) {
    snprintf(path, path_size, "%s/%s", dir, name);
    kg_error err;
    kg_error_clear(&err);
    kg_store *s = NULL;
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (s) kg_store_group_commits(s, 8, 600000);
    return s;
}

/* The sentence index is written once per group: an article stored twice within one
 * group (its first version's sentences not yet indexed when the second replaces them)
 * leaves a sound index holding the second version once; so does a replacement that
 * fails and is rolled back after the first version's sentences were indexed. */
static void test_same_path_in_group(void) {
    char path[128];
    kg_error err;
    kg_error_clear(&err);
    kg_store_outcome out;
    kg_store *s = open_grouped("twice.sqlite", path, sizeof path);
    if (!s) return;
    sqlite3 *db = kg_store_db(s);
    static const char *const v1[] = {"Zephyrwind launches a model.", "Nothing else happened."};
    static const char *const v2[] = {"Quokkaburst replaces Zephyrwind entirely.", "Quokkaburst ships."};
    static const char *const v3[] = {"Marmotflare appears."};
    kg_article *a1 = fx_new("corpus/twice.md", "One", "Wire", NULL, "en", "2025-01-01", v1, 2);
    kg_article *a2 = fx_new("corpus/twice.md", "Two", "Wire", NULL, "en", "2025-01-02", v2, 2);
    kg_article *a3 = fx_new("corpus/twice.md", "Three", "Wire", NULL, "en", "2025-01-03", v3, 1);
    kg_article *other = fx_article_en();

    CHECK(kg_store_put_article(s, other, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
    CHECK(kg_store_put_article(s, a1, NULL, &out, &err) == KG_OK && out == KG_STORE_INSERTED);
    CHECK(kg_store_put_article(s, a2, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
    CHECK(kg_store_group_pending(s) == 3);
    CHECK(kg_store_flush(s, &err) == KG_OK);
    CHECK(fts_ok(db));
    CHECK(matches(db, "quokkaburst") == 2);
    CHECK(matches(db, "zephyrwind") == 1); /* the second version's first sentence */
    CHECK(matches(db, "nothing") == 0);
    CHECK(all_indexed(db));
    /* The canned search query finds the new text once. */
    CHECK(count(db, "SELECT count(*) FROM sentences_fts JOIN sentences s ON s.sentence_id ="
                    " sentences_fts.rowid WHERE sentences_fts MATCH 'quokkaburst AND entirely'") == 1);

    /* Stored, then replaced by a version that fails: the first version stays, indexed once. */
    CHECK(kg_store_put_article(s, a3, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
    CHECK(sqlite3_exec(db,
                       "CREATE TEMP TRIGGER kg_fail BEFORE UPDATE ON articles WHEN NEW.title = 'Two'"
                       " BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(kg_store_put_article(s, a2, NULL, &out, &err) == KG_EDB);
    CHECK(sqlite3_exec(db, "DROP TRIGGER temp.kg_fail", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(kg_store_flush(s, &err) == KG_OK);
    CHECK(fts_ok(db));
    CHECK(matches(db, "marmotflare") == 1);
    CHECK(matches(db, "quokkaburst") == 0);
    CHECK(all_indexed(db));

    /* One transaction per article: the same holds. */
    kg_store_group_commits(s, 1, 0);
    CHECK(kg_store_put_article(s, a1, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
    CHECK(fts_ok(db));
    CHECK(matches(db, "zephyrwind") == 1);
    CHECK(matches(db, "marmotflare") == 0);
    CHECK(all_indexed(db));
    CHECK(integrity_ok(db));
    kg_store_close(s);
    fx_free(a1);
    fx_free(a2);
    fx_free(a3);
    fx_free(other);
}

int main(void) {
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[128];
    kg_error err;
    kg_error_clear(&err);
    kg_store_outcome out;
    kg_store *s = open_grouped("g.sqlite", path, sizeof path);
    if (!s) return CHECK_DONE();
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
    CHECK(fts_ok(other));
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
    CHECK(all_indexed(other));
    /* A group whose commit fails (a foreign key checked only at commit): the articles
     * reported stored before the failing put are counted as lost, and none is stored. */
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (s) {
        kg_store_group_commits(s, 2, 600000);
        CHECK(kg_store_take_lost(s) == 0);
        en->doc->raw[en->doc->raw_len - 1] = ' ';
        fa->doc->raw[fa->doc->raw_len - 1] = ' ';
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
        CHECK(sqlite3_exec(kg_store_db(s),
                           "PRAGMA defer_foreign_keys = ON; INSERT INTO sentences"
                           " (article_id, seq, span_start, span_end, text) VALUES (987654, 0, 0, 0, 'x')",
                           NULL, NULL, NULL) == SQLITE_OK);
        CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_EDB);
        CHECK(strstr(err.message, "committing the last 2 articles failed") != NULL);
        CHECK(kg_store_take_lost(s) == 1);
        CHECK(kg_store_take_lost(s) == 0);
        CHECK(count(other, "SELECT count(*) FROM sentences WHERE article_id = 987654") == 0);
        CHECK(count(other, "SELECT count(*) FROM claims") == claims);
        /* the store goes on: the next group commits */
        CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK && out == KG_STORE_REPLACED);
        CHECK(kg_store_flush(s, &err) == KG_OK);
        CHECK(kg_store_take_lost(s) == 0);
        kg_store_close(s);
    }
    sqlite3_close(other);
    test_same_path_in_group();
    fx_free(en);
    fx_free(fa);
    fx_free(bad);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
