/* Minimal assertions for the store tests: a failed CHECK prints where and goes on;
 * CHECK_DONE() returns the exit status. */
#ifndef KG_TEST_CHECK_H
#define KG_TEST_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                    \
        }                                                                        \
    } while (0)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *g_ = (got), *w_ = (want);                                         \
        if (!g_ || strcmp(g_, w_)) {                                                  \
            fprintf(stderr, "%s:%d: got\n%s\nwant\n%s\n", __FILE__, __LINE__,          \
                    g_ ? g_ : "(null)", w_);                                          \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

#define CHECK_DONE() (check_failures ? (fprintf(stderr, "%d check(s) failed\n", check_failures), 1) : 0)

#endif
