/* Graph tests on the fixture database (tests/graph/fixture.sql): the model's nodes, edges,
 * counts and filters; the DOT written through cgraph read back by agmemread with the same
 * counts and styles; SVG and PNG rendered in-process and non-trivial; Persian labels. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/gvc.h>
#include <libxml/parser.h>

#include "graph/check.h"
#include "graph/testdb.h"
#include "kg_arena.h"
#include "kg_compare.h"
#include "kg_data.h"
#include "kg_graph.h"

static const kg_graph_edge *find_edge(const kg_graph *g, const char *tail, const char *relation,
                                      const char *head, char polarity, const char *modality) {
    for (size_t i = 0; i < g->n_edges; i++) {
        const kg_graph_edge *e = &g->edges[i];
        if (!strcmp(g->nodes[e->tail].id, tail) && !strcmp(g->nodes[e->head].id, head) &&
            !strcmp(e->relation, relation) && e->polarity == polarity &&
            !strcmp(e->modality, modality))
            return e;
    }
    return NULL;
}

static kg_graph *load(sqlite3 *db, const kg_graph_filter *f) {
    kg_graph *g = NULL;
    kg_error err;
    kg_error_clear(&err);
    int rc = kg_graph_load(db, f, &g, &err);
    CHECK(rc == KG_OK, "kg_graph_load: %s", err.message);
    return g;
}

static void test_model(sqlite3 *db) {
    kg_graph *g = load(db, NULL);
    if (!g) return;
    CHECK(g->n_nodes == 9, "nodes %zu", g->n_nodes);
    CHECK(g->n_edges == 11, "edges %zu", g->n_edges);
    const kg_graph_edge *ceo = find_edge(g, "mark-zuckerberg", "ceo-of", "meta", '+', "asserted");
    CHECK(ceo && ceo->count == 3 && ceo->n_articles == 3, "ceo-of merged over 3 articles");
    const kg_graph_edge *hosts = find_edge(g, "meta", "hosts-partner", "aws", '+', "asserted");
    CHECK(hosts && hosts->count == 2 && hosts->n_articles == 1, "hosts-partner twice in one article");
    CHECK(hosts && strstr(hosts->evidence, "Meta hosts Llama on AWS.") &&
              strstr(hosts->evidence, "\n"), "both evidence sentences kept");
    CHECK(find_edge(g, "meta", "develops", "llama", '+', "asserted") &&
              find_edge(g, "meta", "develops", "llama", '+', "reported"),
          "modality splits edges");
    CHECK(find_edge(g, "meta", "monetizes", "llama", '-', "asserted"), "negated edge");
    CHECK(find_edge(g, "meta", "capex", "q:60–80B USD", '+', "planned"), "quantity node");
    CHECK(find_edge(g, "meta", "revenue-share", "lit:سهم از درآمد میزبان‌ها", '+', "reported"),
          "literal node");
    kg_graph_free(g);

    kg_graph_filter f = {0};
    f.min_articles = 2;
    g = load(db, &f);
    CHECK(g && g->n_edges == 1 && g->n_nodes == 2, "--min-articles 2");
    kg_graph_free(g);

    f = (kg_graph_filter){0};
    f.entity = "Llama";
    g = load(db, &f);
    CHECK(g && g->n_edges == 4 && g->n_nodes == 2, "--entity Llama: %zu edges",
          g ? g->n_edges : 0);
    kg_graph_free(g);
    f.entity = "لاما"; /* Persian name */
    f.depth = 2;
    g = load(db, &f);
    CHECK(g && g->n_edges == 11 && g->n_nodes == 9, "--entity لاما --depth 2");
    kg_graph_free(g);
    f.entity = "aws";
    f.depth = 1;
    g = load(db, &f);
    CHECK(g && g->n_edges == 1 && g->n_nodes == 2, "--entity aws");
    kg_graph_free(g);
    f.entity = "no-such-thing";
    kg_error err;
    g = NULL;
    CHECK(kg_graph_load(db, &f, &g, &err) == KG_EUSAGE && !g, "unknown entity is a usage error");

    const char *rels[] = {"capex"};
    f = (kg_graph_filter){0};
    f.relations = rels;
    f.n_relations = 1;
    g = load(db, &f);
    CHECK(g && g->n_edges == 4 && g->n_nodes == 5, "--relation capex");
    kg_graph_free(g);

    long long a3;
    CHECK(kg_article_find(db, "meta-aws.html", &a3, &err) == KG_OK && a3 == 3, "article by path");
    CHECK(kg_article_find(db, "متا و لاما", &a3, &err) == KG_OK && a3 == 2, "article by title");
    CHECK(kg_article_find(db, "Meta", &a3, &err) == KG_EUSAGE, "ambiguous title");
    CHECK(kg_article_find(db, "1", &a3, &err) == KG_OK && a3 == 1, "article by id");
    CHECK(kg_article_find(db, "nothing-like-it", &a3, &err) == KG_EUSAGE, "no such article");
    long long ids[] = {3};
    f = (kg_graph_filter){0};
    f.articles = ids;
    f.n_articles = 1;
    g = load(db, &f);
    CHECK(g && g->n_edges == 4 && g->n_nodes == 5, "--article 3");
    kg_graph_free(g);
}

/* Writes g as DOT into memory through kg_graph_build + agwrite; caller frees. */
static char *to_dot(const kg_graph *g, const kg_graph_style *style) {
    kg_error err;
    Agraph_t *ag = kg_graph_build(g, style, &err);
    if (!ag) return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    agwrite(ag, mem);
    fclose(mem);
    agclose(ag);
    return buf;
}

static Agedge_t *edge_labelled(Agraph_t *ag, const char *label) {
    for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n))
        for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e)) {
            char *l = agget(e, (char *)"label");
            if (l && !strcmp(l, label)) return e;
        }
    return NULL;
}

/* The node and edge counts the claims table implies, counted by SQL independently of the
 * model: distinct ends (entity key, amount name, literal) and distinct (subject,
 * relation, object, polarity, modality). */
static void implied_counts(sqlite3 *db, int *nodes, int *edges) {
    static const char *const sql[2] = {
        "SELECT count(*) FROM (SELECT 'e' || s.key FROM claims c JOIN entities s ON s.entity_id = c.subject_id"
        " UNION SELECT CASE WHEN o.key IS NOT NULL THEN 'e' || o.key WHEN q.name IS NOT NULL"
        " THEN 'q' || q.name ELSE 'l' || c.object_literal END FROM claims c"
        " LEFT JOIN entities o ON o.entity_id = c.object_id"
        " LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id)",
        "SELECT count(*) FROM (SELECT DISTINCT c.subject_id, c.relation, c.object_id, q.name,"
        " c.object_literal, c.polarity, c.modality FROM claims c"
        " LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id)"};
    int *out[2] = {nodes, edges};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        *out[i] = -1;
        if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            *out[i] = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
}

static void test_dot(sqlite3 *db, const char *relations) {
    kg_graph *g = load(db, NULL);
    if (!g) return;
    int want_nodes, want_edges;
    implied_counts(db, &want_nodes, &want_edges);
    CHECK(want_nodes == 9 && want_edges == 11, "the fixture implies %d nodes, %d edges",
          want_nodes, want_edges);
    kg_graph_style style = {0};
    style.relations_tsv = relations;
    char *dot = to_dot(g, &style);
    CHECK(dot && !strncmp(dot, "digraph kg {", 12), "DOT starts with the graph");
    Agraph_t *back = dot ? agmemread(dot) : NULL;
    CHECK(back != NULL, "agmemread parses the DOT");
    if (back) {
        CHECK(agnnodes(back) == want_nodes, "nodes read back %d", agnnodes(back));
        CHECK(agnedges(back) == want_edges, "edges read back %d", agnedges(back));
        Agedge_t *e = edge_labelled(back, "ceo-of ×3");
        CHECK(e && !strcmp(agget(e, (char *)"penwidth"), "2.6"), "×3 edge is wider");
        e = edge_labelled(back, "✗ not monetizes");
        CHECK(e && !strcmp(agget(e, (char *)"color"), "red"), "negated edge is red");
        CHECK(e && !strcmp(agget(e, (char *)"style"), "solid"), "asserted is solid");
        CHECK(e && !strcmp(agget(e, (char *)"URL"), "https://example.com/a1?x=1&y=2"), "edge URL");
        CHECK(e && strstr(agget(e, (char *)"tooltip"), "does not sell Llama"), "edge tooltip");
        e = edge_labelled(back, "revenue-share");
        CHECK(e && !strcmp(agget(e, (char *)"style"), "dashed"), "reported is dashed");
        e = edge_labelled(back, "hosts-partner ×2");
        CHECK(e && strstr(agget(e, (char *)"tooltip"), "AWS.\\nAWS") &&
                  strstr(agget(e, (char *)"tooltip"), "\"Meta AI\" \\\\ its apps."),
              "tooltip keeps a data backslash escaped: %s", e ? agget(e, (char *)"tooltip") : "");
        Agnode_t *n = agnode(back, (char *)"q:60–80B USD", 0);
        CHECK(n && !strcmp(agget(n, (char *)"shape"), "diamond"), "amounts are diamonds");
        n = agnode(back, (char *)"mark-zuckerberg", 0);
        CHECK(n && !strcmp(agget(n, (char *)"shape"), "ellipse"), "people are ellipses");
        n = agnode(back, (char *)"llama", 0);
        CHECK(n && !strcmp(agget(n, (char *)"shape"), "component"), "products are components");
        CHECK(n && !strcmp(agget(n, (char *)"label"), "Llama"), "English label");
        int dotted = 0;
        for (Agnode_t *v = agfstnode(back); v; v = agnxtnode(back, v))
            for (Agedge_t *x = agfstout(back, v); x; x = agnxtout(back, x))
                dotted += !strcmp(agget(x, (char *)"style"), "dotted");
        CHECK(dotted == 4, "the four planned capex edges are dotted (%d)", dotted);
        agclose(back);
    }
    free(dot);

    style.persian = 1;
    dot = to_dot(g, &style);
    back = dot ? agmemread(dot) : NULL;
    CHECK(back != NULL, "Persian DOT parses");
    if (back) {
        Agnode_t *n = agnode(back, (char *)"meta", 0);
        CHECK(n && !strcmp(agget(n, (char *)"label"), "متا"), "Persian node label");
        CHECK(edge_labelled(back, "مدیرعامل ×3"), "Persian relation label from relations.tsv");
        CHECK(edge_labelled(back, "✗ کسب درآمد از"), "Persian negated label");
        CHECK(edge_labelled(back, "hosts-partner ×2"), "relation without a Persian name keeps its id");
        agclose(back);
    }
    free(dot);

    /* Without a header, the first column in Arabic script is the Persian name. */
    char *noheader = kg_data_path(NULL, "tests/graph/relations-noheader.tsv");
    style.relations_tsv = noheader;
    dot = to_dot(g, &style);
    back = dot ? agmemread(dot) : NULL;
    CHECK(back && edge_labelled(back, "مدیر اجرایی ×3") && edge_labelled(back, "سازنده"),
          "headerless relations file");
    if (back) agclose(back);
    free(dot);
    free(noheader);
    kg_graph_free(g);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = kg_xmalloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* A graph too large to lay out in reasonable time is refused for drawn formats, with a
 * message naming the filters, and still written as DOT, which needs no layout. */
static void test_too_large(const char *dir) {
    enum { N = KG_GRAPH_MAX_LAYOUT_NODES + 1 };
    kg_graph g = {calloc(N, sizeof(kg_graph_node)), N, NULL, 0};
    char (*names)[16] = calloc(N, sizeof *names);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "org-%zu", i);
        g.nodes[i] = (kg_graph_node){names[i], names[i], names[i], NULL, "ORG", KG_NODE_ENTITY};
    }
    kg_graph_style style = {0};
    kg_error err;
    char svg[600], dot[600];
    snprintf(svg, sizeof svg, "%s/too-large.svg", dir);
    snprintf(dot, sizeof dot, "%s/too-large.dot", dir);
    CHECK(kg_graph_render(&g, &style, "svg", NULL, svg, &err) == KG_EUSAGE &&
              strstr(err.message, "too many to lay out") && strstr(err.message, "--entity"),
          "a drawing of %d nodes refused", N);
    CHECK(kg_graph_render(&g, &style, "dot", NULL, dot, &err) == KG_OK, "dot: %s", err.message);
    size_t len = 0;
    char *text = slurp(dot, &len);
    CHECK(text && strstr(text, "org-3000"), "the DOT file holds every node");
    free(text);
    free(names);
    free(g.nodes);
}

static void test_render(sqlite3 *db, const char *dir, const char *relations) {
    kg_graph *g = load(db, NULL);
    if (!g) return;
    kg_graph_style style = {0};
    style.persian = 1;
    style.relations_tsv = relations;
    kg_error err;
    char svg[600], png[600], pdf[600];
    snprintf(svg, sizeof svg, "%s/graph-fa.svg", dir);
    snprintf(png, sizeof png, "%s/graph-fa.png", dir);
    snprintf(pdf, sizeof pdf, "%s/graph-fa.pdf", dir);
    CHECK(kg_graph_render(g, &style, "svg", NULL, svg, &err) == KG_OK, "svg: %s", err.message);
    CHECK(kg_graph_render(g, &style, "png", NULL, png, &err) == KG_OK, "png: %s", err.message);
    CHECK(kg_graph_render(g, &style, "pdf", "neato", pdf, &err) == KG_OK, "pdf: %s", err.message);
    CHECK(kg_graph_render(g, &style, "svg", "no-such-layout", svg, &err) == KG_EUSAGE,
          "unknown layout refused");
    size_t len = 0;
    char *text = slurp(svg, &len);
    CHECK(text && len > 1024, "svg size %zu", len);
    CHECK(text && strstr(text, "<svg"), "svg root");
    xmlDocPtr doc = text ? xmlReadMemory(text, (int)len, "graph.svg", NULL, XML_PARSE_NONET) : NULL;
    CHECK(doc != NULL, "svg is well-formed XML");
    xmlFreeDoc(doc);
    CHECK(text && strstr(text, ">متا<"), "svg has the Persian node label");
    CHECK(text && strstr(text, "مدیرعامل ×3"), "svg has the Persian edge label");
    CHECK(text && strstr(text, "xlink:href=\"https://example.com/a1?x=1&amp;y=2\""), "svg link");
    CHECK(text && strstr(text, "\\ its apps."), "svg tooltip shows the data backslash");
    free(text);
    text = slurp(png, &len);
    CHECK(text && len > 1024 && !memcmp(text, "\x89PNG\r\n\x1a\n", 8), "png magic, size %zu", len);
    free(text);
    text = slurp(pdf, &len);
    CHECK(text && len > 1024 && !memcmp(text, "%PDF", 4), "pdf magic, size %zu", len);
    free(text);
    kg_graph_free(g);
}

int main(void) {
    char *path = kg_testdb_path("graph.sqlite");
    if (!path || kg_testdb_make(path)) return 1;
    sqlite3 *db = NULL;
    kg_error err;
    CHECK(kg_db_open_readonly("/nonexistent/kg.sqlite", &db, &err) == KG_EIO && !db,
          "missing database");
    CHECK(kg_db_open_readonly(path, &db, &err) == KG_OK, "open: %s", err.message);
    if (db) {
        test_model(db);
        char *relations = kg_data_path(NULL, "tests/graph/relations.tsv");
        test_dot(db, relations);
        /* Renders go to $KG_TEST_OUT when set (to be looked at), else a temporary dir. */
        const char *out = getenv("KG_TEST_OUT");
        char *dir = kg_xstrdup(path);
        *strrchr(dir, '/') = '\0';
        test_render(db, out && *out ? out : dir, relations);
        test_too_large(out && *out ? out : dir);
        free(relations);
        if (!(out && *out)) {
            const char *names[] = {"graph-fa.svg", "graph-fa.png", "graph-fa.pdf", "too-large.dot"};
            for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
                char file[700];
                snprintf(file, sizeof file, "%s/%s", dir, names[i]);
                remove(file);
            }
        }
        free(dir);
        sqlite3_close(db);
    }
    kg_testdb_cleanup(path);
    free(path);
    xmlCleanupParser();
    kg_graph_context_free();
    return check_done("test_graph");
}
