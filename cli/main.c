/* kg: command-line front end. Parses the first argument and dispatches to a subcommand
 * (cli/commands.h); registers where the data files are. Nothing else happens here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kg_arena.h"
#include "kg_config.h"
#include "kg_data.h"
#include "kg_segment.h"
#include "kg_text.h"

typedef struct kg_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} kg_command;

static const kg_command commands[] = {
    {"ingest", kg_cmd_ingest, "extract claims from articles into the database"},
    {"extract", kg_cmd_extract, "print the claims of articles (jsonl, tsv or text)"},
    {"query", kg_cmd_query, "run a canned query (queries/*.sql) with named parameters"},
    {"sql", kg_cmd_sql, "run read-only SQL on the database"},
    {"graph", kg_cmd_graph, "draw the claims as a graph (dot, svg, png, pdf)"},
    {"compare", kg_cmd_compare, "compare the claims of articles: coverage and contradictions"},
    {"summary", kg_cmd_summary, "count articles, sentences, entities and claims per relation"},
    {"normalize", kg_cmd_normalize, "print the matching form of an article's text"},
    {"sentences", kg_cmd_sentences, "print an article's sentences with spans and language"},
    {"entities", kg_cmd_entities, "print the entities, amounts and dates of an article"},
    {"rules", kg_cmd_rules, "test or check the rule files"},
};

static void usage(FILE *out) {
    fprintf(out, "usage: kg COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n`kg COMMAND --help` describes a command. kg --version prints the version, the data\n"
            "directory and the database. Options take the form --option VALUE or --option=VALUE.\n"
            "Database: --db FILE, else $KG_DB, else out/kg.sqlite.\n"
            "Exit status: 0 ok; 1 some input was bad (the rest was processed); 2 usage;\n"
            "3 data or database error; 4 internal error.\n");
}

/* Every command's output ends here: stdout is flushed and closed, and a write that
 * failed on the way (a full disk, /dev/full, a closed pipe reader) turns a success into
 * exit 3 with a message, as an unwritable output file does. */
static int finish(const char *name, int status) {
    int failed = ferror(stdout), saved = 0;
    errno = 0;
    if (fflush(stdout) != 0) failed = 1, saved = errno;
    errno = 0;
    if (fclose(stdout) != 0) failed = 1, saved = saved ? saved : errno;
    if (!failed || (status != KG_EXIT_OK && status != KG_EXIT_INPUT)) return status; /* said */
    fprintf(stderr, "kg%s%s: writing output failed%s%s\n", name ? " " : "", name ? name : "",
            saved ? ": " : "", saved ? strerror(saved) : "");
    return KG_EXIT_DATA;
}

/* Out of memory anywhere: a message and the documented exit status of an internal
 * error, not abort()'s signal. */
static void out_of_memory(size_t bytes) {
    fprintf(stderr, "kg: out of memory (allocating %zu bytes)\n", bytes);
    _Exit(KG_EXIT_INTERNAL);
}

int main(int argc, char **argv) {
    kg_set_out_of_memory(out_of_memory);
    if (argc < 2) {
        usage(stderr);
        return KG_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        return finish(NULL, KG_EXIT_OK);
    }
    kg_cli_register_data_dir();
    if (!strcmp(name, "--version")) {
        kg_cli_version(stdout);
        kg_data_dir_set(NULL);
        return finish(NULL, KG_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(name, commands[i].name)) {
            int status = commands[i].run(argc - 1, argv + 1);
            kg_text_cleanup(); /* process-wide tables, freed so leak checkers see none */
            kg_segment_cleanup();
            kg_data_dir_set(NULL);
            return finish(name, status);
        }
    fprintf(stderr, "kg: unknown command '%s'\n", name);
    usage(stderr);
    kg_data_dir_set(NULL);
    return KG_EXIT_USAGE;
}
