/* kg_ruletest: runs the examples written in the rule files (`kg rules test`).
 *
 * Each `example` sentence goes through the whole pipeline; the claims its rule produces
 * must include every `=>` expectation under it, and a `counter` sentence must get no
 * claim from its rule. Failures are printed in the manner of pcre2test. */
#ifndef KG_RULETEST_H
#define KG_RULETEST_H
#include <stdio.h>

#include "kg_pipeline.h"

typedef struct kg_ruletest_result {
    int passed, failed;
} kg_ruletest_result;

/* Runs every example of every rule whose id starts with prefix (NULL: all). Writes a
 * line per failure (and per pass when verbose) to out. */
void kg_ruletest_run(const kg_extractor *ex, const char *prefix, int verbose, FILE *out,
                     kg_ruletest_result *result);

#endif
