/* kg_graph_int: what the files of graph/ share and nothing else sees. */
#ifndef KG_GRAPH_INT_H
#define KG_GRAPH_INT_H
#include <stdbool.h>

#include "kg_graph.h"

/* kg_graph_build; with svg set, URLs are prepared for Graphviz 2.43's SVG writer, which
 * leaves "&" unescaped (they carry "&amp;" themselves). */
Agraph_t *kg_graph_build_for(const kg_graph *g, const kg_graph_style *style, bool svg,
                             kg_error *err);

#endif
