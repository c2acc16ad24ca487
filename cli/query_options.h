/* query_options: what kg query and kg sql parse alike (see kg_cli_query_option). */
#ifndef KG_QUERY_OPTIONS_H
#define KG_QUERY_OPTIONS_H
#include <stddef.h>

#include "kg_query.h"

typedef struct kg_query_options {
    const char *db;              /* --db, or NULL */
    kg_output_format format;     /* --format, default table */
    kg_query_param *params;      /* --param values: room for argc entries, caller frees */
    size_t n_params;
} kg_query_options;

#endif
