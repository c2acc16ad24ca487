/* kg_dates: dates; see kg_dates.h.
 *
 * Each pattern is tried at every unused token, longest first; a pattern anchored on a
 * month name only fires with a day, a year or a relative cue beside the month. */
#include "kg_dates.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>

#include "kg_data.h"
#include "kg_eparts.h"
#include "kg_etok.h"
#include "kg_normalize.h"

enum { D_YEAR_BEFORE = 1, D_YEAR_AFTER, D_REL_BEFORE, D_REL_AFTER, D_REL_WHOLE, D_YEAR_WORD,
       D_MONTH_WORD, D_QUARTER, D_ORDINAL, D_OF, D_YEAR_DET, D_WEEKDAY, D_WEEK_WORD };

typedef struct month {
    int month;
    bool persian;
} month;

typedef struct dcue {
    int role;
    int value;     /* offset, ordinal, span flag, quarter number */
    char kind;     /* quarter: 'q' or 'h'; year-after: 'g' or 'p' */
} dcue;

struct kg_date_finder {
    kg_phrases *months, *cues;
    void **owned;
    size_t nowned, capowned;
};

void kg_date_finder_free(kg_date_finder *df) {
    if (!df) return;
    kg_phrases_free(df->months);
    kg_phrases_free(df->cues);
    for (size_t i = 0; i < df->nowned; i++) free(df->owned[i]);
    free(df->owned);
    free(df);
}

typedef kg_tsv_where load_ctx; /* owner: the kg_date_finder being filled */

static int add(load_ctx *c, kg_phrases *p, const char *form, void *payload, long line) {
    char *norm = kg_normalize_string(form);
    bool ok = norm && kg_phrases_add(p, norm, payload);
    free(norm);
    return ok ? 0
              : kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "'%s' is not a usable phrase",
                             form);
}

static int load_line(char **f, int nf, long line, void *vctx) {
    load_ctx *c = vctx;
    static const char *const roles[] = {"", "year-before", "year-after", "rel-before",
                                        "rel-after", "rel-whole", "year-word", "month-word",
                                        "quarter", "ordinal", "of", "year-det", "weekday",
                                        "week-word"};
    if (nf != 3)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                            "expected 3 tab-separated columns, found %d", nf);
    void *p = kg_xcalloc(1, c->which == 0 ? sizeof(month) : sizeof(dcue));
    KG_PUSH(((kg_date_finder *)c->owner)->owned, ((kg_date_finder *)c->owner)->nowned, ((kg_date_finder *)c->owner)->capowned, p);
    if (c->which == 0) {
        month *m = p;
        m->month = atoi(f[2]);
        m->persian = !strcmp(f[1], "persian");
        if (m->month < 1 || m->month > 12 || (!m->persian && strcmp(f[1], "gregorian")))
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1,
                                "expected gregorian|persian and a month 1-12");
        return add(c, ((kg_date_finder *)c->owner)->months, f[0], m, line);
    }
    dcue *d = p;
    for (int k = 1; k < (int)(sizeof roles / sizeof *roles); k++)
        if (!strcmp(f[1], roles[k])) d->role = k;
    if (!d->role)
        return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "unknown role '%s'", f[1]);
    if (d->role == D_QUARTER) {
        d->kind = f[2][0];
        d->value = f[2][1] ? atoi(f[2] + 1) : 0;
        if (d->kind != 'q' && d->kind != 'h')
            return kg_error_set(c->err, KG_ESYNTAX, c->file, line, 0, -1, "quarter value: q, h, qN, hN");
    } else if (d->role == D_YEAR_AFTER) {
        d->kind = f[2][0];
    } else {
        d->value = atoi(f[2]);
    }
    return add(c, ((kg_date_finder *)c->owner)->cues, f[0], d, line);
}

int kg_date_finder_new(const char *data_dir, kg_date_finder **out, kg_error *err) {
    static const char *const files[] = {"extract/entities/months.tsv",
                                         "extract/entities/date-cues.tsv"};
    *out = NULL;
    int nrc = kg_normalize_load(data_dir, err);
    if (nrc) return nrc;
    kg_date_finder *df = kg_xcalloc(1, sizeof *df);
    df->months = kg_phrases_new(true);
    df->cues = kg_phrases_new(true);
    int rc = kg_tsv_load_all(data_dir, files, 2, load_line, df, err);
    if (rc) {
        kg_date_finder_free(df);
        return rc;
    }
    *out = df;
    return KG_OK;
}

int kg_persian_to_gregorian(int y, int m, int d, int *gy, int *gm, int *gd) {
    if (m < 1 || m > 12 || d < 1 || d > 31 || (m > 6 && d > 30)) return -1;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(utc, -1, "fa_IR@calendar=persian", UCAL_DEFAULT, &st);
    if (U_FAILURE(st)) return -1;
    ucal_setAttribute(cal, UCAL_LENIENT, 0);
    ucal_clear(cal);
    ucal_setDate(cal, y, m - 1, d, &st);
    UDate when = ucal_getMillis(cal, &st);
    ucal_close(cal);
    if (U_FAILURE(st)) return -1;
    st = U_ZERO_ERROR;
    UCalendar *g = ucal_open(utc, -1, "en_US@calendar=gregorian", UCAL_GREGORIAN, &st);
    if (U_FAILURE(st)) return -1;
    ucal_setMillis(g, when, &st);
    *gy = ucal_get(g, UCAL_YEAR, &st);
    *gm = ucal_get(g, UCAL_MONTH, &st) + 1;
    *gd = ucal_get(g, UCAL_DATE, &st);
    ucal_close(g);
    return U_FAILURE(st) ? -1 : 0;
}

/* ---- scanning ---- */

typedef struct scan {
    const kg_date_finder *df;
    const kg_toks *t;
    const unsigned char *used;
    int py, pm, pd; /* published date, 0 when unknown */
    /* when not NULL: roles[i] has bit r set if a cue of role r starts with token i */
    const uint32_t *roles;
} scan;

static bool usable(const scan *s, size_t i) {
    return i < s->t->n && !(s->used && s->used[i]);
}

static bool role_is(const kg_toks *t, size_t i, size_t n, void *payload, void *ctx) {
    (void)t, (void)i, (void)n;
    return ((const dcue *)payload)->role == *(int *)ctx;
}

static void add_role(void *payload, void *ctx) {
    *(uint32_t *)ctx |= (uint32_t)1 << ((const dcue *)payload)->role;
}

static size_t cue_lookup(const scan *s, size_t i, int role, const dcue **d);

/* parse_date asks for many roles at each token it tries: the roles[] answer is inline */
static inline size_t cue(const scan *s, size_t i, int role, const dcue **d) {
    if (s->roles && (i >= s->t->n || !(s->roles[i] & ((uint32_t)1 << role)))) return 0;
    return cue_lookup(s, i, role, d);
}

static size_t cue_lookup(const scan *s, size_t i, int role, const dcue **d) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->df->cues, s->t, i, s->t->n, s->used, &payload, role_is, &role);
    if (n && d) *d = payload;
    return n;
}

static size_t month_at(const scan *s, size_t i, const month **m) {
    void *payload = NULL;
    size_t n = kg_phrases_match(s->df->months, s->t, i, s->t->n, s->used, &payload, NULL, NULL);
    if (!n) return 0;
    /* English month names are capitalized: "may" is a verb */
    if (s->t->v[i].kind == KG_TK_LATIN && !s->t->v[i].cap) return 0;
    *m = payload;
    return n;
}

/* An integer token in [lo, hi] that is not glued to a word. */
static bool int_at(const scan *s, size_t i, int lo, int hi, int *v) {
    if (!usable(s, i)) return false;
    const kg_tok *tk = &s->t->v[i];
    if (tk->kind != KG_TK_NUM || !tk->num_int || tk->num < lo || tk->num > hi) return false;
    if (kg_tok_len(s->t, i) > 4) return false;
    if (i + 1 < s->t->n && !s->t->v[i + 1].space_before && s->t->v[i + 1].kind != KG_TK_PUNCT)
        return false;
    if (!tk->space_before && i > 0 && s->t->v[i - 1].kind != KG_TK_PUNCT) return false;
    *v = (int)tk->num;
    return true;
}

static bool year_at(const scan *s, size_t i, int *y) {
    return int_at(s, i, 1900, 2100, y) && kg_tok_len(s->t, i) == 4;
}

static bool pyear_at(const scan *s, size_t i, int *y) {
    return int_at(s, i, 1300, 1500, y) && kg_tok_len(s->t, i) == 4;
}

typedef struct date {
    size_t start, ntok;
    char time[24];
    bool unresolved;
} date;

/* Writes n decimal digits of v (0 <= v < 10^n) at p. */
static char *put_digits(char *p, int v, int n) {
    for (int k = n; k-- > 0; v /= 10) p[k] = (char)('0' + v % 10);
    return p + n;
}

/* "%04d-%02d-%02d" (day 0: "%04d-%02d"; month 0 too: "%04d"), written directly for the
 * usual ranges, by snprintf otherwise. */
static void set_ymd(date *d, int y, int m, int day) {
    if (y >= 0 && y <= 9999 && m >= 0 && m <= 99 && day >= 0 && day <= 99) {
        char *p = put_digits(d->time, y, 4);
        if (m || day) {
            *p++ = '-';
            p = put_digits(p, m, 2);
        }
        if (day) {
            *p++ = '-';
            p = put_digits(p, day, 2);
        }
        *p = '\0';
        return;
    }
    if (day) snprintf(d->time, sizeof d->time, "%04d-%02d-%02d", y, m, day);
    else if (m) snprintf(d->time, sizeof d->time, "%04d-%02d", y, m);
    else snprintf(d->time, sizeof d->time, "%04d", y);
}

/* Resolves month m of a calendar with an optional year y (0: from the published date)
 * and day. */
static void resolve_month(const scan *s, date *d, const month *mo, int y, int day) {
    if (mo->persian) {
        if (!y) {
            d->unresolved = true;
            return;
        }
        int gy, gm, gd;
        if (kg_persian_to_gregorian(y, mo->month, day ? day : 1, &gy, &gm, &gd)) {
            d->ntok = 0;
            return;
        }
        if (day) set_ymd(d, gy, gm, gd);
        else set_ymd(d, gy, gm, 0); /* the Gregorian month the Solar Hijri month starts in */
        return;
    }
    if (!y) y = s->py;
    if (!y) {
        d->unresolved = true;
        return;
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (day > mdays[mo->month - 1]) {
        d->ntok = 0;
        return;
    }
    set_ymd(d, y, mo->month, day);
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int relative_year(const scan *s, int offset) {
    return s->py ? s->py + offset : 0;
}

/* A year after a quarter/half or a month: "2025", "of 2025", "سال 2025", "of last year",
 * "سال گذشته", "امسال". Returns tokens used and sets *y (0 when not resolvable but
 * present: *present). */
static size_t trailing_year(const scan *s, size_t i, int *y, bool *present) {
    const dcue *d;
    size_t n = 0, k = i;
    *present = false;
    *y = 0;
    const dcue *yb;
    size_t nb;
    if ((nb = cue(s, k, D_YEAR_BEFORE, &yb)) && yb->value == 1 && nb > 1) {
        /* «سال مالی ۲۰۲۶»: a fiscal-year cue */
    } else {
        if ((n = cue(s, k, D_OF, NULL))) k += n;
        if (k < s->t->n && kg_tok_is(s->t, k, "the", true)) k++;
    }
    /* "of fiscal 2026", «سال مالی 2026» */
    if ((nb = cue(s, k, D_YEAR_BEFORE, &yb)) && yb->value == 1 && year_at(s, k + nb, y)) {
        *present = true;
        return k + nb + 1 - i;
    }
    if (year_at(s, k, y)) {
        *present = true;
        return k + 1 - i;
    }
    if (pyear_at(s, k, y)) {
        *y += 621;
        *present = true;
        return k + 1 - i;
    }
    if ((n = cue(s, k, D_REL_WHOLE, &d))) {
        *present = true;
        *y = relative_year(s, d->value);
        return k + n - i;
    }
    size_t m;
    if ((n = cue(s, k, D_REL_BEFORE, &d)) && (m = cue(s, k + n, D_YEAR_WORD, NULL))) {
        *present = true;
        *y = relative_year(s, d->value);
        return k + n + m - i;
    }
    if ((n = cue(s, k, D_YEAR_WORD, NULL)) && (m = cue(s, k + n, D_REL_AFTER, &d))) {
        *present = true;
        *y = relative_year(s, d->value);
        return k + n + m - i;
    }
    return 0;
}

static size_t parse_date(const scan *s, size_t i, date *d) {
    const kg_toks *t = s->t;
    memset(d, 0, sizeof *d);
    d->start = i;
    const month *mo;
    const dcue *c, *c2;
    size_t n, m;
    int y = 0, mm = 0, day = 0;
    bool present;

    /* numeric: 1404/01/17, 2025-04-05, 2025/4/5 */
    if (i + 4 < t->n && usable(s, i + 4) && t->v[i].kind == KG_TK_NUM && t->v[i].num_int &&
        kg_tok_len(t, i) == 4 && !t->v[i + 1].space_before && !t->v[i + 2].space_before &&
        !t->v[i + 3].space_before && !t->v[i + 4].space_before &&
        (kg_tok_is(t, i + 1, "/", false) || kg_tok_is(t, i + 1, "-", false)) &&
        kg_tok_is(t, i + 3, t->text[t->v[i + 1].start] == '/' ? "/" : "-", false) &&
        int_at(s, i + 2, 1, 12, &mm) && int_at(s, i + 4, 1, 31, &day)) {
        y = (int)t->v[i].num;
        d->ntok = 5;
        if (y >= 1300 && y <= 1500) {
            month pm = {mm, true};
            resolve_month(s, d, &pm, y, day);
        } else if (y >= 1900 && y <= 2100) {
            month gm = {mm, false};
            resolve_month(s, d, &gm, y, day);
        } else {
            d->ntok = 0;
        }
        if (d->ntok) return d->ntok;
    }

    /* day month [year]: "16 فروردین 1404", "5 April 2025", "5 آوریل" */
    if (int_at(s, i, 1, 31, &day) && (n = month_at(s, i + 1, &mo))) {
        size_t k = i + 1 + n;
        if (k < t->n && kg_tok_is(t, k, ",", false) && year_at(s, k + 1, &y)) k++;
        if ((mo->persian ? pyear_at(s, k, &y) : year_at(s, k, &y))) k++;
        else y = 0;
        if (y && (m = cue(s, k, D_YEAR_AFTER, NULL))) k += m;
        d->ntok = k - i;
        resolve_month(s, d, mo, y, day);
        if (d->ntok) return d->ntok;
        memset(d, 0, sizeof *d);
        d->start = i;
    }

    /* [rel] month ...: "April 5, 2025", "April 2025", "last July", "جولای گذشته" */
    size_t k = i;
    int rel = 0;
    bool has_rel = false;
    if ((n = cue(s, k, D_REL_BEFORE, &c)) && month_at(s, k + n, &mo)) {
        has_rel = true;
        rel = c->value;
        k += n;
    } else if ((n = cue(s, k, D_MONTH_WORD, NULL)) && month_at(s, k + n, &mo)) {
        k += n; /* "ماه مه" */
    }
    if ((n = month_at(s, k, &mo))) {
        size_t e = k + n;
        y = day = 0;
        if (!has_rel && int_at(s, e, 1, 31, &day) && kg_tok_len(t, e) <= 2) {
            e++;
            if (e < t->n && kg_tok_is(t, e, ",", false) && year_at(s, e + 1, &y)) e += 2;
            else if (year_at(s, e, &y)) e++;
            d->ntok = e - i;
            resolve_month(s, d, mo, y, day);
            if (d->ntok) return d->ntok;
        } else if (!has_rel && (mo->persian ? pyear_at(s, e, &y) : year_at(s, e, &y))) {
            d->ntok = e + 1 - i;
            resolve_month(s, d, mo, y, 0);
            if (d->ntok) return d->ntok;
        } else if (!has_rel && (m = trailing_year(s, e, &y, &present)) && present &&
                   !mo->persian) {
            d->ntok = e + m - i;
            if (!y) d->unresolved = true;
            else set_ymd(d, y, mo->month, 0);
            return d->ntok;
        } else if (!has_rel && (m = cue(s, e, D_REL_AFTER, &c2))) {
            has_rel = true;
            rel = c2->value;
            e += m;
        }
        if (has_rel && !mo->persian) {
            d->ntok = e - i;
            if (!s->pm) {
                d->unresolved = true;
            } else if (rel < 0) {
                set_ymd(d, mo->month < s->pm ? s->py : s->py - 1, mo->month, 0);
            } else if (rel > 0) {
                set_ymd(d, mo->month > s->pm ? s->py : s->py + 1, mo->month, 0);
            } else {
                set_ymd(d, s->py, mo->month, 0);
            }
            return d->ntok;
        }
        if (has_rel && mo->persian) {
            d->ntok = e - i;
            d->unresolved = true;
            return d->ntok;
        }
        /* a Gregorian month alone after "in", "since", "در" ...: the most recent such
         * month on or before the published date ("in December" of an article published
         * in January is last year's) */
        const dcue *pc;
        scan nu = {s->df, s->t, NULL, 0, 0, 0, NULL};
        if (!has_rel && !mo->persian && k == i && i > 0 && cue(&nu, i - 1, D_YEAR_BEFORE, &pc) == 1 &&
            pc->value != 2) {
            d->ntok = e - i;
            if (s->pm) set_ymd(d, mo->month <= s->pm ? s->py : s->py - 1, mo->month, 0);
            else d->unresolved = true;
            return d->ntok;
        }
        d->ntok = 0;
    }

    /* weekdays: "on Tuesday", «روز سه‌شنبه»: the most recent such day on or before the
     * published date */
    /* "next Tuesday" is the first one after it, "last Tuesday" («سه‌شنبه گذشته») the last
     * one before, "this Friday" the one of the same week (Monday to Sunday) */
    int wrel = 0;
    size_t wr = 0;
    if ((wr = cue(s, i, D_REL_BEFORE, &c2)) && cue(s, i + wr, D_WEEKDAY, NULL)) wrel = c2->value;
    else wr = 0;
    if ((n = cue(s, i + wr, D_WEEKDAY, &c)) && (t->v[i + wr].kind != KG_TK_LATIN || t->v[i + wr].cap)) {
        d->ntok = wr + n;
        size_t ra;
        if (!wr && (ra = cue(s, i + n, D_REL_AFTER, &c2))) { /* «سه‌شنبه گذشته» */
            wrel = c2->value;
            wr = 1;
            d->ntok += ra;
        }
        if (s->pd) {
            long today = days_from_civil(s->py, s->pm, s->pd);
            int wd = (int)(((today % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday (4) */
            long day = today - (wd - c->value + 7) % 7;
            if (wrel < 0 && day == today) day -= 7;
            if (wrel > 0) day = today + 1 + (c->value - wd + 6) % 7;
            if (wrel == 0 && wr) day = today - (wd - 1) + (c->value - 1); /* this week's */
            int yy, mm2, dd;
            civil_from_days(day, &yy, &mm2, &dd);
            set_ymd(d, yy, mm2, dd);
        } else {
            d->unresolved = true;
        }
        return d->ntok;
    }

    /* weeks: "last week", "this week", «هفته گذشته»: the month the week lies in */
    {
        int woff = 0;
        size_t wn = 0;
        if ((n = cue(s, i, D_REL_BEFORE, &c)) && (m = cue(s, i + n, D_WEEK_WORD, NULL))) {
            woff = c->value;
            wn = n + m;
        } else if ((n = cue(s, i, D_WEEK_WORD, NULL)) && (m = cue(s, i + n, D_REL_AFTER, &c))) {
            woff = c->value;
            wn = n + m;
        }
        if (wn) {
            d->ntok = wn;
            if (s->pd) {
                int yy, mm2, dd;
                civil_from_days(days_from_civil(s->py, s->pm, s->pd) + 7L * woff, &yy, &mm2, &dd);
                set_ymd(d, yy, mm2, 0);
            } else {
                d->unresolved = true;
            }
            return wn;
        }
    }

    /* relative quarters: "last quarter", "this quarter", "سهماهه گذشته" */
    {
        int qoff = 0;
        size_t qn = 0;
        if ((n = cue(s, i, D_REL_BEFORE, &c)) && (m = cue(s, i + n, D_QUARTER, &c2)) &&
            c2->kind == 'q' && !c2->value) {
            qoff = c->value;
            qn = n + m;
        } else if ((n = cue(s, i, D_QUARTER, &c2)) && c2->kind == 'q' && !c2->value &&
                   (m = cue(s, i + n, D_REL_AFTER, &c))) {
            qoff = c->value;
            qn = n + m;
        }
        if (qn) {
            d->ntok = qn;
            if (s->pm) {
                int q = (s->pm - 1) / 3 + 1 + qoff, yy = s->py;
                while (q < 1) q += 4, yy--;
                while (q > 4) q -= 4, yy++;
                snprintf(d->time, sizeof d->time, "%04d-Q%d", yy, q);
            } else {
                d->unresolved = true;
            }
            return d->ntok;
        }
    }

    /* quarters and halves: "Q4 2025", "the fourth quarter of 2025", "سهماهه چهارم 2025" */
    k = i;
    int ord = 0;
    char kind = 0;
    if (kg_tok_is(t, k, "the", true)) k++;
    if ((n = cue(s, k, D_ORDINAL, &c)) && (m = cue(s, k + n, D_QUARTER, &c2)) && !c2->value) {
        ord = c->value;
        kind = c2->kind;
        k += n + m;
    } else if ((n = cue(s, k, D_QUARTER, &c2)) && c2->value) {
        ord = c2->value;
        kind = c2->kind;
        k += n;
    } else if ((n = cue(s, k, D_QUARTER, &c2)) && (m = cue(s, k + n, D_ORDINAL, &c))) {
        ord = c->value;
        kind = c2->kind;
        k += n + m;
    }
    if (kind) {
        if (kind == 'h' && ord == 4) ord = 2;
        if ((kind == 'h' && ord > 2) || ord < 1) return 0;
        if (k > i && kg_tok_is(t, i, "the", true) && !kg_tok_is(t, i + 1, "Q", false)) d->start = i + 1;
        m = trailing_year(s, k, &y, &present);
        /* no year: the most recent such quarter or half that ended before the article
         * was published ("Q4" in late January is last year's) */
        if (!present) {
            y = s->py;
            int end_month = kind == 'q' ? ord * 3 : ord * 6;
            if (s->pm && end_month >= s->pm) y--;
        }
        if (!present && c2->value == 0 && kind == 'h' && !(k < t->n)) return 0;
        k += m;
        d->ntok = k - d->start;
        if (y) snprintf(d->time, sizeof d->time, "%04d-%c%d", y, kind == 'q' ? 'Q' : 'H', ord);
        else d->unresolved = true;
        return d->ntok;
    }

    /* relative years and months: "سال گذشته", "last year", "امسال", "ماه گذشته" */
    if ((n = cue(s, i, D_REL_WHOLE, &c))) {
        d->ntok = n;
        y = relative_year(s, c->value);
        if (y) set_ymd(d, y, 0, 0);
        else d->unresolved = true;
        return n;
    }
    int off = 0;
    int unit = 0;
    if ((n = cue(s, i, D_REL_BEFORE, &c)) && ((m = cue(s, i + n, D_YEAR_WORD, NULL)) ||
                                              (m = cue(s, i + n, D_MONTH_WORD, NULL)))) {
        off = c->value;
        unit = cue(s, i + n, D_YEAR_WORD, NULL) ? 'y' : 'm';
        d->ntok = n + m;
    } else if (((n = cue(s, i, D_YEAR_WORD, NULL)) || (n = cue(s, i, D_MONTH_WORD, NULL))) &&
               (m = cue(s, i + n, D_REL_AFTER, &c))) {
        off = c->value;
        unit = cue(s, i, D_YEAR_WORD, NULL) ? 'y' : 'm';
        d->ntok = n + m;
    }
    if (unit == 'y') {
        y = relative_year(s, off);
        if (y) set_ymd(d, y, 0, 0);
        else d->unresolved = true;
        return d->ntok;
    }
    if (unit == 'm') {
        if (s->pm) {
            int mo2 = s->pm + off, yy = s->py;
            while (mo2 < 1) mo2 += 12, yy--;
            while (mo2 > 12) mo2 -= 12, yy++;
            set_ymd(d, yy, mo2, 0);
        } else {
            d->unresolved = true;
        }
        return d->ntok;
    }

    /* a year used as a modifier: "his 2024 letter", "Meta's 2025 budget" (a determiner
     * or possessive before, a word after) */
    if (year_at(s, i, &y) && y >= 1990 && y <= 2035 && i + 1 < t->n && t->v[i + 1].space_before &&
        t->v[i + 1].kind == KG_TK_LATIN && !t->v[i + 1].cap &&
        ((i >= 1 && cue(&(scan){s->df, s->t, NULL, 0, 0, 0, NULL}, i - 1, D_YEAR_DET, NULL) == 1) ||
         (i >= 2 && cue(&(scan){s->df, s->t, NULL, 0, 0, 0, NULL}, i - 2, D_YEAR_DET, NULL) == 2))) {
        d->ntok = 1;
        set_ymd(d, y, 0, 0);
        return 1;
    }

    /* years: "سال 2025", "in 2025", "2025 میلادی", "سال 1404", "1404 شمسی" */
    /* value 2 cues need a year right before, which this scan has usually claimed
     * already: look at it without the used flags */
    int prev_year;
    if ((n = cue(s, i, D_YEAR_BEFORE, &c)) &&
        (c->value != 2 || (i > 0 && year_at(&(scan){s->df, s->t, NULL, 0, 0, 0, NULL}, i - 1, &prev_year)))) {
        size_t start = c->value == 1 ? i : i + n;
        if (year_at(s, i + n, &y)) {
            k = i + n + 1;
            if ((m = cue(s, k, D_YEAR_AFTER, &c2)) && c2->kind == 'g') k += m;
            d->start = start;
            d->ntok = k - start;
            set_ymd(d, y, 0, 0);
            return d->ntok;
        }
        /* a Solar Hijri year needs the Persian word سال or a calendar word after it */
        bool fa_cue = t->v[i].kind == KG_TK_FA;
        if (fa_cue && pyear_at(s, i + n, &y)) {
            k = i + n + 1;
            if ((m = cue(s, k, D_YEAR_AFTER, &c2))) k += m;
            d->start = start;
            d->ntok = k - start;
            set_ymd(d, y + 621, 0, 0);
            return d->ntok;
        }
    }
    if ((year_at(s, i, &y) || pyear_at(s, i, &y)) && (n = cue(s, i + 1, D_YEAR_AFTER, &c))) {
        bool persian = c->kind == 'p';
        if (persian != (y < 1600)) return 0;
        d->ntok = 1 + n;
        set_ymd(d, persian ? y + 621 : y, 0, 0);
        return d->ntok;
    }
    /* a year in parentheses or after a comma at the end: "(2025)" */
    if (year_at(s, i, &y) && i > 0 && kg_tok_is(t, i - 1, "(", false) && kg_tok_is(t, i + 1, ")", false)) {
        d->ntok = 1;
        set_ymd(d, y, 0, 0);
        return 1;
    }
    return 0;
}

static int digits(const char *p, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (p[k] < '0' || p[k] > '9') return -1;
        v = v * 10 + (p[k] - '0');
    }
    return v;
}

/* "%4d-%2d-%2d" of published; runs per sentence, so the usual YYYY-MM-DD form (where
 * sscanf reads exactly these digits) is read directly. */
static void parse_published(const char *p, int *y, int *m, int *d) {
    *y = *m = *d = 0;
    if (!p) return;
    int yy, mm, dd; /* each test stops at the string's end before reading past it */
    if ((yy = digits(p, 4)) >= 0 && p[4] == '-' && (mm = digits(p + 5, 2)) >= 0 && p[7] == '-' &&
        (dd = digits(p + 8, 2)) >= 0) {
        if (yy >= 1000) *y = yy, *m = mm, *d = dd;
        return;
    }
    int n = sscanf(p, "%4d-%2d-%2d", y, m, d);
    if (n < 1 || *y < 1000) *y = *m = *d = 0;
    if (n < 2) *m = 0;
    if (n < 3) *d = 0;
}

/* True if one of the n tokens from i is a number. */
static bool number_within(const kg_toks *t, size_t i, size_t n) {
    for (size_t k = i; k < i + n && k < t->n; k++)
        if (t->v[k].kind == KG_TK_NUM) return true;
    return false;
}

void kg_dates_scan(const kg_date_finder *df, const kg_toks *t, size_t sentence,
                   const char *published, unsigned char *used, kg_arena *arena, kg_mlist *out) {
    scan s = {df, t, used, 0, 0, 0, NULL};
    parse_published(published, &s.py, &s.pm, &s.pd);
    /* parse_date asks about many roles at each token: one lookup per token answers
     * which it can be */
    uint32_t roles_small[128], *roles = t->n <= 128 ? roles_small : kg_xmalloc(t->n * sizeof *roles);
    for (size_t i = 0; i < t->n; i++) {
        roles[i] = 0;
        kg_phrases_each_start(df->cues, t, i, add_role, &roles[i]);
    }
    s.roles = roles;
    size_t cue_max = kg_phrases_max_tokens(df->cues);
    for (size_t i = 0; i < t->n;) {
        date d;
        /* every pattern of parse_date opens with a number, a cue, a month name or "the";
         * after a year-before cue alone ("in", «در») only a year can follow, within the
         * cue's length; after "the" alone, an ordinal or a quarter */
        const uint32_t year_before = (uint32_t)1 << D_YEAR_BEFORE;
        bool may_open = t->v[i].kind == KG_TK_NUM || (roles[i] & ~year_before) ||
                        ((roles[i] & year_before) && number_within(t, i + 1, cue_max)) ||
                        kg_phrases_may_start(df->months, t, i) ||
                        (kg_tok_is(t, i, "the", true) && i + 1 < t->n &&
                         (roles[i + 1] & (((uint32_t)1 << D_ORDINAL) | ((uint32_t)1 << D_QUARTER))));
        if (!may_open || !usable(&s, i) || !parse_date(&s, i, &d) || !d.ntok) {
            i++;
            continue;
        }
        kg_mention *m = kg_mlist_push(out);
        kg_emit(m, t, d.start, d.ntok, sentence, used, arena);
        m->type = "DATE";
        m->via = "date";
        m->time = d.unresolved ? NULL : kg_arena_strdup(arena, d.time);
        m->name = m->time ? m->time : m->surface;
        m->id = kg_arena_cat(arena, "date:", m->time ? m->time : m->surface);
        i = d.start + d.ntok;
    }
    if (roles != roles_small) free(roles);
}

size_t kg_dates_find(const kg_date_finder *df, const char *text, const char *published,
                     kg_arena *arena, kg_mention **out) {
    kg_toks t = {0};
    kg_tokenize(text, 0, strlen(text), &t);
    unsigned char *used = kg_xcalloc(t.n + 1, 1);
    kg_mlist l = {0};
    kg_dates_scan(df, &t, 0, published, used, arena, &l);
    size_t n = kg_mlist_to_arena(&l, arena, out);
    free(used);
    kg_toks_free(&t);
    return n;
}
