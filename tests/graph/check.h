/* A tiny test harness for the graph and compare tests: CHECK records a failure with its
 * line and carries on; check_done() prints the tally and gives the exit status. */
#ifndef KG_TEST_CHECK_H
#define KG_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        check_count++;                                                     \
        if (!(cond)) {                                                     \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

static inline int check_streq(const char *got, const char *want) {
    return got && want && !strcmp(got, want);
}

#define CHECK_STR(got, want)                                               \
    CHECK(check_streq((got), (want)), "got [%s], want [%s]", (got) ? (got) : "(null)", (want))

static inline int check_done(const char *name) {
    fprintf(stderr, "%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
