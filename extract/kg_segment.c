/* kg_segment: sentences and their language (see kg_segment.h).
 *
 * ICU's sentence BreakIterator ("en@ss=standard", whose rules serve Persian too: ؟ is a
 * sentence terminator) proposes boundaries over the UTF-16 form of the text; a table maps
 * UTF-16 indexes back to UTF-8 offsets. Then each proposed boundary after a period is
 * reviewed:
 *   - a line break between the period and the boundary: always a boundary;
 *   - a period glued to a following letter after a token of at most two letters
 *     ("ه.ش", "e.g"): never a boundary;
 *   - the token before the period (letters and inner periods) is looked up in
 *     extract/text/abbreviations-{en,fa}.txt; single letters (initials: "Jonas E. Smith")
 *     and dotted letter runs ("U.S.A.") count as kind "any":
 *       prefix: no boundary;  num: no boundary before a digit;
 *       any: no boundary before a digit, a lowercase word, or a capitalized word that is
 *            not in extract/text/starters-en.txt; a boundary otherwise.
 * Sentences are trimmed of whitespace; those without a letter or digit are dropped. */
#include "kg_segment.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "kg_arena.h"
#include "kg_data.h"

enum { ABBR_PREFIX, ABBR_NUM, ABBR_ANY };

typedef struct abbr {
    char text[48]; /* lowercased (ASCII), without the final period */
    int kind;
} abbr;

static struct {
    char *dir;
    abbr *abbrs;
    size_t n_abbrs, cap_abbrs;
    char **starters;
    size_t n_starters, cap_starters;
} seg;

void kg_segment_cleanup(void) {
    for (size_t i = 0; i < seg.n_starters; i++) free(seg.starters[i]);
    free(seg.starters);
    free(seg.abbrs);
    free(seg.dir);
    memset(&seg, 0, sizeof seg);
}

static void lower_ascii(char *s) {
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

static int load_list(const char *data_dir, const char *rel, int abbreviations, kg_error *err) {
    char *path = kg_data_path(data_dir, rel);
    unsigned long len;
    char *buf = kg_data_slurp(path, &len);
    if (!buf) {
        int rc = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
        free(path);
        return rc;
    }
    long lineno = 0;
    int rc = KG_OK;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[--l] = '\0';
        if (!l || line[0] == '#') continue;
        if (!abbreviations) {
            char *w = kg_xstrdup(line);
            KG_PUSH(seg.starters, seg.n_starters, seg.cap_starters, w);
            continue;
        }
        char *tab = strchr(line, '\t');
        abbr a = {{0}, ABBR_ANY};
        if (tab) *tab = '\0';
        size_t al = strlen(line);
        if (!tab || al < 2 || line[al - 1] != '.' || al >= sizeof a.text ||
            (strcmp(tab + 1, "prefix") && strcmp(tab + 1, "num") && strcmp(tab + 1, "any"))) {
            rc = kg_error_set(err, KG_ESYNTAX, path, lineno, 0, -1,
                              "expected ABBREVIATION.<TAB>prefix|num|any");
            break;
        }
        memcpy(a.text, line, al - 1);
        lower_ascii(a.text);
        a.kind = !strcmp(tab + 1, "prefix") ? ABBR_PREFIX : !strcmp(tab + 1, "num") ? ABBR_NUM : ABBR_ANY;
        KG_PUSH(seg.abbrs, seg.n_abbrs, seg.cap_abbrs, a);
    }
    free(buf);
    free(path);
    return rc;
}

static int load(const char *data_dir, kg_error *err) {
    const char *dir = data_dir ? data_dir : kg_data_dir();
    if (seg.dir && !strcmp(seg.dir, dir)) return KG_OK;
    kg_segment_cleanup();
    int rc = load_list(data_dir, "extract/text/abbreviations-en.txt", 1, err);
    if (rc == KG_OK) rc = load_list(data_dir, "extract/text/abbreviations-fa.txt", 1, err);
    if (rc == KG_OK) rc = load_list(data_dir, "extract/text/starters-en.txt", 0, err);
    if (rc != KG_OK) {
        kg_segment_cleanup();
        return rc;
    }
    seg.dir = kg_xstrdup(dir);
    return KG_OK;
}

/* ---- scripts -------------------------------------------------------------------- */

static int is_arabic_script(UChar32 c) {
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF) ||
           (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

static int is_latin(UChar32 c) {
    return (c < 0x80 && isalpha(c)) || (c >= 0x00C0 && c <= 0x024F && c != 0xD7 && c != 0xF7);
}

const char *kg_detect_lang(const char *text, size_t len) {
    size_t words_ar = 0, words_lat = 0;
    int persian = 0, arabic = 0, in_word = 0;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)text, i, n, c);
        if (c < 0) continue;
        if (!u_isalpha(c)) {
            if (u_getCombiningClass(c) == 0 && c != 0x200C) in_word = 0;
            continue;
        }
        if (c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06A9 || c == 0x06CC) persian = 1;
        if (c == 0x0629 || c == 0x064A || c == 0x0643 || c == 0x0649) arabic = 1;
        if (!in_word) {
            if (is_arabic_script(c)) words_ar++;
            else if (is_latin(c)) words_lat++;
            in_word = 1;
        }
    }
    if (words_ar + words_lat == 0) return "";
    const char *ar = persian || !arabic ? "fa" : "ar";
    if (words_lat == 0) return ar;
    if (words_ar == 0) return "en";
    double latin_share = (double)words_lat / (double)(words_ar + words_lat);
    if (latin_share < 0.6) return ar;
    if (latin_share > 0.85) return "en";
    return "mixed";
}

/* ---- boundary review ------------------------------------------------------------ */

static int find_abbr(const char *tok, size_t n, int *kind) {
    char buf[48];
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, tok, n);
    buf[n] = '\0';
    lower_ascii(buf);
    for (size_t i = 0; i < seg.n_abbrs; i++)
        if (!strcmp(seg.abbrs[i].text, buf)) {
            *kind = seg.abbrs[i].kind;
            return 1;
        }
    return 0;
}

static int is_starter(const char *w, size_t n) {
    for (size_t i = 0; i < seg.n_starters; i++)
        if (strlen(seg.starters[i]) == n && !memcmp(seg.starters[i], w, n)) return 1;
    return 0;
}

/* The code point before offset i (which is a char boundary); sets *start. */
static UChar32 prev_cp(const char *t, size_t i, size_t *start) {
    int32_t k = (int32_t)i;
    UChar32 c;
    U8_PREV((const uint8_t *)t, 0, k, c);
    *start = (size_t)k;
    return c;
}

/* Whether t[s, e) is single letters separated by periods: "E", "U.S", "ه.ش". */
static int dotted_letters(const char *t, size_t s, size_t e) {
    int32_t i = (int32_t)s;
    int want_letter = 1;
    while ((size_t)i < e) {
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, (int32_t)e, c);
        if (want_letter ? !u_isalpha(c) : c != '.') return 0;
        want_letter = !want_letter;
    }
    return !want_letter;
}

/* Whether the boundary at b (after the period at offset dot) is kept. */
static int keep_boundary(const char *t, size_t len, size_t dot, size_t b) {
    size_t nx = dot + 1;
    for (size_t k = nx; k < b; k++)
        if (t[k] == '\n') return 1;
    while (nx < len && (t[nx] == ' ' || t[nx] == '"' || t[nx] == '\'')) {
        if (t[nx] != ' ') break;
        nx++;
    }
    if (nx >= len) return 1;
    if (t[nx] == '\n') return 1;
    UChar32 next;
    int32_t ni = (int32_t)nx;
    U8_NEXT((const uint8_t *)t, ni, (int32_t)len, next);
    /* the token before the period: letters and inner periods */
    size_t ts = dot, letters = 0, periods = 0;
    while (ts > 0) {
        size_t ps;
        UChar32 c = prev_cp(t, ts, &ps);
        if (c == '.') periods++;
        else if (u_isalpha(c)) letters++;
        else break;
        ts = ps;
    }
    if (letters == 0) return 1;
    if (nx == dot + 1 && u_isalpha(next) && letters <= 2) return 0; /* glued: ه.ش, e.g */
    int kind = -1;
    if (!find_abbr(t + ts, dot - ts, &kind)) {
        if (dotted_letters(t, ts, dot)) kind = ABBR_ANY; /* initials, U.S.A., ه.ش. */
    }
    if (kind < 0) return 1;
    if (kind == ABBR_PREFIX) return 0;
    if (u_isdigit(next)) return 0;
    if (kind == ABBR_NUM) return 1;
    if (u_islower(next)) return 0;
    if (u_isupper(next)) {
        size_t we = nx;
        while (we < len && isalpha((unsigned char)t[we])) we++;
        return is_starter(t + nx, we - nx);
    }
    return 1;
}

static int has_content(const char *t, size_t s, size_t e) {
    int32_t i = (int32_t)s;
    while ((size_t)i < e) {
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, (int32_t)e, c);
        if (c >= 0 && (u_isalnum(c))) return 1;
    }
    return 0;
}

static void emit(const kg_mapped_text *norm, size_t s, size_t e, kg_sentence_span **out, size_t *n,
                 size_t *cap) {
    const char *t = norm->text;
    while (s < e && isspace((unsigned char)t[s])) s++;
    while (e > s && isspace((unsigned char)t[e - 1])) e--;
    if (s >= e || !has_content(t, s, e)) return;
    kg_sentence_span sp;
    memset(&sp, 0, sizeof sp);
    sp.start = s;
    sp.end = e;
    snprintf(sp.lang, sizeof sp.lang, "%s", kg_detect_lang(t + s, e - s));
    KG_PUSH(*out, *n, *cap, sp);
}

int kg_segment(const kg_mapped_text *norm, const char *data_dir, kg_sentence_span **out,
               size_t *count, kg_error *err) {
    *out = NULL;
    *count = 0;
    int rc = load(data_dir, err);
    if (rc != KG_OK) return rc;
    const char *t = norm->text;
    size_t len = norm->len;
    if (len > INT32_MAX / 2) return kg_error_set(err, KG_ELIMIT, NULL, 0, 0, -1, "text too long to segment");
    /* UTF-16 copy and the map from UTF-16 index to UTF-8 offset */
    UChar *u = kg_xmalloc((len + 1) * sizeof(UChar));
    size_t *u2b = kg_xmalloc((len + 2) * sizeof(size_t));
    int32_t un = 0, i = 0;
    while ((size_t)i < len) {
        int32_t before = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, (int32_t)len, c);
        if (c < 0) c = 0xFFFD;
        u2b[un] = (size_t)before;
        if (U_IS_SUPPLEMENTARY(c)) u2b[un + 1] = (size_t)before;
        U16_APPEND_UNSAFE(u, un, c);
    }
    u2b[un] = len;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", u, un, &st);
    if (U_FAILURE(st)) {
        free(u);
        free(u2b);
        return kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1, "ICU sentence iterator: %s", u_errorName(st));
    }
    kg_sentence_span *res = NULL;
    size_t n = 0, cap = 0, cur = 0;
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        size_t b = u2b[p];
        if (b >= len) break;
        size_t last = b;
        while (last > cur && isspace((unsigned char)t[last - 1])) last--;
        /* closing quotes and brackets after the period */
        size_t dot = last;
        while (dot > cur && (t[dot - 1] == '"' || t[dot - 1] == '\'' || t[dot - 1] == ')')) dot--;
        if (dot > cur && t[dot - 1] == '.' && dot == last && !keep_boundary(t, len, dot - 1, b)) continue;
        emit(norm, cur, b, &res, &n, &cap);
        cur = b;
    }
    emit(norm, cur, len, &res, &n, &cap);
    ubrk_close(bi);
    free(u);
    free(u2b);
    *out = res;
    *count = n;
    return KG_OK;
}
