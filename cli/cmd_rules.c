/* kg rules: self-test, check and list the rule files. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "kg_pipeline.h"
#include "kg_ruletest.h"
#include "kg_rules_int.h"

static const char usage_text[] =
    "usage: kg rules test [--verbose] [PREFIX]\n"
    "       kg rules check [FILE...]\n"
    "       kg rules list\n"
    "       kg rules cues\n"
    "\n"
    "test   runs every rule's examples through the whole pipeline: each `=>` claim must\n"
    "       come out, and `counter` sentences must yield nothing from their rule. Prints\n"
    "       failures, then 'N passed, N failed'. PREFIX limits it to rule ids starting so.\n"
    "check  loads and compiles rule files (all of extract/rules/ when no FILE is given)\n"
    "       and reports the first error as file:line:column.\n"
    "list   prints every rule: id, relation, file:line.\n"
    "cues   prints each pattern's cue words, derived from the pattern: (a | b) & c means\n"
    "       the pattern runs only on sentences holding a or b, and c. \"(none)\": it runs\n"
    "       on every sentence whose language and mention types fit.\n"
    "Exit status: 0 ok; 1 a test failed or a file has errors; 2 usage; 3 data error.\n";

static int report(kg_error *err) {
    char msg[1200];
    kg_error_format(err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    return KG_EXIT_INPUT;
}

static void print_pattern_cues(const kg_rules *r, const kg_pattern *p) {
    if (!p->n_cue_groups) fputs("(none)", stdout);
    const size_t *id = p->cues;
    for (size_t g = 0; g < p->n_cue_groups; g++) {
        fputs(g ? " & " : "", stdout);
        if (p->cue_group_len[g] > 1) putchar('(');
        for (size_t i = 0; i < p->cue_group_len[g]; i++)
            printf("%s%s", i ? " | " : "", kg_multimatch_needle(r->cues, id[i]));
        if (p->cue_group_len[g] > 1) putchar(')');
        id += p->cue_group_len[g];
    }
    putchar('\n');
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* One line per pattern: file:line, rule id (or qualifier kind), cue words. */
static void print_cues(const kg_rules *r) {
    static const char *kinds[] = {"negation", "modality", "source"};
    size_t with = 0, all = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        for (size_t j = 0; j < r->rules[i].n_patterns; j++, all++) {
            const kg_pattern *p = &r->rules[i].patterns[j];
            printf("%s:%d\t%s\t", base_name(r->rules[i].file), p->line, r->rules[i].id);
            print_pattern_cues(r, p);
            with += p->n_cue_groups > 0;
        }
    for (size_t i = 0; i < r->n_quals; i++, all++) {
        const kg_pattern *p = &r->quals[i].pattern;
        printf("%s:%d\t%s\t", base_name(r->quals[i].file), p->line, kinds[r->quals[i].kind]);
        print_pattern_cues(r, p);
        with += p->n_cue_groups > 0;
    }
    printf("%zu of %zu patterns have cue words; %zu distinct cue words\n", with, all,
           kg_multimatch_count(r->cues));
}

int kg_cmd_rules(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_text, stderr);
        return KG_EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        fputs(usage_text, stdout);
        return KG_EXIT_OK;
    }
    kg_error err;
    kg_error_clear(&err);
    if (!strcmp(sub, "check")) {
        if (argc == 2) {
            kg_rules *r = NULL;
            if (kg_rules_load(NULL, NULL, &r, &err) != KG_OK) return report(&err);
            printf("%zu rules, %zu qualifier cues: ok\n", r->n_rules, r->n_quals);
            kg_rules_free(r);
            return KG_EXIT_OK;
        }
        int status = KG_EXIT_OK;
        for (int i = 2; i < argc; i++) {
            kg_rules *r = NULL;
            kg_error_clear(&err);
            if (kg_rules_load_file(argv[i], NULL, &r, &err) != KG_OK) {
                status = report(&err);
                continue;
            }
            printf("%s: ok\n", argv[i]);
            kg_rules_free(r);
        }
        return status;
    }
    if (strcmp(sub, "test") && strcmp(sub, "list") && strcmp(sub, "cues")) {
        kg_cli_error("rules", "unknown subcommand '%s'", sub);
        fputs(usage_text, stderr);
        return KG_EXIT_USAGE;
    }
    int verbose = 0;
    const char *prefix = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = 1;
        else if (argv[i][0] == '-') {
            kg_cli_error("rules", "unknown option '%s'", argv[i]);
            return KG_EXIT_USAGE;
        } else prefix = argv[i];
    }
    kg_extractor *ex = NULL;
    if (kg_extractor_new(NULL, &ex, &err) != KG_OK) {
        report(&err);
        return KG_EXIT_DATA;
    }
    if (!strcmp(sub, "list")) {
        const kg_rules *r = kg_extractor_rules(ex);
        for (size_t i = 0; i < r->n_rules; i++)
            printf("%-36s %-18s %s:%d\n", r->rules[i].id, r->rules[i].relation, r->rules[i].file,
                   r->rules[i].line);
        kg_extractor_free(ex);
        return KG_EXIT_OK;
    }
    if (!strcmp(sub, "cues")) {
        print_cues(kg_extractor_rules(ex));
        kg_extractor_free(ex);
        return KG_EXIT_OK;
    }
    kg_ruletest_result result;
    kg_ruletest_run(ex, prefix, verbose, stdout, &result);
    printf("%d passed, %d failed\n", result.passed, result.failed);
    kg_extractor_free(ex);
    return result.failed ? KG_EXIT_INPUT : KG_EXIT_OK;
}
