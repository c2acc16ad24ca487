/* Helpers shared by the subcommands (see commands.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
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
    const char *a = argv[*i];
    if (strcmp(a, "--db") && strcmp(a, "--format") && strcmp(a, "--param")) return 0;
    if (*i + 1 >= argc) {
        kg_cli_error(command, "%s needs a value (kg %s --help)", a, command);
        return -1;
    }
    char *value = argv[++*i];
    if (!strcmp(a, "--db")) {
        o->db = value;
    } else if (!strcmp(a, "--format")) {
        if (kg_output_format_parse(value, &o->format) != KG_OK) {
            kg_cli_error(command, "unknown format '%s' (table, csv, tsv or json)", value);
            return -1;
        }
    } else {
        kg_error err;
        kg_error_clear(&err);
        if (kg_query_param_parse(value, &o->params[o->n_params], &err) != KG_OK) {
            kg_cli_error(command, "%s", err.message);
            return -1;
        }
        o->n_params++;
    }
    return 1;
}
