/* kg_normalize: the matching form (see kg_normalize.h).
 *
 * Policy (the README section "Matching form" repeats it):
 *   1. Each cluster (a starter and the non-starters after it) goes through ICU NFC;
 *      Arabic presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFE) through NFKC, so
 *      ligatures and contextual forms become plain letters (U+FDFD becomes four words).
 *   2. The letter map extract/text/charmap.tsv applies to every resulting code point:
 *        ي ى (and other yeh forms) -> ی        ك (and other kaf forms) -> ک
 *        ة (teh marbuta) -> ه                  ۀ and ه+hamza (ezafe mark) -> ه
 *        أ إ ٱ -> ا  (آ is kept)              ؤ -> و            ئ -> ی
 *        ۰-۹ ٠-٩ -> 0-9, ٫ -> '.', ٬ -> ',', ٪ -> '%'
 *        deleted: tatweel, harakat (U+064B..U+065F, U+0670, Quranic marks), ZWNJ, ZWJ,
 *        ZWSP, bidi controls, soft hyphen, inner BOM
 *        space-like characters (NBSP, tab, thin spaces...) -> ' ', a lone CR -> '\n'
 *      The hamza-seat letters are folded because scraped Persian writes the same word
 *      with and without them (مسئله/مساله, مؤسسه/موسسه, پائیز/پاییز); the original
 *      spelling is always available through the map to the raw bytes.
 *   3. Spacing: runs of spaces collapse to one; a whitespace run holding one newline
 *      becomes "\n", two or more newlines become "\n\n"; whitespace at the start and the
 *      end is dropped; the space before closing punctuation (، ؛ ؟ , ; : ! ? . ) ] } »)
 *      and after opening punctuation (( [ { «) is dropped; a run of four or more of the
 *      same rule character (/ \ * - _ = ~ # + | ^) is a drawn separator and becomes a space.
 *   4. Half-spaces: ZWNJ is already gone (step 2); the space between a word ending in an
 *      Arabic-script letter and a following standalone suffix of extract/text/affixes-fa.txt
 *      (ها های هایی تر ترین ای اند ام ات اش) is dropped, and so is the space after a
 *      standalone prefix (می نمی) that starts a token and is followed by an Arabic-script
 *      letter. Nothing joins after a Latin word or a digit ("GPT ها" stays two tokens).
 *      So "می‌کند", "می کند", "میکند" all read "میکند".
 * Letter case is kept. Digits are not spaced from letters (hazm does: "۹کیلومتر").
 *
 * Map: every output code point remembers the input bytes it came from (a whole cluster,
 * a whole collapsed whitespace run's first character); composing with the input's maps
 * gives raw spans, nondecreasing because units are produced in input order. */
#include "kg_normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include "kg_arena.h"
#include "kg_data.h"

/* ---- tables --------------------------------------------------------------------- */

typedef struct map_entry {
    uint32_t lo, hi;    /* inclusive range */
    uint32_t to[32];
    int nto;            /* 0: delete */
} map_entry;

typedef struct affix {
    char text[32];
    int prefix;
    size_t len;     /* bytes of text */
    size_t ncp;     /* code points of text */
    uint32_t first, last; /* its first and last code points */
} affix;

static map_entry *charmap;
static size_t charmap_n;
static affix *affixes;
static size_t affixes_n;
static size_t affix_max_ncp; /* the most code points of an affix */
static int tables_loaded;

/* Per-code-point caches for the code points that dominate the text (Latin, Arabic
 * script, general punctuation), filled by kg_normalize_load from the letter map and
 * ICU; they answer exactly what lookup(), u_getCombiningClass(), is_letter() and a
 * one-code-point NFC would, without the search or the library call. */
#define FAST_LO 0x800
#define FAST_PUNCT_LO 0x2000
#define FAST_PUNCT_HI 0x2070
static const struct map_entry *fast_map_lo[FAST_LO];
static const struct map_entry *fast_map_punct[FAST_PUNCT_HI - FAST_PUNCT_LO];
static uint8_t fast_ccc[FAST_LO];
static uint8_t fast_letter[FAST_LO];
static uint8_t fast_nfc_same[FAST_LO]; /* NFC of the lone code point is itself */
static uint8_t fast_to_nl[FAST_LO];    /* maps_to_newline */
static uint8_t fast_suffix_first[FAST_LO]; /* suffix_starts_with */
static uint8_t fast_prefix_last[FAST_LO];  /* prefix_ends_with */

static int cmp_entry(const void *a, const void *b) {
    const map_entry *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int parse_cp(const char *s, char **end, uint32_t *cp) {
    if (s[0] != 'U' || s[1] != '+') return -1;
    unsigned long v = strtoul(s + 2, end, 16);
    if (*end == s + 2 || v > 0x10FFFF) return -1;
    *cp = (uint32_t)v;
    return 0;
}

/* Where a table line goes and how an error names it. */
typedef struct table_ctx {
    const char *path;
    kg_error *err;
    size_t cap;
} table_ctx;

static int charmap_line(char *line, long lineno, void *p) {
    table_ctx *t = p;
    map_entry e = {0};
    char *q;
    if (parse_cp(line, &q, &e.lo)) goto bad;
    e.hi = e.lo;
    if (q[0] == '.' && q[1] == '.') {
        if (parse_cp(q + 2, &q, &e.hi) || e.hi < e.lo) goto bad;
    }
    if (*q != '\t') goto bad;
    q++;
    while (*q == ' ') q++;
    while (*q == 'U') {
        if (e.nto == 32 || parse_cp(q, &q, &e.to[e.nto])) goto bad;
        e.nto++;
        while (*q == ' ') q++;
    }
    if (*q && *q != '\t') goto bad;
    KG_PUSH(charmap, charmap_n, t->cap, e);
    return KG_OK;
bad:
    return kg_error_set(t->err, KG_ESYNTAX, t->path, lineno, 0, -1,
                        "expected FROM<TAB>TO with U+XXXX code points");
}

static int affix_line(char *line, long lineno, void *p) {
    table_ctx *t = p;
    char *tab = strchr(line, '\t');
    affix a = {{0}, 0, 0, 0, 0, 0};
    if (!tab || strlen(tab + 1) == 0 || strlen(tab + 1) >= sizeof a.text)
        return kg_error_set(t->err, KG_ESYNTAX, t->path, lineno, 0, -1,
                            "expected prefix|suffix<TAB>AFFIX");
    *tab = '\0';
    if (!strcmp(line, "prefix")) a.prefix = 1;
    else if (strcmp(line, "suffix"))
        return kg_error_set(t->err, KG_ESYNTAX, t->path, lineno, 0, -1,
                            "kind must be prefix or suffix, not '%s'", line);
    snprintf(a.text, sizeof a.text, "%s", tab + 1);
    a.len = strlen(a.text);
    for (size_t k = 0; k < a.len; k++)
        if (((unsigned char)a.text[k] & 0xC0) != 0x80) a.ncp++;
    int32_t at = 0, end = (int32_t)a.len;
    UChar32 c;
    U8_NEXT((const uint8_t *)a.text, at, end, c);
    a.first = (uint32_t)c;
    at = end;
    U8_PREV((const uint8_t *)a.text, 0, at, c);
    a.last = (uint32_t)c;
    if (a.ncp > affix_max_ncp) affix_max_ncp = a.ncp;
    KG_PUSH(affixes, affixes_n, t->cap, a);
    return KG_OK;
}

/* Reads one table file through fn; what names it in messages. */
static int load_table(const char *path, const char *what, int (*fn)(char *, long, void *),
                      kg_error *err) {
    char *buf = kg_data_slurp(path, NULL);
    if (!buf) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read the %s", what);
    table_ctx t = {path, err, 0};
    int rc = kg_data_each_line(buf, fn, &t);
    free(buf);
    return rc;
}

static int load_charmap(const char *path, kg_error *err) {
    int rc = load_table(path, "letter map", charmap_line, err);
    if (rc == KG_OK && charmap_n) qsort(charmap, charmap_n, sizeof *charmap, cmp_entry);
    return rc;
}

static int load_affixes(const char *path, kg_error *err) {
    return load_table(path, "affix list", affix_line, err);
}

void kg_normalize_cleanup(void) {
    free(charmap);
    free(affixes);
    charmap = NULL;
    affixes = NULL;
    charmap_n = affixes_n = 0;
    affix_max_ncp = 0;
    tables_loaded = 0;
}

static const map_entry *lookup_search(uint32_t c);
static int is_letter_icu(uint32_t c);
static int maps_to_newline(uint32_t c);

/* Fills the per-code-point caches (see fast_map_lo); the letter map is loaded. */
static void fill_fast_tables(void) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    for (uint32_t c = 0; c < FAST_LO; c++) {
        fast_map_lo[c] = lookup_search(c);
        fast_ccc[c] = (uint8_t)u_getCombiningClass((UChar32)c);
        fast_letter[c] = (uint8_t)is_letter_icu(c);
        fast_nfc_same[c] = 0;
        if (U_SUCCESS(st) && !U16_IS_SURROGATE(c)) {
            UChar src[1] = {(UChar)c}, dst[8];
            UErrorCode e2 = U_ZERO_ERROR;
            int32_t dn = unorm2_normalize(nfc, src, 1, dst, 8, &e2);
            fast_nfc_same[c] = (uint8_t)(U_SUCCESS(e2) && dn == 1 && dst[0] == src[0]);
        }
    }
    for (uint32_t c = FAST_PUNCT_LO; c < FAST_PUNCT_HI; c++)
        fast_map_punct[c - FAST_PUNCT_LO] = lookup_search(c);
    for (uint32_t c = 0; c < FAST_LO; c++) fast_to_nl[c] = (uint8_t)maps_to_newline(c);
    memset(fast_suffix_first, 0, sizeof fast_suffix_first);
    memset(fast_prefix_last, 0, sizeof fast_prefix_last);
    for (size_t k = 0; k < affixes_n; k++) {
        if (!affixes[k].prefix && affixes[k].first < FAST_LO) fast_suffix_first[affixes[k].first] = 1;
        if (affixes[k].prefix && affixes[k].last < FAST_LO) fast_prefix_last[affixes[k].last] = 1;
    }
}

int kg_normalize_load(const char *data_dir, kg_error *err) {
    if (tables_loaded) return KG_OK;
    char *p1 = kg_data_path(data_dir, "extract/text/charmap.tsv");
    char *p2 = kg_data_path(data_dir, "extract/text/affixes-fa.txt");
    int rc = load_charmap(p1, err);
    if (rc == KG_OK) rc = load_affixes(p2, err);
    free(p1);
    free(p2);
    if (rc != KG_OK) {
        kg_normalize_cleanup();
        return rc;
    }
    fill_fast_tables();
    tables_loaded = 1;
    return KG_OK;
}

static const map_entry *lookup_search(uint32_t c) {
    size_t lo = 0, hi = charmap_n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (charmap[mid].hi < c) lo = mid + 1;
        else if (charmap[mid].lo > c) hi = mid;
        else return &charmap[mid];
    }
    return NULL;
}

static inline const map_entry *lookup(uint32_t c) {
    if (c < FAST_LO) return fast_map_lo[c];
    if (c >= FAST_PUNCT_LO && c < FAST_PUNCT_HI) return fast_map_punct[c - FAST_PUNCT_LO];
    return lookup_search(c);
}

static inline uint8_t ccc_of(UChar32 c) {
    return c >= 0 && c < FAST_LO ? fast_ccc[c] : u_getCombiningClass(c);
}

/* ---- units ---------------------------------------------------------------------- */

/* One output code point and the input bytes [s, e) it came from (normalize_mode refuses
 * inputs whose offsets do not fit in 32 bits). */
typedef struct unit {
    uint32_t cp;
    uint32_t s, e;
} unit;

typedef struct units {
    unit *u;
    size_t n, cap;
} units;

static inline void push(units *v, uint32_t cp, size_t s, size_t e) {
    if (v->n == v->cap) kg_grow((void **)&v->u, &v->cap, v->n + 1, sizeof *v->u);
    unit *x = &v->u[v->n++];
    x->cp = cp;
    x->s = (uint32_t)s;
    x->e = (uint32_t)e;
}

static inline void push_mapped(units *v, uint32_t cp, size_t s, size_t e) {
    const map_entry *m = lookup(cp);
    if (!m) {
        push(v, cp, s, e);
        return;
    }
    for (int i = 0; i < m->nto; i++) push(v, m->to[i], s, e);
}

static int is_presentation(uint32_t c) {
    return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE);
}

/* Step 1 and 2: clusters through NFC/NFKC, then the letter map. */
static int decode(const char *text, size_t len, units *out, size_t *bad_at) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st)) return -2;
    size_t i = 0;
    UChar src[64], dst[256];
    if (out->cap < len + 16) { /* about a unit per byte: exact room, push doubles past it */
        out->u = kg_xrealloc(out->u, (len + 16) * sizeof *out->u);
        out->cap = len + 16;
    }
    const unsigned char *bytes = (const unsigned char *)text;
    while (i < len) {
        /* an ASCII character followed by ASCII (or the end) is a cluster of its own */
        if (bytes[i] < 0x80 && (i + 1 == len || bytes[i + 1] < 0x80)) {
            push_mapped(out, bytes[i], i, i + 1);
            i++;
            continue;
        }
        /* so is an ASCII or two-byte code point before a starter of at most two bytes (or
         * the end); a lone two-byte one NFC keeps is pushed as it is (as below) */
        {
            uint32_t c = bytes[i];
            size_t nx = i + 1;
            int fast = c < 0x80; /* longer or invalid sequences: the general path */
            if (c >= 0xC2 && c <= 0xDF && nx < len && (bytes[nx] & 0xC0) == 0x80) {
                c = ((c & 0x1F) << 6) | (bytes[nx] & 0x3F);
                nx++;
                fast = fast_nfc_same[c];
            }
            if (fast) {
                int starter_next = nx == len || bytes[nx] < 0x80;
                if (!starter_next && bytes[nx] >= 0xC2 && bytes[nx] <= 0xDF && nx + 1 < len &&
                    (bytes[nx + 1] & 0xC0) == 0x80)
                    starter_next = fast_ccc[((bytes[nx] & 0x1Fu) << 6) | (bytes[nx + 1] & 0x3Fu)] == 0;
                if (starter_next) {
                    push_mapped(out, c, i, nx);
                    i = nx;
                    continue;
                }
            }
        }
        size_t start = i;
        int32_t srcn = 0;
        int presentation = 0;
        /* gather a starter and its following non-starters (bounded) */
        int first = 1;
        while (i < len) {
            int32_t j = (int32_t)0;
            UChar32 c;
            size_t before = i;
            const uint8_t *s = (const uint8_t *)text + i;
            int32_t rem = (int32_t)((len - i) > 8 ? 8 : (len - i));
            U8_NEXT(s, j, rem, c);
            if (c < 0) {
                if (first) {
                    *bad_at = i;
                    return -1;
                }
                break; /* the bad byte starts the next cluster and is reported there */
            }
            if (!first && (ccc_of(c) == 0 || srcn > 56)) break;
            if (first) presentation = is_presentation((uint32_t)c);
            U16_APPEND_UNSAFE(src, srcn, c);
            i = before + (size_t)j;
            first = 0;
        }
        if (srcn == 1 && (src[0] < 0x80 || (src[0] < FAST_LO && fast_nfc_same[src[0]]))) {
            push_mapped(out, src[0], start, i); /* NFC leaves it as it is */
            continue;
        }
        UErrorCode e2 = U_ZERO_ERROR;
        int32_t dn = unorm2_normalize(presentation ? nfkc : nfc, src, srcn, dst,
                                      (int32_t)(sizeof dst / sizeof dst[0]), &e2);
        if (U_FAILURE(e2)) {
            memcpy(dst, src, (size_t)srcn * sizeof(UChar));
            dn = srcn;
        }
        for (int32_t k = 0; k < dn;) {
            UChar32 c;
            U16_NEXT(dst, k, dn, c);
            push_mapped(out, (uint32_t)c, start, i);
        }
    }
    return 0;
}

static int is_space(uint32_t c) { return c == ' '; }
static int is_ws(uint32_t c) { return c == ' ' || c == '\n'; }

static int is_closing(uint32_t c) {
    switch (c) {
    case 0x060C: case 0x061B: case 0x061F: case ',': case ';': case ':': case '!': case '?':
    case '.': case ')': case ']': case '}': case 0x00BB:
        return 1;
    default:
        return 0;
    }
}

static int is_opening(uint32_t c) {
    return c == '(' || c == '[' || c == '{' || c == 0x00AB;
}

static int is_letter_icu(uint32_t c) {
    return u_isalpha((UChar32)c) || u_getCombiningClass((UChar32)c) > 0;
}

static inline int is_letter(uint32_t c) { return c < FAST_LO ? fast_letter[c] : is_letter_icu(c); }

static int is_arabic_letter(uint32_t c) {
    return ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
            (c >= 0xFB50 && c <= 0xFEFF)) && is_letter(c);
}

/* / \ * - _ = ~ # + | ^ as bits of two words (code points below 128) */
static const uint64_t rule_lo = (UINT64_C(1) << '/') | (UINT64_C(1) << '*') | (UINT64_C(1) << '-') |
                                (UINT64_C(1) << '=') | (UINT64_C(1) << '#') | (UINT64_C(1) << '+');
static const uint64_t rule_hi = (UINT64_C(1) << ('\\' - 64)) | (UINT64_C(1) << ('_' - 64)) |
                                (UINT64_C(1) << ('~' - 64)) | (UINT64_C(1) << ('|' - 64)) |
                                (UINT64_C(1) << ('^' - 64));

static inline int is_rule_char(uint32_t c) {
    return c < 64 ? (int)((rule_lo >> c) & 1) : c < 128 ? (int)((rule_hi >> (c - 64)) & 1) : 0;
}

/* Step 3a: decoration. Runs of four or more of the same rule character (/ \ * - _ = ~ # + | ^)
 * are separators drawn in text ("--------", "////"), not words: each becomes one space.
 * collapse reads the units through this: the unit at i, or the space standing for the run
 * starting at i; *next gets the position after what it read. */
static inline unit decorated_at(const units *v, size_t i, int decorate, size_t *next) {
    unit x = v->u[i];
    if (decorate && is_rule_char(x.cp)) {
        size_t j = i + 1;
        while (j < v->n && v->u[j].cp == x.cp) j++;
        if (j - i >= 4) {
            *next = j;
            return (unit){' ', x.s, v->u[j - 1].e};
        }
    }
    *next = i + 1;
    return x;
}

/* Step 3: whitespace runs, trimming, over the units as decoration leaves them (decorate: 0
 * for a pattern, where the units are read as they are).
 * In place: each unit read, or run standing for a space, is written as at most one unit,
 * and a whitespace run of k of them as at most min(k, 2), so the write position never
 * passes the read position; a run is read whole before any of it is overwritten. */
static void collapse(units *v, int decorate) {
    size_t i = 0, n = v->n, w = 0;
    while (i < n) {
        size_t ni;
        unit x = decorated_at(v, i, decorate, &ni);
        if (!is_ws(x.cp)) {
            v->u[w++] = x;
            i = ni;
            continue;
        }
        size_t j = i, nl = 0;
        unit first = x, first_nl = x, second_nl = x;
        while (j < n) {
            size_t nj;
            unit y = decorated_at(v, j, decorate, &nj);
            if (!is_ws(y.cp)) break;
            if (y.cp == '\n') {
                if (nl == 0) first_nl = y;
                else if (nl == 1) second_nl = y;
                nl++;
            }
            j = nj;
        }
        if (w > 0 && j < n) { /* not leading or trailing */
            unit a = nl ? first_nl : first, b = second_nl;
            if (nl == 0) {
                v->u[w++] = (unit){' ', a.s, a.e};
            } else {
                v->u[w++] = (unit){'\n', a.s, a.e};
                if (nl > 1) v->u[w++] = (unit){'\n', b.s, b.e};
            }
        }
        i = j;
    }
    v->n = w;
}

/* Units [a, b) as UTF-8 in buf (64 bytes), its length in *len; 0 when they are too long
 * to be an affix. */
static int units_utf8(const units *v, size_t a, size_t b, char *buf, size_t *len) {
    int32_t n = 0;
    for (size_t k = a; k < b; k++) {
        if (n > 56) return 0;
        UBool err = 0;
        U8_APPEND((uint8_t *)buf, n, 60, (UChar32)v->u[k].cp, err);
        if (err) return 0;
    }
    buf[n] = '\0';
    *len = (size_t)n;
    return 1;
}

/* Each unit is one code point, so a run longer than every affix is none of them. */
static int is_affix(const units *v, size_t a, size_t b, int prefix) {
    if (b - a > affix_max_ncp) return 0;
    char buf[64];
    size_t len;
    if (!units_utf8(v, a, b, buf, &len)) return 0;
    for (size_t k = 0; k < affixes_n; k++)
        if (affixes[k].prefix == prefix && affixes[k].len == len && !memcmp(buf, affixes[k].text, len))
            return 1;
    return 0;
}

/* Whether some suffix starts with c, some prefix ends with c: an affix must, so these
 * answer most spaces before is_affix gathers a token. */
static int suffix_starts_with(uint32_t c) {
    if (c < FAST_LO) return fast_suffix_first[c];
    for (size_t k = 0; k < affixes_n; k++)
        if (!affixes[k].prefix && affixes[k].first == c) return 1;
    return 0;
}

static int prefix_ends_with(uint32_t c) {
    if (c < FAST_LO) return fast_prefix_last[c];
    for (size_t k = 0; k < affixes_n; k++)
        if (affixes[k].prefix && affixes[k].last == c) return 1;
    return 0;
}

/* Step 3 (punctuation) and 4: decides which single spaces to drop. A pattern keeps its
 * spaces around punctuation: there they are regex syntax ("a ?b", "(?:x )"). */
static void join(units *v, int pattern, size_t *bytes) {
    size_t w = 0, nb = 0;
    for (size_t k = 0; k < v->n; k++) {
        unit cur = v->u[k];
        if (is_space(cur.cp) && k > 0 && k + 1 < v->n) {
            uint32_t prev = v->u[k - 1].cp, next = v->u[k + 1].cp;
            int drop = 0;
            if (!pattern && (is_closing(next) || is_opening(prev))) drop = 1;
            if (!drop && is_arabic_letter(prev) && is_letter(next) && suffix_starts_with(next)) {
                size_t e = k + 1;
                while (e < v->n && is_letter(v->u[e].cp)) e++;
                if (is_affix(v, k + 1, e, 0)) drop = 1;
            }
            if (!drop && is_arabic_letter(next) && is_arabic_letter(prev) && w > 0 &&
                prefix_ends_with(v->u[w - 1].cp)) {
                /* the previous token as written: units [0, w) are final, and w <= k keeps
                 * the units still to be read intact */
                size_t s = w;
                while (s > 0 && is_letter(v->u[s - 1].cp)) s--;
                if (is_affix(v, s, w, 1)) drop = 1;
            }
            if (drop) continue;
        }
        nb += (size_t)U8_LENGTH((UChar32)cur.cp);
        if (w != k) v->u[w] = cur;
        w++;
    }
    v->n = w;
    *bytes = nb;
}

/* ---- API ------------------------------------------------------------------------ */

static int maps_to_newline(uint32_t c) {
    const map_entry *m = lookup(c);
    if (!m) return c == '\n';
    for (int i = 0; i < m->nto; i++)
        if (m->to[i] == '\n') return 1;
    return 0;
}

int kg_normalize_line_is_local(const char *s, size_t n) {
    if (!tables_loaded || lookup('\n')) return 0;
    int32_t i = 0, len = (int32_t)n;
    if ((size_t)len != n) return 0;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (fast_to_nl[b]) return 0; /* '\n' among them */
            i++;
            continue;
        }
        int32_t at = i;
        UChar32 c;
        if (b >= 0xC2 && b <= 0xDF && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            c = ((b & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F); /* as U8_NEXT */
            i += 2;
        } else {
            U8_NEXT((const uint8_t *)s, i, len, c);
        }
        if (c < 0) return 0;
        if (at == 0 && ccc_of(c) != 0) return 0;
        if (c < FAST_LO ? fast_to_nl[c] : maps_to_newline((uint32_t)c)) return 0;
    }
    return 1;
}

/* res: the final units; *bytes: their UTF-8 length. */
static int run(const char *text, size_t len, units *res, size_t *bytes, size_t *bad_at,
               int pattern) {
    units a = {0};
    *bytes = 0;
    int rc = decode(text, len, &a, bad_at);
    if (rc == 0) {
        collapse(&a, !pattern);
        join(&a, pattern, bytes);
    }
    if (rc != 0) {
        free(a.u);
        a = (units){0};
    }
    *res = a;
    return rc;
}

static int normalize_mode(const kg_mapped_text *in, kg_mapped_text *out, int pattern,
                          kg_error *err) {
    memset(out, 0, sizeof *out);
    int rc = kg_normalize_load(NULL, err);
    if (rc != KG_OK) return rc;
    if (in->len >= UINT32_MAX - 64)
        return kg_error_set(err, KG_ELIMIT, NULL, 0, 0, -1, "text of %zu bytes too long to normalize",
                            in->len);
    units v;
    size_t bad = 0, bytes = 0;
    rc = run(in->text, in->len, &v, &bytes, &bad, pattern);
    if (rc == -1)
        return kg_error_set(err, KG_EINPUT, NULL, 0, 0,
                            in->raw_start ? (long long)in->raw_start[bad] : (long long)bad,
                            "invalid UTF-8 at byte %zu", in->raw_start ? in->raw_start[bad] : bad);
    if (rc != 0) return kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1, "ICU normalizer unavailable");
    size_t cap = bytes + 1;
    out->text = kg_xmalloc(cap);
    out->raw_start = kg_xmalloc(cap * sizeof *out->raw_start);
    out->raw_end = kg_xmalloc(cap * sizeof *out->raw_end);
    int32_t n = 0;
    const uint32_t *ins = in->raw_start, *ine = in->raw_end;
    for (size_t k = 0; k < v.n; k++) {
        const unit *x = &v.u[k];
        /* without input maps, offsets into in->text: below UINT32_MAX - 64 (checked) */
        uint32_t rs = ins ? ins[x->s] : (uint32_t)x->s;
        uint32_t re = ine ? ine[x->e - 1] : (uint32_t)x->e;
        if (x->cp < 0x80) {
            out->text[n] = (char)x->cp;
            out->raw_start[n] = rs;
            out->raw_end[n] = re;
            n++;
            continue;
        }
        int32_t before = n;
        UBool e = 0;
        U8_APPEND((uint8_t *)out->text, n, (int32_t)cap, (UChar32)x->cp, e);
        (void)e;
        for (int32_t j = before; j < n; j++) {
            out->raw_start[j] = rs;
            out->raw_end[j] = re;
        }
    }
    out->text[n] = '\0';
    out->len = (size_t)n;
    free(v.u);
    return KG_OK;
}

int kg_normalize(const kg_mapped_text *in, kg_mapped_text *out, kg_error *err) {
    return normalize_mode(in, out, 0, err);
}

static char *normalize_string_mode(const char *s, int pattern) {
    if (!s || kg_normalize_load(NULL, NULL) != KG_OK) return NULL;
    kg_mapped_text in = {(char *)s, strlen(s), NULL, NULL}, out;
    if (normalize_mode(&in, &out, pattern, NULL) != KG_OK) return NULL;
    free(out.raw_start);
    free(out.raw_end);
    return out.text;
}

char *kg_normalize_string(const char *s) {
    return normalize_string_mode(s, 0);
}

char *kg_normalize_pattern(const char *s) {
    return normalize_string_mode(s, 1);
}
