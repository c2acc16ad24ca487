/* kg_store: schema creation and versions, one transaction per article, unchanged and
 * replaced articles, rollback on errors, read-only connections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kg_data.h"
#include "fixture.h"
#include "kg_sha256.h"
#include "kg_store.h"

static char dir[] = "/tmp/kg-store-test-XXXXXX";

static sqlite3_int64 count(kg_store *s, const char *sql) {
    sqlite3_stmt *st = NULL;
    sqlite3_int64 n = -1;
    int rc = sqlite3_prepare_v2(kg_store_db(s), sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        n = 0; /* no row */
    else
        fprintf(stderr, "count failed: %s: %s\n", sql, sqlite3_errmsg(kg_store_db(s)));
    sqlite3_finalize(st);
    return n;
}

static char *text(kg_store *s, const char *sql) {
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(kg_store_db(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = kg_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out ? out : kg_xstrdup("(none)");
}

/* Every sentence, and nothing else, is in the full-text index: FTS5 keeps one docsize
 * row per indexed row (counting sentences_fts itself would read the content table). */
static bool all_indexed(kg_store *s) {
    return count(s, "SELECT (SELECT count(*) FROM sentences_fts_docsize) = (SELECT count(*) FROM sentences)"
                     " AND NOT EXISTS (SELECT 1 FROM sentences s WHERE NOT EXISTS"
                     " (SELECT 1 FROM sentences_fts_docsize d WHERE d.id = s.sentence_id))") == 1;
}

static char *db_path(const char *name) {
    char *p = kg_xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void test_sha256(void) {
    char hex[65];
    kg_sha256_hex("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kg_sha256_hex("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    kg_sha256_hex(two, strlen(two), hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = kg_xmalloc(1000000);
    memset(million, 'a', 1000000);
    kg_sha256_hex(million, 1000000, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

static void test_create_and_versions(void) {
    char *path = db_path("create.sqlite");
    kg_error err;
    kg_error_clear(&err);
    kg_store *s = NULL;
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (!s) {
        fprintf(stderr, "%s\n", err.message);
        free(path);
        return;
    }
    CHECK(kg_store_schema_version(s) == KG_STORE_SCHEMA_VERSION);
    CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('articles','sentences','entities',"
                   "'aliases','quantities','mentions','claims','claims_view','sentences_fts')") == 9);
    char *mode = text(s, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    CHECK(count(s, "PRAGMA foreign_keys") == 1);
    /* A newer database is refused, read-write and read-only. */
    CHECK(sqlite3_exec(kg_store_db(s), "PRAGMA user_version = 7", NULL, NULL, NULL) == SQLITE_OK);
    kg_store_close(s);
    s = NULL;
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_EDB);
    CHECK(s == NULL);
    CHECK(strstr(err.message, "version 7") && strstr(err.message, "newer"));
    CHECK(kg_store_open_readonly(path, &s, &err) == KG_EDB);
    CHECK(strstr(err.message, "newer") != NULL);
    free(path);

    /* A database that is not kg's. */
    path = db_path("other.sqlite");
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_EDB);
    CHECK(strstr(err.message, "not a kg database") != NULL);
    free(path);

    /* Read-only open of a missing file does not create it. */
    path = db_path("missing.sqlite");
    CHECK(kg_store_open_readonly(path, &s, &err) != KG_OK);
    CHECK(access(path, F_OK) != 0);
    free(path);

    /* A data directory without the schema: a clear error. */
    path = db_path("noschema.sqlite");
    CHECK(kg_store_open(path, "/nonexistent-kg-data", &s, &err) == KG_EIO);
    CHECK(strstr(err.file, "schema.sql") != NULL);
    free(path);
}

static void test_put(void) {
    char *path = db_path("put.sqlite");
    kg_error err;
    kg_error_clear(&err);
    kg_store *s = NULL;
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_OK);
    if (!s) return;
    kg_article *fa = fx_article_fa();
    kg_store_outcome out = 0;
    CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK);
    CHECK(out == KG_STORE_INSERTED);
    CHECK(count(s, "SELECT count(*) FROM articles") == 1);
    CHECK(count(s, "SELECT count(*) FROM sentences") == 4);
    CHECK(count(s, "SELECT count(*) FROM mentions") == 10);
    CHECK(count(s, "SELECT count(*) FROM claims") == 4);
    CHECK(count(s, "SELECT count(*) FROM entities") == 4);
    CHECK(count(s, "SELECT count(*) FROM quantities") == 2); /* the mention's and the claim's */
    /* What ingest asks before extracting: is this path stored with these bytes? */
    {
        bool found = false, unchanged = false;
        char hash[65], want[65];
        long long bytes = -1;
        kg_sha256_hex(fa->doc->raw, fa->doc->raw_len, want);
        CHECK(kg_store_lookup(s, fa->doc->path, &found, hash, &bytes, &err) == KG_OK);
        CHECK(found && bytes == (long long)fa->doc->raw_len);
        CHECK_STR(hash, want);
        char again[65];
        CHECK(kg_store_same_content(hash, bytes, fa->doc->raw, fa->doc->raw_len, again));
        CHECK(!strcmp(again, hash));
        char *other = kg_xstrndup(fa->doc->raw, fa->doc->raw_len);
        other[0] ^= 1; /* same size, other bytes */
        CHECK(!kg_store_same_content(hash, bytes, other, fa->doc->raw_len, again));
        CHECK(strlen(again) == 64 && strcmp(again, hash)); /* other's hash, for the caller */
        CHECK(!kg_store_same_content(hash, bytes, fa->doc->raw, fa->doc->raw_len - 1, again));
        CHECK(again[0] == '\0'); /* another size: not hashed */
        CHECK(kg_store_unchanged(s, fa->doc->path, fa->doc->raw, fa->doc->raw_len, &unchanged, &err) == KG_OK &&
              unchanged);
        CHECK(kg_store_unchanged(s, fa->doc->path, other, fa->doc->raw_len, &unchanged, &err) == KG_OK &&
              !unchanged);
        free(other);
        CHECK(kg_store_lookup(s, "no/such/article.md", &found, hash, &bytes, &err) == KG_OK && !found);
    }
    CHECK(count(s, "SELECT bytes FROM articles") == (sqlite3_int64)fa->doc->raw_len);
    char hex[65];
    kg_sha256_hex(fa->doc->raw, fa->doc->raw_len, hex);
    char *h = text(s, "SELECT content_hash FROM articles");
    CHECK_STR(h, hex);
    free(h);
    /* Spans are raw offsets; sentence text is the raw bytes of its span. */
    char *t = text(s, "SELECT text FROM sentences WHERE seq = 1");
    CHECK_STR(t, "سرویس وب آمازون میزبان مدل‌های متا است.");
    free(t);
    CHECK(count(s, "SELECT count(*) FROM sentences se JOIN articles a USING (article_id)"
                   " WHERE substr(CAST(a.rowid AS TEXT), 1, 0) = '' AND se.span_end - se.span_start"
                   " = length(CAST(se.text AS BLOB))") == 4);
    CHECK(count(s, "SELECT span_start FROM claims WHERE relation = 'hosts-partner'") ==
          (sqlite3_int64)fa->sentences[1].raw_start);
    t = text(s, "SELECT object || ' ' || object_low || ' ' || object_high || ' ' || object_unit"
                " FROM claims_view WHERE relation = 'capex'");
    CHECK_STR(t, "60–80B USD 60000000000.0 80000000000.0 USD");
    free(t);
    t = text(s, "SELECT source || '/' || (SELECT key FROM entities WHERE entity_id = c.source_id)"
                " FROM claims_view v JOIN claims c USING (claim_id) WHERE v.polarity = '-'");
    CHECK_STR(t, "Mark Zuckerberg/mark-zuckerberg");
    free(t);
    CHECK(count(s, "SELECT count(*) FROM aliases al JOIN entities e USING (entity_id) WHERE e.key = 'meta'") == 1);

    /* The same article again: unchanged, nothing duplicated. */
    CHECK(kg_store_put_article(s, fa, NULL, &out, &err) == KG_OK);
    CHECK(out == KG_STORE_UNCHANGED);
    CHECK(count(s, "SELECT count(*) FROM sentences") == 4);
    CHECK(count(s, "SELECT count(*) FROM claims") == 4);
    CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'لاما'") == 2);

    /* A second article shares entities. */
    kg_article *en = fx_article_en();
    CHECK(kg_store_put_article(s, en, NULL, &out, &err) == KG_OK);
    CHECK(out == KG_STORE_INSERTED);
    CHECK(count(s, "SELECT count(*) FROM entities") == 5); /* + groq; a literal is no entity */
    CHECK(count(s, "SELECT count(*) FROM claims WHERE object_literal = 'pirated books'") == 1);
    CHECK(count(s, "SELECT count(*) FROM claims") == 8);

    /* Changed content under the same path: replaced, old rows gone, counts right. */
    kg_article *fa2 = fx_article_fa();
    fa2->n_claims = 2; /* the article now says less */
    fa2->doc->raw[fa2->doc->raw_len - 1] = ' '; /* and its bytes differ */
    fa2->n_mentions = 5;    /* sentences 0 and 1 only */
    CHECK(kg_store_put_article(s, fa2, NULL, &out, &err) == KG_OK);
    CHECK(out == KG_STORE_REPLACED);
    CHECK(count(s, "SELECT count(*) FROM articles") == 2);
    CHECK(count(s, "SELECT article_id FROM articles WHERE path = 'corpus/fa-meta.txt'") == 1);
    CHECK(count(s, "SELECT count(*) FROM sentences") == 8);
    CHECK(count(s, "SELECT count(*) FROM claims") == 6);
    CHECK(count(s, "SELECT count(*) FROM mentions") == 5 + 8);
    /* The old quantity rows of the replaced article are gone; mark-zuckerberg, now
     * unused, is dropped; shared entities stay. */
    CHECK(count(s, "SELECT count(*) FROM quantities") == 2);
    CHECK(count(s, "SELECT count(*) FROM entities WHERE key = 'mark-zuckerberg'") == 0);
    CHECK(count(s, "SELECT count(*) FROM entities WHERE key IN ('meta', 'llama', 'aws', 'groq')") == 4);
    /* The full-text index follows: one row per current sentence, none for old ones. */
    CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'لاما'") == 2);
    CHECK(sqlite3_exec(kg_store_db(s), "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(count(s, "PRAGMA foreign_key_check") == 0); /* no row: no dangling reference */
    CHECK(all_indexed(s));

    /* An error in the middle of an article rolls everything back: the stored version
     * stays exactly as it was. */
    kg_article *bad = fx_article_fa();
    bad->doc->raw[bad->doc->raw_len - 1] = '\t';
    bad->claims[3].relation = NULL;
    sqlite3_int64 before_claims = count(s, "SELECT count(*) FROM claims");
    sqlite3_int64 before_sentences = count(s, "SELECT count(*) FROM sentences");
    char *before_hash = text(s, "SELECT content_hash FROM articles WHERE path = 'corpus/fa-meta.txt'");
    CHECK(kg_store_put_article(s, bad, NULL, &out, &err) == KG_EINPUT);
    CHECK(strstr(err.message, "claim 3 has no relation") != NULL);
    CHECK_STR(err.file, "corpus/fa-meta.txt");
    CHECK(count(s, "SELECT count(*) FROM claims") == before_claims);
    CHECK(count(s, "SELECT count(*) FROM sentences") == before_sentences);
    char *after_hash = text(s, "SELECT content_hash FROM articles WHERE path = 'corpus/fa-meta.txt'");
    CHECK_STR(after_hash, before_hash);
    free(before_hash);
    free(after_hash);
    CHECK(count(s, "SELECT count(*) FROM entities WHERE key = 'mark-zuckerberg'") == 0);

    /* A failure inside SQLite (forced by a trigger on the third claim's insert) rolls
     * back too, after the old version was deleted and the new sentences written. */
    CHECK(sqlite3_exec(kg_store_db(s),
                       "CREATE TEMP TRIGGER kg_fail BEFORE INSERT ON claims WHEN NEW.relation = 'capex'"
                       " BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                       NULL, NULL, NULL) == SQLITE_OK);
    bad->claims[3].relation = "monetizes";
    CHECK(kg_store_put_article(s, bad, NULL, &out, &err) == KG_EDB);
    CHECK(strstr(err.message, "forced failure") != NULL);
    CHECK(count(s, "SELECT count(*) FROM claims") == before_claims);
    CHECK(count(s, "SELECT count(*) FROM sentences") == before_sentences);
    CHECK(count(s, "SELECT count(*) FROM quantities") == 2);
    CHECK(sqlite3_exec(kg_store_db(s), "DROP TRIGGER temp.kg_fail", NULL, NULL, NULL) == SQLITE_OK);

    /* An article that breaks its own invariants (a mention span outside the text). */
    kg_article *bad2 = fx_article_en();
    bad2->doc->path = "corpus/new.md";
    bad2->doc->id = NULL; /* another article: no shared id, and other bytes */
    char *other = kg_arena_alloc(bad2->arena, bad2->doc->raw_len + 2);
    memcpy(other, bad2->doc->raw, bad2->doc->raw_len);
    memcpy(other + bad2->doc->raw_len, "\n", 2);
    bad2->doc->raw = other;
    bad2->doc->raw_len++;
    bad2->mentions[4].end = bad2->norm.len + 10;
    CHECK(kg_store_put_article(s, bad2, NULL, &out, &err) == KG_EINPUT);
    CHECK(count(s, "SELECT count(*) FROM articles WHERE path = 'corpus/new.md'") == 0);
    CHECK(count(s, "SELECT count(*) FROM articles") == 2);
    /* And a store still works after a rollback. */
    bad2->mentions[4].end = bad2->mentions[4].start + 1;
    CHECK(kg_store_put_article(s, bad2, NULL, &out, &err) == KG_OK);
    CHECK(out == KG_STORE_INSERTED);
    CHECK(count(s, "SELECT count(*) FROM articles") == 3);
    CHECK(all_indexed(s));

    /* A read-only store refuses to write. */
    kg_store *ro = NULL;
    CHECK(kg_store_open_readonly(path, &ro, &err) == KG_OK);
    if (ro) {
        CHECK(kg_store_put_article(ro, fa, NULL, &out, &err) == KG_EUSAGE);
        CHECK(sqlite3_exec(kg_store_db(ro), "DELETE FROM claims", NULL, NULL, NULL) != SQLITE_OK);
        CHECK(sqlite3_exec(kg_store_db(ro), "PRAGMA query_only = OFF", NULL, NULL, NULL) != SQLITE_OK);
        CHECK(count(ro, "SELECT count(*) FROM articles") == 3);
    }
    kg_store_close(ro);
    fx_free(fa);
    fx_free(fa2);
    fx_free(en);
    fx_free(bad);
    fx_free(bad2);
    kg_store_close(s);
    free(path);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* The schema of a database as one string: every object's type, name, table and SQL. */
static char *schema_of(kg_store *s) {
    return text(s, "SELECT group_concat(type || ' ' || name || ' ' || tbl_name || ': ' || ifnull(sql, ''),"
                   " char(10)) FROM (SELECT * FROM sqlite_master ORDER BY type, name)");
}

static void copy_data_file(const char *from_relative, const char *to) {
    char *src = kg_data_path(NULL, from_relative);
    char *body = kg_data_slurp(src, NULL);
    CHECK(body != NULL);
    write_file(to, body ? body : "");
    free(body);
    free(src);
}

/* Migrations run in order, one transaction each; a failing one leaves the database at
 * the last good version; a version newer than the program is refused. A version-1
 * database (tests/store/schema-v1.sql, as the first kg wrote it) with rows as versions 1
 * and 2 wrote them, migrated to version 5, has exactly the schema of a new one, the same
 * sentences, claims and search answers, and a sound full-text index. */
static void test_migrations(void) {
    char *data = db_path("data"), *qdir = db_path("data/queries");
    CHECK(mkdir(data, 0777) == 0 && mkdir(qdir, 0777) == 0);
    char *p = db_path("data/queries/schema.sql");
    copy_data_file("tests/store/schema-v1.sql", p);
    free(p);
    p = db_path("data/queries/migrate-2.sql");
    copy_data_file("queries/migrate-2.sql", p);
    free(p);
    p = db_path("data/queries/migrate-3.sql");
    copy_data_file("queries/migrate-3.sql", p);
    free(p);
    p = db_path("data/queries/migrate-4.sql");
    copy_data_file("queries/migrate-4.sql", p);
    free(p);
    p = db_path("data/queries/migrate-5.sql");
    copy_data_file("queries/migrate-5.sql", p);
    free(p);
    p = db_path("data/queries/migrate-6.sql");
    write_file(p, "ALTER TABLE articles ADD COLUMN note TEXT;\nUPDATE articles SET note = 'kept';\n");
    free(p);
    p = db_path("data/queries/migrate-7.sql");
    write_file(p, "CREATE TABLE extra(x);\nTHIS IS NOT SQL;\n");
    free(p);

    char *path = db_path("migrate.sqlite");
    kg_error err;
    kg_error_clear(&err);
    kg_store *s = NULL;
    CHECK(kg_store_open_at(path, data, 1, &s, &err) == KG_OK);
    if (!s) return;
    CHECK(kg_store_schema_version(s) == 1);
    /* Version 1 indexed sentences by a trigger: rows written as that kg wrote them. */
    CHECK(sqlite3_exec(kg_store_db(s),
                       "INSERT INTO articles(article_id, path, content_hash, bytes) VALUES (1, 'a.md', 'h', 9);"
                       "INSERT INTO sentences(article_id, seq, span_start, span_end, text, norm) VALUES"
                       " (1, 0, 0, 4, 'Old1', 'velvetcrane builds'), (1, 1, 5, 9, 'Old2', 'velvetcrane sells');",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'velvetcrane'") == 2);
    kg_store_close(s);
    s = NULL;

    CHECK(kg_store_open_at(path, data, 2, &s, &err) == KG_OK);
    if (s) {
        CHECK(kg_store_schema_version(s) == 2);
        char *v2 = schema_of(s);
        CHECK(strstr(v2, "sentences_fts_delete") != NULL);
        CHECK(strstr(v2, "sentences_fts_insert") == NULL);
        CHECK(strstr(v2, "sentences_article") == NULL);
        free(v2);
        /* Rows as version 2 wrote them: norm always set, the writer indexing them. */
        CHECK(sqlite3_exec(kg_store_db(s),
                           "INSERT INTO articles(article_id, path, content_hash, bytes) VALUES (2, 'b.md', 'h2', 30);"
                           "INSERT INTO sentences(article_id, seq, span_start, span_end, lang, text, norm) VALUES"
                           " (2, 0, 0, 14, 'en', 'Same amberfox.', 'Same amberfox.'),"
                           " (2, 1, 15, 30, 'fa', 'Orig AMBERFOX', 'orig amberfox');"
                           "INSERT INTO sentences_fts(rowid, norm) SELECT sentence_id, norm FROM sentences"
                           " WHERE article_id = 2;"
                           "INSERT INTO entities(entity_id, key, name, type) VALUES (1, 'org:amberfox', 'Amberfox', 'ORG');"
                           "INSERT INTO claims(article_id, sentence_id, subject_id, relation, object_literal,"
                           " polarity, modality, rule, span_start, span_end) SELECT 2, sentence_id, 1, 'says',"
                           " 'hello', '+', 'reported', 'r', 0, 14 FROM sentences WHERE article_id = 2 AND seq = 0;",
                           NULL, NULL, NULL) == SQLITE_OK);
        CHECK(all_indexed(s));
        kg_store_close(s);
        s = NULL;
    }

    char *fresh_path = db_path("fresh.sqlite");
    kg_store *fresh = NULL;
    CHECK(kg_store_open(fresh_path, NULL, &fresh, &err) == KG_OK);
    CHECK(kg_store_open_at(path, data, 3, &s, &err) == KG_OK);
    if (s && fresh) {
        CHECK(kg_store_schema_version(s) == 3);
        CHECK(count(s, "PRAGMA foreign_keys") == 1);
        CHECK(count(s, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
        CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'kg_v2%'") == 0);
        /* Same sentences; the matching form is kept only where it differs. */
        char *forms = text(s, "SELECT group_concat(text || '|' || COALESCE(norm, text), ';') FROM"
                              " (SELECT * FROM sentences ORDER BY sentence_id)");
        CHECK_STR(forms, "Old1|velvetcrane builds;Old2|velvetcrane sells;Same amberfox.|Same amberfox.;"
                         "Orig AMBERFOX|orig amberfox");
        free(forms);
        CHECK(count(s, "SELECT count(*) FROM sentences WHERE norm IS NULL") == 1);
        CHECK(count(s, "SELECT count(*) FROM claims_view WHERE modality = 'reported'"
                       " AND evidence = 'Same amberfox.' AND subject = 'Amberfox'") == 1);
        /* The same search answers, snippets read through sentences_norm. */
        CHECK(all_indexed(s));
        CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'velvetcrane'") == 2);
        CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'amberfox'") == 2);
        char *snip = text(s, "SELECT group_concat(x, ';') FROM (SELECT snippet(sentences_fts, 0, '[', ']',"
                             " '', 8) AS x FROM sentences_fts WHERE sentences_fts MATCH 'amberfox'"
                             " ORDER BY rowid)");
        CHECK_STR(snip, "Same [amberfox].;orig [amberfox]");
        free(snip);
        CHECK(sqlite3_exec(kg_store_db(s), "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
                           NULL, NULL, NULL) == SQLITE_OK);
        /* The modality check still holds. */
        CHECK(sqlite3_exec(kg_store_db(s),
                           "INSERT INTO claims(article_id, sentence_id, subject_id, relation, object_literal,"
                           " polarity, modality, rule, span_start, span_end) VALUES (2, 3, 1, 'says', 'x', '+',"
                           " 'rumoured', 'r', 0, 1)", NULL, NULL, NULL) != SQLITE_OK);
    }
    if (s) /* an entity no lexicon knows, named by its mention's matching form, as version 3 did */
        CHECK(sqlite3_exec(kg_store_db(s),
                           "INSERT INTO sentences(article_id, seq, span_start, span_end, lang, text, norm) VALUES"
                           " (2, 2, 31, 66, 'fa', 'خانم مريم كريمي گفت', 'خانم مریم کریمی گفت');"
                           "INSERT INTO sentences_fts(rowid, norm) SELECT sentence_id, norm FROM sentences"
                           " WHERE article_id = 2 AND seq = 2;"
                           "INSERT INTO entities(entity_id, key, name, type) VALUES"
                           " (2, 'person:مریم-کریمی', 'مریم کریمی', 'PERSON'),"
                           " (3, 'org:no-mention', 'No Mention', 'ORG');"
                           "INSERT INTO mentions(sentence_id, entity_id, type, span_start, span_end, surface, via)"
                           " SELECT sentence_id, 2, 'PERSON', 40, 59, 'مریم کریمی', 'rule:fa-mrs' FROM sentences"
                           " WHERE article_id = 2 AND seq = 2;",
                           NULL, NULL, NULL) == SQLITE_OK);
    kg_store_close(s);
    s = NULL;

    /* Version 4: literal objects keep their spelling; rows stored before show their
     * matching form. */
    CHECK(kg_store_open_at(path, data, 4, &s, &err) == KG_OK);
    if (s && fresh) {
        CHECK(kg_store_schema_version(s) == 4);
        CHECK(count(s, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
        CHECK(count(s, "SELECT count(*) FROM claims WHERE object_text IS NOT NULL") == 0);
        CHECK(count(s, "SELECT count(*) FROM claims_view WHERE object = 'hello'") == 1);
        /* ... renamed as its mention is spelled; one without a mention keeps its name */
        char *names = text(s, "SELECT group_concat(name, ';') FROM (SELECT name FROM entities ORDER BY entity_id)");
        CHECK_STR(names, "Amberfox;مريم كريمي;No Mention");
        free(names);
    }
    kg_store_close(s);
    s = NULL;

    /* Version 5: the indexes that find an article by its bytes and its id; the schema
     * is now that of a new database. */
    CHECK(kg_store_open_at(path, data, 5, &s, &err) == KG_OK);
    if (s && fresh) {
        CHECK(kg_store_schema_version(s) == 5);
        char *migrated = schema_of(s), *created = schema_of(fresh);
        CHECK_STR(migrated, created);
        free(migrated);
        free(created);
        CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('articles_content', 'articles_doc_id')") == 2);
        /* This program writes only at its own version: articles go in from here. */
        /* Old rows leave the index with their article; new ones enter it. */
        kg_article *a = fx_article_en();
        CHECK(kg_store_put_article(s, a, NULL, NULL, &err) == KG_OK);
        a->doc->path = "a.md";
        CHECK(kg_store_put_article(s, a, NULL, NULL, &err) == KG_OK);
        CHECK(sqlite3_exec(kg_store_db(s), "DELETE FROM articles WHERE path = 'b.md'", NULL, NULL, NULL) ==
              SQLITE_OK);
        CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'velvetcrane'") == 0);
        CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'amberfox'") == 0);
        CHECK(count(s, "SELECT count(*) FROM claims WHERE article_id = 2") == 0);
        CHECK(all_indexed(s));
        CHECK(count(s, "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'groq'") == 2);
        CHECK(sqlite3_exec(kg_store_db(s), "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')",
                           NULL, NULL, NULL) == SQLITE_OK);
        a->doc->path = "c.md";
        /* another article with the same text: no shared id, one byte more */
        a->doc->id = NULL;
        char *more = kg_arena_alloc(a->arena, a->doc->raw_len + 2);
        memcpy(more, a->doc->raw, a->doc->raw_len);
        memcpy(more + a->doc->raw_len, "\n", 2);
        a->doc->raw = more;
        a->doc->raw_len++;
        CHECK(kg_store_put_article(s, a, NULL, NULL, &err) == KG_OK);
        fx_free(a);
        CHECK(count(s, "SELECT count(*) FROM claims_view WHERE path = 'c.md'") ==
              count(s, "SELECT count(*) FROM claims_view WHERE path = 'a.md'"));
        CHECK(count(s, "SELECT count(*) FROM claims_view WHERE object IS NULL") == 0);
    }
    kg_store_close(fresh);
    kg_store_close(s);
    s = NULL;

    CHECK(kg_store_open_at(path, data, 6, &s, &err) == KG_OK);
    if (s) {
        CHECK(kg_store_schema_version(s) == 6);
        CHECK(count(s, "SELECT count(*) FROM articles WHERE note IS NOT 'kept'") == 0);
        CHECK(count(s, "SELECT count(*) FROM articles") == 3);
        kg_store_close(s);
        s = NULL;
    }
    CHECK(kg_store_open_at(path, data, 7, &s, &err) == KG_EDB);
    CHECK(s == NULL);
    CHECK(strstr(err.file, "migrate-7.sql") != NULL);
    CHECK(kg_store_open_at(path, data, 8, &s, &err) == KG_EDB); /* no migrate-8 either */
    CHECK(kg_store_open_at(path, data, 6, &s, &err) == KG_OK);
    if (s) {
        CHECK(kg_store_schema_version(s) == 6);
        CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0);
        kg_store_close(s);
        s = NULL;
    }
    /* This program (version 4) refuses the version-5 database. */
    CHECK(kg_store_open(path, NULL, &s, &err) == KG_EDB);
    CHECK(strstr(err.message, "version 5") != NULL);
    free(fresh_path);
    free(path);
    free(data);
    free(qdir);
}

int main(void) {
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_sha256();
    test_create_and_versions();
    test_put();
    test_migrations();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
