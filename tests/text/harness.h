/* A tiny test harness for the text tests: CHECK records a failure and goes on; a test
 * program returns kg_test_done() (0 when every check passed). */
#ifndef KG_TEST_HARNESS_H
#define KG_TEST_HARNESS_H
#include <stdio.h>

static int kg_test_failures, kg_test_checks;

#define CHECK(cond, ...)                                                          \
    do {                                                                          \
        kg_test_checks++;                                                         \
        if (!(cond)) {                                                            \
            kg_test_failures++;                                                   \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
        }                                                                         \
    } while (0)

static inline int kg_test_done(void) {
    printf("%d checks, %d failed\n", kg_test_checks, kg_test_failures);
    return kg_test_failures ? 1 : 0;
}

/* Decodes the escapes of the test tables in place: \t \n \\ and \u{XXXX}. */
static inline void kg_test_unescape(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r != '\\' || !r[1]) { *w++ = *r; continue; }
        r++;
        if (*r == 't') *w++ = '\t';
        else if (*r == 'n') *w++ = '\n';
        else if (*r == 'r') *w++ = '\r';
        else if (*r == '\\') *w++ = '\\';
        else if (*r == 'u' && r[1] == '{') {
            unsigned long cp = 0;
            r += 2;
            while (*r && *r != '}') {
                char c = *r++;
                cp = cp * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
            }
            if (cp < 0x80) *w++ = (char)cp;
            else if (cp < 0x800) { *w++ = (char)(0xC0 | (cp >> 6)); *w++ = (char)(0x80 | (cp & 63)); }
            else if (cp < 0x10000) {
                *w++ = (char)(0xE0 | (cp >> 12)); *w++ = (char)(0x80 | ((cp >> 6) & 63));
                *w++ = (char)(0x80 | (cp & 63));
            } else {
                *w++ = (char)(0xF0 | (cp >> 18)); *w++ = (char)(0x80 | ((cp >> 12) & 63));
                *w++ = (char)(0x80 | ((cp >> 6) & 63)); *w++ = (char)(0x80 | (cp & 63));
            }
        } else { *w++ = '\\'; *w++ = *r; }
    }
    *w = '\0';
}
#endif
