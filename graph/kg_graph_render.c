/* kg_graph_render: lays out and renders a kg_graph through gvc, in-process, with one
 * Graphviz context per process. See kg_graph.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <graphviz/gvc.h>

#include "kg_graph.h"
#include "kg_graph_int.h"

static GVC_t *shared_gvc;

GVC_t *kg_graph_context(void) {
    if (!shared_gvc) shared_gvc = gvContext();
    return shared_gvc;
}

void kg_graph_context_free(void) {
    if (shared_gvc) gvFreeContext(shared_gvc);
    shared_gvc = NULL;
}

int kg_graph_render(const kg_graph *g, const kg_graph_style *style, const char *format,
                    const char *layout, const char *path, kg_error *err) {
    bool dot = !strcmp(format, "dot") || !strcmp(format, "gv");
    if (!dot && (g->n_nodes > KG_GRAPH_MAX_LAYOUT_NODES || g->n_edges > KG_GRAPH_MAX_LAYOUT_EDGES))
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "%zu nodes and %zu edges are too many to lay out (at most %d and "
                            "%d): narrow the graph with --entity NAME, --relation R or "
                            "--min-articles N, or write DOT (a .dot file), which needs no layout",
                            g->n_nodes, g->n_edges, KG_GRAPH_MAX_LAYOUT_NODES,
                            KG_GRAPH_MAX_LAYOUT_EDGES);
    Agraph_t *ag = kg_graph_build_for(g, style, !strncmp(format, "svg", 3), err);
    if (!ag) return err ? err->code : KG_EINTERNAL;
    int status = KG_OK;
    if (dot) {
        FILE *f = path ? fopen(path, "w") : stdout;
        if (!f) {
            int why = errno; /* before agclose */
            agclose(ag);
            return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot write the graph: %s",
                                strerror(why));
        }
        if (agwrite(ag, f) == EOF)
            status = kg_error_set(err, KG_EIO, path, 0, 0, -1, "writing the graph failed: %s",
                                  strerror(errno));
        if ((path ? fclose(f) : fflush(f)) != 0 && status == KG_OK)
            status = kg_error_set(err, KG_EIO, path, 0, 0, -1, "writing the graph failed: %s",
                                  strerror(errno));
        agclose(ag);
        return status;
    }
    if (!layout) layout = g->n_nodes > KG_GRAPH_SFDP_NODES ? "sfdp" : "dot";
    GVC_t *gvc = kg_graph_context();
    if (gvLayout(gvc, ag, layout) != 0) {
        status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                              "Graphviz cannot lay out with '%s'", layout);
    } else {
        /* The file is opened here: gvRenderFilename in 2.43 reports success when it cannot
         * open the file. */
        FILE *f = path ? fopen(path, "wb") : stdout;
        if (!f) {
            status = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot write the graph: %s",
                                  strerror(errno));
        } else {
            if (gvRender(gvc, ag, format, f) != 0)
                status = kg_error_set(err, KG_EIO, path, 0, 0, -1,
                                      "Graphviz could not render format '%s'", format);
            if ((path ? fclose(f) : fflush(f)) != 0 && status == KG_OK)
                status = kg_error_set(err, KG_EIO, path, 0, 0, -1,
                                      "writing the graph failed: %s", strerror(errno));
        }
        gvFreeLayout(gvc, ag);
    }
    agclose(ag);
    return status;
}
