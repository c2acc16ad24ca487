/* kg_graph: the graph model — claims read from the database (queries/internal/graph-claims.sql),
 * merged into edges, then filtered (relations, min-articles, BFS around an entity).
 * Drawing is in kg_graph_dot.c. */
#include "kg_graph.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kg_arena.h"
#include "kg_compare.h"
#include "kg_typed.h"

/* A string -> index map with open addressing; keys are owned copies. */
typedef struct strmap {
    char **keys;
    size_t *values;
    size_t cap, n;
} strmap;

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void strmap_free(strmap *m) {
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

static size_t *strmap_slot(strmap *m, const char *key, bool *found);

static void strmap_grow(strmap *m) {
    strmap bigger = {kg_xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)),
                     kg_xcalloc(m->cap ? m->cap * 2 : 64, sizeof(size_t)),
                     m->cap ? m->cap * 2 : 64, 0};
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            bool found;
            size_t *v = strmap_slot(&bigger, m->keys[i], &found);
            *v = m->values[i];
            free(m->keys[i]);
        }
    free(m->keys);
    free(m->values);
    *m = bigger;
}

/* The value slot for key, inserting key when absent (*found says which). */
static size_t *strmap_slot(strmap *m, const char *key, bool *found) {
    if ((m->n + 1) * 2 > m->cap) strmap_grow(m);
    size_t i = (size_t)(hash_str(key) & (m->cap - 1));
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key)) {
            *found = true;
            return &m->values[i];
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = kg_xstrdup(key);
    m->n++;
    *found = false;
    return &m->values[i];
}

/* A node name Graphviz reads back unchanged: control characters and backslashes become
 * '_' (a backslash before a newline would be a line continuation in DOT). */
static char *node_name(const char *prefix, const char *key) {
    size_t n = strlen(prefix) + strlen(key) + 1;
    char *s = kg_xmalloc(n);
    snprintf(s, n, "%s%s", prefix, key);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f) *p = '_';
    return s;
}

static const char *col(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

static char *dup_or_null(const char *s) {
    return s ? kg_xstrdup(s) : NULL;
}

typedef struct builder {
    kg_graph *g;
    size_t node_cap, edge_cap;
    strmap nodes, edges;
} builder;

static size_t add_node(builder *b, char kind, const char *key, const char *name,
                       const char *name_fa, const char *type) {
    char *id = node_name(kind == 'e' ? "" : kind == 'q' ? "q:" : "lit:", key ? key : "");
    bool found;
    size_t *slot = strmap_slot(&b->nodes, id, &found);
    if (found) {
        free(id);
        return *slot;
    }
    kg_graph_node node = {id, kg_xstrdup(key ? key : ""), kg_xstrdup(name ? name : ""),
                          dup_or_null(name_fa), kg_xstrdup(type ? type : ""),
                          kind == 'e' ? KG_NODE_ENTITY
                          : kind == 'q' ? KG_NODE_QUANTITY : KG_NODE_LITERAL};
    *slot = b->g->n_nodes;
    KG_PUSH(b->g->nodes, b->g->n_nodes, b->node_cap, node);
    return b->g->n_nodes - 1;
}

enum { MAX_EVIDENCE = 3 }; /* evidence sentences kept per edge */

static void add_claim(builder *b, sqlite3_stmt *st) {
    long long article = sqlite3_column_int64(st, 0);
    const char *relation = col(st, 1), *polarity = col(st, 2), *modality = col(st, 3);
    size_t tail = add_node(b, 'e', col(st, 4), col(st, 5), col(st, 6), col(st, 7));
    const char *kind = col(st, 8);
    size_t head = add_node(b, kind ? kind[0] : 'l', col(st, 9), col(st, 10), col(st, 11),
                           col(st, 12));
    const char *evidence = col(st, 13), *url = col(st, 14);

    char key[128];
    snprintf(key, sizeof key, "%zu\x1f%zu\x1f%s\x1f%s\x1f", tail, head,
             polarity ? polarity : "+", modality ? modality : "");
    size_t keylen = strlen(key) + strlen(relation ? relation : "") + 1;
    char *full = kg_xmalloc(keylen);
    snprintf(full, keylen, "%s%s", key, relation ? relation : "");
    bool found;
    size_t *slot = strmap_slot(&b->edges, full, &found);
    free(full);
    if (!found) {
        kg_graph_edge e = {tail, head, kg_xstrdup(relation ? relation : ""),
                           polarity && polarity[0] == '-' ? '-' : '+',
                           kg_xstrdup(modality ? modality : "asserted"), 0, NULL, 0,
                           kg_xstrdup(""), dup_or_null(url)};
        *slot = b->g->n_edges;
        KG_PUSH(b->g->edges, b->g->n_edges, b->edge_cap, e);
    }
    kg_graph_edge *e = &b->g->edges[*slot];
    e->count++;
    /* Rows arrive in article order, so a new article is always the last one. */
    if (!e->n_articles || e->articles[e->n_articles - 1] != article) {
        e->articles = kg_xrealloc(e->articles, (e->n_articles + 1) * sizeof *e->articles);
        e->articles[e->n_articles++] = article;
    }
    if (e->count <= MAX_EVIDENCE && evidence && !strstr(e->evidence, evidence)) {
        size_t n = strlen(e->evidence) + strlen(evidence) + 2;
        char *joined = kg_xmalloc(n);
        snprintf(joined, n, "%s%s%s", e->evidence, e->evidence[0] ? "\n" : "", evidence);
        free(e->evidence);
        e->evidence = joined;
    }
}

static bool relation_wanted(const kg_graph_filter *f, const char *relation) {
    if (!f || !f->n_relations) return true;
    for (size_t i = 0; i < f->n_relations; i++)
        if (!strcmp(f->relations[i], relation)) return true;
    return false;
}

static void free_node(kg_graph_node *n) {
    free(n->id);
    free(n->key);
    free(n->name);
    free(n->name_fa);
    free(n->type);
}

static void free_edge(kg_graph_edge *e) {
    free(e->relation);
    free(e->modality);
    free(e->articles);
    free(e->evidence);
    free(e->url);
}

void kg_graph_free(kg_graph *g) {
    if (!g) return;
    for (size_t i = 0; i < g->n_nodes; i++) free_node(&g->nodes[i]);
    for (size_t i = 0; i < g->n_edges; i++) free_edge(&g->edges[i]);
    free(g->nodes);
    free(g->edges);
    free(g);
}

/* Whether a node's name is spec once both are in the matching form (Latin letters
 * compare without case). */
static bool same_typed(const char *name, const char *typed_spec) {
    if (!name) return false;
    char *typed = kg_typed_text(name);
    bool same = !strcasecmp(typed, typed_spec);
    free(typed);
    return same;
}

/* The entity spec names: its key, the key of a name the lexicon knows, or its name or
 * Persian name, compared in the matching form (kg_typed.h). */
static long find_entity(const kg_graph *g, const char *spec) {
    char *known = kg_typed_lexicon_id(spec);
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].kind == KG_NODE_ENTITY &&
            (!strcmp(g->nodes[i].key, spec) || (known && !strcmp(g->nodes[i].key, known)))) {
            free(known);
            return (long)i;
        }
    free(known);
    char *typed = kg_typed_text(spec);
    long found = -1;
    for (size_t i = 0; found < 0 && i < g->n_nodes; i++) {
        const kg_graph_node *n = &g->nodes[i];
        if (n->kind != KG_NODE_ENTITY) continue;
        if (same_typed(n->name, typed) || same_typed(n->name_fa, typed)) found = (long)i;
    }
    free(typed);
    return found;
}

/* Keeps the edges with keep_edge[i] and the nodes they touch (plus keep_node marks),
 * renumbering both. */
static void compact(kg_graph *g, const bool *keep_edge, bool *keep_node) {
    for (size_t i = 0; i < g->n_edges; i++)
        if (keep_edge[i]) keep_node[g->edges[i].tail] = keep_node[g->edges[i].head] = true;
    size_t *renumber = kg_xcalloc(g->n_nodes ? g->n_nodes : 1, sizeof *renumber);
    size_t n = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (keep_node[i]) {
            renumber[i] = n;
            g->nodes[n++] = g->nodes[i];
        } else {
            free_node(&g->nodes[i]);
        }
    }
    g->n_nodes = n;
    n = 0;
    for (size_t i = 0; i < g->n_edges; i++) {
        if (keep_edge[i]) {
            kg_graph_edge e = g->edges[i];
            e.tail = renumber[e.tail];
            e.head = renumber[e.head];
            g->edges[n++] = e;
        } else {
            free_edge(&g->edges[i]);
        }
    }
    g->n_edges = n;
    free(renumber);
}

/* Applies min_articles, then the BFS around filter->entity. */
static int apply_filters(kg_graph *g, const kg_graph_filter *f, kg_error *err) {
    size_t ne = g->n_edges ? g->n_edges : 1, nn = g->n_nodes ? g->n_nodes : 1;
    bool *keep_edge = kg_xcalloc(ne, sizeof *keep_edge);
    bool *keep_node = kg_xcalloc(nn, sizeof *keep_node);
    for (size_t i = 0; i < g->n_edges; i++)
        keep_edge[i] = !f || f->min_articles <= 1 ||
                       g->edges[i].n_articles >= (size_t)f->min_articles;
    if (f && f->entity) {
        long start = find_entity(g, f->entity);
        if (start < 0) {
            free(keep_edge);
            free(keep_node);
            return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                                "no entity '%s' in the claims (give its key, name or Persian name)",
                                f->entity);
        }
        int depth = f->depth > 0 ? f->depth : 1;
        int *dist = kg_xmalloc(nn * sizeof *dist);
        for (size_t i = 0; i < g->n_nodes; i++) dist[i] = -1;
        dist[start] = 0;
        /* Level by level: an edge is kept when it joins a node reached within depth - 1
         * steps; the other end is then at most depth steps away. */
        for (int level = 0; level < depth; level++)
            for (size_t i = 0; i < g->n_edges; i++) {
                if (!keep_edge[i]) continue;
                size_t t = g->edges[i].tail, h = g->edges[i].head;
                if (dist[t] == level && dist[h] < 0) dist[h] = level + 1;
                if (dist[h] == level && dist[t] < 0) dist[t] = level + 1;
            }
        for (size_t i = 0; i < g->n_edges; i++) {
            size_t t = g->edges[i].tail, h = g->edges[i].head;
            bool near = (dist[t] >= 0 && dist[t] < depth && dist[h] >= 0) ||
                        (dist[h] >= 0 && dist[h] < depth && dist[t] >= 0);
            keep_edge[i] = keep_edge[i] && near;
        }
        keep_node[start] = true;
        free(dist);
    }
    compact(g, keep_edge, keep_node);
    free(keep_edge);
    free(keep_node);
    return KG_OK;
}

int kg_graph_load(sqlite3 *db, const kg_graph_filter *filter, kg_graph **out, kg_error *err) {
    *out = NULL;
    char *sql = kg_sql_load("graph-claims.sql", err);
    if (!sql) return err ? err->code : KG_EIO;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    free(sql);
    if (rc != SQLITE_OK)
        return kg_error_set(err, KG_EDB, "queries/internal/graph-claims.sql", 0, 0, -1, "%s",
                            sqlite3_errmsg(db));
    rc = kg_sql_bind_ids(st, ":articles", filter ? filter->articles : NULL,
                         filter ? filter->n_articles : 0);
    builder b = {kg_xcalloc(1, sizeof(kg_graph)), 0, 0, {0}, {0}};
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *relation = col(st, 1);
        if (relation && relation_wanted(filter, relation)) add_claim(&b, st);
        rc = SQLITE_OK;
    }
    strmap_free(&b.nodes);
    strmap_free(&b.edges);
    if (rc != SQLITE_DONE) {
        kg_error_set(err, KG_EDB, NULL, 0, 0, -1, "reading claims: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        kg_graph_free(b.g);
        return KG_EDB;
    }
    sqlite3_finalize(st);
    int status = apply_filters(b.g, filter, err);
    if (status != KG_OK) {
        kg_graph_free(b.g);
        return status;
    }
    *out = b.g;
    return KG_OK;
}
