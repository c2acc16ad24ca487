/* kg graph: draws the claims of the database (graph/kg_graph.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kg_typed.h"
#include "kg_arena.h"
#include "kg_compare.h"
#include "kg_graph.h"

static void help(FILE *out) {
    fprintf(out,
            "usage: kg graph [--db FILE] [--format dot|svg|png|pdf] [-o FILE] [--layout L]\n"
            "                [--entity NAME [--depth N]] [--relation R]... [--article A]...\n"
            "                [--min-articles N] [--labels en|fa]\n\n"
            "Draws entities, amounts and literals as nodes and claims as edges. The same\n"
            "claim from several sentences or articles is one edge with a count (xN).\n"
            "Edges: solid asserted, dashed reported/alleged, dotted planned/possible, red\n"
            "negated. SVG edges carry the evidence sentence (tooltip) and article url.\n\n"
            "  --db FILE          database (default $KG_DB, else out/kg.sqlite)\n"
            "  --format F         dot (default, no layout), svg, png, pdf; taken from -o's\n"
            "                     extension when not given\n"
            "  -o, --output FILE  write there instead of stdout ('-': stdout); a file that\n"
            "                     cannot be written is an error saying why (exit 3)\n"
            "  --layout L         dot, sfdp, neato, fdp, circo, twopi (default dot, or sfdp\n"
            "                     above %d nodes)\n"
            "  --entity NAME      only what is within --depth claims (default 1) of the entity\n"
            "                     given by key, name or Persian name\n"
            "  --relation R       only relation R (repeatable)\n"
            "  --article A        only claims of article A: id, path or title (repeatable)\n"
            "  --min-articles N   only claims stated by at least N articles\n"
            "  --labels en|fa     node and relation labels in English (default) or Persian\n",
            KG_GRAPH_SFDP_NODES);
}

/* Matches argv[*i] against --name or --name=VALUE; sets *value and advances *i. Returns 1
 * when matched, -1 when the value is missing, 0 when not this option. */
static int parse_count(const char *s, int *out) {
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1000000) return -1;
    *out = (int)v;
    return 0;
}

static const char *format_from_path(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot) return NULL;
    static const char *const known[] = {"dot", "gv", "svg", "png", "pdf"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(dot + 1, known[i])) return known[i];
    return NULL;
}

int kg_cmd_graph(int argc, char **argv) {
    const char *db_opt = NULL, *format = NULL, *output = NULL, *layout = NULL;
    const char *labels = "en", *entity = NULL, *value = NULL;
    int depth = 1, min_articles = 0, status = KG_EXIT_OK;
    const char **relations = NULL, **article_specs = NULL;
    size_t n_rel = 0, cap_rel = 0, n_art = 0, cap_art = 0;
    for (int i = 1; i < argc; i++) {
        int m;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help(stdout);
            free(relations);
            free(article_specs);
            return KG_EXIT_OK;
        }
        if ((m = kg_cli_option(argc, argv, &i, "--db", &value)) > 0) db_opt = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--format", &value)) > 0) format = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--output", &value)) > 0) output = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "-o", &value)) > 0) output = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--layout", &value)) > 0) layout = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--labels", &value)) > 0) labels = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--entity", &value)) > 0) entity = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--relation", &value)) > 0)
            KG_PUSH(relations, n_rel, cap_rel, value);
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--article", &value)) > 0)
            KG_PUSH(article_specs, n_art, cap_art, value);
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--depth", &value)) > 0) {
            if (parse_count(value, &depth) || depth < 1) {
                kg_cli_error("graph", "--depth wants a positive number, not '%s'", value);
                status = KG_EXIT_USAGE;
            }
        } else if (!m && (m = kg_cli_option(argc, argv, &i, "--min-articles", &value)) > 0) {
            if (parse_count(value, &min_articles)) {
                kg_cli_error("graph", "--min-articles wants a number, not '%s'", value);
                status = KG_EXIT_USAGE;
            }
        }
        if (m < 0) {
            kg_cli_error("graph", "%s needs a value", a);
            status = KG_EXIT_USAGE;
        } else if (m == 0) {
            kg_cli_error("graph", "unknown option '%s' (see kg graph --help)", a);
            status = KG_EXIT_USAGE;
        }
        if (status != KG_EXIT_OK) break;
    }
    if (output && !strcmp(output, "-")) output = NULL; /* -o -: standard output */
    if (status == KG_EXIT_OK && !format) format = output ? format_from_path(output) : NULL;
    if (status == KG_EXIT_OK && !format) format = "dot";
    if (status == KG_EXIT_OK && strcmp(format, "dot") && strcmp(format, "gv") &&
        strcmp(format, "svg") && strcmp(format, "png") && strcmp(format, "pdf")) {
        kg_cli_error("graph", "unknown format '%s' (dot, svg, png, pdf)", format);
        status = KG_EXIT_USAGE;
    }
    if (status == KG_EXIT_OK && strcmp(labels, "en") && strcmp(labels, "fa")) {
        kg_cli_error("graph", "--labels is en or fa, not '%s'", labels);
        status = KG_EXIT_USAGE;
    }
    if (status == KG_EXIT_OK && kg_cli_output_is_db(output, kg_cli_db_path(db_opt))) {
        kg_cli_error("graph", "%s: refusing to write the graph over the database", output);
        status = KG_EXIT_USAGE;
    }
    if (status != KG_EXIT_OK) {
        free(relations);
        free(article_specs);
        return status;
    }

    kg_error err;
    kg_error_clear(&err);
    char msg[1200];
    sqlite3 *db = NULL;
    kg_graph *g = NULL;
    long long *ids = kg_xcalloc(n_art ? n_art : 1, sizeof *ids);
    const char *path = kg_cli_db_path(db_opt);
    int rc = kg_db_open_readonly(path, &db, &err);
    for (size_t i = 0; rc == KG_OK && i < n_art; i++) rc = kg_article_find(db, article_specs[i], &ids[i], &err);
    if (rc == KG_OK) {
        kg_graph_filter filter = {ids, n_art, (const char *const *)relations, n_rel, entity, depth,
                                  min_articles};
        rc = kg_graph_load(db, &filter, &g, &err);
    }
    if (rc == KG_OK) {
        bool laid_out = strcmp(format, "dot") && strcmp(format, "gv");
        bool refused = laid_out && (g->n_nodes > KG_GRAPH_MAX_LAYOUT_NODES ||
                                    g->n_edges > KG_GRAPH_MAX_LAYOUT_EDGES);
        if (g->n_nodes > KG_GRAPH_WARN_NODES && !refused) /* else the error says it */
            fprintf(stderr,
                    "kg graph: warning: %zu nodes and %zu edges make a crowded drawing; "
                    "narrow it with --entity NAME, --relation R or --min-articles N\n",
                    g->n_nodes, g->n_edges);
        kg_graph_style style = {0};
        style.persian = !strcmp(labels, "fa");
        rc = kg_graph_render(g, &style, format, layout, output, &err);
    }
    if (rc != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("graph", "%s", msg);
        status = rc == KG_EUSAGE ? KG_EXIT_USAGE
                 : rc == KG_EIO || rc == KG_EDB ? KG_EXIT_DATA
                                                : KG_EXIT_INTERNAL;
    }
    kg_graph_free(g);
    sqlite3_close(db);
    kg_graph_context_free();
    free(ids);
    free(relations);
    free(article_specs);
    kg_typed_cleanup();
    return status;
}
