/* kg_store: see kg_store.h. */
#include "kg_store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_sha256.h"
#include "kg_hash.h"

/* The writing statements, prepared on first use by kg_store_put_article. */
enum {
    ST_FIND_ARTICLE,
    ST_FIND_SAME_CONTENT,
    ST_FIND_SAME_ID,
    ST_INSERT_ARTICLE,
    ST_UPDATE_ARTICLE,
    ST_OLD_QUANTITIES,
    ST_OLD_ENTITIES,
    ST_DELETE_CLAIMS,
    ST_DELETE_SENTENCES,
    ST_GC_QUANTITIES,
    ST_GC_ENTITIES,
    ST_INSERT_SENTENCE,
    ST_PEND_SENTENCES,
    ST_OLD_PENDING,
    ST_INDEX_PENDING,
    ST_CLEAR_PENDING,
    ST_UPSERT_KNOWN_ENTITY,
    ST_INSERT_ENTITY,
    ST_ENTITY_ID,
    ST_INSERT_ALIAS,
    ST_INSERT_QUANTITY,
    ST_INSERT_MENTION,
    ST_INSERT_MENTIONS_4,
    ST_INSERT_MENTIONS_16,
    ST_INSERT_CLAIM,
    ST_BEGIN,
    ST_COMMIT,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_DATA_VERSION,
    ST_COUNT
};

/* The parameters of one row of mentions. */
enum { MENTION_COLUMNS = 9 };

static const char *const statement_sql[ST_COUNT] = {
    [ST_FIND_ARTICLE] = "SELECT article_id, content_hash, bytes FROM articles WHERE path = ?1",
    /* Another key holding the same article: the same bytes, else the same front-matter
     * id (the indexes articles_content and articles_doc_id). */
    [ST_FIND_SAME_CONTENT] = "SELECT article_id, path FROM articles WHERE content_hash = ?1"
                             " AND bytes = ?2 ORDER BY article_id LIMIT 1",
    [ST_FIND_SAME_ID] = "SELECT article_id, path FROM articles WHERE doc_id = ?1"
                        " ORDER BY article_id LIMIT 1",
    [ST_INSERT_ARTICLE] =
        "INSERT INTO articles(path, doc_id, title, outlet, url, lang, published, format,"
        " content_hash, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_UPDATE_ARTICLE] =
        "UPDATE articles SET doc_id = ?2, title = ?3, outlet = ?4, url = ?5, lang = ?6,"
        " published = ?7, format = ?8, content_hash = ?9, bytes = ?10,"
        " ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), path = ?1 WHERE article_id = ?11",
    /* Quantities belong to one article; entities may be shared and are only dropped
     * when nothing refers to them any more. */
    [ST_OLD_QUANTITIES] =
        "INSERT OR IGNORE INTO temp.kg_old_quantities(id)"
        " SELECT m.quantity_id FROM mentions m JOIN sentences s USING (sentence_id)"
        "  WHERE s.article_id = ?1 AND m.quantity_id IS NOT NULL"
        " UNION SELECT object_quantity_id FROM claims WHERE article_id = ?1"
        "  AND object_quantity_id IS NOT NULL"
        " UNION SELECT amount_quantity_id FROM claims WHERE article_id = ?1"
        "  AND amount_quantity_id IS NOT NULL",
    [ST_OLD_ENTITIES] =
        "INSERT OR IGNORE INTO temp.kg_old_entities(id)"
        " SELECT m.entity_id FROM mentions m JOIN sentences s USING (sentence_id)"
        "  WHERE s.article_id = ?1 AND m.entity_id IS NOT NULL"
        " UNION SELECT subject_id FROM claims WHERE article_id = ?1"
        " UNION SELECT object_id FROM claims WHERE article_id = ?1 AND object_id IS NOT NULL"
        " UNION SELECT source_id FROM claims WHERE article_id = ?1 AND source_id IS NOT NULL",
    [ST_DELETE_CLAIMS] = "DELETE FROM claims WHERE article_id = ?1",
    [ST_DELETE_SENTENCES] = "DELETE FROM sentences WHERE article_id = ?1",
    [ST_GC_QUANTITIES] =
        "DELETE FROM quantities WHERE quantity_id IN (SELECT id FROM temp.kg_old_quantities)",
    [ST_GC_ENTITIES] =
        "DELETE FROM entities WHERE entity_id IN (SELECT id FROM temp.kg_old_entities)"
        " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.entity_id)"
        " AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.subject_id = entities.entity_id)"
        " AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.object_id = entities.entity_id)"
        " AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.source_id = entities.entity_id)",
    /* Sentences go in one row at a time (no trigger feeds the index: ST_INDEX_PENDING
     * does, once per transaction). */
    [ST_INSERT_SENTENCE] =
        "INSERT INTO sentences(article_id, seq, span_start, span_end, lang, text, norm)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    /* The full-text index is fed once per transaction (schema.sql): the sentences
     * written since the transaction began wait in temp.kg_fts_pending, which the
     * savepoints and rollbacks cover like the sentences themselves. Indexing them in one
     * statement lets FTS5 write one index segment per transaction, not one per article. */
    [ST_PEND_SENTENCES] =
        "INSERT INTO temp.kg_fts_pending(id) SELECT sentence_id FROM sentences"
        " WHERE article_id = ?1",
    [ST_OLD_PENDING] =
        "SELECT 1 FROM sentences s JOIN temp.kg_fts_pending p ON p.id = s.sentence_id"
        " WHERE s.article_id = ?1 LIMIT 1",
    [ST_INDEX_PENDING] =
        "INSERT INTO sentences_fts(rowid, norm) SELECT s.sentence_id, COALESCE(s.norm, s.text)"
        " FROM temp.kg_fts_pending p JOIN sentences s ON s.sentence_id = p.id",
    [ST_CLEAR_PENDING] = "DELETE FROM temp.kg_fts_pending",
    [ST_UPSERT_KNOWN_ENTITY] =
        "INSERT INTO entities(key, name, name_fa, type, qid) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(key) DO UPDATE SET name = excluded.name, name_fa = excluded.name_fa,"
        " type = excluded.type, qid = excluded.qid",
    [ST_INSERT_ENTITY] =
        "INSERT INTO entities(key, name, name_fa, type, qid) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(key) DO NOTHING",
    [ST_ENTITY_ID] = "SELECT entity_id FROM entities WHERE key = ?1",
    [ST_INSERT_ALIAS] = "INSERT OR IGNORE INTO aliases(entity_id, alias) VALUES (?1, ?2)",
    [ST_INSERT_QUANTITY] =
        "INSERT INTO quantities(low, high, unit, approx, name) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_INSERT_MENTION] =
        "INSERT INTO mentions(sentence_id, entity_id, quantity_id, type, span_start, span_end,"
        " surface, time, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    /* 4 and 16 rows of ST_INSERT_MENTION's in one statement (built by prepare_all):
     * one statement's set-up (cursors on the table, its indexes and the parents of its
     * foreign keys) serves them all. */
    [ST_INSERT_MENTIONS_4] = NULL,
    [ST_INSERT_MENTIONS_16] = NULL,
    [ST_INSERT_CLAIM] =
        "INSERT INTO claims(article_id, sentence_id, subject_id, relation, object_id,"
        " object_quantity_id, object_literal, polarity, modality, source_id, source_name, time,"
        " amount_quantity_id, confidence, rule, span_start, span_end, object_text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_SAVEPOINT] = "SAVEPOINT kg_article",
    [ST_RELEASE] = "RELEASE kg_article",
    [ST_ROLLBACK_TO] = "ROLLBACK TO kg_article",
    [ST_DATA_VERSION] = "PRAGMA data_version",
};

/* A string -> id map (open addressing) for what this connection knows is in the
 * database. */
typedef struct id_cache {
    char **keys;
    sqlite3_int64 *ids;
    size_t cap, n;
} id_cache;

struct kg_store {
    sqlite3 *db;
    char *path;
    bool readonly;
    bool rewrite_unchanged; /* kg_store_rewrite_unchanged */
    sqlite3_stmt *st[ST_COUNT];
    /* Group commit (kg_store_group_commits): while in_group, a transaction is open that
     * holds group_n whole articles, begun at group_start. */
    size_t group_max;
    unsigned group_ms;
    bool in_group;
    size_t group_n;
    size_t lost; /* articles reported stored that a failure since rolled back */
    struct timespec group_start;
    /* Entities (by key) and aliases ("id\x1falias") this connection has written with the
     * values it would write again, so writing them again can be skipped. Valid while
     * nothing else changed the database: cleared after a rollback, when unused entities
     * were dropped, when another connection committed (data_version) or the caller wrote
     * through kg_store_db (total_changes), and when the lexicon changes. */
    id_cache entities, aliases;
    const kg_lexicon *cache_lex;
    sqlite3_int64 cache_changes;
    int cache_data_version;
};

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t cache_slot(const id_cache *c, const char *key) {
    size_t i = (size_t)kg_hash_string(key) & (c->cap - 1);
    while (c->keys[i] && strcmp(c->keys[i], key)) i = (i + 1) & (c->cap - 1);
    return i;
}

static bool cache_get(const id_cache *c, const char *key, sqlite3_int64 *id) {
    if (!c->n) return false;
    size_t i = cache_slot(c, key);
    if (!c->keys[i]) return false;
    if (id) *id = c->ids[i];
    return true;
}

static void cache_put(id_cache *c, const char *key, sqlite3_int64 id) {
    if (2 * (c->n + 1) > c->cap) {
        id_cache bigger = {kg_xcalloc(c->cap ? 2 * c->cap : 256, sizeof(char *)),
                           kg_xcalloc(c->cap ? 2 * c->cap : 256, sizeof(sqlite3_int64)),
                           c->cap ? 2 * c->cap : 256, c->n};
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->keys[i]) continue;
            size_t j = cache_slot(&bigger, c->keys[i]);
            bigger.keys[j] = c->keys[i];
            bigger.ids[j] = c->ids[i];
        }
        free(c->keys);
        free(c->ids);
        *c = bigger;
    }
    size_t i = cache_slot(c, key);
    if (!c->keys[i]) {
        c->keys[i] = kg_xstrdup(key);
        c->n++;
    }
    c->ids[i] = id;
}

static void cache_clear(id_cache *c) {
    for (size_t i = 0; i < c->cap; i++) free(c->keys[i]);
    free(c->keys);
    free(c->ids);
    memset(c, 0, sizeof *c);
}

static void forget_written(kg_store *s) {
    cache_clear(&s->entities);
    cache_clear(&s->aliases);
}

void kg_store_rewrite_unchanged(kg_store *store, bool rewrite) {
    store->rewrite_unchanged = rewrite;
}

/* Records SQLite's current error on err, prefixed by what was being done. */
static int db_error(kg_store *s, kg_error *err, const char *doing) {
    return kg_error_set(err, KG_EDB, s->path, 0, 0, -1, "%s: %s", doing, sqlite3_errmsg(s->db));
}

static int exec(kg_store *s, const char *sql, kg_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        kg_error_set(err, KG_EDB, s->path, 0, 0, -1, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return KG_EDB;
    }
    return KG_OK;
}

static int pragma_int(kg_store *s, const char *sql, int *value, kg_error *err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "reading the database header");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *value = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return db_error(s, err, "reading the database header");
    return KG_OK;
}

void kg_store_close(kg_store *store) {
    if (!store) return;
    kg_error ignored;
    kg_error_clear(&ignored);
    kg_store_flush(store, &ignored);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(store->st[i]);
    forget_written(store);
    if (store->db) sqlite3_close(store->db);
    free(store->path);
    free(store);
}

sqlite3 *kg_store_db(kg_store *store) { return store->db; }

int kg_store_schema_version(kg_store *store) {
    int v = -1;
    if (pragma_int(store, "PRAGMA user_version", &v, NULL) != KG_OK) return -1;
    return v;
}

/* Runs the SQL file DATA_DIR/queries/NAME inside the caller's transaction. */
static int run_sql_file(kg_store *s, const char *data_dir, const char *name, kg_error *err) {
    char rel[300];
    snprintf(rel, sizeof rel, "queries/%s", name);
    char *file = kg_data_path(data_dir, rel);
    char *sql = kg_data_slurp(file, NULL);
    if (!sql) {
        kg_error_set(err, KG_EIO, file, 0, 0, -1,
                     "cannot read this schema file (is the data directory right? set KG_DATA_DIR)");
        free(file);
        return KG_EIO;
    }
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        kg_error_set(err, KG_EDB, file, 0, 0, -1, "%s", msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    free(sql);
    free(file);
    return rc == SQLITE_OK ? KG_OK : KG_EDB;
}

/* Brings a database at version `version` up to KG_STORE_SCHEMA_VERSION, one
 * transaction per step. */
static int upgrade_steps(kg_store *s, const char *data_dir, int version, int target,
                         kg_error *err);

/* Migrations run with foreign keys off (a migration may rebuild a table: dropping the
 * old one must not cascade) and must leave every foreign key satisfied. */
static int upgrade(kg_store *s, const char *data_dir, int version, int target, kg_error *err) {
    if (version >= target) return KG_OK;
    if (exec(s, "PRAGMA foreign_keys = OFF", err) != KG_OK) return KG_EDB;
    int rc = upgrade_steps(s, data_dir, version, target, err);
    kg_error ignored;
    kg_error_clear(&ignored);
    if (exec(s, "PRAGMA foreign_keys = ON", rc == KG_OK ? err : &ignored) != KG_OK) rc = KG_EDB;
    return rc;
}

static int upgrade_steps(kg_store *s, const char *data_dir, int version, int target,
                         kg_error *err) {
    if (version == 0) {
        int tables = 0;
        if (pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables, err) != KG_OK)
            return KG_EDB;
        if (tables > 0)
            return kg_error_set(err, KG_EDB, s->path, 0, 0, -1,
                                "not a kg database (it has tables but no kg schema version)");
    }
    while (version < target) {
        char name[64];
        int next = version == 0 ? 1 : version + 1;
        if (version == 0)
            snprintf(name, sizeof name, "schema.sql");
        else
            snprintf(name, sizeof name, "migrate-%d.sql", next);
        if (exec(s, "BEGIN IMMEDIATE", err) != KG_OK) return KG_EDB;
        int rc = run_sql_file(s, data_dir, name, err);
        if (rc == KG_OK && version == 0) {
            /* schema.sql creates the current version directly. */
            rc = pragma_int(s, "PRAGMA user_version", &next, err);
        } else if (rc == KG_OK) {
            char set[64];
            snprintf(set, sizeof set, "PRAGMA user_version = %d", next);
            rc = exec(s, set, err);
        }
        if (rc == KG_OK && next <= version)
            rc = kg_error_set(err, KG_EDB, s->path, 0, 0, -1,
                              "%s did not advance the schema version", name);
        int broken = 0;
        if (rc == KG_OK && version > 0)
            rc = pragma_int(s, "SELECT count(*) FROM pragma_foreign_key_check", &broken, err);
        if (rc == KG_OK && broken)
            rc = kg_error_set(err, KG_EDB, s->path, 0, 0, -1,
                              "%s left %d rows whose foreign key points nowhere", name, broken);
        if (rc != KG_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if (exec(s, "COMMIT", err) != KG_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return KG_EDB;
        }
        version = next;
    }
    return KG_OK;
}

static int check_version(kg_store *s, int version, int target, kg_error *err) {
    if (version > target)
        return kg_error_set(err, KG_EDB, s->path, 0, 0, -1,
                            "the database has schema version %d, newer than this kg (which "
                            "knows up to version %d); use a newer kg",
                            version, target);
    return KG_OK;
}

/* Process-wide SQLite settings, made before SQLite initializes: no memory statistics
 * (kg never reads them; keeping them costs a global mutex per allocation). When SQLite
 * was already initialized (the caller used it first), the call is refused, harmlessly. */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static int open_common(const char *path, int flags, kg_store **out, kg_error *err) {
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, configure_sqlite);
    kg_store *s = kg_xcalloc(1, sizeof *s);
    s->path = kg_xstrdup(path);
    /* NOMUTEX: a store is used by one thread at a time (kg_store.h), so the connection
     * needs no mutex of its own. */
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        kg_error_set(err, KG_EDB, path, 0, 0, -1, "cannot open the database: %s",
                     s->db ? sqlite3_errmsg(s->db) : "out of memory");
        kg_store_close(s);
        return KG_EDB;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    *out = s;
    return KG_OK;
}

int kg_store_open(const char *path, const char *data_dir, kg_store **out, kg_error *err) {
    return kg_store_open_at(path, data_dir, KG_STORE_SCHEMA_VERSION, out, err);
}

int kg_store_open_at(const char *path, const char *data_dir, int target, kg_store **out,
                     kg_error *err) {
    *out = NULL;
    kg_store *s = NULL;
    if (open_common(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &s, err) != KG_OK)
        return KG_EDB;
    int version = 0;
    int rc = exec(s, "PRAGMA foreign_keys = ON", err);
    if (rc == KG_OK) rc = pragma_int(s, "PRAGMA user_version", &version, err);
    if (rc == KG_OK) rc = check_version(s, version, target, err);
    if (rc == KG_OK) rc = exec(s, "PRAGMA journal_mode = WAL", err);
    /* In WAL mode NORMAL keeps the database consistent through a crash (a committed
     * article may be lost on power failure, never half of one) and saves an fsync per
     * article. */
    if (rc == KG_OK) rc = exec(s, "PRAGMA synchronous = NORMAL", err);
    /* The temporary tables and the savepoint journals stay in memory (they hold one
     * group's ids, one article's changes); a larger page cache keeps a group's dirty pages from spilling. */
    if (rc == KG_OK) rc = exec(s, "PRAGMA temp_store = MEMORY", err);
    if (rc == KG_OK) rc = exec(s, "PRAGMA cache_size = -32768", err);
    /* Checkpoint every ~40 MB of WAL rather than 4 MB: a page changed by several
     * commits in between is copied into the database once (a reader still sees every
     * commit at once; only the WAL file grows larger during a big ingest). */
    if (rc == KG_OK) rc = exec(s, "PRAGMA wal_autocheckpoint = 10000", err);
    if (rc == KG_OK) rc = upgrade(s, data_dir, version, target, err);
    if (rc == KG_OK)
        rc = exec(s,
                  "CREATE TEMP TABLE IF NOT EXISTS kg_old_quantities(id INTEGER PRIMARY KEY);"
                  "CREATE TEMP TABLE IF NOT EXISTS kg_old_entities(id INTEGER PRIMARY KEY);"
                  "CREATE TEMP TABLE IF NOT EXISTS kg_fts_pending(id INTEGER PRIMARY KEY);",
                  err);
    if (rc != KG_OK) {
        kg_store_close(s);
        return rc;
    }
    *out = s;
    return KG_OK;
}

/* Pragmas that only read, even when given an argument. */
static bool reading_pragma(const char *name) {
    static const char *const names[] = {"table_info", "table_xinfo", "index_list", "index_info",
                                        "index_xinfo", "foreign_key_list", "foreign_key_check",
                                        "integrity_check", "quick_check", "table_list"};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i])) return true;
    return false;
}

/* Lets a read-only connection read and nothing else: no ATTACH, no pragma that sets. */
static int reading_only(void *unused, int action, const char *a1, const char *a2, const char *db,
                        const char *trigger) {
    (void)unused;
    (void)db;
    (void)trigger;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_PRAGMA:
        return a2 == NULL || reading_pragma(a1) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_UPDATE:
        /* FTS5 declaring its table asks this while it reads the schema; a real write to
         * the schema table is still refused by SQLITE_OPEN_READONLY and the statement
         * check in kg_query_run. */
        return a1 && (!strcmp(a1, "sqlite_master") || !strcmp(a1, "sqlite_schema")) ? SQLITE_OK
                                                                                   : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

int kg_store_open_readonly(const char *path, kg_store **out, kg_error *err) {
    *out = NULL;
    if (access(path, F_OK) != 0)
        return kg_error_set(err, KG_EIO, path, 0, 0, -1,
                            "no database here (create one with kg ingest, or name one with --db)");
    kg_store *s = NULL;
    if (open_common(path, SQLITE_OPEN_READONLY, &s, err) != KG_OK) return KG_EDB;
    s->readonly = true;
    int version = 0;
    int rc = exec(s, "PRAGMA query_only = ON", err);
    if (rc == KG_OK) rc = pragma_int(s, "PRAGMA user_version", &version, err);
    if (rc == KG_OK) rc = check_version(s, version, KG_STORE_SCHEMA_VERSION, err);
    if (rc == KG_OK && version == 0)
        rc = kg_error_set(err, KG_EDB, path, 0, 0, -1, "not a kg database (schema version 0)");
    else if (rc == KG_OK && version < KG_STORE_SCHEMA_VERSION)
        rc = kg_error_set(err, KG_EDB, path, 0, 0, -1,
                          "the database has the older schema version %d; run kg ingest once "
                          "to upgrade it", version);
    if (rc == KG_OK && sqlite3_set_authorizer(s->db, reading_only, NULL) != SQLITE_OK)
        rc = db_error(s, err, "guarding the read-only connection");
    if (rc != KG_OK) {
        kg_store_close(s);
        return rc;
    }
    *out = s;
    return KG_OK;
}

/* Indexes the pending sentences (ST_PEND_SENTENCES) and empties the list. Returns an
 * SQLite code; on failure sqlite3_errmsg tells why. */
static int index_pending(kg_store *s) {
    int rc = SQLITE_DONE;
    for (int which = ST_INDEX_PENDING; rc == SQLITE_DONE && which <= ST_CLEAR_PENDING; which++) {
        rc = sqlite3_step(s->st[which]);
        sqlite3_reset(s->st[which]);
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- writing one article ---- */

/* Everything one put needs, so helpers take one pointer. */
typedef struct put {
    kg_store *s;
    const kg_article *a;
    const kg_lexicon *lex;
    kg_error *err;
    const char *file;
    const char *key;  /* the article's key (articles.path) */
    const char *hash; /* hex SHA-256 of a->doc->raw */
    sqlite3_int64 article_id;
    sqlite3_int64 *sentence_ids;
} put;

/* A writing statement, reset. Every use binds all its parameters, with SQLITE_STATIC:
 * the strings (the article's, the lexicon's, the caller's) outlive the step, and
 * kg_store_put_hashed unbinds every statement before it returns. */
static sqlite3_stmt *stmt(put *p, int which) {
    sqlite3_stmt *st = p->s->st[which];
    sqlite3_reset(st);
    return st;
}

static void unbind_all(kg_store *s) {
    for (int i = 0; i < ST_COUNT; i++)
        if (s->st[i]) sqlite3_clear_bindings(s->st[i]);
}

static int fail_db(put *p, const char *doing) {
    return kg_error_set(p->err, KG_EDB, p->file, 0, 0, -1, "%s: %s", doing,
                        sqlite3_errmsg(p->s->db));
}

/* Binds helpers: each returns SQLITE_OK or an error code. */
static int bind_text(sqlite3_stmt *st, int i, const char *v) {
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}
static int bind_textn(sqlite3_stmt *st, int i, const char *v, size_t n) {
    return sqlite3_bind_text64(st, i, v, n, SQLITE_STATIC, SQLITE_UTF8);
}

/* Steps a statement that returns no row. */
static int step_done(put *p, sqlite3_stmt *st, int bind_rc, const char *doing) {
    if (bind_rc != SQLITE_OK) return fail_db(p, doing);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return fail_db(p, doing);
    return KG_OK;
}

/* [start, end) in the normalized text to raw offsets. */
static int raw_span(put *p, size_t start, size_t end, const char *what, size_t index,
                    sqlite3_int64 *rs, sqlite3_int64 *re) {
    const kg_mapped_text *n = &p->a->norm;
    if (start > end || end > n->len || !n->raw_start || !n->raw_end)
        return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                            "%s %zu: span [%zu, %zu) lies outside the normalized text (%zu bytes)",
                            what, index, start, end, n->len);
    if (start == n->len) {
        *rs = *re = (sqlite3_int64)p->a->doc->raw_len;
        return KG_OK;
    }
    *rs = (sqlite3_int64)n->raw_start[start];
    *re = end > start ? (sqlite3_int64)n->raw_end[end - 1] : *rs;
    return KG_OK;
}

static bool is_quantity_type(const char *type) {
    static const char *const types[] = {"MONEY", "PERCENT", "NUMBER", "COUNT"};
    if (!type) return false;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(type, types[i])) return true;
    return false;
}

static int add_alias(put *p, sqlite3_int64 id, const char *alias) {
    if (!alias || !*alias) return KG_OK;
    /* The cache key: the id in decimal, 0x1f, the alias. */
    char digits[24];
    size_t nd = 0;
    for (unsigned long long v = (unsigned long long)id; nd == 0 || v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    char small[256];
    size_t len = strlen(alias);
    char *key = nd + len + 2 <= sizeof small ? small : kg_xmalloc(nd + len + 2);
    for (size_t i = 0; i < nd; i++) key[i] = digits[nd - 1 - i];
    key[nd] = '\x1f';
    memcpy(key + nd + 1, alias, len + 1);
    int rc = KG_OK;
    if (!cache_get(&p->s->aliases, key, NULL)) {
        sqlite3_stmt *st = stmt(p, ST_INSERT_ALIAS);
        int b = sqlite3_bind_int64(st, 1, id);
        if (b == SQLITE_OK) b = bind_text(st, 2, alias);
        rc = step_done(p, st, b, "storing an alias");
        if (rc == KG_OK) cache_put(&p->s->aliases, key, 1);
    }
    if (key != small) free(key);
    return rc;
}

/* Inserts or updates the entity with this key; sets *id. Lexicon facts win over what
 * the article says; an entity no lexicon knows keeps the name it was first stored with:
 * spelled, the article's spelling of a name that is its matching form (NULL: none). */
static int entity(put *p, const char *key, const char *name, const char *type,
                  const char *surface, const char *spelled, sqlite3_int64 *id) {
    const kg_entity_info *info = p->lex ? kg_lexicon_get(p->lex, key) : NULL;
    const char *name_fa = NULL, *qid = NULL;
    if (info) {
        if (info->name && *info->name) name = info->name;
        if (info->type && *info->type) type = info->type;
        name_fa = info->name_fa && *info->name_fa ? info->name_fa : NULL;
        qid = info->qid && *info->qid ? info->qid : NULL;
    } else if (spelled && *spelled) {
        name = spelled;
    }
    if (!name || !*name) name = surface && *surface ? surface : key;
    if (!type || !*type) type = "UNKNOWN";
    /* A known entity's row holds the lexicon's facts once it was upserted; an unknown
     * one keeps its first name: either way writing it again changes nothing. */
    if (cache_get(&p->s->entities, key, id)) {
        int rc = add_alias(p, *id, surface);
        if (rc == KG_OK && info) rc = add_alias(p, *id, name);
        if (rc == KG_OK && name_fa) rc = add_alias(p, *id, name_fa);
        return rc;
    }
    sqlite3_stmt *st = stmt(p, info ? ST_UPSERT_KNOWN_ENTITY : ST_INSERT_ENTITY);
    int b = bind_text(st, 1, key);
    if (b == SQLITE_OK) b = bind_text(st, 2, name);
    if (b == SQLITE_OK) b = bind_text(st, 3, name_fa);
    if (b == SQLITE_OK) b = bind_text(st, 4, type);
    if (b == SQLITE_OK) b = bind_text(st, 5, qid);
    int rc = step_done(p, st, b, "storing an entity");
    if (rc != KG_OK) return rc;
    st = stmt(p, ST_ENTITY_ID);
    if (bind_text(st, 1, key) != SQLITE_OK) return fail_db(p, "looking up an entity");
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        return fail_db(p, "looking up an entity");
    }
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    cache_put(&p->s->entities, key, *id);
    rc = add_alias(p, *id, surface);
    if (rc == KG_OK && info) rc = add_alias(p, *id, name);
    if (rc == KG_OK && name_fa) rc = add_alias(p, *id, name_fa);
    return rc;
}

static int quantity(put *p, const kg_value *v, const char *name, sqlite3_int64 *id) {
    sqlite3_stmt *st = stmt(p, ST_INSERT_QUANTITY);
    int b = v->has_low ? sqlite3_bind_double(st, 1, v->low) : sqlite3_bind_null(st, 1);
    if (b == SQLITE_OK) b = v->has_high ? sqlite3_bind_double(st, 2, v->high) : sqlite3_bind_null(st, 2);
    if (b == SQLITE_OK) b = bind_textn(st, 3, v->unit, strnlen(v->unit, sizeof v->unit));
    if (b == SQLITE_OK) b = sqlite3_bind_int(st, 4, v->approx ? 1 : 0);
    if (b == SQLITE_OK) b = bind_text(st, 5, name ? name : "");
    int rc = step_done(p, st, b, "storing a quantity");
    if (rc == KG_OK) *id = sqlite3_last_insert_rowid(p->s->db);
    return rc;
}

static int put_article_row(put *p, bool update) {
    const kg_doc *d = p->a->doc;
    static const char *const formats[] = {"auto", "text", "markdown", "html"};
    const char *format = (unsigned)d->format < 4 ? formats[d->format] : NULL;
    sqlite3_stmt *st = stmt(p, update ? ST_UPDATE_ARTICLE : ST_INSERT_ARTICLE);
    int b = bind_text(st, 1, p->key);
    if (b == SQLITE_OK) b = bind_text(st, 2, d->id);
    if (b == SQLITE_OK) b = bind_text(st, 3, d->title);
    if (b == SQLITE_OK) b = bind_text(st, 4, d->outlet);
    if (b == SQLITE_OK) b = bind_text(st, 5, d->url);
    if (b == SQLITE_OK) b = bind_text(st, 6, d->lang);
    if (b == SQLITE_OK) b = bind_text(st, 7, d->published);
    if (b == SQLITE_OK) b = bind_text(st, 8, format);
    if (b == SQLITE_OK) b = bind_text(st, 9, p->hash);
    if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 10, (sqlite3_int64)d->raw_len);
    if (b == SQLITE_OK && update) b = sqlite3_bind_int64(st, 11, p->article_id);
    int rc = step_done(p, st, b, "storing the article");
    if (rc == KG_OK && !update) p->article_id = sqlite3_last_insert_rowid(p->s->db);
    return rc;
}

/* Removes the rows of the previous version of the article, remembering which
 * quantities and entities it used so that orphans can be dropped afterwards. */
static int delete_old(put *p) {
    static const int steps[] = {ST_OLD_QUANTITIES, ST_OLD_ENTITIES, ST_DELETE_CLAIMS,
                                ST_DELETE_SENTENCES};
    /* Deleting a sentence takes it out of the full-text index (the delete trigger), so
     * a previous version written earlier in this transaction, whose sentences are still
     * pending, is indexed first (rare: the same path twice in one group). */
    sqlite3_stmt *st = stmt(p, ST_OLD_PENDING);
    int step = sqlite3_bind_int64(st, 1, p->article_id);
    if (step == SQLITE_OK) step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return fail_db(p, "removing the previous version of the article");
    if (step == SQLITE_ROW && index_pending(p->s) != SQLITE_OK)
        return fail_db(p, "indexing the sentences");
    int rc = exec(p->s, "DELETE FROM temp.kg_old_quantities; DELETE FROM temp.kg_old_entities;",
                  p->err);
    for (size_t i = 0; rc == KG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = stmt(p, steps[i]);
        rc = step_done(p, st, sqlite3_bind_int64(st, 1, p->article_id),
                       "removing the previous version of the article");
    }
    return rc;
}

static int collect_garbage(put *p) {
    int rc = step_done(p, stmt(p, ST_GC_QUANTITIES), SQLITE_OK, "dropping unused quantities");
    if (rc == KG_OK)
        rc = step_done(p, stmt(p, ST_GC_ENTITIES), SQLITE_OK, "dropping unused entities");
    if (rc == KG_OK && sqlite3_changes(p->s->db) > 0) forget_written(p->s);
    return rc;
}

static int put_sentences(put *p) {
    const kg_article *a = p->a;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const kg_sentence *s = &a->sentences[i];
        if (s->start > s->end || s->end > a->norm.len || s->raw_start > s->raw_end ||
            s->raw_end > a->doc->raw_len)
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, (long long)s->raw_start,
                                "sentence %zu: span outside the text", i);
        sqlite3_stmt *st = stmt(p, ST_INSERT_SENTENCE);
        int b = sqlite3_bind_int64(st, 1, p->article_id);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 3, (sqlite3_int64)s->raw_start);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 4, (sqlite3_int64)s->raw_end);
        if (b == SQLITE_OK) b = bind_text(st, 5, s->lang[0] ? s->lang : NULL);
        const char *text = a->doc->raw + s->raw_start, *norm = a->norm.text + s->start;
        size_t text_len = s->raw_end - s->raw_start, norm_len = s->end - s->start;
        if (b == SQLITE_OK) b = bind_textn(st, 6, text, text_len);
        /* The matching form is stored only when it differs from the text (schema.sql). */
        if (b == SQLITE_OK)
            b = norm_len == text_len && !memcmp(norm, text, text_len)
                    ? sqlite3_bind_null(st, 7)
                    : bind_textn(st, 7, norm, norm_len);
        int rc = step_done(p, st, b, "storing a sentence");
        if (rc != KG_OK) return rc;
        p->sentence_ids[i] = sqlite3_last_insert_rowid(p->s->db);
    }
    sqlite3_stmt *st = stmt(p, ST_PEND_SENTENCES);
    return step_done(p, st, sqlite3_bind_int64(st, 1, p->article_id), "storing the sentences");
}

/* The article's spelling of mention m (kg_mapped_original); caller frees. */
static char *mention_spelling(put *p, const kg_mention *m) {
    const kg_mapped_text *n = &p->a->norm;
    if (m->start >= m->end || m->end > n->len || !n->raw_start || !n->raw_end) return NULL;
    return kg_mapped_original(n, p->a->doc->raw, p->a->doc->raw_len, m->start, m->end);
}

/* One row of mentions, its ids resolved. */
typedef struct mention_row {
    sqlite3_int64 sentence_id, entity_id, quantity_id, span_start, span_end;
    const char *type, *surface, *time, *via;
} mention_row;

/* Binds r at parameters first..first+MENTION_COLUMNS-1; returns an SQLite code. */
static int bind_mention(sqlite3_stmt *st, int first, const mention_row *r) {
    int b = sqlite3_bind_int64(st, first, r->sentence_id);
    if (b == SQLITE_OK)
        b = r->entity_id ? sqlite3_bind_int64(st, first + 1, r->entity_id) : sqlite3_bind_null(st, first + 1);
    if (b == SQLITE_OK)
        b = r->quantity_id ? sqlite3_bind_int64(st, first + 2, r->quantity_id) : sqlite3_bind_null(st, first + 2);
    if (b == SQLITE_OK) b = bind_text(st, first + 3, r->type);
    if (b == SQLITE_OK) b = sqlite3_bind_int64(st, first + 4, r->span_start);
    if (b == SQLITE_OK) b = sqlite3_bind_int64(st, first + 5, r->span_end);
    if (b == SQLITE_OK) b = bind_text(st, first + 6, r->surface);
    if (b == SQLITE_OK) b = bind_text(st, first + 7, r->time);
    if (b == SQLITE_OK) b = bind_text(st, first + 8, r->via);
    return b;
}

/* Resolves every mention's entity or quantity first (in mention order, so ids come out
 * as they would row by row), then inserts the rows 16, 4 or 1 per statement. */
static int put_mentions(put *p) {
    const kg_article *a = p->a;
    if (!a->n_mentions) return KG_OK;
    mention_row *rows = kg_xcalloc(a->n_mentions, sizeof *rows);
    char **owned = kg_xcalloc(a->n_mentions, sizeof *owned);
    int rc = KG_OK;
    for (size_t i = 0; rc == KG_OK && i < a->n_mentions; i++) {
        const kg_mention *m = &a->mentions[i];
        mention_row *r = &rows[i];
        if (m->sentence >= a->n_sentences) {
            rc = kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                              "mention %zu: sentence %zu does not exist", i, m->sentence);
            break;
        }
        if (!m->type) {
            rc = kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1, "mention %zu has no type", i);
            break;
        }
        rc = raw_span(p, m->start, m->end, "mention", i, &r->span_start, &r->span_end);
        if (rc != KG_OK) break;
        r->sentence_id = p->sentence_ids[m->sentence];
        r->type = m->type;
        r->time = m->time;
        r->via = m->via ? m->via : "";
        r->surface = m->surface;
        if (!r->surface)
            r->surface = owned[i] = kg_xstrndup(a->norm.text + m->start, m->end - m->start);
        if (m->has_value) {
            rc = quantity(p, &m->value, m->name, &r->quantity_id);
        } else if (m->id && !is_quantity_type(m->type) && strcmp(m->type, "DATE")) {
            /* A name that is the mention's matching form is stored as the article spells it
             * (when the entity is new: a stored one keeps its name). */
            bool spell = m->name && !strcmp(m->name, r->surface) && !(p->lex && kg_lexicon_get(p->lex, m->id)) &&
                         !cache_get(&p->s->entities, m->id, NULL);
            char *spelled = spell ? mention_spelling(p, m) : NULL;
            rc = entity(p, m->id, m->name, m->type, r->surface, spelled, &r->entity_id);
            free(spelled);
        }
    }
    for (size_t i = 0; rc == KG_OK && i < a->n_mentions;) {
        size_t left = a->n_mentions - i, n = left >= 16 ? 16 : left >= 4 ? 4 : 1;
        sqlite3_stmt *st = stmt(p, n == 16 ? ST_INSERT_MENTIONS_16 : n == 4 ? ST_INSERT_MENTIONS_4
                                                                      : ST_INSERT_MENTION);
        int b = SQLITE_OK;
        for (size_t k = 0; b == SQLITE_OK && k < n; k++)
            b = bind_mention(st, (int)(k * MENTION_COLUMNS) + 1, &rows[i + k]);
        rc = step_done(p, st, b, "storing a mention");
        i += n;
    }
    for (size_t i = 0; i < a->n_mentions; i++) free(owned[i]);
    free(owned);
    free(rows);
    return rc;
}

/* The subject of a claim is always an entity (a literal subject becomes an entity of
 * type LITERAL); the object is an entity, a quantity or a literal phrase. */
static int claim_arg(put *p, const kg_claim_arg *arg, bool subject, sqlite3_int64 *entity_id,
                     sqlite3_int64 *quantity_id, const char **literal, const char **literal_text) {
    bool is_literal = arg->type ? !strcmp(arg->type, "LITERAL") : arg->mention < 0;
    /* A phrase's surface is the article's spelling of it (kg_claim.h). */
    const char *spelled = is_literal && arg->type && arg->surface && *arg->surface ? arg->surface : NULL;
    if (!subject && is_literal) {
        *literal = arg->name ? arg->name : arg->surface ? arg->surface : arg->id;
        if (spelled && *literal && strcmp(spelled, *literal)) *literal_text = spelled;
        return *literal ? KG_OK : KG_EINPUT;
    }
    if (!subject && (arg->has_value || is_quantity_type(arg->type))) {
        kg_value none;
        memset(&none, 0, sizeof none);
        return quantity(p, arg->has_value ? &arg->value : &none, arg->name ? arg->name : arg->surface,
                        quantity_id);
    }
    const char *key = arg->id ? arg->id : arg->name;
    if (!key) return KG_EINPUT;
    return entity(p, key, arg->name, is_literal ? "LITERAL" : arg->type, NULL, spelled, entity_id);
}

/* The type of the source entity: the lexicon's, else that of a mention with its id. */
static const char *source_type(put *p, const char *id) {
    for (size_t i = 0; i < p->a->n_mentions; i++)
        if (p->a->mentions[i].id && !strcmp(p->a->mentions[i].id, id)) return p->a->mentions[i].type;
    return NULL;
}

static bool known_modality(const char *m) {
    static const char *const modalities[] = {"asserted", "reported", "alleged", "planned", "possible"};
    for (size_t i = 0; i < sizeof modalities / sizeof modalities[0]; i++)
        if (!strcmp(m, modalities[i])) return true;
    return false;
}

static int put_claims(put *p) {
    const kg_article *a = p->a;
    for (size_t i = 0; i < a->n_claims; i++) {
        const kg_claim *c = &a->claims[i];
        const char *modality = c->modality ? c->modality : "asserted";
        if (!c->relation || !*c->relation)
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1, "claim %zu has no relation", i);
        if (c->sentence >= a->n_sentences)
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                                "claim %zu: sentence %zu does not exist", i, c->sentence);
        if (c->polarity != '+' && c->polarity != '-')
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                                "claim %zu: polarity must be '+' or '-'", i);
        if (!known_modality(modality))
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                                "claim %zu: unknown modality '%s'", i, modality);
        sqlite3_int64 subject = 0, unused = 0, object = 0, object_q = 0, source = 0, amount = 0;
        const char *literal = NULL, *literal_text = NULL;
        int rc = claim_arg(p, &c->subject, true, &subject, &unused, &literal, &literal_text);
        if (rc == KG_OK) rc = claim_arg(p, &c->object, false, &object, &object_q, &literal, &literal_text);
        if (rc == KG_EINPUT)
            return kg_error_set(p->err, KG_EINPUT, p->file, 0, 0, -1,
                                "claim %zu (%s): an argument has neither id nor name", i, c->relation);
        if (rc == KG_OK && c->source_id)
            rc = entity(p, c->source_id, c->source, source_type(p, c->source_id), NULL, NULL, &source);
        if (rc == KG_OK && c->has_amount) rc = quantity(p, &c->amount, c->amount_name, &amount);
        if (rc != KG_OK) return rc;
        const kg_sentence *s = &a->sentences[c->sentence];
        sqlite3_stmt *st = stmt(p, ST_INSERT_CLAIM);
        char polarity[2] = {c->polarity, '\0'};
        int b = sqlite3_bind_int64(st, 1, p->article_id);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 2, p->sentence_ids[c->sentence]);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 3, subject);
        if (b == SQLITE_OK) b = bind_text(st, 4, c->relation);
        if (b == SQLITE_OK) b = object ? sqlite3_bind_int64(st, 5, object) : sqlite3_bind_null(st, 5);
        if (b == SQLITE_OK) b = object_q ? sqlite3_bind_int64(st, 6, object_q) : sqlite3_bind_null(st, 6);
        if (b == SQLITE_OK) b = bind_text(st, 7, literal);
        if (b == SQLITE_OK) b = bind_text(st, 8, polarity);
        if (b == SQLITE_OK) b = bind_text(st, 9, modality);
        if (b == SQLITE_OK) b = source ? sqlite3_bind_int64(st, 10, source) : sqlite3_bind_null(st, 10);
        if (b == SQLITE_OK) b = bind_text(st, 11, c->source);
        if (b == SQLITE_OK) b = bind_text(st, 12, c->time);
        if (b == SQLITE_OK) b = amount ? sqlite3_bind_int64(st, 13, amount) : sqlite3_bind_null(st, 13);
        if (b == SQLITE_OK) b = sqlite3_bind_double(st, 14, c->confidence);
        if (b == SQLITE_OK) b = bind_text(st, 15, c->rule ? c->rule : "");
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 16, (sqlite3_int64)s->raw_start);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 17, (sqlite3_int64)s->raw_end);
        if (b == SQLITE_OK) b = bind_text(st, 18, literal_text);
        rc = step_done(p, st, b, "storing a claim");
        if (rc != KG_OK) return rc;
    }
    return KG_OK;
}

/* single (an INSERT ... VALUES of one row of `columns` parameters) with `rows` rows. */
static char *batch_sql(const char *single, int columns, int rows) {
    const char *values = strstr(single, " VALUES ");
    size_t head = (size_t)(values - single) + 8, cap = head + (size_t)rows * (size_t)columns * 8 + 16;
    char *sql = kg_xmalloc(cap);
    memcpy(sql, single, head);
    size_t at = head;
    for (int r = 0; r < rows; r++) {
        if (r) sql[at++] = ',';
        sql[at++] = '(';
        for (int c = 0; c < columns; c++)
            at += (size_t)snprintf(sql + at, cap - at, "%s?%d", c ? "," : "", r * columns + c + 1);
        sql[at++] = ')';
    }
    sql[at] = '\0';
    return sql;
}

static int prepare_all(kg_store *s, kg_error *err) {
    for (int i = 0; i < ST_COUNT; i++) {
        if (s->st[i]) continue;
        int rows = i == ST_INSERT_MENTIONS_4 ? 4 : i == ST_INSERT_MENTIONS_16 ? 16 : 0;
        char *built = rows ? batch_sql(statement_sql[ST_INSERT_MENTION], MENTION_COLUMNS, rows) : NULL;
        int rc = sqlite3_prepare_v3(s->db, built ? built : statement_sql[i], -1,
                                    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
        free(built);
        if (rc != SQLITE_OK) return db_error(s, err, "preparing a statement");
    }
    return KG_OK;
}

int kg_store_lookup(kg_store *store, const char *path, bool *found, char hash[65],
                    long long *bytes, kg_error *err) {
    *found = false;
    if (prepare_all(store, err) != KG_OK) return KG_EDB;
    sqlite3_stmt *st = store->st[ST_FIND_ARTICLE];
    int rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    int step = rc == SQLITE_OK ? sqlite3_step(st) : rc;
    if (step == SQLITE_ROW) {
        const unsigned char *old = sqlite3_column_text(st, 1);
        *found = true;
        snprintf(hash, 65, "%s", old ? (const char *)old : "");
        *bytes = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return db_error(store, err, "looking up the article");
    return KG_OK;
}

bool kg_store_same_content(const char *hash, long long bytes, const char *raw, size_t len,
                           char *raw_hash) {
    char own[65];
    char *now = raw_hash ? raw_hash : own;
    now[0] = '\0';
    /* Only content of the stored size needs hashing. */
    if (bytes < 0 || (unsigned long long)bytes != len) return false;
    kg_sha256_hex(raw, len, now);
    return !strcmp(now, hash);
}

int kg_store_unchanged(kg_store *store, const char *path, const char *raw, size_t len,
                       bool *unchanged, kg_error *err) {
    bool found = false;
    char hash[65];
    long long bytes = 0;
    *unchanged = false;
    if (kg_store_lookup(store, path, &found, hash, &bytes, err) != KG_OK) return KG_EDB;
    *unchanged = found && kg_store_same_content(hash, bytes, raw, len, NULL);
    return KG_OK;
}

void kg_store_group_commits(kg_store *store, size_t max_articles, unsigned max_ms) {
    store->group_max = max_articles;
    store->group_ms = max_ms;
}

/* Runs one of the transaction-control statements. */
static int control(kg_store *s, int which, kg_error *err, const char *doing) {
    sqlite3_stmt *st = s->st[which];
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_error(s, err, doing);
    return KG_OK;
}

size_t kg_store_group_pending(const kg_store *store) {
    return store && store->in_group ? store->group_n : 0;
}

int kg_store_flush(kg_store *store, kg_error *err) {
    if (!store || !store->in_group) return KG_OK;
    store->in_group = false;
    size_t n = store->group_n;
    store->group_n = 0;
    char why[256];
    if (sqlite3_get_autocommit(store->db)) {
        snprintf(why, sizeof why, "the transaction was rolled back");
    } else {
        if (index_pending(store) == SQLITE_OK && sqlite3_step(store->st[ST_COMMIT]) == SQLITE_DONE) {
            sqlite3_reset(store->st[ST_COMMIT]);
            return KG_OK;
        }
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(store->db));
        sqlite3_reset(store->st[ST_COMMIT]);
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    }
    store->lost += n;
    return kg_error_set(err, KG_EDB, store->path, 0, 0, -1,
                        "committing the last %zu articles failed (%s); they are not stored", n,
                        why);
}

size_t kg_store_take_lost(kg_store *store) {
    if (!store) return 0;
    size_t n = store->lost;
    store->lost = 0;
    return n;
}

static long elapsed_ms(const struct timespec *since) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Starts a transaction; forgets what was written when another connection has committed
 * since this one last looked. */
static int begin_transaction(kg_store *s, kg_error *err) {
    if (control(s, ST_BEGIN, err, "starting a transaction") != KG_OK) return KG_EDB;
    sqlite3_stmt *st = s->st[ST_DATA_VERSION];
    int rc = sqlite3_step(st);
    int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return db_error(s, err, "starting a transaction");
    if (version != s->cache_data_version) forget_written(s);
    s->cache_data_version = version;
    return KG_OK;
}

/* Opens the transaction (or, in a group, the savepoint) that one article is written in. */
static int begin_article(kg_store *s, kg_error *err) {
    if (s->group_max <= 1) return begin_transaction(s, err);
    if (!s->in_group) {
        if (begin_transaction(s, err) != KG_OK) return KG_EDB;
        s->in_group = true;
        s->group_n = 0;
        clock_gettime(CLOCK_MONOTONIC, &s->group_start);
    }
    return control(s, ST_SAVEPOINT, err, "starting a transaction");
}

/* Makes the article just written part of the database (or of the open group). */
static int end_article(kg_store *s, kg_error *err) {
    if (s->group_max <= 1) {
        if (index_pending(s) != SQLITE_OK) return db_error(s, err, "indexing the sentences");
        return control(s, ST_COMMIT, err, "committing");
    }
    if (control(s, ST_RELEASE, err, "committing") != KG_OK) return KG_EDB;
    s->group_n++;
    if (s->group_n >= s->group_max || elapsed_ms(&s->group_start) >= (long)s->group_ms) {
        if (kg_store_flush(s, err) == KG_OK) return KG_OK;
        s->lost--; /* this article: its own failure */
        return KG_EDB;
    }
    return KG_OK;
}

/* Undoes the article being written; in a group, the articles before it stay. */
static void abandon_article(kg_store *s, kg_error *err) {
    for (int i = 0; i < ST_COUNT; i++)
        if (s->st[i]) sqlite3_reset(s->st[i]);
    forget_written(s);
    if (sqlite3_get_autocommit(s->db)) {
        /* SQLite rolled the whole transaction back itself (out of memory, I/O error). */
        if (s->in_group && s->group_n > 0) {
            size_t len = strlen(err->message);
            snprintf(err->message + len, sizeof err->message - len,
                     " (the %zu articles stored before it in this transaction were lost too)",
                     s->group_n);
            s->lost += s->group_n;
        }
        s->in_group = false;
        s->group_n = 0;
        return;
    }
    if (s->group_max <= 1 || !s->in_group) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->in_group = false;
        return;
    }
    if (sqlite3_exec(s->db, "ROLLBACK TO kg_article; RELEASE kg_article", NULL, NULL, NULL) !=
        SQLITE_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->in_group = false;
        s->group_n = 0;
    }
}

int kg_store_put_article(kg_store *store, const kg_article *a, const kg_lexicon *lex,
                         kg_store_outcome *outcome, kg_error *err) {
    if (!a || !a->doc || !a->doc->path || !a->doc->raw)
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1, "the article has no document");
    char hash[65];
    kg_sha256_hex(a->doc->raw, a->doc->raw_len, hash);
    return kg_store_put_hashed(store, a, hash, lex, outcome, err);
}

int kg_store_put_hashed(kg_store *store, const kg_article *a, const char *hash,
                        const kg_lexicon *lex, kg_store_outcome *outcome, kg_error *err) {
    return kg_store_put_keyed(store, a, NULL, hash, lex, outcome, NULL, err);
}

/* Looks for the article under another key (ST_FIND_SAME_CONTENT or ST_FIND_SAME_ID,
 * bound by the caller): sets p->article_id and *same_as (malloc'd) when found. */
static int find_same(put *p, sqlite3_stmt *st, int bound, char **same_as, bool *found) {
    *found = false;
    int step = bound == SQLITE_OK ? sqlite3_step(st) : bound;
    if (step == SQLITE_ROW) {
        p->article_id = sqlite3_column_int64(st, 0);
        const unsigned char *key = sqlite3_column_text(st, 1);
        if (same_as) *same_as = kg_xstrdup(key ? (const char *)key : "");
        *found = true;
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return fail_db(p, "looking up the article");
    return KG_OK;
}

int kg_store_put_keyed(kg_store *store, const kg_article *a, const char *key, const char *hash,
                       const kg_lexicon *lex, kg_store_outcome *outcome, char **same_as,
                       kg_error *err) {
    if (same_as) *same_as = NULL;
    if (!a || !a->doc || !a->doc->path || !a->doc->raw)
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1, "the article has no document");
    if (!key) key = a->doc->path;
    if (store->readonly)
        return kg_error_set(err, KG_EUSAGE, store->path, 0, 0, -1, "the database is open read-only");
    if (prepare_all(store, err) != KG_OK) return KG_EDB;
    put p = {.s = store, .a = a, .lex = lex, .err = err, .file = a->doc->path, .key = key,
             .hash = hash};
    if (begin_article(store, err) != KG_OK) {
        abandon_article(store, err);
        return KG_EDB;
    }
    if (lex != store->cache_lex || sqlite3_total_changes64(store->db) != store->cache_changes)
        forget_written(store);
    store->cache_lex = lex;

    kg_store_outcome result = KG_STORE_INSERTED;
    sqlite3_stmt *st = stmt(&p, ST_FIND_ARTICLE);
    int rc = KG_OK;
    if (bind_text(st, 1, key) != SQLITE_OK) rc = fail_db(&p, "looking up the article");
    int step = rc == KG_OK ? sqlite3_step(st) : SQLITE_ERROR;
    bool found = false;
    if (step == SQLITE_ROW) {
        p.article_id = sqlite3_column_int64(st, 0);
        const unsigned char *old = sqlite3_column_text(st, 1);
        found = true;
        result = old && !strcmp((const char *)old, hash) && !store->rewrite_unchanged
                     ? KG_STORE_UNCHANGED
                     : KG_STORE_REPLACED;
    } else if (step != SQLITE_DONE && rc == KG_OK) {
        rc = fail_db(&p, "looking up the article");
    }
    sqlite3_reset(st);
    /* A key not stored yet may still name a stored article: the same bytes (a copy, or
     * standard input) are that article unchanged; the same front-matter id is a new
     * version of it, which takes its place under the new key. */
    if (rc == KG_OK && !found) {
        st = stmt(&p, ST_FIND_SAME_CONTENT);
        int b = bind_text(st, 1, hash);
        if (b == SQLITE_OK) b = sqlite3_bind_int64(st, 2, (sqlite3_int64)a->doc->raw_len);
        rc = find_same(&p, st, b, same_as, &found);
        if (rc == KG_OK && found)
            result = store->rewrite_unchanged ? KG_STORE_REPLACED : KG_STORE_UNCHANGED;
    }
    if (rc == KG_OK && !found && a->doc->id && a->doc->id[0]) {
        st = stmt(&p, ST_FIND_SAME_ID);
        rc = find_same(&p, st, bind_text(st, 1, a->doc->id), same_as, &found);
        if (rc == KG_OK && found) result = KG_STORE_REPLACED;
    }

    if (rc == KG_OK && result != KG_STORE_UNCHANGED) {
        p.sentence_ids = kg_xcalloc(a->n_sentences ? a->n_sentences : 1, sizeof *p.sentence_ids);
        if (result == KG_STORE_REPLACED) rc = delete_old(&p);
        if (rc == KG_OK) rc = put_article_row(&p, result == KG_STORE_REPLACED);
        if (rc == KG_OK) rc = put_sentences(&p);
        if (rc == KG_OK) rc = put_mentions(&p);
        if (rc == KG_OK) rc = put_claims(&p);
        if (rc == KG_OK && result == KG_STORE_REPLACED) rc = collect_garbage(&p);
        free(p.sentence_ids);
    }
    if (rc == KG_OK && end_article(store, err) != KG_OK) rc = KG_EDB;
    unbind_all(store);
    if (rc != KG_OK) {
        abandon_article(store, err);
        if (same_as) {
            free(*same_as);
            *same_as = NULL;
        }
        return rc;
    }
    store->cache_changes = sqlite3_total_changes64(store->db);
    if (outcome) *outcome = result;
    return KG_OK;
}
