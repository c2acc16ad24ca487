/* kg_multimatch: Aho–Corasick multi-string matching (see kg_multimatch.h).
 *
 * Invariants after build: every state has a transition for every byte class (the goto
 * function completed with failure links, so a scan never backtracks), and each state's
 * outputs list every needle that ends there, its own and its failure chain's. Bytes that
 * occur in no needle share class 0, which keeps the table small. */
#include "kg_multimatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"

struct kg_multimatch {
    char **needles;
    size_t *lengths;
    size_t n_needles, cap_needles, cap_lengths;
    int built;

    unsigned char byte_class[256];
    size_t n_classes;
    int32_t *delta;         /* while building: n_states * n_classes transitions */
    /* After building, the scan's table. States are numbered breadth-first, so the
     * shallow states a scan visits most sit together; a state is held as its row's
     * offset (state number * n_classes), so a byte costs one load and no multiply:
     * entry s*n_classes + c holds the next state's offset, with the top bit set when
     * that state has outputs. NULL when the offsets do not fit in 31 bits: then every
     * needle counts as found. */
    uint32_t *table;
    size_t n_states;
    size_t *out_start, *out_count;  /* per state: a range of `outputs` */
    size_t *outputs;        /* needle ids */
};

kg_multimatch *kg_multimatch_new(void) {
    kg_multimatch *m = kg_xmalloc(sizeof *m);
    memset(m, 0, sizeof *m);
    return m;
}

size_t kg_multimatch_add(kg_multimatch *m, const char *needle, size_t len) {
    for (size_t i = 0; i < m->n_needles; i++)
        if (m->lengths[i] == len && !memcmp(m->needles[i], needle, len)) return i;
    char *copy = kg_xmalloc(len + 1);
    memcpy(copy, needle, len);
    copy[len] = '\0';
    size_t n = m->n_needles;
    KG_PUSH(m->lengths, n, m->cap_lengths, len);
    KG_PUSH(m->needles, m->n_needles, m->cap_needles, copy);
    return m->n_needles - 1;
}

size_t kg_multimatch_count(const kg_multimatch *m) { return m ? m->n_needles : 0; }

const char *kg_multimatch_needle(const kg_multimatch *m, size_t id) {
    return m && id < m->n_needles ? m->needles[id] : NULL;
}

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

void kg_multimatch_build(kg_multimatch *m) {
    if (m->built) return;
    m->built = 1;
    /* Byte classes: one per distinct (folded) needle byte, 0 for all others. */
    size_t total = 1;
    m->n_classes = 1;
    for (size_t i = 0; i < m->n_needles; i++) {
        total += m->lengths[i];
        for (size_t j = 0; j < m->lengths[i]; j++) {
            unsigned char c = fold((unsigned char)m->needles[i][j]);
            if (!m->byte_class[c]) m->byte_class[c] = (unsigned char)m->n_classes++;
        }
    }
    for (int c = 'A'; c <= 'Z'; c++) m->byte_class[c] = m->byte_class[c + 32];

    /* The trie. At most `total` states. */
    size_t k = m->n_classes;
    m->delta = kg_xmalloc(total * k * sizeof *m->delta);
    for (size_t i = 0; i < total * k; i++) m->delta[i] = -1;
    size_t *own = kg_xmalloc(total * sizeof *own); /* needle id + 1 ending here, or 0 */
    memset(own, 0, total * sizeof *own);
    m->n_states = 1;
    for (size_t i = 0; i < m->n_needles; i++) {
        size_t s = 0;
        for (size_t j = 0; j < m->lengths[i]; j++) {
            size_t c = m->byte_class[(unsigned char)m->needles[i][j]];
            if (m->delta[s * k + c] < 0) m->delta[s * k + c] = (int32_t)m->n_states++;
            s = (size_t)m->delta[s * k + c];
        }
        own[s] = i + 1;
    }

    /* Failure links in breadth-first order, completing the transitions as we go. */
    size_t *fail = kg_xmalloc(m->n_states * sizeof *fail);
    size_t *queue = kg_xmalloc(m->n_states * sizeof *queue);
    size_t head = 0, tail = 0;
    fail[0] = 0;
    for (size_t c = 0; c < k; c++) {
        int32_t t = m->delta[c];
        if (t < 0) m->delta[c] = 0;
        else fail[t] = 0, queue[tail++] = (size_t)t;
    }
    while (head < tail) {
        size_t s = queue[head++];
        for (size_t c = 0; c < k; c++) {
            int32_t t = m->delta[s * k + c];
            if (t < 0) {
                m->delta[s * k + c] = m->delta[fail[s] * k + c];
            } else {
                fail[t] = (size_t)m->delta[fail[s] * k + c];
                queue[tail++] = (size_t)t;
            }
        }
    }

    /* Outputs: a state's own needle, then its failure state's outputs (already final:
     * the failure state is shallower, so it came earlier in the queue). */
    m->out_start = kg_xmalloc(m->n_states * sizeof *m->out_start);
    m->out_count = kg_xmalloc(m->n_states * sizeof *m->out_count);
    size_t n_out = 0, cap_out = 0;
    m->out_start[0] = 0;
    m->out_count[0] = 0;
    for (size_t qi = 0; qi < tail; qi++) {
        size_t s = queue[qi], f = fail[s];
        m->out_start[s] = n_out;
        if (own[s]) KG_PUSH(m->outputs, n_out, cap_out, own[s] - 1);
        for (size_t i = 0; i < m->out_count[f]; i++) {
            size_t id = m->outputs[m->out_start[f] + i];
            KG_PUSH(m->outputs, n_out, cap_out, id);
        }
        m->out_count[s] = n_out - m->out_start[s];
    }
    if (m->n_states * k <= 0x7FFFFFFF) {
        size_t *rank = kg_xmalloc(m->n_states * sizeof *rank);
        rank[0] = 0;
        for (size_t qi = 0; qi < tail; qi++) rank[queue[qi]] = qi + 1;
        m->table = kg_xmalloc(m->n_states * k * sizeof *m->table);
        size_t *start = kg_xmalloc(m->n_states * sizeof *start);
        size_t *count = kg_xmalloc(m->n_states * sizeof *count);
        for (size_t st = 0; st < m->n_states; st++) {
            start[rank[st]] = m->out_start[st];
            count[rank[st]] = m->out_count[st];
            for (size_t c = 0; c < k; c++) {
                size_t t = (size_t)m->delta[st * k + c];
                m->table[rank[st] * k + c] =
                    (uint32_t)(rank[t] * k) | (m->out_count[t] ? 0x80000000u : 0);
            }
        }
        free(m->out_start);
        free(m->out_count);
        m->out_start = start;
        m->out_count = count;
        free(rank);
    }
    free(m->delta);
    m->delta = NULL;
    free(queue);
    free(fail);
    free(own);
}

void kg_multimatch_scan(const kg_multimatch *m, const char *text, size_t len,
                        unsigned char *found) {
    if (!m || !m->n_needles || !m->built) return;
    if (!m->table) { /* too large to scan: conservatively, everything occurs */
        memset(found, 0xFF, m->n_needles / 8);
        for (size_t id = m->n_needles / 8 * 8; id < m->n_needles; id++)
            found[id / 8] |= (unsigned char)(1u << (id % 8));
        return;
    }
    const unsigned char *t = (const unsigned char *)text;
    const uint32_t *table = m->table;
    size_t k = m->n_classes, offset = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t next = table[offset + m->byte_class[t[i]]];
        offset = next & 0x7FFFFFFFu;
        if (!(next & 0x80000000u)) continue;
        size_t s = offset / k;
        for (size_t j = 0; j < m->out_count[s]; j++) {
            size_t id = m->outputs[m->out_start[s] + j];
            found[id / 8] |= (unsigned char)(1u << (id % 8));
        }
    }
}

void kg_multimatch_free(kg_multimatch *m) {
    if (!m) return;
    for (size_t i = 0; i < m->n_needles; i++) free(m->needles[i]);
    free(m->needles);
    free(m->lengths);
    free(m->delta);
    free(m->table);
    free(m->out_start);
    free(m->out_count);
    free(m->outputs);
    free(m);
}
