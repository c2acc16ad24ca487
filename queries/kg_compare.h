/* kg_compare: compares the claims of articles stored in a kg database (queries/schema.sql):
 * a claims x articles coverage matrix, pairwise Jaccard similarity, contradictions
 * (opposite polarity; amounts that disagree for one year) and extraction coverage.
 *
 * A claim's key is (subject key, relation, object key | quantity name | literal, polarity);
 * entity keys are canonical across languages, so Persian and English articles compare on
 * the same keys. The SQL lives in queries/internal/compare-*.sql, read from the data dir (kg_data.h).
 *
 * Also here, because the graph and compare commands share them: opening a database
 * read-only and resolving an article given by id, path or title.
 *
 * Ownership: a kg_compare_result owns all its strings and arrays; kg_compare_free frees
 * everything (NULL is fine). Errors follow kg_error.h. */
#ifndef KG_COMPARE_H
#define KG_COMPARE_H
#include <stddef.h>
#include <stdio.h>

#include <sqlite3.h>

#include "kg_error.h"

/* Opens path read-only after checking it exists and holds a kg database (a claims table,
 * user_version >= 1). On failure *db is NULL and err says what is wrong (KG_EIO for a
 * missing file, KG_EDB otherwise). Close with sqlite3_close. */
int kg_db_open_readonly(const char *path, sqlite3 **db, kg_error *err);

/* Reads the data file queries/internal/NAME (e.g. "compare-keys.sql"): SQL used by the
 * code, not a canned query; caller frees. NULL and an
 * error when it cannot be read. */
char *kg_sql_load(const char *name, kg_error *err);

/* Binds parameter name (e.g. ":articles") of stmt to the JSON array of ids[0..n), or to
 * NULL when n == 0 (the canned SQL reads NULL as "every article"). Returns the SQLite code. */
int kg_sql_bind_ids(sqlite3_stmt *stmt, const char *name, const long long *ids, size_t n);

/* Finds one article from spec: its id (all digits), its exact path, a path ending in
 * "/spec", its exact title, or a unique title containing spec (case-insensitive ASCII).
 * Titles compare in the matching form (kg_typed.h), so a title typed with Arabic letters,
 * Persian digits or without its half-spaces finds the article. The best-ranked kind of
 * match wins; two matches of the same rank are an error (KG_EUSAGE) naming both. No
 * match is KG_EUSAGE. */
int kg_article_find(sqlite3 *db, const char *spec, long long *article_id, kg_error *err);

/* Appends to *ids (malloc'ed, *n entries, caller frees) every article whose outlet equals
 * outlet (ASCII case-insensitive, in the matching form). Returns KG_EUSAGE when there is none. */
int kg_article_find_outlet(sqlite3 *db, const char *outlet, long long **ids, size_t *n,
                           kg_error *err);

typedef struct kg_compare_article {
    long long id;
    char *path, *title, *outlet, *lang, *url; /* NULL when not stored (path never NULL) */
    size_t sentences;             /* sentences stored for the article */
    size_t sentences_with_claims; /* of which yielded at least one claim */
    size_t claims;                /* claim rows */
    size_t keys;                  /* distinct claim keys */
    char **unclaimed;             /* names of entities mentioned but in no claim of the
                                     article, sorted; n_unclaimed of them */
    size_t n_unclaimed;
} kg_compare_article;

enum { KG_SHARED_ALL = 0, KG_SHARED_SOME = 1, KG_SHARED_UNIQUE = 2 };

typedef struct kg_compare_key {
    char *subject_key, *subject;   /* canonical key and display name */
    char *relation;
    char object_kind;              /* 'e' entity, 'q' quantity, 'l' literal */
    char *object_key;              /* entity key, quantity name or literal */
    char *object;                  /* display name */
    char polarity;                 /* '+' or '-' */
    size_t *counts;                /* claim rows per article, indexed like articles */
    size_t n_articles;             /* how many articles carry it */
    int shared;                    /* KG_SHARED_*: all / some / unique to one */
} kg_compare_key;

enum { KG_CONFLICT_POLARITY = 0, KG_CONFLICT_VALUE = 1 };

typedef struct kg_compare_conflict {
    int kind;                      /* KG_CONFLICT_* */
    char *subject_key, *subject, *relation;
    char *object_a, *object_b;     /* objects of the two claims (display form) */
    char *time;                    /* the shared time for value conflicts, or NULL */
    long long article_a, article_b, claim_a, claim_b;
    char polarity_a, polarity_b;
    char *evidence_a, *evidence_b;
} kg_compare_conflict;

typedef struct kg_compare_result {
    kg_compare_article *articles;  /* in article id order */
    size_t n_articles;
    kg_compare_key *keys;          /* sorted by articles carrying them (desc), then key */
    size_t n_keys;
    double *jaccard;               /* n_articles x n_articles, row-major; 1.0 on the
                                      diagonal; 0 when both articles have no claims */
    kg_compare_conflict *conflicts;
    size_t n_conflicts;
    size_t shared_all, shared_some, unique; /* key counts per class */
} kg_compare_result;

/* Compares the articles ids[0..n) (distinct; n == 0: every article in the database).
 * An id not in the database is KG_EUSAGE, and so are more than KG_COMPARE_MAX_ARTICLES
 * articles: the result holds a claims x articles matrix and an articles x articles
 * similarity table, which for an archive of thousands would take gigabytes (the canned
 * queries coverage and contradictions scale instead). On success *out is a new result
 * (caller frees with kg_compare_free). */
#define KG_COMPARE_MAX_ARTICLES 500
int kg_compare_run(sqlite3 *db, const long long *ids, size_t n, kg_compare_result **out,
                   kg_error *err);
void kg_compare_free(kg_compare_result *r);

/* Index of article id in r->articles, or -1. */
long kg_compare_article_index(const kg_compare_result *r, long long id);

/* Writers. format: "table", "csv" or "json". For csv, table picks one of "matrix",
 * "jaccard", "contradictions", "coverage" (NULL = "matrix"); table and json print all.
 * Returns KG_EUSAGE for an unknown format or table, KG_EIO when writing fails. */
int kg_compare_write(const kg_compare_result *r, const char *format, const char *table,
                     FILE *out, kg_error *err);

#endif
