/* Helpers shared by the subcommands (see commands.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "kg_config.h"
#include "kg_data.h"
#include "kg_error.h"
#include "query_options.h"

const char *kg_cli_db_path(const char *option_value) {
    if (option_value && *option_value) return option_value;
    const char *env = getenv("KG_DB");
    if (env && *env) return env;
    return "out/kg.sqlite";
}

void kg_cli_error(const char *command, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "kg %s: ", command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int kg_cli_query_option(const char *command, int argc, char **argv, int *i,
                        kg_query_options *o) {
    static const char *const names[] = {"--db", "--format", "--param"};
    const char *a = argv[*i], *value = NULL;
    int which = -1, m = 0;
    for (int k = 0; k < 3 && !m; k++)
        if ((m = kg_cli_option(argc, argv, i, names[k], &value)) != 0) which = k;
    if (m == 0) return 0;
    if (m < 0) {
        kg_cli_error(command, "%s needs a value (kg %s --help)", a, command);
        return -1;
    }
    if (which == 0) {
        o->db = value;
    } else if (which == 1) {
        if (kg_output_format_parse(value, &o->format) != KG_OK) {
            kg_cli_error(command, "unknown format '%s' (table, csv, tsv or json)", value);
            return -1;
        }
    } else {
        kg_error err;
        kg_error_clear(&err);
        /* value points into argv, which is writable */
        if (kg_query_param_parse((char *)value, &o->params[o->n_params], &err) != KG_OK) {
            kg_cli_error(command, "%s", err.message);
            return -1;
        }
        o->n_params++;
    }
    return 1;
}

int kg_cli_option(int argc, char **argv, int *i, const char *name, const char **value) {
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n)) return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n]) return 0;
    if (*i + 1 >= argc) return -1;
    *value = argv[++*i];
    return 1;
}

bool kg_cli_output_is_db(const char *output, const char *db_path) {
    struct stat out, db;
    if (!output || stat(output, &out) != 0) return false;
    static const char *const companions[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s%s", db_path, companions[i]) >= sizeof path)
            continue;
        if (stat(path, &db) == 0 && db.st_dev == out.st_dev && db.st_ino == out.st_ino)
            return true;
    }
    return false;
}

int kg_cli_exit_for(int code) {
    return code == KG_EUSAGE ? KG_EXIT_USAGE : code == KG_EINTERNAL ? KG_EXIT_INTERNAL : KG_EXIT_DATA;
}

/* The data directory: share/kg beside an installed binary, else the source tree. */
void kg_cli_register_data_dir(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char installed[PATH_MAX + 64];
        snprintf(installed, sizeof installed, "%s/../%s", dirname(exe), KG_INSTALL_DATADIR);
        char probe[sizeof installed + 32];
        snprintf(probe, sizeof probe, "%s/queries/schema.sql", installed);
        if (access(probe, R_OK) == 0) {
            kg_data_dir_set(installed);
            return;
        }
    }
    kg_data_dir_set(KG_SOURCE_DIR);
}

void kg_cli_version(FILE *out) {
    fprintf(out, "kg %s\n", KG_VERSION);
    const char *env = getenv("KG_DATA_DIR");
    fprintf(out, "data directory: %s%s\n", kg_data_dir(),
            env && *env ? " (from $KG_DATA_DIR)" : "");
    const char *db_env = getenv("KG_DB");
    fprintf(out, "database: %s%s\n", kg_cli_db_path(NULL),
            db_env && *db_env ? " (from $KG_DB)" : " (--db FILE or $KG_DB to change it)");
}
