/* kg_graph_render: lays out and renders a kg_graph through gvc, in-process, with one
 * Graphviz context per process. See kg_graph.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Writes len bytes to path (NULL: stdout, flushed), checking every write and the close. */
static int write_out(const char *path, const char *data, size_t len, kg_error *err) {
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot write the graph: %s", strerror(errno));
    int failed = len && fwrite(data, 1, len, f) != len;
    int saved = failed ? errno : 0;
    if ((path ? fclose(f) : fflush(f)) != 0 && !failed) failed = 1, saved = errno;
    if (failed)
        return kg_error_set(err, KG_EIO, path ? path : "stdout", 0, 0, -1,
                            "writing the graph failed: %s", saved ? strerror(saved) : "write error");
    return KG_OK;
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
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem || agwrite(ag, mem) == EOF) status = kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1,
                                                              "cgraph could not write DOT");
        if (mem) fclose(mem);
        if (status == KG_OK) status = write_out(path, text, len, err);
        free(text);
        agclose(ag);
        return status;
    }
    if (!layout) layout = g->n_nodes > KG_GRAPH_SFDP_NODES ? "sfdp" : "dot";
    GVC_t *gvc = kg_graph_context();
    if (gvLayout(gvc, ag, layout) != 0) {
        status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                              "Graphviz cannot lay out with '%s'", layout);
    } else {
        /* Rendered into memory and written here: Graphviz 2.42 ends the process with
         * exit(1) when its own write fails, and reports success when it cannot open a
         * file, so neither may decide kg's status. */
        char *data = NULL;
        unsigned int len = 0;
        if (gvRenderData(gvc, ag, format, &data, &len) != 0)
            status = kg_error_set(err, KG_EIO, path, 0, 0, -1,
                                  "Graphviz could not render format '%s'", format);
        else
            status = write_out(path, data, len, err);
        if (data) gvFreeRenderData(data);
        gvFreeLayout(gvc, ag);
    }
    agclose(ag);
    return status;
}
