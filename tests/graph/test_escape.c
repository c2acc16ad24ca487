/* Escaping tests, driven by tests/graph/escape-cases.tsv: each text is set as a node
 * label, an edge label and an edge tooltip; the DOT written by cgraph must read back
 * (agmemread) to the same attribute, which must unescape to the original text, and the
 * SVG rendered by gvc must show the text verbatim (the fragment column). */
#include <stdlib.h>
#include <string.h>

#include <graphviz/gvc.h>
#include <libxml/parser.h>

#include "graph/check.h"
#include "kg_arena.h"
#include "kg_data.h"
#include "kg_graph.h"

/* Decodes this file's escapes: \\ -> backslash, \n -> newline, \t -> tab. */
static char *decode(const char *s) {
    char *out = kg_xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\\' && (s[1] == '\\' || s[1] == 'n' || s[1] == 't')) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : '\\';
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void run_case(const char *name, const char *text, const char *fragment) {
    kg_graph_node nodes[2] = {
        {(char *)"n1", (char *)"k1", (char *)text, NULL, (char *)"ORG", KG_NODE_ENTITY},
        {(char *)"n2", (char *)"k2", (char *)"other", NULL, (char *)"LITERAL", KG_NODE_LITERAL}};
    kg_graph_edge edge = {0, 1, (char *)text, '+', (char *)"asserted", 1, NULL, 0,
                          (char *)text, NULL};
    kg_graph g = {nodes, 2, &edge, 1};
    kg_graph_style style = {0};
    style.relations_tsv = "/nonexistent";
    kg_error err;
    Agraph_t *ag = kg_graph_build(&g, &style, &err);
    CHECK(ag != NULL, "%s: build", name);
    if (!ag) return;
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    agwrite(ag, mem);
    fclose(mem);

    char *escaped = kg_graph_escape(text);
    Agraph_t *back = agmemread(dot);
    CHECK(back != NULL, "%s: DOT does not parse:\n%s", name, dot);
    if (back) {
        Agnode_t *n = agnode(back, (char *)"n1", 0);
        char *label = n ? agget(n, (char *)"label") : NULL;
        CHECK_STR(label, escaped);
        char *plain = label ? kg_graph_unescape(label) : NULL;
        CHECK(plain && !strcmp(plain, text), "%s: node label unescapes to [%s]", name,
              plain ? plain : "(null)");
        free(plain);
        Agedge_t *e = n ? agfstout(back, n) : NULL;
        CHECK_STR(e ? agget(e, (char *)"label") : NULL, escaped);
        CHECK_STR(e ? agget(e, (char *)"tooltip") : NULL, escaped);
        CHECK(agnnodes(back) == 2 && agnedges(back) == 1, "%s: counts", name);
        agclose(back);
    }
    free(escaped);
    free(dot);

    GVC_t *gvc = kg_graph_context();
    char *svg = NULL;
    unsigned int svg_len = 0;
    if (gvLayout(gvc, ag, "dot") == 0) {
        gvRenderData(gvc, ag, "svg", &svg, &svg_len);
        gvFreeLayout(gvc, ag);
    }
    CHECK(svg && strstr(svg, fragment), "%s: SVG lacks [%s]", name, fragment);
    xmlDocPtr doc = svg ? xmlReadMemory(svg, (int)svg_len, "escape.svg", NULL, XML_PARSE_NONET) : NULL;
    CHECK(doc != NULL, "%s: SVG is not well-formed", name);
    xmlFreeDoc(doc);
    if (svg) gvFreeRenderData(svg);
    agclose(ag);
}

int main(void) {
    char *path = kg_data_path(NULL, "tests/graph/escape-cases.tsv");
    char *text = kg_data_slurp(path, NULL);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        free(path);
        return 1;
    }
    int cases = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) {
            fprintf(stderr, "%s: bad line: %s\n", path, line);
            check_failures++;
            continue;
        }
        *t1 = *t2 = '\0';
        char *input = decode(t1 + 1), *fragment = decode(t2 + 1);
        run_case(line, input, fragment);
        free(input);
        free(fragment);
        cases++;
    }
    CHECK(cases >= 10, "ran %d cases", cases);
    free(text);
    free(path);

    /* The escaping itself. */
    char *e = kg_graph_escape("a\\b\nc\r\td");
    CHECK_STR(e, "a\\\\b\\nc d");
    free(e);
    xmlCleanupParser();
    kg_graph_context_free();
    return check_done("test_graph_escape");
}
