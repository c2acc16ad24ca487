/* kg query: runs a canned query (queries/NAME.sql) on the database, read-only. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query_options.h"
#include "kg_arena.h"
#include "kg_query.h"
#include "kg_store.h"
#include "kg_typed.h"

static const char usage_text[] =
    "usage: kg query [--db FILE] [--format table|csv|tsv|json] [--param NAME=VALUE]... QUERY\n"
    "       kg query --list\n"
    "\n"
    "Runs a canned query from the queries/ folder of the data directory on the database,\n"
    "which is opened read-only. Parameters are bound, never pasted into the SQL; every\n"
    "parameter the query names must be given (kg query --list shows what each takes).\n"
    "Values are compared in the matching form of the articles' text (kg normalize): a\n"
    "word typed with a half-space, Arabic letters or Persian digits finds the same rows\n"
    "as its plain form, and an entity is found by any name or alias the lexicon knows.\n"
    "\n"
    "  --db FILE         the database (default: $KG_DB, else out/kg.sqlite)\n"
    "  --format FORMAT   table (default), csv (RFC 4180), tsv, or json\n"
    "  --param NAME=VALUE  a value for :NAME in the query (repeatable)\n"
    "  --list            list the canned queries, what each answers and its parameters\n"
    "\n"
    "Exit status: 0 ok; 2 usage (unknown query, missing or unknown parameter); 3 the\n"
    "database could not be read or refused the query.\n";

static int list_queries(void) {
    kg_canned_query **list = NULL;
    size_t n = 0;
    kg_error err;
    kg_error_clear(&err);
    if (kg_query_list(NULL, &list, &n, &err) != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("query", "%s", msg);
        return KG_EXIT_DATA;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]->name) > w) w = strlen(list[i]->name);
    for (size_t i = 0; i < n; i++) {
        printf("%-*s  %s\n", (int)w, list[i]->name, list[i]->answers);
        if (*list[i]->params && strcmp(list[i]->params, "none")) printf("%-*s  params: %s\n", (int)w, "", list[i]->params);
    }
    kg_query_list_free(list, n);
    return KG_EXIT_OK;
}

int kg_cmd_query(int argc, char **argv) {
    const char *name = NULL;
    kg_query_options o = {.format = KG_OUT_TABLE};
    o.params = kg_xcalloc((size_t)argc + 1, sizeof *o.params);
    bool list = false;
    int status = KG_EXIT_OK;
    kg_error err;
    kg_error_clear(&err);
    for (int i = 1; i < argc && status == KG_EXIT_OK; i++) {
        const char *a = argv[i];
        int taken;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(o.params);
            return KG_EXIT_OK;
        } else if (!strcmp(a, "--list")) {
            list = true;
        } else if ((taken = kg_cli_query_option("query", argc, argv, &i, &o)) != 0) {
            if (taken < 0) status = KG_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            kg_cli_error("query", "unknown option '%s' (kg query --help)", a);
            status = KG_EXIT_USAGE;
        } else if (name) {
            kg_cli_error("query", "one query at a time ('%s' and '%s')", name, a);
            status = KG_EXIT_USAGE;
        } else {
            name = a;
        }
    }
    if (status == KG_EXIT_OK && list) {
        free(o.params);
        return list_queries();
    }
    if (status == KG_EXIT_OK && !name) {
        kg_cli_error("query", "no QUERY given (kg query --list lists them)");
        status = KG_EXIT_USAGE;
    }
    if (status != KG_EXIT_OK) {
        free(o.params);
        return status;
    }
    char msg[1200];
    kg_canned_query *q = NULL;
    kg_store *store = NULL;
    int rc = kg_query_load(NULL, name, &q, &err);
    if (rc == KG_OK) rc = kg_store_open_readonly(kg_cli_db_path(o.db), &store, &err);
    if (rc == KG_OK) {
        /* Values are compared in the matching form of the articles' text (kg_typed.h). */
        kg_query_param *typed = kg_query_typed_params(q, o.params, o.n_params);
        rc = kg_query_run(kg_store_db(store), q->sql, typed, o.n_params, q->defaults, q->n_defaults,
                          o.format, stdout, &err);
        kg_query_typed_free(typed, o.n_params);
    }
    if (rc != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("query", "%s%s%s", q && !err.file[0] ? q->name : "", q && !err.file[0] ? ": " : "", msg);
        status = kg_cli_exit_for(rc);
    }
    kg_store_close(store);
    kg_query_free(q);
    kg_typed_cleanup();
    free(o.params);
    return status;
}
