/* A tiny test harness for kg's C unit tests (in the manner of cmark's api_test).
 * CHECK(cond, fmt, ...) records one assertion; harness_done() prints
 * "N passed, N failed" and returns the exit status (0 when nothing failed). */
#ifndef KG_TEST_HARNESS_H
#define KG_TEST_HARNESS_H
#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (cond) {                                                       \
            harness_passed++;                                             \
        } else {                                                          \
            harness_failed++;                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);          \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
        }                                                                 \
    } while (0)

#define CHECK_STR(got, want)                                                     \
    CHECK((got) && !strcmp((got), (want)), "expected \"%s\", got \"%s\"", (want), \
          (got) ? (got) : "(null)")

static inline int harness_done(void) {
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed ? 1 : 0;
}

#endif
