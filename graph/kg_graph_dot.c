/* kg_graph_dot: turns a kg_graph into a cgraph graph with kg's visual vocabulary (shapes,
 * colours, edge styles, escaped labels, Persian relation names). See kg_graph.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "kg_arena.h"
#include "kg_data.h"
#include "kg_graph.h"
#include "kg_graph_int.h"

/* Shape and fill per node type; the last row is the default. */
static const struct {
    const char *type, *shape, *fill;
} node_styles[] = {
    {"ORG", "box", "#dbe9f6"},        {"PERSON", "ellipse", "#fde2c8"},
    {"PRODUCT", "component", "#e2f0d9"}, {"CASE", "note", "#f8d7da"},
    {"PLACE", "house", "#efe3f7"},    {"OUTLET", "tab", "#fff3bf"},
    {"EVENT", "octagon", "#e8e8e8"},  {"QUANTITY", "diamond", "#ffffff"},
    {"LITERAL", "plaintext", "#ffffff"}, {"", "ellipse", "#f2f2f2"},
};

/* Edge colours for articles in compare mode (red is kept for negation). */
static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
                                      "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79"};
#define PALETTE_SIZE (sizeof palette / sizeof palette[0])

char *kg_graph_escape(const char *text) {
    size_t n = 0;
    for (const char *p = text; *p; p++) n += (*p == '\\' || *p == '\n') ? 2 : 1;
    char *out = kg_xmalloc(n + 1), *o = out;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            *o++ = '\\';
            *o++ = '\\';
        } else if (c == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        } else if (c == '\r') {
            continue;
        } else {
            *o++ = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
        }
    }
    *o = '\0';
    return out;
}

char *kg_graph_unescape(const char *attr) {
    char *out = kg_xmalloc(strlen(attr) + 1), *o = out;
    for (const char *p = attr; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *o++ = (*p == 'n' || *p == 'l' || *p == 'r') ? '\n' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* Relation id -> Persian name, from a TSV whose first column is the relation id. The
 * Persian column is the one whose header (a first line, optionally after "#") is fa,
 * label_fa, name_fa or persian; without such a header, the first later column holding
 * Arabic-script text. */
typedef struct relnames {
    char **ids, **fa;
    size_t n;
} relnames;

static void relnames_free(relnames *r) {
    for (size_t i = 0; i < r->n; i++) {
        free(r->ids[i]);
        free(r->fa[i]);
    }
    free(r->ids);
    free(r->fa);
}

static bool arabic_script(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xD8 && *p <= 0xDB) return true;
    return false;
}

/* Splits line (modified in place) at tabs into at most max fields. */
static size_t split_tabs(char *line, char **fields, size_t max) {
    size_t n = 0;
    while (n < max) {
        fields[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab) break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

static void relnames_load(const char *path, relnames *r) {
    memset(r, 0, sizeof *r);
    char *owned = path ? NULL : kg_data_path(NULL, "extract/relations.tsv");
    char *text = kg_data_slurp(path ? path : owned, NULL);
    free(owned);
    if (!text) return;
    size_t cap = 0, fa_col = 0;
    bool seen_data = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[len - 1] = '\0';
        char *fields[32];
        bool comment = line[0] == '#';
        char *h = comment ? line + 1 : line;
        while (comment && *h == ' ') h++;
        size_t nf = split_tabs(h, fields, 32);
        if (!seen_data && (comment || !strcmp(fields[0], "id") || !strcmp(fields[0], "relation"))) {
            for (size_t i = 1; i < nf; i++)
                if (!strcmp(fields[i], "fa") || !strcmp(fields[i], "label_fa") ||
                    !strcmp(fields[i], "name_fa") || !strcmp(fields[i], "persian"))
                    fa_col = i;
            continue;
        }
        if (comment || !fields[0][0]) continue;
        seen_data = true;
        const char *fa = NULL;
        if (fa_col) {
            if (fa_col < nf) fa = fields[fa_col];
        } else {
            for (size_t i = 1; i < nf && !fa; i++)
                if (arabic_script(fields[i])) fa = fields[i];
        }
        if (!fa || !*fa) continue;
        kg_grow((void **)&r->ids, &cap, r->n + 1, sizeof *r->ids);
        r->fa = kg_xrealloc(r->fa, cap * sizeof *r->fa);
        r->ids[r->n] = kg_xstrdup(fields[0]);
        r->fa[r->n++] = kg_xstrdup(fa);
    }
    free(text);
}

static const char *relnames_get(const relnames *r, const char *id) {
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->ids[i], id)) return r->fa[i];
    return NULL;
}

static void set(void *obj, const char *name, const char *value) {
    agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

/* Sets an escString attribute to text shown verbatim. */
static void set_text(void *obj, const char *name, const char *text) {
    char *escaped = kg_graph_escape(text);
    set(obj, name, escaped);
    free(escaped);
}

static void style_node(Agnode_t *an, const kg_graph_node *n, const kg_graph_style *style) {
    size_t i = 0;
    while (node_styles[i].type[0] && strcmp(node_styles[i].type, n->type)) i++;
    set(an, "shape", node_styles[i].shape);
    if (n->kind != KG_NODE_LITERAL) {
        set(an, "style", "filled");
        set(an, "fillcolor", node_styles[i].fill);
    }
    const char *label = style->persian && n->name_fa && *n->name_fa ? n->name_fa : n->name;
    set_text(an, "label", label);
    char tip[512];
    snprintf(tip, sizeof tip, "%s (%s)", n->key, n->type);
    set_text(an, "tooltip", tip);
}

static long legend_index(const kg_graph_style *style, long long article) {
    for (size_t i = 0; i < style->n_legend; i++)
        if (style->legend_articles[i] == article) return (long)i;
    return -1;
}

/* Compare mode: "c1:c2" for the legend articles carrying e, black when all do. */
static void article_colours(const kg_graph_edge *e, const kg_graph_style *style, char *buf,
                            size_t size) {
    size_t carried = 0, used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n_articles; i++) {
        long k = legend_index(style, e->articles[i]);
        if (k < 0) continue;
        carried++;
        const char *c = palette[(size_t)k % PALETTE_SIZE];
        if (used + strlen(c) + 2 < size)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ":" : "", c);
    }
    if (style->n_legend > 1 && carried == style->n_legend) snprintf(buf, size, "black");
    if (!buf[0]) snprintf(buf, size, "gray");
}

static bool url_safe(unsigned char c) {
    if (c <= 0x20 || c >= 0x7f) return false;
    return !strchr("\"'<>\\`{}|^", c);
}

char *kg_graph_link_url(const char *url, bool svg) {
    if (!url) return NULL;
    size_t scheme = !strncasecmp(url, "http://", 7) ? 7 : !strncasecmp(url, "https://", 8) ? 8 : 0;
    if (!scheme || !url_safe((unsigned char)url[scheme]) || url[scheme] == '/') return NULL;
    size_t n = 1;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        n += *p == '&' && svg ? 5 : url_safe(*p) ? 1 : 3;
    char *out = kg_xmalloc(n), *o = out;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p == '&' && svg) {
            memcpy(o, "&amp;", 5);
            o += 5;
        } else if (url_safe(*p)) {
            *o++ = (char)*p;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

static void style_edge(Agedge_t *ae, const kg_graph_edge *e, const kg_graph_style *style,
                       const relnames *names, bool svg) {
    const char *rel = e->relation;
    const char *fa = style->persian ? relnames_get(names, e->relation) : NULL;
    if (fa) rel = fa;
    char label[1024], count[32] = "";
    if (e->count > 1) snprintf(count, sizeof count, " ×%zu", e->count);
    if (e->polarity == '-')
        snprintf(label, sizeof label, "✗ %s%s%s", fa ? "" : "not ", rel, count);
    else
        snprintf(label, sizeof label, "%s%s", rel, count);
    set_text(ae, "label", label);
    const char *m = e->modality;
    set(ae, "style", !strcmp(m, "reported") || !strcmp(m, "alleged")  ? "dashed"
                     : !strcmp(m, "planned") || !strcmp(m, "possible") ? "dotted"
                                                                        : "solid");
    char width[32];
    double w = 1.0 + 0.8 * (double)(e->count - 1);
    snprintf(width, sizeof width, "%.1f", w > 6.0 ? 6.0 : w);
    set(ae, "penwidth", width);
    if (style->n_legend) {
        char colours[256];
        article_colours(e, style, colours, sizeof colours);
        set(ae, "color", colours);
        if (e->polarity == '-') set(ae, "fontcolor", "red");
    } else if (e->polarity == '-') {
        set(ae, "color", "red");
        set(ae, "fontcolor", "red");
    }
    if (e->evidence[0]) {
        set_text(ae, "tooltip", e->evidence);
        set_text(ae, "labeltooltip", e->evidence);
    }
    char *url = kg_graph_link_url(e->url, svg);
    if (url) {
        set_text(ae, "URL", url);
        set(ae, "target", "_blank");
    }
    free(url);
}

static void add_legend(Agraph_t *ag, const kg_graph_style *style) {
    Agraph_t *sub = agsubg(ag, (char *)"cluster_legend", 1);
    set(sub, "label", "articles");
    set(sub, "style", "rounded");
    for (size_t i = 0; i <= style->n_legend; i++) {
        if (i == style->n_legend && style->n_legend < 2) break;
        char name[64], label[600];
        const char *colour = i < style->n_legend ? palette[i % PALETTE_SIZE] : "black";
        if (i < style->n_legend) {
            snprintf(name, sizeof name, "legend:%lld", style->legend_articles[i]);
            /* LRM first: the line reads left to right even when the title is Persian. */
            snprintf(label, sizeof label, "\u200e■ %s",
                     style->legend_names && style->legend_names[i] ? style->legend_names[i]
                                                                   : name + 7);
        } else {
            snprintf(name, sizeof name, "legend:all");
            snprintf(label, sizeof label, "\u200e■ all articles");
        }
        Agnode_t *n = agnode(sub, name, 1);
        set(n, "shape", "plaintext");
        set(n, "style", "");
        set(n, "fontcolor", colour);
        set_text(n, "label", label);
    }
}

Agraph_t *kg_graph_build_for(const kg_graph *g, const kg_graph_style *style, bool svg,
                             kg_error *err) {
    static const kg_graph_style plain = {0};
    if (!style) style = &plain;
    Agraph_t *ag = agopen((char *)"kg", Agdirected, NULL);
    if (!ag) {
        kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1, "cgraph could not open a graph");
        return NULL;
    }
    const char *font = style->fontname ? style->fontname : KG_GRAPH_FONT;
    agattr(ag, AGRAPH, (char *)"charset", (char *)"UTF-8");
    agattr(ag, AGRAPH, (char *)"rankdir", (char *)"LR");
    agattr(ag, AGRAPH, (char *)"fontname", (char *)font);
    agattr(ag, AGRAPH, (char *)"overlap", (char *)"false");
    agattr(ag, AGNODE, (char *)"fontname", (char *)font);
    agattr(ag, AGEDGE, (char *)"fontname", (char *)font);
    agattr(ag, AGEDGE, (char *)"fontsize", (char *)"10");

    relnames names;
    relnames_load(style->relations_tsv, &names);
    Agnode_t **an = kg_xcalloc(g->n_nodes ? g->n_nodes : 1, sizeof *an);
    for (size_t i = 0; i < g->n_nodes; i++) {
        an[i] = agnode(ag, g->nodes[i].id, 1);
        style_node(an[i], &g->nodes[i], style);
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        const kg_graph_edge *e = &g->edges[i];
        Agedge_t *ae = agedge(ag, an[e->tail], an[e->head], NULL, 1);
        style_edge(ae, e, style, &names, svg);
    }
    if (style->n_legend) add_legend(ag, style);
    free(an);
    relnames_free(&names);
    return ag;
}

Agraph_t *kg_graph_build(const kg_graph *g, const kg_graph_style *style, kg_error *err) {
    return kg_graph_build_for(g, style, false, err);
}

