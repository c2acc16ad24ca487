/* kg_literals: the literal words a regular expression's every match must contain.
 *
 * kg_literals_required reads a PCRE2 pattern (as compiled by kg_regex with
 * PCRE2_CASELESS, UTF and UCP) and, where it can prove them, returns sets of strings such
 * that any text the pattern matches contains at least one string of each set S. ASCII
 * letters in S are lower case: compare against text folded with ASCII tolower. Under
 * PCRE2_CASELESS the ASCII letters k and s also match U+212A KELVIN SIGN and U+017F LONG S;
 * a caller scanning text with those characters must not trust S.
 *
 * The analysis is conservative: any construct it does not fully understand (verbs like
 * (*ACCEPT), conditionals, \Q...\E, extended mode, recursion) contributes no requirement
 * or, where it could end a match early, makes the whole result "no requirement". Mention
 * slot marks (U+E000, U+E001) are never part of a literal: slot types are filtered apart.
 *
 * This is the same idea as a trigram index's query analysis: the result feeds a
 * multi-string matcher (kg_multimatch) that decides in one pass over a sentence which
 * patterns can possibly match.
 *
 * Ownership: the set's strings and array are malloc'ed; kg_literal_set_free frees them. */
#ifndef KG_LITERALS_H
#define KG_LITERALS_H
#include <stddef.h>

typedef struct kg_literal_set {
    char **items;           /* NUL-terminated UTF-8 strings, none empty */
    size_t n;
} kg_literal_set;

enum { KG_LITERALS_MAX_SETS = 3 };

/* Fills out[0..n) and returns n (0 to KG_LITERALS_MAX_SETS): every match of `pattern`
 * contains at least one string of EACH set, e.g. {"plans", "intends"} and {"launch",
 * "release"}. Sets come best first; each string has at least min_chars code points
 * (spaces not counted). Never fails on a pattern it cannot read: that pattern simply
 * gets no set. */
size_t kg_literals_required(const char *pattern, size_t min_chars,
                            kg_literal_set out[KG_LITERALS_MAX_SETS]);

void kg_literal_set_free(kg_literal_set *set);

#endif
