/* parallel: an ordered parallel map for the commands that process many articles.
 *
 * The calling thread produces items (next) and consumes results (emit) in input order;
 * `jobs` worker threads run work() on items concurrently. At most a small window of
 * items (a few per job) is in flight, so memory stays bounded whatever the input size.
 * work() must be thread-safe; next() and emit() run only on the calling thread. With
 * jobs <= 1, or when no thread can be started, everything runs on the calling thread,
 * in order. */
#ifndef KG_PARALLEL_H
#define KG_PARALLEL_H

typedef struct kg_parallel_ops {
    void *(*next)(void *ctx);                            /* the next item, or NULL at the end */
    void *(*work)(void *ctx, void *item);                /* item -> result (any thread) */
    void (*emit)(void *ctx, void *item, void *result);   /* in input order; frees both */
    /* When emit is the bottleneck (one thread writes a database), the workers run at a
     * lower scheduling priority (Linux: nice 10 per worker thread), so that with as many
     * workers as cores the calling thread does not wait for a core; elsewhere ignored. */
    int favour_caller;
} kg_parallel_ops;

/* Returns 0 once every item has been emitted. */
int kg_parallel_run(int jobs, const kg_parallel_ops *ops, void *ctx);

#endif
