/* kg_graph: the claims of a kg database as a graph, and its drawing with Graphviz.
 *
 * Model (kg_graph.c): nodes are entities (by canonical key), quantity values (by readable
 * name) and literals; an edge is one (subject, relation, object, polarity, modality)
 * however many sentences or articles state it, with the number of claim rows (count), the
 * distinct articles carrying it, and the evidence of its first claims.
 *
 * Drawing (kg_graph_dot.c): builds a cgraph graph with shapes and colours per entity
 * type, edge style per modality (solid asserted, dashed reported/alleged, dotted
 * planned/possible), negated edges red with "not"/✗, penwidth and "×N" for counts,
 * evidence as tooltip and the article url as URL (http and https only, percent-encoded:
 * kg_graph_link_url). Rendering (kg_graph_render.c): gvc,
 * in-process.
 * Text from the database is escaped for Graphviz's escString attributes (label, tooltip,
 * URL): a backslash in data stays a backslash, newlines become centred line breaks.
 *
 * Ownership: kg_graph_free frees a graph and everything in it (NULL is fine); a
 * kg_graph_filter and kg_graph_style only borrow what they point to. */
#ifndef KG_GRAPH_H
#define KG_GRAPH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <sqlite3.h>

#include "kg_error.h"

enum { KG_NODE_ENTITY = 0, KG_NODE_QUANTITY = 1, KG_NODE_LITERAL = 2 };

typedef struct kg_graph_node {
    char *id;        /* graph node name: entity key, "q:NAME" or "lit:TEXT" (no controls) */
    char *key;       /* entity key, quantity name or literal text */
    char *name;      /* display name (English / canonical) */
    char *name_fa;   /* Persian name, or NULL */
    char *type;      /* entity type (ORG, PERSON, ...), "QUANTITY" or "LITERAL" */
    int kind;        /* KG_NODE_* */
} kg_graph_node;

typedef struct kg_graph_edge {
    size_t tail, head;       /* node indexes */
    char *relation;
    char polarity;           /* '+' or '-' */
    char *modality;
    size_t count;            /* claim rows merged into this edge */
    long long *articles;     /* distinct article ids carrying it, ascending */
    size_t n_articles;
    char *evidence;          /* evidence sentences of its first claims, one per line */
    char *url;               /* url of the first claim's article, or NULL */
} kg_graph_edge;

typedef struct kg_graph {
    kg_graph_node *nodes;
    size_t n_nodes;
    kg_graph_edge *edges;
    size_t n_edges;
} kg_graph;

typedef struct kg_graph_filter {
    const long long *articles;  /* only claims of these articles; n_articles == 0: all */
    size_t n_articles;
    const char *const *relations; /* only these relations; n_relations == 0: all */
    size_t n_relations;
    const char *entity;         /* keep what is within depth claims of this entity (key,
                                   name or Persian name); NULL: everything */
    int depth;                  /* BFS depth over claims in either direction; <= 0 means 1 */
    int min_articles;           /* keep edges stated by at least this many articles */
} kg_graph_filter;

/* Loads the claims of db selected by filter (NULL: everything). KG_EUSAGE when
 * filter->entity names no entity of the graph. Caller frees *out with kg_graph_free. */
int kg_graph_load(sqlite3 *db, const kg_graph_filter *filter, kg_graph **out, kg_error *err);
void kg_graph_free(kg_graph *g);

typedef struct kg_graph_style {
    int persian;               /* labels from name_fa and the Persian relation names */
    const char *fontname;      /* NULL: KG_GRAPH_FONT */
    const char *relations_tsv; /* relation names file; NULL: extract/relations.tsv in the
                                  data dir (a missing file means relation ids are used) */
    /* Compare mode: colour each edge by the listed articles carrying it and add a legend
     * (one plaintext node per article, in a cluster "cluster_legend"). */
    const long long *legend_articles;
    const char *const *legend_names;
    size_t n_legend;
} kg_graph_style;

#define KG_GRAPH_FONT "DejaVu Sans"
#define KG_GRAPH_SFDP_NODES 150  /* auto layout uses sfdp above this many nodes */
#define KG_GRAPH_WARN_NODES 300  /* more nodes than this deserve a filter */
/* Layouts above this size take minutes (2,000 nodes and 15,000 edges: about 25 s with
 * sfdp; 8,000 and 100,000: over 5 minutes) and draw an unreadable tangle, so
 * kg_graph_render refuses them; DOT output needs no layout and is always written. */
#define KG_GRAPH_MAX_LAYOUT_NODES 3000
#define KG_GRAPH_MAX_LAYOUT_EDGES 30000

/* Builds the cgraph graph "kg" (directed). Caller closes it with agclose. NULL and an error
 * only when cgraph refuses something. */
Agraph_t *kg_graph_build(const kg_graph *g, const kg_graph_style *style, kg_error *err);

/* Renders g as format ("dot", "svg", "png", "pdf", or any gvc format) to path (NULL:
 * stdout). "dot" writes the graph without layout through agwrite; other formats are laid
 * out with layout (NULL: dot, or sfdp above KG_GRAPH_SFDP_NODES nodes), which a graph
 * larger than KG_GRAPH_MAX_LAYOUT_NODES or _EDGES is not: KG_EUSAGE, saying so. */
int kg_graph_render(const kg_graph *g, const kg_graph_style *style, const char *format,
                    const char *layout, const char *path, kg_error *err);

/* The Graphviz context every render of the process shares, created on first use.
 * Graphviz 2.43's text layout caches a pointer into a context's font table, so a context
 * freed and another created in the same process would read freed memory: kg keeps one.
 * kg_graph_context_free releases it (call once, at the end; later renders make a new one). */
GVC_t *kg_graph_context(void);
void kg_graph_context_free(void);

/* Escapes text for an escString attribute so Graphviz shows it verbatim: "\" -> "\\",
 * a newline -> "\n", other control characters -> space. Caller frees. */
char *kg_graph_escape(const char *text);
/* The link an article's url becomes (the edge's URL attribute): NULL unless url is an
 * absolute http:// or https:// URL with a host (scheme in any case), so javascript:,
 * data: and relative URLs link nowhere; otherwise a copy in which every byte that could
 * end an attribute or open markup (space, controls, quotes, < > \ ` { } | ^, bytes above
 * 0x7F) is percent-encoded, and with svg, "&" is written "&amp;" because Graphviz copies a
 * URL into SVG without escaping it. Caller frees. */
char *kg_graph_link_url(const char *url, bool svg);
/* The inverse for what kg_graph_escape produces (for tests and readers). Caller frees. */
char *kg_graph_unescape(const char *attr);

#endif
