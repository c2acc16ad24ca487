/* kg compare: coverage, similarity and contradictions across articles
 * (queries/kg_compare.h), optionally drawn with edges coloured by article. */
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
            "usage: kg compare [--db FILE] [--article A]... [--outlet NAME]...\n"
            "                  [--format table|csv|json] [--table T] [--graph FILE]\n\n"
            "Compares the claims of the chosen articles (all when none is chosen). A claim\n"
            "is (subject, relation, object, polarity) on canonical entity keys, so Persian\n"
            "and English articles compare directly. Reports the claims x articles matrix\n"
            "(shared by all, by some, unique to one), pairwise Jaccard similarity,\n"
            "contradictions (opposite polarity; non-overlapping amounts for the same\n"
            "subject, relation and time) and each article's extraction coverage.\n\n"
            "  --db FILE        database (default $KG_DB, else out/kg.sqlite)\n"
            "  --article A      an article by id, path or title (repeatable)\n"
            "  --outlet NAME    every article of an outlet (repeatable)\n"
            "  --format F       table (default), csv or json\n"
            "  --table T        for csv: matrix (default), jaccard, contradictions, coverage\n"
            "  --graph FILE     also draw the claims, edges coloured by article, to FILE\n"
            "                   (.svg, .dot, .png or .pdf)\n"
            "  --labels en|fa   labels of that graph (default en)\n"
            "  --layout L       layout of that graph (default dot, sfdp when large)\n");
}

static int draw(sqlite3 *db, const kg_compare_result *r, const char *path, const char *labels,
                const char *layout, kg_error *err) {
    const char *dot = strrchr(path, '.');
    const char *format = dot && (!strcmp(dot, ".svg") || !strcmp(dot, ".png") ||
                                 !strcmp(dot, ".pdf") || !strcmp(dot, ".dot") ||
                                 !strcmp(dot, ".gv"))
                             ? dot + 1
                             : NULL;
    if (!format)
        return kg_error_set(err, KG_EUSAGE, path, 0, 0, -1,
                            "--graph wants a .svg, .dot, .png or .pdf file");
    size_t n = r->n_articles;
    long long *ids = kg_xcalloc(n ? n : 1, sizeof *ids);
    char **names = kg_xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        const kg_compare_article *a = &r->articles[i];
        ids[i] = a->id;
        size_t len = strlen(a->path) + (a->title ? strlen(a->title) : 0) + 32;
        names[i] = kg_xmalloc(len);
        snprintf(names[i], len, "%lld: %s", a->id, a->title ? a->title : a->path);
    }
    kg_graph *g = NULL;
    kg_graph_filter filter = {ids, n, NULL, 0, NULL, 0, 0};
    int rc = kg_graph_load(db, &filter, &g, err);
    if (rc == KG_OK) {
        kg_graph_style style = {0};
        style.persian = !strcmp(labels, "fa");
        style.legend_articles = ids;
        style.legend_names = (const char *const *)names;
        style.n_legend = n;
        rc = kg_graph_render(g, &style, format, layout, path, err);
    }
    kg_graph_free(g);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(ids);
    return rc;
}

int kg_cmd_compare(int argc, char **argv) {
    const char *db_opt = NULL, *format = "table", *table = NULL, *graph = NULL;
    const char *labels = "en", *layout = NULL, *value = NULL;
    const char **specs = NULL, **outlets = NULL;
    size_t n_specs = 0, cap_specs = 0, n_outlets = 0, cap_outlets = 0;
    int status = KG_EXIT_OK;
    for (int i = 1; i < argc && status == KG_EXIT_OK; i++) {
        const char *a = argv[i];
        int m;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help(stdout);
            free(specs);
            free(outlets);
            return KG_EXIT_OK;
        }
        if ((m = kg_cli_option(argc, argv, &i, "--db", &value)) > 0) db_opt = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--format", &value)) > 0) format = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--table", &value)) > 0) table = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--graph", &value)) > 0) graph = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--labels", &value)) > 0) labels = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--layout", &value)) > 0) layout = value;
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--article", &value)) > 0)
            KG_PUSH(specs, n_specs, cap_specs, value);
        else if (!m && (m = kg_cli_option(argc, argv, &i, "--outlet", &value)) > 0)
            KG_PUSH(outlets, n_outlets, cap_outlets, value);
        if (m < 0) {
            kg_cli_error("compare", "%s needs a value", a);
            status = KG_EXIT_USAGE;
        } else if (m == 0) {
            kg_cli_error("compare", "unknown option '%s' (see kg compare --help)", a);
            status = KG_EXIT_USAGE;
        }
    }
    if (status == KG_EXIT_OK && strcmp(format, "table") && strcmp(format, "csv") &&
        strcmp(format, "json")) {
        kg_cli_error("compare", "unknown format '%s' (table, csv, json)", format);
        status = KG_EXIT_USAGE;
    }
    if (status == KG_EXIT_OK && table && strcmp(table, "matrix") && strcmp(table, "jaccard") &&
        strcmp(table, "contradictions") && strcmp(table, "coverage")) {
        kg_cli_error("compare", "unknown table '%s' (matrix, jaccard, contradictions, coverage)",
                     table);
        status = KG_EXIT_USAGE;
    }
    if (status == KG_EXIT_OK && strcmp(labels, "en") && strcmp(labels, "fa")) {
        kg_cli_error("compare", "--labels is en or fa, not '%s'", labels);
        status = KG_EXIT_USAGE;
    }
    if (status == KG_EXIT_OK && kg_cli_output_is_db(graph, kg_cli_db_path(db_opt))) {
        kg_cli_error("compare", "%s: refusing to write the graph over the database", graph);
        status = KG_EXIT_USAGE;
    }
    if (status != KG_EXIT_OK) {
        free(specs);
        free(outlets);
        return status;
    }

    kg_error err;
    kg_error_clear(&err);
    sqlite3 *db = NULL;
    kg_compare_result *r = NULL;
    long long *ids = NULL;
    size_t n_ids = 0, cap_ids = 0;
    int rc = kg_db_open_readonly(kg_cli_db_path(db_opt), &db, &err);
    for (size_t i = 0; rc == KG_OK && i < n_specs; i++) {
        long long id;
        rc = kg_article_find(db, specs[i], &id, &err);
        if (rc == KG_OK) KG_PUSH(ids, n_ids, cap_ids, id);
    }
    for (size_t i = 0; rc == KG_OK && i < n_outlets; i++) {
        rc = kg_article_find_outlet(db, outlets[i], &ids, &n_ids, &err);
        cap_ids = n_ids;
    }
    /* Sort and drop repeats: an article named twice is compared once. */
    for (size_t i = 1; i < n_ids; i++)
        for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            long long t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    size_t unique = 0;
    for (size_t i = 0; i < n_ids; i++)
        if (!unique || ids[unique - 1] != ids[i]) ids[unique++] = ids[i];
    n_ids = unique;
    if (rc == KG_OK) rc = kg_compare_run(db, ids, n_ids, &r, &err);
    if (rc == KG_OK) rc = kg_compare_write(r, format, table, stdout, &err);
    if (rc == KG_OK && graph) rc = draw(db, r, graph, labels, layout, &err);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("compare", "%s", msg);
        status = kg_cli_exit_for(rc);
    }
    kg_compare_free(r);
    sqlite3_close(db);
    kg_graph_context_free();
    free(ids);
    free(specs);
    free(outlets);
    kg_typed_cleanup();
    return status;
}
