/* kg_store: the SQLite database of articles, sentences, entities, mentions, quantities and
 * claims (schema: queries/schema.sql, migrations: queries/migrate-N.sql).
 *
 * Contract:
 *   - kg_store_open creates the database file if missing (not its directory), applies
 *     schema.sql from the data directory when PRAGMA user_version is 0, runs
 *     migrate-N.sql for every N up to KG_STORE_SCHEMA_VERSION (each in its own
 *     transaction, with foreign keys off; one that leaves a dangling foreign key is
 *     rolled back), and refuses a database
 *     whose version is newer than this program. WAL journal, foreign keys on, busy
 *     timeout of a few seconds.
 *   - kg_store_open_readonly never creates or changes anything: the file must exist and
 *     be a kg database of a version this program reads; the connection is read-only
 *     (SQLITE_OPEN_READONLY and PRAGMA query_only).
 *   - kg_store_put_article writes one article atomically: all of it or, on any error,
 *     nothing (the database is as before the call). By default each article is its own
 *     transaction; with kg_store_group_commits a few consecutive articles share one
 *     transaction, each in its own savepoint, so a reader or a crash still sees only
 *     whole articles (a crash loses the uncommitted articles of the open group, which a
 *     rerun of the same ingest stores again).
 *   - A sentence's norm is stored only when it differs from its text (NULL otherwise;
 *     readers use COALESCE(norm, text) or the view sentences_norm).
 *   - What people read is stored in the article's spelling (kg_mapped_original): the
 *     name of an entity no lexicon knows is that of its first mention, a literal object
 *     keeps its spelling in claims.object_text beside its matching form in
 *     object_literal; aliases and mentions.surface hold matching forms.
 *   - The sentences an article adds enter the full-text index (sentences_fts) when its
 *     transaction commits, all of a group's in one statement; other connections never
 *     see a stored sentence missing from the index. Anything else that inserts
 *     sentences must index them itself (queries/schema.sql).
 *
 * Threads: a kg_store may move between threads but is used by one at a time (its
 * connection is opened without a mutex); open one store per thread for concurrent use.
 *
 * Ownership: a kg_store is freed with kg_store_close (NULL is fine); the sqlite3 handle
 * from kg_store_db belongs to the store. */
#ifndef KG_STORE_H
#define KG_STORE_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "kg_error.h"
#include "kg_lexicon.h"
#include "kg_pipeline.h"

/* The schema version this program writes (PRAGMA user_version). */
enum { KG_STORE_SCHEMA_VERSION = 5 };

typedef struct kg_store kg_store;

typedef enum {
    KG_STORE_INSERTED = 1,  /* an article not seen before */
    KG_STORE_REPLACED,      /* a known article whose content changed: its rows were replaced */
    KG_STORE_UNCHANGED      /* a known article, same content hash: nothing written */
} kg_store_outcome;

/* data_dir: where queries/schema.sql and migrations are; NULL means kg_data_dir(). */
int kg_store_open(const char *path, const char *data_dir, kg_store **out, kg_error *err);
int kg_store_open_readonly(const char *path, kg_store **out, kg_error *err);
/* kg_store_open with another target version (for testing migrations): brings the
 * database up to `version` and refuses one newer than it. */
int kg_store_open_at(const char *path, const char *data_dir, int version, kg_store **out,
                     kg_error *err);
void kg_store_close(kg_store *store);

sqlite3 *kg_store_db(kg_store *store);
/* The database's PRAGMA user_version. */
int kg_store_schema_version(kg_store *store);

/* Stores article a (its path is the key, see kg_store_put_keyed for other keys that
 * name the same article; its content hash is the SHA-256 of a->doc->raw). lex, when not NULL, gives canonical names, types and QIDs of the
 * entities it knows. outcome may be NULL. Returns KG_OK, or KG_EINPUT for an article
 * that breaks its own invariants (a claim without relation, a span outside the text),
 * KG_EDB when SQLite refuses; either way nothing was written. */
int kg_store_put_article(kg_store *store, const kg_article *a, const kg_lexicon *lex,
                         kg_store_outcome *outcome, kg_error *err);
/* kg_store_put_article with the content hash already computed (on another thread):
 * hash is the 64 lowercase hex digits of kg_sha256_hex(a->doc->raw, a->doc->raw_len). */
int kg_store_put_hashed(kg_store *store, const kg_article *a, const char *hash,
                        const kg_lexicon *lex, kg_store_outcome *outcome, kg_error *err);
/* kg_store_put_hashed under an explicit key (articles.path; NULL means a->doc->path):
 * the caller names the article, for example by the canonical path of its file, while
 * a->doc->path stays the name messages use. An article is one row, known by its key;
 * a key not stored yet still names a stored article when that one has
 *   - the same bytes (SHA-256 and size): the same article, unchanged: nothing is
 *     written (outcome UNCHANGED; with kg_store_rewrite_unchanged it is REPLACED);
 *   - else the same front-matter id (a->doc->id): a new version of it, which REPLACES
 *     it and takes the new key.
 * Then *same_as, when same_as is not NULL, is set to the stored article's key before
 * this call (malloc'd, the caller frees it); otherwise it is set to NULL. */
int kg_store_put_keyed(kg_store *store, const kg_article *a, const char *key, const char *hash,
                       const kg_lexicon *lex, kg_store_outcome *outcome, char **same_as,
                       kg_error *err);
/* Group commit: when max_articles > 1, the transaction that kg_store_put_article opens
 * stays open for up to max_articles articles or until an article finishes max_ms
 * milliseconds after the group began, whichever comes first; then it commits. Until
 * then the articles are invisible to other connections and the write lock is held. A
 * failing article is rolled back alone (its savepoint); the group goes on. Call
 * kg_store_flush to commit the open group (kg_store_close does too, but cannot report
 * an error). max_articles <= 1 restores one transaction per article. */
void kg_store_group_commits(kg_store *store, size_t max_articles, unsigned max_ms);
/* Commits the open group, if any. Returns KG_OK or KG_EDB (the group's articles are then
 * not stored; the message says how many). */
int kg_store_flush(kg_store *store, kg_error *err);
/* How many articles that kg_store_put_article reported stored were lost since the last
 * call, because committing their group failed (or SQLite rolled it back): the caller
 * counts them as failed. The article whose put returned the error is not among them. */
size_t kg_store_take_lost(kg_store *store);
/* How many articles the open group holds: those a failing kg_store_flush would lose. */
size_t kg_store_group_pending(const kg_store *store);
/* When rewrite is true, kg_store_put_article replaces an article even when its content
 * is unchanged (outcome REPLACED): for storing it again after the rules changed. */
void kg_store_rewrite_unchanged(kg_store *store, bool rewrite);
/* Sets *unchanged when the database holds path with exactly these raw bytes (so
 * extracting it again can be skipped). Returns KG_OK or KG_EDB. */
int kg_store_unchanged(kg_store *store, const char *path, const char *raw, size_t len,
                       bool *unchanged, kg_error *err);
/* The two halves of kg_store_unchanged, so that the hashing can run on another thread:
 * kg_store_lookup sets *found when the database holds path, and then its content hash
 * (64 hex digits and a NUL) and size; kg_store_same_content (no database, any thread)
 * tells whether raw is that content. It hashes raw only when the sizes agree; then, if
 * raw_hash is not NULL, it leaves raw's hash there (else raw_hash[0] is NUL), so that a
 * changed article is not hashed twice. */
int kg_store_lookup(kg_store *store, const char *path, bool *found, char hash[65],
                    long long *bytes, kg_error *err);
bool kg_store_same_content(const char *hash, long long bytes, const char *raw, size_t len,
                           char *raw_hash);

#endif
