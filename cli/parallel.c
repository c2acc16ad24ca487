/* parallel: see parallel.h. A ring of slots; slot k holds item number seq with
 * seq % window == k. Invariants (under the mutex): items [emitted, produced) are in
 * flight; a slot is taken by one worker at most; emit runs in seq order. */
#define _GNU_SOURCE /* syscall(SYS_gettid) */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "kg_arena.h"

typedef struct slot {
    void *item, *result;
    bool taken, done;
} slot;

typedef struct pool {
    const kg_parallel_ops *ops;
    void *ctx;
    slot *slots;
    size_t window;
    size_t produced, emitted, next_free; /* next_free: the lowest seq not yet taken */
    bool finished;                       /* no more items will be produced */
    pthread_mutex_t lock;
    pthread_cond_t work_ready, result_ready;
} pool;

/* Lowers the calling thread's priority (kg_parallel_ops.favour_caller). On Linux a
 * thread has its own nice value; raising it needs no privilege. */
static void yield_to_caller(void) {
#ifdef __linux__
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
}

static void *worker(void *arg) {
    pool *p = arg;
    if (p->ops->favour_caller) yield_to_caller();
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next_free == p->produced && !p->finished) pthread_cond_wait(&p->work_ready, &p->lock);
        if (p->next_free == p->produced && p->finished) break;
        slot *s = &p->slots[p->next_free % p->window];
        p->next_free++;
        s->taken = true;
        pthread_mutex_unlock(&p->lock);
        void *result = p->ops->work(p->ctx, s->item);
        pthread_mutex_lock(&p->lock);
        s->result = result;
        s->done = true;
        pthread_cond_signal(&p->result_ready);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void run_sequential(const kg_parallel_ops *ops, void *ctx) {
    void *item;
    while ((item = ops->next(ctx)) != NULL) ops->emit(ctx, item, ops->work(ctx, item));
}

int kg_parallel_run(int jobs, const kg_parallel_ops *ops, void *ctx) {
    if (jobs <= 1) {
        run_sequential(ops, ctx);
        return 0;
    }
    pool p = {.ops = ops, .ctx = ctx, .window = (size_t)jobs * 4};
    p.slots = kg_xcalloc(p.window, sizeof *p.slots);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.work_ready, NULL);
    pthread_cond_init(&p.result_ready, NULL);
    pthread_t *threads = kg_xcalloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0) break;
    int status = 0;
    if (started == 0) {
        status = -1;
    } else {
        pthread_mutex_lock(&p.lock);
        for (;;) {
            /* Produce while there is room in the window. */
            while (!p.finished && p.produced - p.emitted < p.window) {
                pthread_mutex_unlock(&p.lock);
                void *item = ops->next(ctx);
                pthread_mutex_lock(&p.lock);
                if (!item) {
                    p.finished = true;
                    pthread_cond_broadcast(&p.work_ready);
                    break;
                }
                slot *s = &p.slots[p.produced % p.window];
                *s = (slot){.item = item};
                p.produced++;
                pthread_cond_signal(&p.work_ready);
            }
            if (p.emitted == p.produced && p.finished) break;
            slot *s = &p.slots[p.emitted % p.window];
            while (!s->done) pthread_cond_wait(&p.result_ready, &p.lock);
            void *item = s->item, *result = s->result;
            *s = (slot){0};
            p.emitted++;
            pthread_mutex_unlock(&p.lock);
            ops->emit(ctx, item, result);
            pthread_mutex_lock(&p.lock);
        }
        pthread_mutex_unlock(&p.lock);
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    free(threads);
    pthread_cond_destroy(&p.work_ready);
    pthread_cond_destroy(&p.result_ready);
    pthread_mutex_destroy(&p.lock);
    free(p.slots);
    if (status != 0) run_sequential(ops, ctx);
    return 0;
}
