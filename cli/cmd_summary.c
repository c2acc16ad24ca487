/* kg summary: counts of what the database holds, and claims per relation. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "kg_query.h"
#include "kg_store.h"

static const char usage_text[] =
    "usage: kg summary [--db FILE] [--format table|csv|tsv|json]\n"
    "\n"
    "Prints how many articles, sentences, entities, mentions and claims the database\n"
    "holds, then the number of claims per relation: two tables, or with csv, tsv or\n"
    "json one document of rows (kind, name, count), kind being total or relation.\n"
    "\n"
    "  --db FILE         the database (default: $KG_DB, else out/kg.sqlite)\n"
    "  --format FORMAT   table (default), csv, tsv, or json\n";

static const char counts_sql[] =
    "SELECT 'articles' AS what, count(*) AS count FROM articles"
    " UNION ALL SELECT 'sentences', count(*) FROM sentences"
    " UNION ALL SELECT 'entities', count(*) FROM entities"
    " UNION ALL SELECT 'mentions', count(*) FROM mentions"
    " UNION ALL SELECT 'claims', count(*) FROM claims";

/* csv, tsv and json: one document, the totals and then the relations. */
static const char one_document_sql[] =
    "SELECT kind, name, count FROM ("
    " SELECT 0 AS part, 1 AS seq, 'total' AS kind, 'articles' AS name, count(*) AS count FROM articles"
    " UNION ALL SELECT 0, 2, 'total', 'sentences', count(*) FROM sentences"
    " UNION ALL SELECT 0, 3, 'total', 'entities', count(*) FROM entities"
    " UNION ALL SELECT 0, 4, 'total', 'mentions', count(*) FROM mentions"
    " UNION ALL SELECT 0, 5, 'total', 'claims', count(*) FROM claims"
    " UNION ALL SELECT 1, -count(*), 'relation', relation, count(*) FROM claims GROUP BY relation)"
    " ORDER BY part, seq, name";

static const char relations_sql[] =
    "SELECT relation, count(*) AS claims FROM claims GROUP BY relation"
    " ORDER BY claims DESC, relation";

int kg_cmd_summary(int argc, char **argv) {
    const char *db = NULL;
    kg_output_format format = KG_OUT_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return KG_EXIT_OK;
        }
        const char *value = NULL;
        int m = kg_cli_option(argc, argv, &i, "--db", &value);
        if (m > 0) {
            db = value;
        } else if (m == 0 && (m = kg_cli_option(argc, argv, &i, "--format", &value)) > 0) {
            if (kg_output_format_parse(value, &format) != KG_OK) {
                kg_cli_error("summary", "unknown format '%s' (table, csv, tsv or json)", value);
                return KG_EXIT_USAGE;
            }
        } else if (m < 0) {
            kg_cli_error("summary", "%s needs a value (kg summary --help)", a);
            return KG_EXIT_USAGE;
        } else {
            kg_cli_error("summary", "unexpected argument '%s' (kg summary --help)", a);
            return KG_EXIT_USAGE;
        }
    }
    kg_error err;
    kg_error_clear(&err);
    kg_store *store = NULL;
    int rc = kg_store_open_readonly(kg_cli_db_path(db), &store, &err);
    if (rc == KG_OK && format != KG_OUT_TABLE)
        rc = kg_query_run(kg_store_db(store), one_document_sql, NULL, 0, NULL, 0, format, stdout,
                          &err);
    else if (rc == KG_OK)
        rc = kg_query_run(kg_store_db(store), counts_sql, NULL, 0, NULL, 0, format, stdout, &err);
    if (rc == KG_OK && format == KG_OUT_TABLE) fputc('\n', stdout);
    if (rc == KG_OK && format == KG_OUT_TABLE)
        rc = kg_query_run(kg_store_db(store), relations_sql, NULL, 0, NULL, 0, format, stdout, &err);
    kg_store_close(store);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("summary", "%s", msg);
        return KG_EXIT_DATA;
    }
    return KG_EXIT_OK;
}
