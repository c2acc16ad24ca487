/* Helpers shared by the subcommands (see commands.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

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
