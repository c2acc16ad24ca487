/* kg sql: runs SQL on the database through a read-only connection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "query_options.h"
#include "kg_arena.h"
#include "kg_query.h"
#include "kg_store.h"

static const char usage_text[] =
    "usage: kg sql [--db FILE] [--format table|csv|tsv|json] [--param NAME=VALUE]...\n"
    "              [--timeout SECONDS] SQL\n"
    "\n"
    "Runs SQL (one or more statements) on the database, opened read-only: SELECT and\n"
    "read-only PRAGMA statements run; anything that would write (INSERT, UPDATE, DELETE,\n"
    "CREATE, DROP, ATTACH, setting a PRAGMA) is refused before it runs. The tables and the\n"
    "claims_view view are described in queries/schema.sql. SQL given as - is read from\n"
    "standard input. Every option also takes the form --option=value. Rows are printed as\n"
    "they come (a table takes its column widths from its first 1,000 rows), so a query of\n"
    "any length streams in bounded memory.\n"
    "\n"
    "  --db FILE           the database (default: $KG_DB, else out/kg.sqlite); it must exist\n"
    "  --format FORMAT     table (default), csv (RFC 4180), tsv, or json\n"
    "  --param NAME=VALUE  a value for :NAME in the SQL (repeatable)\n"
    "  --timeout SECONDS   stop the SQL after this long (exit 3); default: no limit\n"
    "\n"
    "Exit status: 0 ok; 1 standard input could not be read; 2 usage; 3 the database is\n"
    "missing, refused the SQL, the SQL would write, ran past --timeout, or the output\n"
    "could not be written; 4 out of memory.\n";

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

/* The progress handler of --timeout: non-zero (interrupt) once the deadline passed. */
static int past_deadline(void *arg) {
    const struct timespec *deadline = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > deadline->tv_sec ||
           (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

int kg_cmd_sql(int argc, char **argv) {
    const char *sql = NULL, *value = NULL;
    double timeout = 0;
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
        } else if ((taken = kg_cli_option(argc, argv, &i, "--timeout", &value)) != 0) {
            char *end = NULL;
            timeout = taken > 0 ? strtod(value, &end) : 0;
            if (taken < 0 || end == value || *end || !(timeout > 0 && timeout <= 1e6)) {
                kg_cli_error("sql", "--timeout wants a number of seconds above 0 (at most 1000000)");
                status = KG_EXIT_USAGE;
            }
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
    struct timespec deadline;
    if (rc == KG_OK && timeout > 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        double whole = (double)(long)timeout;
        deadline.tv_sec += (time_t)whole;
        deadline.tv_nsec += (long)((timeout - whole) * 1e9);
        if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
        sqlite3_progress_handler(kg_store_db(store), 1000, past_deadline, &deadline);
    }
    if (rc == KG_OK)
        rc = kg_query_run(kg_store_db(store), sql, o.params, o.n_params, NULL, 0, o.format, stdout,
                          &err);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("sql", "%s", msg);
        status = kg_cli_exit_for(rc);
    }
    kg_store_close(store);
    free(from_stdin);
    free(o.params);
    return status;
}
