/* kg_ruletest: see kg_ruletest.h. */
#include "kg_ruletest.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kg_normalize.h"
#include "kg_rules_int.h"

/* Names compare in matching form, ignoring case and spaces. */
static int same_name(const char *want, const char *got) {
    if (!want || !got) return 0;
    char *a = kg_normalize_string(want), *b = kg_normalize_string(got);
    int same = 0;
    if (a && b) {
        char *x = a, *y = b;
        for (;;) {
            while (*x == ' ') x++;
            while (*y == ' ') y++;
            if (!*x || !*y) break;
            if (tolower((unsigned char)*x) != tolower((unsigned char)*y)) break;
            x++;
            y++;
        }
        same = !*x && !*y;
    }
    free(a);
    free(b);
    return same;
}

static int contains(const char *hay, const char *needle) {
    if (!hay) return 0;
    char *h = kg_normalize_string(hay), *n = kg_normalize_string(needle);
    for (char *p = h; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    for (char *p = n; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    int found = h && n && strstr(h, n) != NULL;
    free(h);
    free(n);
    return found;
}

static int close_to(double a, double b) {
    return fabs(a - b) <= 0.02 * fmax(fmax(fabs(a), fabs(b)), 1e-9);
}

/* "=LOW[..HIGH] [UNIT]" against an argument's value. */
static int quantity_matches(const char *spec, const kg_claim_arg *arg) {
    if (!arg->has_value) return 0;
    char *end;
    double lo = strtod(spec + 1, &end), hi = lo;
    if (!strncmp(end, "..", 2)) hi = strtod(end + 2, &end);
    while (*end == ' ') end++;
    if (*end && strcasecmp(end, arg->value.unit)) return 0;
    double glo = arg->value.has_low ? arg->value.low : arg->value.high;
    double ghi = arg->value.has_high ? arg->value.high : arg->value.low;
    return close_to(lo, glo) && close_to(hi, ghi);
}

static int arg_matches(const char *spec, const kg_claim_arg *arg) {
    if (spec[0] == '=') return quantity_matches(spec, arg);
    if (spec[0] == '~') return contains(arg->name, spec + 1) || contains(arg->surface, spec + 1);
    return same_name(spec, arg->name) || same_name(spec, arg->id) || same_name(spec, arg->surface);
}

static int expect_matches(const kg_expect *e, const kg_claim *c) {
    if (strcmp(e->relation, c->relation)) return 0;
    if (!arg_matches(e->subject, &c->subject) || !arg_matches(e->object, &c->object)) return 0;
    char pol = e->polarity ? e->polarity[0] : '+';
    if (pol != c->polarity) return 0;
    if (e->modality && strcmp(e->modality, c->modality)) return 0;
    if (e->source && !(c->source && (same_name(e->source, c->source) || contains(c->source, e->source))))
        return 0;
    if (e->time && !(c->time && !strncmp(c->time, e->time, strlen(e->time)))) return 0;
    return 1;
}

static void print_claim(FILE *out, const kg_claim *c) {
    fprintf(out, "      got: %s | %s | %s | %c | %s", c->subject.name, c->relation, c->object.name,
            c->polarity, c->modality);
    if (c->source) fprintf(out, " | source=%s", c->source);
    if (c->time) fprintf(out, " | time=%s", c->time);
    fputc('\n', out);
}

/* What an example tests: the claims of one rule or frame (by id), or those any frame made
 * through one argument template (by template name). */
typedef struct example_owner {
    const char *file, *name;
    int is_template;
} example_owner;

static int owned(const example_owner *o, const kg_claim *c) {
    if (o->is_template) return c->template_name && !strcmp(c->template_name, o->name);
    return !strcmp(c->rule, o->name);
}

static void run_example(const kg_extractor *ex, const example_owner *rule, const kg_example *exm,
                        int verbose, FILE *out, kg_ruletest_result *result) {
    kg_article *a = NULL;
    kg_error err;
    kg_error_clear(&err);
    char where[600];
    snprintf(where, sizeof where, "%s:%d", rule->file, exm->line);
    const char *what = rule->is_template ? "template " : "";
    kg_extract_options opts = {0};
    opts.keep_duplicates = 1; /* this rule's claims, even where an earlier rule made them */
    if (kg_extract_bytes(ex, where, exm->sentence, strlen(exm->sentence), &opts, &a, &err) != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        fprintf(out, "FAIL %s %s%s: the example could not be read: %s\n", where, what, rule->name, msg);
        result->failed++;
        return;
    }
    int ok = 1;
    size_t mine = 0;
    for (size_t i = 0; i < a->n_claims; i++) mine += owned(rule, &a->claims[i]);
    if (exm->counter && mine) ok = 0;
    for (size_t j = 0; j < exm->n_expects; j++) {
        int found = 0;
        for (size_t i = 0; i < a->n_claims && !found; i++)
            found = owned(rule, &a->claims[i]) && expect_matches(&exm->expects[j], &a->claims[i]);
        if (!found) ok = 0;
    }
    if (!ok) {
        fprintf(out, "FAIL %s %s%s\n    %s: %s\n", where, what, rule->name,
                exm->counter ? "counter-example (must yield nothing)" : "example", exm->sentence);
        for (size_t j = 0; j < exm->n_expects; j++) {
            const kg_expect *e = &exm->expects[j];
            int found = 0;
            for (size_t i = 0; i < a->n_claims && !found; i++)
                found = owned(rule, &a->claims[i]) && expect_matches(e, &a->claims[i]);
            if (!found)
                fprintf(out, "  missing: %s | %s | %s%s%s%s%s (line %d)\n", e->subject, e->relation,
                        e->object, e->polarity ? " | " : "", e->polarity ? e->polarity : "",
                        e->modality ? " | " : "", e->modality ? e->modality : "", e->line);
        }
        for (size_t i = 0; i < a->n_claims; i++)
            if (owned(rule, &a->claims[i])) print_claim(out, &a->claims[i]);
        if (!mine) {
            fprintf(out, "      mentions:");
            for (size_t m = 0; m < a->n_mentions; m++)
                fprintf(out, " [%s %s]", a->mentions[m].type, a->mentions[m].name);
            fputc('\n', out);
        }
        result->failed++;
    } else {
        if (verbose) fprintf(out, "ok   %s %s%s (%zu claims)\n", where, what, rule->name, mine);
        result->passed++;
    }
    kg_article_free(a);
}

void kg_ruletest_run(const kg_extractor *ex, const char *prefix, int verbose, FILE *out,
                     kg_ruletest_result *result) {
    const kg_rules *rules = kg_extractor_rules(ex);
    result->passed = result->failed = 0;
    for (size_t i = 0; i < rules->n_rules; i++) {
        const kg_rule *rule = &rules->rules[i];
        if (prefix && strncmp(rule->id, prefix, strlen(prefix))) continue;
        example_owner owner = {rule->file, rule->id, 0};
        for (size_t j = 0; j < rule->n_examples; j++)
            run_example(ex, &owner, &rule->examples[j], verbose, out, result);
    }
    for (size_t i = 0; i < rules->n_templates; i++) {
        const kg_template *t = &rules->templates[i];
        if (prefix && strncmp(t->name, prefix, strlen(prefix))) continue;
        example_owner owner = {t->file, t->name, 1};
        if (!t->n_examples) {
            fprintf(out, "FAIL %s:%d template %s: a template needs at least one example\n",
                    t->file, t->line, t->name);
            result->failed++;
        }
        for (size_t j = 0; j < t->n_examples; j++)
            run_example(ex, &owner, &t->examples[j], verbose, out, result);
    }
}
