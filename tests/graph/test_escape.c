/* Escaping tests, driven by tests/graph/escape-cases.tsv: each text is set as a node
 * label, an edge label and an edge tooltip; the DOT written by cgraph must read back
 * (agmemread) to the same attribute, which must unescape to the original text, and the
 * SVG rendered by gvc must show the text verbatim (the fragment column). */
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <strings.h>

#include <graphviz/gvc.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

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

/* Counts the elements of the subtree named name (any namespace) and checks every link:
 * an xlink:href must be an http(s) URL. */
static size_t count_elements(xmlNodePtr node, const char *name, const char *casename) {
    size_t n = 0;
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (!strcmp((const char *)node->name, name)) n++;
        for (xmlAttrPtr a = node->properties; a; a = a->next) {
            CHECK(strcmp((const char *)a->name, "b") && strcmp((const char *)a->name, "onload"),
                  "%s: attribute %s injected", casename, (const char *)a->name);
            if (strcmp((const char *)a->name, "href")) continue;
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            CHECK(v && (!strncasecmp((const char *)v, "http://", 7) ||
                        !strncasecmp((const char *)v, "https://", 8)),
                  "%s: link to [%s]", casename, v ? (const char *)v : "(null)");
            xmlFree(v);
        }
        n += count_elements(node->children, name, casename);
    }
    return n;
}

/* Article urls are data: whatever they hold, the SVG is well-formed, holds no markup of
 * theirs, and links only to http(s) URLs. */
static void url_case(const char *url, int links, const char *fragment) {
    kg_graph_node nodes[2] = {
        {(char *)"n1", (char *)"k1", (char *)"Meta", NULL, (char *)"ORG", KG_NODE_ENTITY},
        {(char *)"n2", (char *)"k2", (char *)"AWS", NULL, (char *)"ORG", KG_NODE_ENTITY}};
    kg_graph_edge edge = {0, 1, (char *)"hosts-partner", '+', (char *)"asserted", 1, NULL, 0,
                          (char *)"Meta hosts Llama on AWS.", (char *)url};
    kg_graph g = {nodes, 2, &edge, 1};
    kg_graph_style style = {0};
    style.relations_tsv = "/nonexistent";
    char path[] = "/tmp/kg-url-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0) return;
    close(fd);
    kg_error err;
    CHECK(kg_graph_render(&g, &style, "svg", "dot", path, &err) == KG_OK, "%s: render", url);
    char *svg = kg_data_slurp(path, NULL);
    unlink(path);
    CHECK(svg != NULL, "%s: no SVG", url);
    if (!svg) return;
    CHECK(!strstr(svg, "<script") && !strstr(svg, "<img"), "%s: markup injected:\n%s", url, svg);
    CHECK(!fragment || strstr(svg, fragment), "%s: SVG lacks [%s]", url, fragment);
    xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "url.svg", NULL, XML_PARSE_NONET);
    CHECK(doc != NULL, "%s: SVG is not well-formed", url);
    if (doc) {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        CHECK(count_elements(root, "script", url) == 0, "%s: a script element", url);
        /* Graphviz writes the edge and its label as two anchors. */
        size_t with_href = 0;
        for (const char *p = svg; (p = strstr(p, "xlink:href=")); p++) with_href++;
        CHECK(with_href == (size_t)links * 2, "%s: %zu links, want %d", url, with_href, links * 2);
        xmlFreeDoc(doc);
    }
    free(svg);
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

    url_case("http://x/\"/><script>alert(1)</script><a b=\"&x='y'", 1,
             "http://x/%22/%3E%3Cscript%3Ealert(1)%3C/script%3E%3Ca%20b=%22&amp;x=%27y%27");
    url_case("https://example.com/a?b=1&c=2#d", 1, "https://example.com/a?b=1&amp;c=2#d");
    url_case("HTTPS://example.com/x y", 1, "HTTPS://example.com/x%20y");
    url_case("https://example.com/\" onload=\"alert(1)", 1, NULL);
    url_case("http://example.com/\xd9\x85", 1, "http://example.com/%D9%85");
    url_case("javascript:alert(1)", 0, NULL);
    url_case(" javascript:alert(1)", 0, NULL);
    url_case("data:text/html,<script>alert(1)</script>", 0, NULL);
    url_case("JaVaScRiPt:alert(document.domain)", 0, NULL);
    url_case("//evil.example/x", 0, NULL);
    url_case("http:///x", 0, NULL);
    url_case("", 0, NULL);

    /* The escaping itself. */
    char *e = kg_graph_escape("a\\b\nc\r\td");
    CHECK_STR(e, "a\\\\b\\nc d");
    free(e);
    xmlCleanupParser();
    kg_graph_context_free();
    return check_done("test_graph_escape");
}
