/* kg sql: runs SQL on the database through a read-only connection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query_options.h"
#include "kg_arena.h"
#include "kg_query.h"
#include "kg_store.h"

static const char usage_text[] =
    "usage: kg sql [--db FILE] [--format table|csv|tsv|json] [--param NAME=VALUE]... SQL\n"
    "\n"
    "Runs SQL (one or more statements) on the database, opened read-only: SELECT and\n"
    "read-only PRAGMA statements run; anything that would write (INSERT, UPDATE, DELETE,\n"
    "CREATE, DROP, ATTACH, setting a PRAGMA) is refused before it runs. The tables and the\n"
    "claims_view view are described in queries/schema.sql. SQL given as - is read from\n"
    "standard input. Every option also takes the form --option=value.\n"
    "\n"
    "  --db FILE           the database (default: $KG_DB, else out/kg.sqlite); it must exist\n"
    "  --format FORMAT     table (default), csv (RFC 4180), tsv, or json\n"
    "  --param NAME=VALUE  a value for :NAME in the SQL (repeatable)\n"
    "\n"
    "Exit status: 0 ok; 1 standard input could not be read; 2 usage; 3 the database is\n"
    "missing, refused the SQL, or the SQL would write.\n";

/* All of f as a string (NULL on a read error). */
static char *read_all(FILE *f) {
    size_t len = 0, cap = 4096;
    char *buf = kg_xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) buf = kg_xrealloc(buf, cap *= 2);
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

int kg_cmd_sql(int argc, char **argv) {
    const char *sql = NULL;
    kg_query_options o = {.format = KG_OUT_TABLE};
    o.params = kg_xcalloc((size_t)argc + 1, sizeof *o.params);
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
        } else if ((taken = kg_cli_query_option("sql", argc, argv, &i, &o)) != 0) {
            if (taken < 0) status = KG_EXIT_USAGE;
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
        free(o.params);
        return status;
    }
    char *from_stdin = NULL;
    if (!strcmp(sql, "-")) {
        from_stdin = read_all(stdin);
        if (!from_stdin) {
            kg_cli_error("sql", "-: cannot read standard input: %s", strerror(errno));
            free(o.params);
            return KG_EXIT_INPUT;
        }
        sql = from_stdin;
    }
    kg_store *store = NULL;
    int rc = kg_store_open_readonly(kg_cli_db_path(o.db), &store, &err);
    if (rc == KG_OK)
        rc = kg_query_run(kg_store_db(store), sql, o.params, o.n_params, NULL, 0, o.format, stdout,
                          &err);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("sql", "%s", msg);
        status = rc == KG_EUSAGE ? KG_EXIT_USAGE : KG_EXIT_DATA;
    }
    kg_store_close(store);
    free(from_stdin);
    free(o.params);
    return status;
}
