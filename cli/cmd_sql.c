/* kg sql: runs SQL on the database through a read-only connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kg_arena.h"
#include "kg_query.h"
#include "kg_store.h"

static const char usage_text[] =
    "usage: kg sql [--db FILE] [--format table|csv|tsv|json] [--param NAME=VALUE]... SQL\n"
    "\n"
    "Runs SQL (one or more statements) on the database, opened read-only: SELECT and\n"
    "read-only PRAGMA statements run; anything that would write (INSERT, UPDATE, DELETE,\n"
    "CREATE, DROP, ATTACH, setting a PRAGMA) is refused before it runs. The tables and the\n"
    "claims_view view are described in queries/schema.sql.\n"
    "\n"
    "  --db FILE           the database (default: $KG_DB, else out/kg.sqlite); it must exist\n"
    "  --format FORMAT     table (default), csv (RFC 4180), tsv, or json\n"
    "  --param NAME=VALUE  a value for :NAME in the SQL (repeatable)\n"
    "\n"
    "Exit status: 0 ok; 2 usage; 3 the database is missing, refused the SQL, or the SQL\n"
    "would write.\n";

int kg_cmd_sql(int argc, char **argv) {
    const char *db = NULL, *sql = NULL;
    kg_output_format format = KG_OUT_TABLE;
    kg_query_param *params = kg_xcalloc((size_t)argc + 1, sizeof *params);
    size_t n_params = 0;
    int status = KG_EXIT_OK;
    kg_error err;
    kg_error_clear(&err);
    for (int i = 1; i < argc && status == KG_EXIT_OK; i++) {
        const char *a = argv[i];
        char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(params);
            return KG_EXIT_OK;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "--param")) {
            if (!value) {
                kg_cli_error("sql", "%s needs a value (kg sql --help)", a);
                status = KG_EXIT_USAGE;
                break;
            }
            i++;
            if (!strcmp(a, "--db")) {
                db = value;
            } else if (!strcmp(a, "--format")) {
                if (kg_output_format_parse(value, &format) != KG_OK) {
                    kg_cli_error("sql", "unknown format '%s' (table, csv, tsv or json)", value);
                    status = KG_EXIT_USAGE;
                }
            } else if (kg_query_param_parse(value, &params[n_params], &err) == KG_OK) {
                n_params++;
            } else {
                kg_cli_error("sql", "%s", err.message);
                status = KG_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] == '-' && a[2]) {
            kg_cli_error("sql", "unknown option '%s' (kg sql --help)", a);
            status = KG_EXIT_USAGE;
        } else if (sql) {
            kg_cli_error("sql", "give the SQL as one argument (quote it)");
            status = KG_EXIT_USAGE;
        } else {
            sql = a;
        }
    }
    if (status == KG_EXIT_OK && !sql) {
        kg_cli_error("sql", "no SQL given (kg sql --help)");
        status = KG_EXIT_USAGE;
    }
    if (status != KG_EXIT_OK) {
        free(params);
        return status;
    }
    kg_store *store = NULL;
    int rc = kg_store_open_readonly(kg_cli_db_path(db), &store, &err);
    if (rc == KG_OK)
        rc = kg_query_run(kg_store_db(store), sql, params, n_params, NULL, 0, format, stdout, &err);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("sql", "%s", msg);
        status = rc == KG_EUSAGE ? KG_EXIT_USAGE : KG_EXIT_DATA;
    }
    kg_store_close(store);
    free(params);
    return status;
}
