/* kg_query: canned queries (queries/NAME.sql in the data directory) and printing the
 * rows of any query as an aligned table, CSV, TSV or JSON.
 *
 * A canned query file starts with comment lines that describe it:
 *   -- name: NAME                      (the file stem is the name)
 *   -- answers: one line saying what it answers
 *   -- params: :entity (name or key), ...
 *   -- default: :limit 20              (optional; a value used when none is given)
 *   -- form: :words fts                (optional; how a person's value is compared, below)
 * and holds SQL with :named parameters, so it runs in the sqlite3 shell too.
 *
 * What a person gives for a parameter is compared in the matching form of the article
 * text (kg_typed.h): kg_query_typed_params puts every value through kg_typed_text, a
 * parameter with "-- form: :NAME fts" through kg_typed_fts (an FTS5 query) and one with
 * "-- form: :NAME entity" through kg_typed_entity (an entity's name, alias or key).
 *
 * Parameters are always bound, never spliced into SQL. A value that is a decimal integer
 * is bound as an integer (as the sqlite3 shell's .param set does), anything else as text.
 *
 * Ownership: kg_query_load/kg_query_list results are freed with kg_query_free /
 * kg_query_list_free (NULL is fine). */
#ifndef KG_QUERY_H
#define KG_QUERY_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>

#include "kg_error.h"

typedef enum { KG_OUT_TABLE, KG_OUT_CSV, KG_OUT_TSV, KG_OUT_JSON } kg_output_format;

/* "table", "csv", "tsv", "json" -> *out; returns KG_OK or KG_EUSAGE. */
int kg_output_format_parse(const char *name, kg_output_format *out);

typedef struct kg_query_param {
    const char *name;   /* without the leading ':' */
    const char *value;
} kg_query_param;

typedef struct kg_canned_query {
    char *name, *path;
    char *answers;      /* "" when the file has no answers line */
    char *params;       /* the params line as written, or "" */
    char *sql;
    kg_query_param *defaults; /* from "-- default:" lines; strings owned by the query */
    size_t n_defaults;
    kg_query_param *forms;    /* from "-- form:" lines: value "fts" or "entity"; owned */
    size_t n_forms;
} kg_canned_query;

/* Loads DATA_DIR/queries/NAME.sql (data_dir NULL: kg_data_dir()). An unknown or
 * malformed name is KG_EUSAGE. */
int kg_query_load(const char *data_dir, const char *name, kg_canned_query **out, kg_error *err);
void kg_query_free(kg_canned_query *q);
/* All canned queries (every .sql file of queries/ but schema.sql and migrate-N.sql), by name. */
int kg_query_list(const char *data_dir, kg_canned_query ***out, size_t *count, kg_error *err);
void kg_query_list_free(kg_canned_query **list, size_t count);

/* Splits "name=value" in place (the '=' becomes a NUL; a leading ':' on name is
 * dropped); *out points into arg, which must outlive it. */
int kg_query_param_parse(char *arg, kg_query_param *out, kg_error *err);

/* The values of ps[0..n) in the form q compares them in (see the top of this file): a
 * new array of n parameters with the same names (pointing into ps) and malloc'ed values;
 * free it with kg_query_typed_free(out, n). A NULL q puts every value through
 * kg_typed_text. */
kg_query_param *kg_query_typed_params(const kg_canned_query *q, const kg_query_param *ps, size_t n);
void kg_query_typed_free(kg_query_param *typed, size_t n);

/* Runs every statement of sql with params bound by name and prints the rows of each
 * statement that returns columns to out. Every parameter the SQL names must be given
 * (or have a default: defaults may be NULL), and every given one must be used; else
 * KG_EUSAGE naming them. A statement that would write is refused (KG_EDB) before it
 * runs. SQLite errors are KG_EDB. */
int kg_query_run(sqlite3 *db, const char *sql, const kg_query_param *params, size_t n_params,
                 const kg_query_param *defaults, size_t n_defaults, kg_output_format format,
                 FILE *out, kg_error *err);

/* Width of UTF-8 text in terminal cells: East Asian wide/fullwidth characters count 2,
 * combining marks, format characters (ZWNJ, bidi marks) and controls 0, others 1.
 * Invalid bytes count 1 each. */
size_t kg_display_width(const char *s, size_t len);

#endif
