/* TEMPORARY during the first build-out: weak stand-ins for subcommands whose files have
 * not landed yet, so the binary links while rooms are built in parallel. A real
 * cmd_NAME.c overrides each. This file is deleted once every command exists. */
#include <stdio.h>

#include "commands.h"

#define KG_PENDING(fn, name)                                                      \
    __attribute__((weak)) int fn(int argc, char **argv) {                          \
        (void)argc;                                                                \
        (void)argv;                                                                \
        fprintf(stderr, "kg %s: not implemented yet\n", name);                      \
        return KG_EXIT_USAGE;                                                      \
    }

KG_PENDING(kg_cmd_extract, "extract")
KG_PENDING(kg_cmd_ingest, "ingest")
KG_PENDING(kg_cmd_query, "query")
KG_PENDING(kg_cmd_sql, "sql")
KG_PENDING(kg_cmd_summary, "summary")
KG_PENDING(kg_cmd_graph, "graph")
KG_PENDING(kg_cmd_compare, "compare")
KG_PENDING(kg_cmd_normalize, "normalize")
KG_PENDING(kg_cmd_sentences, "sentences")
KG_PENDING(kg_cmd_entities, "entities")
KG_PENDING(kg_cmd_rules, "rules")
