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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_sort.h"

enum { ABBR_PREFIX, ABBR_NUM, ABBR_ANY, ABBR_END };

typedef struct abbr {
    char text[48]; /* lowercased (ASCII), without the final period */
    int kind;
    size_t order;  /* position in the lists as read */
} abbr;

static struct {
    char *dir;
    abbr *abbrs;
    size_t n_abbrs, cap_abbrs;
    char **starters;
    size_t n_starters, cap_starters;
} seg;

/* Opening a sentence iterator with its abbreviation filter ("ss=standard") builds the
 * filter each time, so one is opened per process and each call gets a clone. The lock
 * makes kg_segment safe to call from several threads. */
static UBreakIterator *sentence_template;
static pthread_mutex_t sentence_lock = PTHREAD_MUTEX_INITIALIZER;

static UBreakIterator *sentence_iterator(UErrorCode *st) {
    pthread_mutex_lock(&sentence_lock);
    if (!sentence_template) {
        sentence_template = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, st);
        if (U_FAILURE(*st)) sentence_template = NULL;
    }
    UBreakIterator *bi = sentence_template ? ubrk_clone(sentence_template, st) : NULL;
    pthread_mutex_unlock(&sentence_lock);
    return bi;
}

void kg_segment_cleanup(void) {
    ubrk_close(sentence_template);
    sentence_template = NULL;
    for (size_t i = 0; i < seg.n_starters; i++) free(seg.starters[i]);
    free(seg.starters);
    free(seg.abbrs);
    free(seg.dir);
    memset(&seg, 0, sizeof seg);
}

static void lower_ascii(char *s) {
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

typedef struct list_ctx {
    const char *path;
    kg_error *err;
} list_ctx;

static int starter_line(char *line, long lineno, void *p) {
    (void)lineno;
    (void)p;
    char *w = kg_xstrdup(line);
    KG_PUSH(seg.starters, seg.n_starters, seg.cap_starters, w);
    return KG_OK;
}

static int abbreviation_line(char *line, long lineno, void *p) {
    const list_ctx *c = p;
    char *tab = strchr(line, '\t');
    abbr a = {{0}, ABBR_ANY, 0};
    if (tab) *tab = '\0';
    size_t al = strlen(line);
    if (!tab || al < 2 || line[al - 1] != '.' || al >= sizeof a.text ||
        (strcmp(tab + 1, "prefix") && strcmp(tab + 1, "num") && strcmp(tab + 1, "any") &&
         strcmp(tab + 1, "end")))
        return kg_error_set(c->err, KG_ESYNTAX, c->path, lineno, 0, -1,
                            "expected ABBREVIATION.<TAB>prefix|num|any|end");
    memcpy(a.text, line, al - 1);
    lower_ascii(a.text);
    a.kind = !strcmp(tab + 1, "prefix") ? ABBR_PREFIX
             : !strcmp(tab + 1, "num")  ? ABBR_NUM
             : !strcmp(tab + 1, "end")  ? ABBR_END
                                        : ABBR_ANY;
    KG_PUSH(seg.abbrs, seg.n_abbrs, seg.cap_abbrs, a);
    return KG_OK;
}

static int load_list(const char *data_dir, const char *rel, int abbreviations, kg_error *err) {
    char *path = kg_data_path(data_dir, rel);
    char *buf = kg_data_slurp(path, NULL);
    int rc;
    if (!buf) {
        rc = kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
    } else {
        list_ctx c = {path, err};
        rc = kg_data_each_line(buf, abbreviations ? abbreviation_line : starter_line, &c);
    }
    free(buf);
    free(path);
    return rc;
}

static int cmp_abbr(const void *a, const void *b) {
    const abbr *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Sorts the abbreviations for find_abbr's binary search; of several entries with the same
 * text only the one listed first (English file before Persian, earlier line first) stays,
 * the one a scan in file order would find. */
static void sort_abbreviations(void) {
    if (!seg.n_abbrs) return;
    for (size_t i = 0; i < seg.n_abbrs; i++) seg.abbrs[i].order = i;
    qsort(seg.abbrs, seg.n_abbrs, sizeof *seg.abbrs, cmp_abbr);
    size_t w = 1;
    for (size_t i = 1; i < seg.n_abbrs; i++)
        if (strcmp(seg.abbrs[i].text, seg.abbrs[w - 1].text)) seg.abbrs[w++] = seg.abbrs[i];
    seg.n_abbrs = w;
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
    sort_abbreviations();
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

/* What kg_detect_lang asks of a code point, as bits: ICU's u_isalpha, a nonzero ICU
 * combining class, a letter only Persian writes, a letter Arabic writes where Persian
 * does not, Arabic script, Latin. */
enum { CP_ALPHA = 1, CP_MARK = 2, CP_FA = 4, CP_AR = 8, CP_ARS = 16, CP_LAT = 32 };

static int cp_class_icu(UChar32 c) {
    int f = (u_isalpha(c) ? CP_ALPHA : 0) | (u_getCombiningClass(c) ? CP_MARK : 0);
    if (c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06A9 || c == 0x06CC) f |= CP_FA;
    if (c == 0x0629 || c == 0x064A || c == 0x0643 || c == 0x0649) f |= CP_AR;
    if (is_arabic_script(c)) f |= CP_ARS;
    if (is_latin(c)) f |= CP_LAT;
    return f;
}

/* cp_class_icu of the two-byte UTF-8 range (Latin, Greek, Cyrillic, Arabic script),
 * where nearly all non-ASCII text falls, read without the library calls. */
#define CP_TABLE_N 0x800
static uint8_t cp_class[CP_TABLE_N];
static pthread_once_t cp_class_once = PTHREAD_ONCE_INIT;

static void fill_cp_class(void) {
    for (UChar32 c = 0; c < CP_TABLE_N; c++) cp_class[c] = (uint8_t)cp_class_icu(c);
}

static inline int cp_class_of(UChar32 c) {
    return c < CP_TABLE_N ? cp_class[c] : cp_class_icu(c);
}

const char *kg_detect_lang(const char *text, size_t len) {
    pthread_once(&cp_class_once, fill_cp_class);
    size_t words_ar = 0, words_lat = 0;
    int seen = 0, in_word = 0; /* seen: CP_FA and CP_AR of the letters */
    int32_t i = 0, n = (int32_t)len;
    const uint8_t *s = (const uint8_t *)text;
    while (i < n) {
        UChar32 c;
        unsigned char b = s[i];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (b < 0x80 && n - i >= 8) { /* eight ASCII bytes at once, as the loop below */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & UINT64_C(0x8080808080808080))) {
                const uint64_t ones = UINT64_C(0x0101010101010101), hi = ones * 0x80;
                uint64_t x = w | ones * 0x20; /* lowercase; bytes stay below 0x80 */
                /* bit 7 of each byte: x >= 'a', and not x > 'z' (no carries: x < 0x80) */
                uint64_t letter = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1)) & hi;
                uint64_t starts = letter & ~((letter << 8) | (in_word ? 0x80u : 0u));
                words_lat += (size_t)(((starts >> 7) * ones) >> 56);
                in_word = (int)(letter >> 63);
                i += 8;
                continue;
            }
        }
#endif
        if (b < 0x80) { /* ASCII: a letter is a Latin letter, anything else ends a word */
            int letter = (unsigned)((b | 32) - 'a') < 26u; /* branch-free: letters and
                                                            * the rest alternate often */
            words_lat += (size_t)(letter & !in_word);
            in_word = letter;
            i++;
            continue;
        }
        int cls;
        if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            cls = cp_class[((b & 0x1F) << 6) | (s[i + 1] & 0x3F)];
            c = 0; /* not U+200C */
            i += 2;
        } else {
            U8_NEXT(s, i, n, c);
            if (c < 0) continue;
            cls = cp_class_of(c);
        }
        if (!(cls & CP_ALPHA)) {
            if (!(cls & CP_MARK) && c != 0x200C) in_word = 0;
            continue;
        }
        seen |= cls;
        if (!in_word) {
            if (cls & CP_ARS) words_ar++;
            else if (cls & CP_LAT) words_lat++;
            in_word = 1;
        }
    }
    int persian = (seen & CP_FA) != 0, arabic = (seen & CP_AR) != 0;
    if (words_ar + words_lat == 0) return "";
    const char *ar = persian || !arabic ? "fa" : "ar";
    if (words_lat == 0) return ar;
    if (words_ar == 0) return "en";
    double latin_share = (double)words_lat / (double)(words_ar + words_lat);
    if (latin_share < 0.45) return ar;
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
    size_t lo = 0, hi = seg.n_abbrs; /* sorted by text, one entry per text */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(seg.abbrs[mid].text, buf);
        if (c == 0) {
            *kind = seg.abbrs[mid].kind;
            return 1;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
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

/* The first code point at or after i that is not a space; *at gets its offset. */
static UChar32 next_cp(const char *t, size_t len, size_t i, size_t *at) {
    while (i < len && t[i] == ' ') i++;
    *at = i;
    if (i >= len) return -1;
    int32_t k = (int32_t)i;
    UChar32 c;
    U8_NEXT((const uint8_t *)t, k, (int32_t)len, c);
    return c;
}

/* Whether the period at offset dot ends a sentence (the text goes on after it). */
static int period_ends(const char *t, size_t len, size_t dot) {
    size_t nx;
    UChar32 next = next_cp(t, len, dot + 1, &nx);
    if (next < 0 || next == '\n') return 1;
    /* ellipsis "..." (exactly three periods): not a boundary */
    if (dot >= 2 && t[dot - 1] == '.' && t[dot - 2] == '.' && (dot < 3 || t[dot - 3] != '.')) {
        /* ... a break only before a capitalized sentence starter (not "I") */
        size_t we = nx;
        while (we < len && isalpha((unsigned char)t[we])) we++;
        return u_isupper(next) && we - nx > 1 && is_starter(t + nx, we - nx);
    }
    if (dot >= 2 && !strncmp(t + dot - 2, "\xc2\xb0", 2) && u_isdigit(next)) return 0; /* N°. 12 */
    /* the token before the period: letters and inner periods */
    size_t ts = dot, letters = 0;
    while (ts > 0) {
        size_t ps;
        UChar32 c = prev_cp(t, ts, &ps);
        if (c == '.') ;
        else if (u_isalpha(c)) letters++;
        else break;
        ts = ps;
    }
    if (letters == 0) return 1;
    if (nx == dot + 1 && u_isalpha(next) && letters <= 2) return 0; /* glued: ه.ش, e.g */
    int kind = -1;
    if (!find_abbr(t + ts, dot - ts, &kind) && dotted_letters(t, ts, dot)) kind = ABBR_ANY;
    if (kind < 0) return 1;
    if (kind == ABBR_PREFIX) return 0;
    if (u_isdigit(next)) return 0;
    if (kind == ABBR_NUM) return 1;
    if (u_islower(next)) return 0;
    if (u_isupper(next)) {
        if (kind == ABBR_END) return 1;
        size_t we = nx;
        while (we < len && isalpha((unsigned char)t[we])) we++;
        return is_starter(t + nx, we - nx);
    }
    if (!u_isalpha(next)) return 0; /* "Inc. (the company)" */
    return 1; /* uncased script after an abbreviation: cannot tell, keep ICU's break */
}

/* Whether a single line break after t[.., last) is a hard wrap inside a sentence: the next
 * line starts with a lowercase letter or "(", and the line before has at least three
 * words and does not end with a terminator or a colon. */
static int wrapped_line(const char *t, size_t cur, size_t last, UChar32 next) {
    if (next < 0 || !(u_islower(next) || next == '(')) return 0;
    if (strchr(".!?:;", t[last - 1])) return 0;
    size_t ls = last, words = 1, capitalized = 0;
    while (ls > cur && t[ls - 1] != '\n') {
        if (t[ls - 1] == ' ') words++;
        ls--;
        if ((ls == cur || t[ls - 1] == ' ' || t[ls - 1] == '\n') && !islower((unsigned char)t[ls])) capitalized++;
    }
    return words >= 3 && capitalized < words; /* a Title Case line is a heading */
}

/* Whether the text [cur, b) leaves a quotation open ("...", '...', «...») that closes
 * within the same line not far after b. Apostrophes (it's, they'll) are not quotes. */
static int inside_quote(const char *t, size_t len, size_t cur, size_t b) {
    int dq = 0, sq = 0, guil = 0, br = 0;
    for (size_t i = cur; i < b; i++) {
        char c = t[i];
        if (c == '(' || c == '[') br++;
        else if ((c == ')' || c == ']') && br > 0) br--;
        else if (c == '"') dq = !dq;
        else if (c == '\'') {
            int before_alpha = i > cur && isalpha((unsigned char)t[i - 1]);
            int after_alpha = i + 1 < len && isalpha((unsigned char)t[i + 1]);
            if (!before_alpha && after_alpha && (i == cur || t[i - 1] == ' ' || t[i - 1] == '(')) sq = 1;
            else if (sq && !after_alpha) sq = 0;
        } else if (!strncmp(t + i, "\xc2\xab", 2)) guil++;
        else if (!strncmp(t + i, "\xc2\xbb", 2) && guil > 0) guil--;
    }
    if (!dq && !sq && !guil && !br) return 0;
    for (size_t i = b; i < len && i < b + 400; i++) {
        if (t[i] == '\n') return 0;
        if (dq && t[i] == '"') return 1;
        if (sq && t[i] == '\'' && (i + 1 >= len || !isalpha((unsigned char)t[i + 1]))) return 1;
        if (guil && !strncmp(t + i, "\xc2\xbb", 2)) return 1;
        if (br && (t[i] == ')' || t[i] == ']')) return 1;
    }
    return 0;
}

/* Reviews ICU's boundary b given the sentence start cur. */
static int keep_boundary(const char *t, size_t len, size_t cur, size_t b) {
    size_t last = b;
    while (last > cur && (t[last - 1] == ' ' || t[last - 1] == '\n')) last--;
    if (last == cur) return 1;
    size_t nl = 0;
    for (size_t k = last; k < b; k++) nl += t[k] == '\n';
    size_t nx;
    UChar32 next = next_cp(t, len, b, &nx);
    if (nl >= 2) return 1;
    if (nl == 1) return !wrapped_line(t, cur, last, next);
    if (t[last - 1] == '(' || t[last - 1] == '[') return 0;
    if (inside_quote(t, len, cur, b)) return 0;
    size_t term = last; /* the terminator before closing quotes and brackets */
    while (term > cur && strchr("\"')]\xbb", t[term - 1])) term--;
    if (term > cur + 1 && !strncmp(t + term - 2, "\xc2\xbb", 2)) term -= 2;
    if (term == cur) return 1;
    char tc = t[term - 1];
    if (tc == '.') return period_ends(t, len, term - 1);
    if (tc == '!' || tc == '?') {
        if (next >= 0 && u_islower(next)) return 0;           /* "Yahoo! in", "?' she said" */
        if (last == b && next >= 0 && u_isalpha(next)) return 0; /* glued "Y!J" */
    }
    return 1;
}

/* List items ("1. ", "2) ", "a.) ", "(b) ", "• "): extra boundaries before each item and
 * none between its marker and its text. A numbered or lettered marker counts when it
 * starts the text or a line, or when a neighbouring marker continues its sequence. */
typedef struct marker {
    size_t start, text; /* marker offset, item text offset */
    int value, letter, bullet;
} marker;

static size_t match_marker(const char *t, size_t len, size_t i, marker *m) {
    memset(m, 0, sizeof *m);
    m->start = i;
    size_t j = i;
    if (j + 3 <= len && (!strncmp(t + j, "\xe2\x80\xa2", 3) || !strncmp(t + j, "\xe2\x81\x83", 3))) {
        m->bullet = 1;
        j += 3;
        while (j < len && t[j] == ' ') j++;
    }
    int paren = j < len && t[j] == '(';
    size_t k = j + (size_t)paren;
    if (k < len && isdigit((unsigned char)t[k])) {
        size_t d = k;
        while (d < len && d - k < 2 && isdigit((unsigned char)t[d])) d++;
        if (d < len && isdigit((unsigned char)t[d])) goto bullet_only;
        m->value = atoi(t + k);
        k = d;
    } else if (k < len && islower((unsigned char)t[k]) && (k + 1 >= len || !isalpha((unsigned char)t[k + 1]))) {
        m->value = t[k] - 'a' + 1;
        m->letter = 1;
        k++;
    } else {
        goto bullet_only;
    }
    if (paren) {
        if (k >= len || t[k] != ')') goto bullet_only;
        k++;
    } else if (k < len && t[k] == '.' && k + 1 < len && t[k + 1] == ')') {
        k += 2;
    } else if (k < len && (t[k] == '.' || t[k] == ')')) {
        k++;
    } else {
        goto bullet_only;
    }
    if (k >= len || t[k] != ' ') goto bullet_only;
    while (k < len && t[k] == ' ') k++;
    m->text = k;
    return k;
bullet_only:
    if (!m->bullet) return 0;
    m->value = 0;
    m->letter = 0;
    m->text = j;
    return j;
}

/* Whether the word around offset i (up to spaces) looks like an address: it holds '@',
 * '/', or another period followed by a letter. */
static int url_like(const char *t, size_t len, size_t i) {
    size_t s = i, e = i + 1;
    while (s > 0 && t[s - 1] != ' ' && t[s - 1] != '\n') s--;
    while (e < len && t[e] != ' ' && t[e] != '\n') e++;
    for (size_t k = s; k < e; k++) {
        if (t[k] == '@' || t[k] == '/') return 1;
        if (k != i && t[k] == '.' && k + 1 < e && isalpha((unsigned char)t[k + 1])) return 1;
    }
    return 0;
}

static void push_cut(size_t **cuts, size_t *n, size_t *cap, size_t at) { KG_PUSH(*cuts, *n, *cap, at); }

/* Adds list-item and glued-period boundaries to cuts and records the marker interiors in
 * blocked (pairs [from, to]: no boundary strictly after from up to and including to). */
static void extra_cuts(const char *t, size_t len, size_t **cuts, size_t *n, size_t *cap, size_t **blocked,
                       size_t *nb, size_t *capb) {
    marker *ms = NULL;
    size_t nm = 0, capm = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c0 = (unsigned char)t[i];
        int at_start = i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n';
        marker m;
        /* a marker starts with a bullet's first byte, '(', a digit or a lowercase letter */
        if (at_start && (c0 == 0xE2 || c0 == '(' || isdigit(c0) || islower(c0)) &&
            match_marker(t, len, i, &m)) {
            KG_PUSH(ms, nm, capm, m);
            i = m.text > i ? m.text - 1 : i;
            continue;
        }
        if (c0 != '.' && c0 != '?' && c0 != '!') continue; /* the tests below need one */
        /* glued period: "world.Today" */
        if (t[i] == '.' && i >= 3 && i + 2 < len && isupper((unsigned char)t[i + 1]) &&
            islower((unsigned char)t[i + 2]) && islower((unsigned char)t[i - 1]) &&
            islower((unsigned char)t[i - 2]) && islower((unsigned char)t[i - 3]) && !url_like(t, len, i))
            push_cut(cuts, n, cap, i + 1);
        /* a dash starting the next sentence: "see? - Posted" */
        if ((t[i] == '?' || t[i] == '!') && i + 4 < len && t[i + 1] == ' ' && t[i + 2] == '-' && t[i + 3] == ' ' &&
            isupper((unsigned char)t[i + 4]))
            push_cut(cuts, n, cap, i + 2);
        /* footnote after a terminator: "end.[7][8] Next", "type 2).10 Next" */
        if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && i > 0 &&
            (isalpha((unsigned char)t[i - 1]) || t[i - 1] == ')' || t[i - 1] == ']')) {
            size_t j = i + 1;
            int refs = 0;
            while (j < len && (t[j] == '[' || isdigit((unsigned char)t[j]))) {
                if (t[j] == '[') {
                    size_t k = j + 1;
                    while (k < len && isdigit((unsigned char)t[k])) k++;
                    if (k == j + 1 || k >= len || t[k] != ']') break;
                    j = k + 1;
                } else {
                    size_t k = j;
                    while (k < len && k - j < 3 && isdigit((unsigned char)t[k])) k++;
                    if (k < len && isdigit((unsigned char)t[k])) break;
                    j = k;
                    if (j + 1 < len && t[j] == ' ' && isdigit((unsigned char)t[j + 1])) j++;
                }
                refs++;
            }
            if (refs && j + 1 < len && t[j] == ' ' && isupper((unsigned char)t[j + 1])) {
                push_cut(cuts, n, cap, j + 1);
                KG_PUSH(*blocked, *nb, *capb, i);
                KG_PUSH(*blocked, *nb, *capb, j);
            }
        }
    }
    for (size_t k = 0; k < nm; k++) {
        marker *m = &ms[k];
        int item = m->bullet;
        int line_start = m->start == 0 || t[m->start - 1] == '\n';
        if (m->value) {
            int prev_seq = k > 0 && ms[k - 1].value && ms[k - 1].letter == m->letter && ms[k - 1].value + 1 == m->value;
            int next_seq = k + 1 < nm && ms[k + 1].value && ms[k + 1].letter == m->letter &&
                           ms[k + 1].value == m->value + 1;
            int lower_text = m->text < len && islower((unsigned char)t[m->text]);
            if (prev_seq || next_seq || (line_start && !m->letter)) item = !(lower_text && !m->letter);
        }
        if (!item) continue;
        /* a bullet right before a numbered marker belongs to it */
        push_cut(cuts, n, cap, m->start);
        KG_PUSH(*blocked, *nb, *capb, m->start);
        KG_PUSH(*blocked, *nb, *capb, m->text);
    }
    free(ms);
}

/* Whether t[s, e) is, trimmed, one letter and a period ("A." of "Q. ... A. ..."). */
static int lone_letter(const char *t, size_t s, size_t e) {
    while (s < e && isspace((unsigned char)t[s])) s++;
    while (e > s && isspace((unsigned char)t[e - 1])) e--;
    return e - s == 2 && isupper((unsigned char)t[s]) && t[s + 1] == '.';
}

static int has_content(const char *t, size_t s, size_t e) {
    pthread_once(&cp_class_once, fill_cp_class);
    int32_t i = (int32_t)s;
    while ((size_t)i < e) {
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, (int32_t)e, c);
        if (c >= 0 && (cp_class_of(c) & CP_ALPHA)) return 1;
    }
    return 0;
}

static void emit(const kg_mapped_text *norm, size_t s, size_t e, kg_sentence_span **out, size_t *n,
                 size_t *cap) {
    const char *t = norm->text;
    while (s < e && isspace((unsigned char)t[s])) s++;
    while (e > s && isspace((unsigned char)t[e - 1])) e--;
    if (s >= e) return;
    if (!has_content(t, s, e)) {
        int punct = 1;
        for (size_t i = s; i < e; i++)
            if (!strchr(".!?", t[i])) punct = 0;
        if (punct && *n > 0) (*out)[*n - 1].end = e; /* a stray period on its own line */
        return;
    }
    kg_sentence_span sp;
    memset(&sp, 0, sizeof sp);
    sp.start = s;
    sp.end = e;
    const char *lang = kg_detect_lang(t + s, e - s); /* at most "mixed": fits */
    memcpy(sp.lang, lang, strlen(lang) + 1);
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
    /* UTF-16 copy and the map from UTF-16 index to UTF-8 offset (len fits in 32 bits) */
    UChar *u = kg_xmalloc((len + 1) * sizeof(UChar));
    uint32_t *u2b = kg_xmalloc((len + 2) * sizeof *u2b);
    int32_t un = 0, i = 0;
    while ((size_t)i < len) {
        int32_t before = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, (int32_t)len, c);
        if (c < 0) c = 0xFFFD;
        u2b[un] = (uint32_t)before;
        if (U_IS_SUPPLEMENTARY(c)) u2b[un + 1] = (uint32_t)before;
        U16_APPEND_UNSAFE(u, un, c);
    }
    u2b[un] = (uint32_t)len;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = sentence_iterator(&st);
    if (U_SUCCESS(st)) ubrk_setText(bi, u, un, &st);
    if (U_FAILURE(st)) {
        ubrk_close(bi);
        free(u);
        free(u2b);
        return kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1, "ICU sentence iterator: %s", u_errorName(st));
    }
    kg_sentence_span *res = NULL;
    size_t n = 0, cap = 0, cur = 0;
    size_t *cuts = NULL, ncuts = 0, capcuts = 0, *blocked = NULL, nb = 0, capb = 0;
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        size_t b = u2b[p];
        if (b >= len) break;
        if (!keep_boundary(t, len, cur, b)) continue;
        push_cut(&cuts, &ncuts, &capcuts, b);
        cur = b;
    }
    extra_cuts(t, len, &cuts, &ncuts, &capcuts, &blocked, &nb, &capb);
    if (ncuts) qsort(cuts, ncuts, sizeof *cuts, kg_cmp_size);
    cur = 0;
    for (size_t k = 0; k <= ncuts; k++) {
        size_t b = k < ncuts ? cuts[k] : len;
        if (b <= cur && k < ncuts) continue;
        int skip = 0;
        for (size_t j = 0; j + 1 < nb && k < ncuts; j += 2)
            if (b > blocked[j] && b <= blocked[j + 1]) skip = 1;
        if (skip) continue;
        if (k < ncuts && lone_letter(t, cur, b)) continue;
        emit(norm, cur, b, &res, &n, &cap);
        cur = b;
    }
    free(cuts);
    free(blocked);
    ubrk_close(bi);
    free(u);
    free(u2b);
    *out = res;
    *count = n;
    return KG_OK;
}
