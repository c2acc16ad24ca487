/* kg_text: reading an article into metadata and a mapped body (see kg_text.h).
 *
 * Stages, each producing a kg_mapped_text whose maps point into doc->raw:
 *   1. check:    NUL bytes and control-byte density (binary) are refused.
 *   2. decode:   "clean" text = raw without the BOM, CRLF seen as LF (mapped to both
 *                bytes), invalid UTF-8 refused or (lenient) replaced by U+FFFD.
 *   3. front matter ("---" line ... "---" or "..." line) parsed with libyaml.
 *   4. format:   text (copied as is), Markdown (markup stripped line by line) or HTML
 *                (libxml2; see "HTML offsets" below) -> a pre-body whose paragraphs are
 *                separated by "\n\n".
 *   5. boilerplate: each line of the pre-body is normalized and searched with the
 *                patterns of extract/text/boilerplate-{fa,en}.txt; matched text is
 *                removed, and a line left without letters or digits is removed whole.
 *
 * HTML offsets: libxml2 gives text nodes (entity-decoded) but no byte offsets. Every
 * text node of the document is aligned, in document order, with the clean text from a
 * cursor that only moves forward: candidate starts are positions outside markup (tags,
 * comments, doctype are skipped by a small scanner), and a candidate is accepted when
 * the whole node matches character by character, where a character may also match one
 * character reference (&amp; &#1583; &#x6A9; &nbsp; ...) which it is then mapped to
 * entirely. A character produced by a multi-character entity shares the entity's span.
 * Nodes that cannot be aligned (parser repairs) are mapped to an empty span at the
 * cursor and reported in doc->warnings. Whitespace inside HTML text is a space in the
 * body; block elements and <br> are "\n\n" boundaries. */
#include "kg_text.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pcre2.h>
#include <unicode/utf8.h>
#include <yaml.h>

#include "kg_arena.h"
#include "kg_buf.h"
#include "kg_data.h"
#include "kg_normalize.h"
#include "kg_regex.h"
#include "kg_segment.h"

/* KG_MAX_INPUT (kg_text.h): one article is held in memory with byte maps back to the
 * input (about 60 bytes per input byte at the peak), so a bigger one is refused with a
 * clear error rather than exhausting memory; real articles are far smaller. It also keeps
 * every raw offset, and the end of every span, within the 32-bit maps. */
_Static_assert(KG_MAX_INPUT + 16 < UINT32_MAX, "raw offsets must fit the 32-bit maps");

/* ---- the original spelling of a span ---- */

static bool white_char(UChar32 c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0;
}

/* Characters the normalizer drops that a person still sees as part of the spelling:
 * ZWNJ, ZWJ, bidi marks, soft hyphen, tatweel, harakat. */
static bool dropped_char(UChar32 c) {
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x061C || c == 0x00AD || c == 0x0640 ||
           (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

static void spell_space(kg_buf *o) {
    if (o->len && o->s[o->len - 1] != ' ') kg_buf_add(o, " ", 1);
}

/* Text between two mapped characters that produced nothing in t: kept when it is only
 * white space and dropped characters, else (markup) reduced to a space if it had one. */
static void spell_gap(kg_buf *o, const char *g, size_t n) {
    bool markup = false, white = false;
    for (int32_t i = 0; i < (int32_t)n;) {
        UChar32 c;
        U8_NEXT((const uint8_t *)g, i, (int32_t)n, c);
        if (white_char(c)) white = true;
        else if (c < 0 || !dropped_char(c)) markup = true;
    }
    if (markup) {
        if (white) spell_space(o);
        return;
    }
    for (int32_t i = 0; i < (int32_t)n;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)g, i, (int32_t)n, c);
        if (white_char(c)) spell_space(o);
        else kg_buf_add(o, g + at, (size_t)(i - at));
    }
}

char *kg_mapped_original(const kg_mapped_text *t, const char *raw, size_t raw_len, size_t start,
                         size_t end) {
    kg_buf o = {0};
    kg_buf_add(&o, "", 0);
    if (end > t->len) end = t->len;
    size_t prev = SIZE_MAX; /* end in raw of the last character written */
    for (size_t i = start; i < end;) {
        size_t next = i + 1;
        while (next < end && ((unsigned char)t->text[next] & 0xC0) == 0x80) next++;
        size_t rs = t->raw_start[i], re = t->raw_end[i];
        if (re > raw_len) re = raw_len;
        if (prev != SIZE_MAX && rs < prev) rs = prev; /* one input character, several here */
        if (rs >= re) {
            i = next;
            continue;
        }
        if (prev != SIZE_MAX && rs > prev) spell_gap(&o, raw + prev, rs - prev);
        bool reference = re - rs > 1 && memchr("<&\\", raw[rs], 3) != NULL;
        if (reference && white_char((unsigned char)t->text[i])) {
            spell_space(&o); /* <br> */
        } else if (reference) {
            kg_buf_add(&o, t->text + i, next - i); /* &amp; -> & */
        } else {
            for (int32_t k = (int32_t)rs; k < (int32_t)re;) {
                int32_t at = k;
                UChar32 c;
                U8_NEXT((const uint8_t *)raw, k, (int32_t)re, c);
                if (white_char(c)) spell_space(&o);
                else kg_buf_add(&o, raw + at, (size_t)(k - at));
            }
        }
        prev = re;
        i = next;
    }
    size_t from = 0;
    while (from < o.len && o.s[from] == ' ') from++;
    while (o.len > from && o.s[o.len - 1] == ' ') o.len--;
    memmove(o.s, o.s + from, o.len - from);
    o.s[o.len - from] = '\0';
    return o.s;
}

void kg_mapped_text_free(kg_mapped_text *t) {
    if (!t) return;
    free(t->text);
    free(t->raw_start);
    free(t->raw_end);
    t->text = NULL;
    t->raw_start = t->raw_end = NULL;
    t->len = 0;
}

void kg_doc_free(kg_doc *doc) {
    if (!doc) return;
    free(doc->path);
    free(doc->raw);
    free(doc->id);
    free(doc->title);
    free(doc->outlet);
    free(doc->url);
    free(doc->lang);
    free(doc->published);
    kg_mapped_text_free(&doc->body);
    kg_mapped_text_free(doc->norm);
    free(doc->norm);
    free(doc->warnings);
    free(doc);
}

/* ---- builder -------------------------------------------------------------------- */

typedef struct builder {
    kg_mapped_text t;
    size_t cap;
    size_t last_end; /* raw_end of the last byte pushed: where synthetic bytes point */
} builder;

/* Makes room for n more bytes and the NUL: doubling for pushes, exactly what is asked
 * when that is more (a caller reserving the whole text at once gets no slack). */
static void b_reserve(builder *b, size_t n) {
    size_t need = b->t.len + n + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap * 2 : 256;
    if (cap < need) cap = need;
    b->t.text = kg_xrealloc(b->t.text, cap);
    b->t.raw_start = kg_xrealloc(b->t.raw_start, cap * sizeof *b->t.raw_start);
    b->t.raw_end = kg_xrealloc(b->t.raw_end, cap * sizeof *b->t.raw_end);
    b->cap = cap;
}

static inline void b_push(builder *b, char c, size_t rs, size_t re) {
    if (b->t.len + 2 > b->cap) b_reserve(b, 1);
    b->t.text[b->t.len] = c;
    b->t.raw_start[b->t.len] = (uint32_t)rs; /* < KG_MAX_INPUT */
    b->t.raw_end[b->t.len] = (uint32_t)re;
    b->t.len++;
    b->t.text[b->t.len] = '\0';
    b->last_end = re;
}

/* Pushes bytes [s, e) of src (a mapped text) keeping their maps. */
static void b_copy(builder *b, const kg_mapped_text *src, size_t s, size_t e) {
    if (e <= s) return;
    size_t n = e - s;
    b_reserve(b, n);
    memcpy(b->t.text + b->t.len, src->text + s, n);
    memcpy(b->t.raw_start + b->t.len, src->raw_start + s, n * sizeof *src->raw_start);
    memcpy(b->t.raw_end + b->t.len, src->raw_end + s, n * sizeof *src->raw_start);
    b->t.len += n;
    b->t.text[b->t.len] = '\0';
    b->last_end = src->raw_end[e - 1];
}

/* Pushes one character of src (bytes [s, e)) as the single byte c. */
static void b_subst(builder *b, char c, const kg_mapped_text *src, size_t s, size_t e) {
    b_push(b, c, src->raw_start[s], src->raw_end[e - 1]);
}

/* A hard boundary "\n\n" unless the text is empty or already ends with one. */
static void b_boundary(builder *b) {
    size_t n = b->t.len;
    while (n > 0 && (b->t.text[n - 1] == ' ' || b->t.text[n - 1] == '\t')) n--;
    if (n == 0) return;
    if (n >= 2 && b->t.text[n - 1] == '\n' && b->t.text[n - 2] == '\n') return;
    size_t at = b->last_end;
    if (b->t.text[n - 1] != '\n') b_push(b, '\n', at, at);
    b_push(b, '\n', at, at);
}

/* Gives b's text to out, its buffers cut to size when more than a little is unused (a
 * text grown by doubling keeps up to half its maps idle otherwise). */
static void b_finish(builder *b, kg_mapped_text *out) {
    if (!b->t.text) b_push(b, '\0', 0, 0), b->t.len = 0;
    size_t fit = b->t.len + 1;
    if (b->cap - fit > 4096 && b->cap - fit > fit / 16) {
        b->t.text = kg_xrealloc(b->t.text, fit);
        b->t.raw_start = kg_xrealloc(b->t.raw_start, fit * sizeof *b->t.raw_start);
        b->t.raw_end = kg_xrealloc(b->t.raw_end, fit * sizeof *b->t.raw_end);
    }
    *out = b->t;
    memset(b, 0, sizeof *b);
}

void kg_doc_warn(kg_doc *doc, const char *fmt, ...) {
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = doc->warnings ? strlen(doc->warnings) : 0;
    doc->warnings = kg_xrealloc(doc->warnings, old + strlen(line) + 2);
    memcpy(doc->warnings + old, line, strlen(line));
    doc->warnings[old + strlen(line)] = '\n';
    doc->warnings[old + strlen(line) + 1] = '\0';
}

/* ---- 1, 2: check and decode ------------------------------------------------------ */

static int check_bytes(const kg_doc *doc, kg_error *err) {
    const unsigned char *r = (const unsigned char *)doc->raw;
    size_t controls = 0, first_control = 0;
    for (size_t i = 0; i < doc->raw_len; i++) {
        /* eight bytes none of which is below 0x20 or 0x7F: nothing to count */
        if (doc->raw_len - i >= 8) {
            const uint64_t ones = UINT64_C(0x0101010101010101), hi = ones * 0x80;
            uint64_t w, d;
            memcpy(&w, r + i, 8);
            d = w ^ (ones * 0x7F); /* a zero byte where w has 0x7F */
            if (!(((w - ones * 0x20) & ~w & hi) | ((d - ones) & ~d & hi))) {
                i += 7;
                continue;
            }
        }
        if (r[i] == 0)
            return kg_error_set(err, KG_EINPUT, doc->path, 0, 0, (long long)i,
                                "NUL byte at byte %zu (binary file?)", i);
        if ((r[i] < 0x20 && r[i] != '\n' && r[i] != '\r' && r[i] != '\t' && r[i] != '\f') ||
            r[i] == 0x7F) {
            if (!controls) first_control = i;
            controls++;
        }
    }
    if (controls > 8 && controls * 100 > doc->raw_len)
        return kg_error_set(err, KG_EINPUT, doc->path, 0, 0, (long long)first_control,
                            "binary file: %zu control bytes, the first at byte %zu", controls,
                            first_control);
    return KG_OK;
}

static int decode(kg_doc *doc, bool lenient, kg_mapped_text *clean, kg_error *err) {
    builder b = {0};
    const uint8_t *r = (const uint8_t *)doc->raw;
    size_t i = 0, n = doc->raw_len;
    if (n >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) i = 3;
    size_t bad = 0;
    if (n > i) b_reserve(&b, n - i); /* CRLF shrinks, only lenient replacements grow */
    while (i < n) {
        /* a run of ASCII other than CR: copied, each byte mapped to itself */
        size_t k = i;
        while (k < n && r[k] < 0x80 && r[k] != '\r') k++;
        if (k > i) {
            b_reserve(&b, k - i);
            size_t at = b.t.len;
            memcpy(b.t.text + at, r + i, k - i);
            for (size_t q = i; q < k; q++, at++) {
                b.t.raw_start[at] = (uint32_t)q;
                b.t.raw_end[at] = (uint32_t)(q + 1);
            }
            b.t.len = at;
            b.t.text[at] = '\0';
            b.last_end = k;
            i = k;
            continue;
        }
        if (r[i] == '\r' && i + 1 < n && r[i + 1] == '\n') {
            b_push(&b, '\n', i, i + 2);
            i += 2;
            continue;
        }
        if (r[i] < 0x80) {
            b_push(&b, (char)r[i], i, i + 1);
            i++;
            continue;
        }
        int32_t j = 0, rem = (int32_t)(n - i > 4 ? 4 : n - i);
        UChar32 c;
        U8_NEXT(r + i, j, rem, c);
        if (c < 0) {
            if (!lenient) {
                kg_mapped_text_free(&b.t);
                return kg_error_set(err, KG_EINPUT, doc->path, 0, 0, (long long)i,
                                    "invalid UTF-8 at byte %zu", i);
            }
            if (bad++ < 20) kg_doc_warn(doc, "%s: byte %zu: invalid UTF-8 replaced by U+FFFD", doc->path, i);
            b_push(&b, (char)0xEF, i, i + (size_t)j);
            b_push(&b, (char)0xBF, i, i + (size_t)j);
            b_push(&b, (char)0xBD, i, i + (size_t)j);
        } else {
            b_reserve(&b, (size_t)j);
            for (int32_t q = 0; q < j; q++) {
                size_t at = b.t.len + (size_t)q;
                b.t.text[at] = (char)r[i + (size_t)q];
                b.t.raw_start[at] = (uint32_t)i;
                b.t.raw_end[at] = (uint32_t)(i + (size_t)j);
            }
            b.t.len += (size_t)j;
            b.t.text[b.t.len] = '\0';
            b.last_end = i + (size_t)j;
        }
        i += (size_t)j;
    }
    if (bad > 20) kg_doc_warn(doc, "%s: %zu invalid UTF-8 sequences in all", doc->path, bad);
    b_finish(&b, clean);
    return KG_OK;
}

/* ---- 3: front matter ------------------------------------------------------------- */

static char *iso_date(const char *v) {
    /* YYYY-MM-DD at the start (a date or a timestamp) -> YYYY-MM-DD; else as given */
    if (strlen(v) >= 10 && isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1]) &&
        isdigit((unsigned char)v[2]) && isdigit((unsigned char)v[3]) &&
        (v[4] == '-' || v[4] == '/') && isdigit((unsigned char)v[5]) &&
        isdigit((unsigned char)v[6]) && v[7] == v[4] && isdigit((unsigned char)v[8]) &&
        isdigit((unsigned char)v[9]) && !isdigit((unsigned char)v[10])) {
        char d[11];
        memcpy(d, v, 10);
        d[4] = d[7] = '-';
        d[10] = '\0';
        return kg_xstrdup(d);
    }
    return kg_xstrdup(v);
}

/* A front-matter date kg can use: YYYY-MM-DD (or with '/'), optionally followed by a
 * time, naming a day of the Gregorian calendar from the year 1000 (the dates module
 * reads no earlier year): 2024-02-30 and 2023-02-29 are not dates. */
static bool usable_date(const char *v) {
    static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char *d = iso_date(v);
    bool ok = strlen(d) == 10 && d[4] == '-' && d[7] == '-';
    if (ok) {
        int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        ok = year >= 1000 && month >= 1 && month <= 12 && day >= 1 &&
             day <= (month == 2 && !leap ? 28 : month_days[month - 1]);
    }
    free(d);
    return ok;
}

/* A front-matter language as kg names it (fa, en, ar: "fa-IR" is fa), or NULL. */
static char *usable_lang(const char *v) {
    char *l = kg_xstrdup(v);
    char *dash = strpbrk(l, "-_");
    if (dash) *dash = '\0';
    for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
    if (strcmp(l, "fa") && strcmp(l, "en") && strcmp(l, "ar")) {
        free(l);
        return NULL;
    }
    return l;
}

/* Sets the metadata field key names; line is the value's line in the file. A published
 * date or language kg cannot use is a warning naming the file and line, and is not
 * used (the language is then detected from the text). */
static void set_meta(kg_doc *doc, const char *key, const char *value, long line) {
    char **slot = NULL;
    if (!strcmp(key, "title")) slot = &doc->title;
    else if (!strcmp(key, "outlet") || !strcmp(key, "source") || !strcmp(key, "site")) slot = &doc->outlet;
    else if (!strcmp(key, "url")) slot = &doc->url;
    else if (!strcmp(key, "lang") || !strcmp(key, "language")) slot = &doc->lang;
    else if (!strcmp(key, "published") || !strcmp(key, "date")) slot = &doc->published;
    else if (!strcmp(key, "id")) slot = &doc->id;
    if (!slot || *slot || !*value) return;
    if (slot == &doc->published) {
        if (usable_date(value)) *slot = iso_date(value);
        else
            kg_doc_warn(doc, "%s: line %ld: %s '%.60s' is not a date (YYYY-MM-DD); not used",
                        doc->path, line, key, value);
    } else if (slot == &doc->lang) {
        *slot = usable_lang(value);
        if (!*slot)
            kg_doc_warn(doc, "%s: line %ld: %s '%.60s' is not a language kg reads (fa, en, ar); "
                        "not used, the language is detected from the text",
                        doc->path, line, key, value);
    } else {
        *slot = kg_xstrdup(value);
    }
}

/* Parses the YAML between clean[s, e); line0 is the file line of clean[s]. */
static int parse_yaml(kg_doc *doc, const kg_mapped_text *clean, size_t s, size_t e, long line0,
                      kg_error *err) {
    yaml_parser_t p;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&p)) return kg_error_set(err, KG_EINTERNAL, doc->path, 0, 0, -1, "libyaml");
    yaml_parser_set_input_string(&p, (const unsigned char *)clean->text + s, e - s);
    int rc = KG_OK, depth = 0, done = 0;
    char *key = NULL;
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = kg_error_set(err, KG_EINPUT, doc->path, line0 + (long)p.problem_mark.line,
                              (long)p.problem_mark.column + 1, -1, "front matter: %s",
                              p.problem ? p.problem : "YAML error");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (depth == 1 && key) { free(key); key = NULL; } /* nested value: skipped */
            else if (depth == 0 && ev.type == YAML_SEQUENCE_START_EVENT)
                kg_doc_warn(doc, "%s: front matter is not a mapping; ignored", doc->path);
            depth++;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: depth--; break;
        case YAML_SCALAR_EVENT:
            if (depth == 1) {
                const char *v = (const char *)ev.data.scalar.value;
                if (!key) key = kg_xstrdup(v);
                else {
                    set_meta(doc, key, v, line0 + (long)ev.start_mark.line);
                    free(key);
                    key = NULL;
                }
            }
            break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    free(key);
    yaml_parser_delete(&p);
    return rc;
}

/* Front matter is a few lines of metadata. libyaml's time grows faster than linearly
 * with the nesting of flow collections ("x: [[[...]]]" 60,000 deep: over a minute), so
 * the YAML is bounded before libyaml sees it: at most KG_FM_MAX_BYTES, and flow
 * brackets nested at most KG_FM_MAX_DEPTH deep (counted outside quotes and comments). */
#define KG_FM_MAX_BYTES ((size_t)1 << 20)
#define KG_FM_MAX_DEPTH 64

static int front_matter_bounds(kg_doc *doc, const char *t, size_t s, size_t e, long line0,
                               kg_error *err) {
    if (e - s > KG_FM_MAX_BYTES)
        return kg_error_set(err, KG_EINPUT, doc->path, line0, 1, -1,
                            "front matter: larger than %zu KiB", KG_FM_MAX_BYTES >> 10);
    long line = line0;
    int depth = 0;
    char quote = 0;
    for (size_t i = s; i < e; i++) {
        char c = t[i];
        if (c == '\n') {
            line++;
            if (quote == '\'') continue; /* single-quoted scalars may span lines */
        }
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < e) i++;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '#' && (i == s || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n')) {
            while (i + 1 < e && t[i + 1] != '\n') i++;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > KG_FM_MAX_DEPTH)
                return kg_error_set(err, KG_EINPUT, doc->path, line, 1, -1,
                                    "front matter: collections nested deeper than %d levels",
                                    KG_FM_MAX_DEPTH);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return KG_OK;
}

/* Returns the clean offset where the body starts (0 when there is no front matter). */
static int front_matter(kg_doc *doc, const kg_mapped_text *clean, size_t *body_start, kg_error *err) {
    *body_start = 0;
    const char *t = clean->text;
    if (strncmp(t, "---", 3) != 0) return KG_OK;
    size_t i = 3;
    while (t[i] == ' ' || t[i] == '\t') i++;
    if (t[i] != '\n') return KG_OK;
    size_t ys = i + 1;
    for (size_t ls = ys; ls < clean->len;) {
        size_t le = ls;
        while (le < clean->len && t[le] != '\n') le++;
        size_t k = le;
        while (k > ls && (t[k - 1] == ' ' || t[k - 1] == '\t')) k--;
        if ((k - ls == 3 && (!strncmp(t + ls, "---", 3) || !strncmp(t + ls, "...", 3)))) {
            int rc = front_matter_bounds(doc, t, ys, ls, 2, err);
            if (rc == KG_OK) rc = parse_yaml(doc, clean, ys, ls, 2, err);
            if (rc != KG_OK) return rc;
            *body_start = le < clean->len ? le + 1 : le;
            return KG_OK;
        }
        ls = le + 1;
    }
    return kg_error_set(err, KG_EINPUT, doc->path, 1, 1, 0, "front matter opened by '---' is never closed");
}

/* ---- 4a: Markdown ---------------------------------------------------------------- */

static int md_is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

static int md_is_rule(const char *s, size_t n) { /* ---, ***, ___, ===, possibly spaced */
    char c = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t') continue;
        if (s[i] != '-' && s[i] != '*' && s[i] != '_' && s[i] != '=') return 0;
        if (c && s[i] != c) return 0;
        c = s[i];
        count++;
    }
    return count >= 3;
}

static int word_char(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Link nesting followed by md_inline: the text of a link nested deeper than this is kept
 * as it is written (its own link markup included). Real links do not nest at all. */
#define MD_MAX_LINK_DEPTH 32
#define MD_NONE UINT32_MAX

/* Scratch of md_inline, reused from line to line: link[k - s] for the line [s, e) is,
 * for a '[' at k, the offset of its matching ']' (MD_NONE: unmatched), and for a ']' at
 * k followed by '(' or '[', the offset of the first ')' or ']' from k + 2 (MD_NONE:
 * none). Both are found in one pass each, so a line costs time linear in its length
 * however its brackets nest or fail to close. */
typedef struct md_scratch {
    uint32_t *link;
    size_t cap;
} md_scratch;

static void md_links(md_scratch *m, const char *t, size_t s, size_t e) {
    if (e - s > m->cap) {
        free(m->link);
        m->cap = e - s;
        m->link = kg_xmalloc(m->cap * sizeof *m->link);
    }
    uint32_t *link = m->link;
    /* '[' matched to ']' by a stack threaded through the '[' slots themselves. */
    uint32_t top = MD_NONE;
    for (size_t k = s; k < e; k++) {
        if (t[k] == '[') {
            link[k - s] = top;
            top = (uint32_t)k;
        } else if (t[k] == ']' && top != MD_NONE) {
            uint32_t q = top;
            top = link[q - s];
            link[q - s] = (uint32_t)k;
        }
    }
    while (top != MD_NONE) {
        uint32_t q = top;
        top = link[q - s];
        link[q - s] = MD_NONE;
    }
    /* Backwards: the first ')' and ']' at or after k + 1 and k + 2. */
    uint32_t paren1 = MD_NONE, paren2 = MD_NONE, brack1 = MD_NONE, brack2 = MD_NONE;
    for (size_t k = e; k-- > s;) {
        if (t[k] == ']' && k + 1 < e && (t[k + 1] == '(' || t[k + 1] == '['))
            link[k - s] = t[k + 1] == '(' ? paren2 : brack2;
        paren2 = paren1;
        brack2 = brack1;
        if (t[k] == ')') paren1 = (uint32_t)k;
        if (t[k] == ']') brack1 = (uint32_t)k;
    }
}

/* Inline markup of clean[s, e): links keep their text, images go, emphasis markers and
 * backticks go, backslash escapes keep the escaped character. A link is "[text](target)"
 * or "[text][ref]" whose brackets balance; its text is walked in turn (no recursion: a
 * bounded stack of the ranges being walked). */
static void md_inline(builder *b, const kg_mapped_text *c, size_t s, size_t e, md_scratch *m) {
    const char *t = c->text;
    if (!memchr(t + s, '[', e - s)) m = NULL;
    else md_links(m, t, s, e);
    const size_t s0 = s;
    struct { size_t s, e, resume; } stack[MD_MAX_LINK_DEPTH];
    int depth = 0;
    size_t i = s;
    for (;;) {
        if (i >= e) {
            if (!depth) break;
            depth--;
            s = stack[depth].s;
            e = stack[depth].e;
            i = stack[depth].resume;
            continue;
        }
        char ch = t[i];
        if (ch == '\\' && i + 1 < e && ispunct((unsigned char)t[i + 1])) {
            b_copy(b, c, i + 1, i + 2);
            i += 2;
            continue;
        }
        if (m && ((ch == '!' && i + 1 < e && t[i + 1] == '[') || ch == '[')) {
            size_t open = ch == '!' ? i + 1 : i;
            uint32_t close = m->link[open - s0];
            /* a match inside the range being walked: the brackets of a link's text balance */
            if (close != MD_NONE && close + 1 < e && (t[close + 1] == '(' || t[close + 1] == '[')) {
                uint32_t end = m->link[close - s0];
                if (end != MD_NONE && end < e) {
                    if (ch == '[' && depth < MD_MAX_LINK_DEPTH) {
                        stack[depth].s = s;
                        stack[depth].e = e;
                        stack[depth++].resume = (size_t)end + 1;
                        s = i = open + 1;
                        e = close;
                        continue;
                    }
                    if (ch == '[') b_copy(b, c, open + 1, close);
                    i = (size_t)end + 1;
                    continue;
                }
            }
        }
        if (ch == '`') { i++; continue; }
        if (ch == '*' || ch == '_') {
            size_t j = i;
            while (j < e && t[j] == ch) j++;
            int before = i > s && word_char((unsigned char)t[i - 1]);
            int after = j < e && word_char((unsigned char)t[j]);
            int sp_before = i == s || isspace((unsigned char)t[i - 1]);
            int sp_after = j == e || isspace((unsigned char)t[j]);
            int markup = ch == '*' ? !(sp_before && sp_after) : !(before && after) && !(sp_before && sp_after);
            if (markup) { i = j; continue; }
            b_copy(b, c, i, j);
            i = j;
            continue;
        }
        b_copy(b, c, i, i + 1);
        i++;
    }
}

static void parse_markdown(const kg_mapped_text *c, size_t start, builder *b) {
    const char *t = c->text;
    md_scratch m = {0};
    int fence = 0, in_para = 0;
    for (size_t ls = start; ls < c->len;) {
        size_t le = ls;
        while (le < c->len && t[le] != '\n') le++;
        size_t next = le < c->len ? le + 1 : le;
        size_t p = ls;
        while (p < le && (t[p] == ' ' || t[p] == '\t')) p++;
        /* code fences: the code is dropped (it holds no claims) */
        if (le - p >= 3 && (!strncmp(t + p, "```", 3) || !strncmp(t + p, "~~~", 3))) {
            fence = !fence;
            b_boundary(b);
            in_para = 0;
            ls = next;
            continue;
        }
        if (fence || md_is_blank(t + ls, le - ls) || md_is_rule(t + p, le - p)) {
            b_boundary(b);
            in_para = 0;
            ls = next;
            continue;
        }
        while (p < le && t[p] == '>') { /* block quote */
            p++;
            while (p < le && t[p] == ' ') p++;
        }
        int block = 0;
        if (t[p] == '#') {
            size_t h = p;
            while (h < le && t[h] == '#') h++;
            if (h - p <= 6 && (h == le || t[h] == ' ' || t[h] == '\t')) {
                p = h;
                size_t q = le;
                while (q > p && (t[q - 1] == '#' || t[q - 1] == ' ' || t[q - 1] == '\t')) q--;
                b_boundary(b);
                while (p < q && (t[p] == ' ' || t[p] == '\t')) p++;
                md_inline(b, c, p, q, &m);
                b_boundary(b);
                in_para = 0;
                ls = next;
                continue;
            }
        }
        if ((t[p] == '-' || t[p] == '*' || t[p] == '+') && p + 1 < le && t[p + 1] == ' ') {
            p += 2;
            block = 1;
        } else if (isdigit((unsigned char)t[p])) {
            size_t d = p;
            while (d < le && isdigit((unsigned char)t[d])) d++;
            if (d - p <= 9 && d + 1 < le && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ') {
                p = d + 2;
                block = 1;
            }
        }
        if (block) {
            b_boundary(b);
            in_para = 0;
        }
        if (in_para) b_subst(b, ' ', c, ls - 1, ls); /* soft line break: the newline byte */
        while (p < le && (t[p] == ' ' || t[p] == '\t')) p++;
        md_inline(b, c, p, le, &m);
        in_para = 1;
        ls = next;
    }
    free(m.link);
}

/* ---- 4b: HTML ------------------------------------------------------------------- */

typedef struct html_ctx {
    kg_doc *doc;
    const kg_mapped_text *c;
    builder *b;
    size_t cursor;   /* clean offset: nodes before it are aligned */
    size_t *cs, *ce; /* per-byte clean spans of the node being aligned */
    size_t ccap;
    xmlNode *container;
    int unaligned;
} html_ctx;

static int name_is(const xmlNode *n, const char *name) {
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static int in_list(const xmlNode *n, const char *const *list) {
    for (; *list; list++)
        if (name_is(n, *list)) return 1;
    return 0;
}

static const char *const html_drop[] = {"script", "style", "nav", "header", "footer", "aside",
                                        "form", "noscript", "iframe", "svg", "button", "template",
                                        "select", "textarea", "head", "object", "canvas", NULL};
static const char *const html_block[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "td", "th",
    "table", "section", "article", "main", "blockquote", "pre", "hr", "dl", "dt", "dd",
    "figure", "figcaption", "address", "details", "summary", "body", "caption", NULL};

/* Skips markup at clean offset i if there is any; returns the offset after it. */
static size_t skip_markup(const char *t, size_t n, size_t i) {
    if (t[i] != '<' || i + 1 >= n) return i;
    char c = t[i + 1];
    if (!(isalpha((unsigned char)c) || c == '/' || c == '!' || c == '?')) return i;
    if (!strncmp(t + i, "<!--", 4)) {
        const char *end = strstr(t + i + 4, "-->");
        return end ? (size_t)(end - t) + 3 : n;
    }
    size_t j = i + 1;
    char quote = 0;
    while (j < n) {
        if (quote) {
            if (t[j] == quote) quote = 0;
        } else if (t[j] == '"' || t[j] == '\'') {
            if (c != '/' && c != '!' && c != '?') quote = t[j];
        } else if (t[j] == '>') {
            return j + 1;
        }
        j++;
    }
    return n;
}

/* If clean[q] starts a character reference (&name; &#N; &#xH;, the ';' optional),
 * returns the offset after it and sets *value to the code point it names; else 0. */
static size_t charref_at(const char *t, size_t n, size_t q, uint32_t *value) {
    if (q >= n || t[q] != '&') return 0;
    size_t r = q + 1;
    uint32_t v = 0;
    if (r < n && t[r] == '#') {
        int hex = r + 1 < n && (t[r + 1] == 'x' || t[r + 1] == 'X');
        r += hex ? 2 : 1;
        size_t d = r;
        while (r < n && r - d < 8 && (hex ? isxdigit((unsigned char)t[r]) : isdigit((unsigned char)t[r]))) {
            int c = (unsigned char)t[r];
            v = v * (hex ? 16 : 10) + (uint32_t)(isdigit(c) ? c - '0' : (c | 32) - 'a' + 10);
            r++;
        }
        if (r == d) return 0;
    } else {
        char name[40];
        size_t k = 0;
        while (r < n && k + 1 < sizeof name && isalnum((unsigned char)t[r])) name[k++] = t[r++];
        name[k] = '\0';
        if (!k) return 0;
        const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
        if (!e) return 0;
        v = e->value;
    }
    if (r < n && t[r] == ';') r++;
    *value = v;
    return r;
}

/* Whether libxml2 drops a numeric reference to v from the text (it is not an XML Char:
 * &#0;, C0 controls but tab and newlines, surrogates, U+FFFE/F, beyond U+10FFFF). */
static int dropped_ref(uint32_t v) {
    return !(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
             (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF));
}

/* If clean[q] starts a character reference that decodes to the code point cp, returns
 * the offset after it; else 0. */
static size_t entity_at(const char *t, size_t n, size_t q, uint32_t cp) {
    uint32_t v;
    size_t r = charref_at(t, n, q, &v);
    if (!r) return 0;
    if (v != cp && !(cp == 0xFFFD && (v == 0 || v > 0x10FFFF))) return 0;
    return r;
}

/* Aligns the UTF-8 string s (a text node's content) at clean offset p; fills ctx->cs/ce
 * per byte of s and returns the clean offset after it, or 0 if s is not there. */
static size_t align_at(html_ctx *x, const char *s, size_t slen, size_t p) {
    const char *t = x->c->text;
    size_t n = x->c->len, q = p, i = 0;
    while (i < slen) {
        int32_t j = (int32_t)i;
        UChar32 cp;
        U8_NEXT((const uint8_t *)s, j, (int32_t)slen, cp);
        size_t k = (size_t)j - i, me;
        if (cp >= 0 && (me = entity_at(t, n, q, (uint32_t)cp)) != 0) {
            /* a character reference */
        } else if (q + k <= n && !memcmp(t + q, s + i, k)) {
            me = q + k;
        } else {
            uint32_t v;
            size_t r = charref_at(t, n, q, &v);
            if (r && t[q + 1] == '#' && dropped_ref(v)) { /* not in the text: skipped */
                q = r;
                continue;
            }
            return 0;
        }
        for (size_t b = 0; b < k; b++) {
            x->cs[i + b] = q;
            x->ce[i + b] = me;
        }
        q = me;
        i += k;
    }
    return q;
}

static void html_text(html_ctx *x, xmlNode *node, int emit) {
    const char *s = (const char *)node->content;
    if (!s || !*s) return;
    size_t slen = strlen(s);
    if (slen > x->ccap) {
        x->ccap = slen * 2;
        x->cs = kg_xrealloc(x->cs, x->ccap * sizeof(size_t));
        x->ce = kg_xrealloc(x->ce, x->ccap * sizeof(size_t));
    }
    const char *t = x->c->text;
    size_t n = x->c->len, found = 0;
    /* Bounded search: a node not found within about a million candidate positions of
     * the cursor is given up. Markup counts one step per 64 bytes, so any markup an
     * article can hold (an inline data: image of megabytes) is skipped, while a node
     * that cannot be found costs at most that much scanning. */
    size_t steps = 0;
    for (size_t p = x->cursor; p < n && steps < ((size_t)1 << 20); steps++) {
        size_t after = skip_markup(t, n, p);
        if (after != p) {
            steps += (after - p) / 64;
            p = after;
            continue;
        }
        if (t[p] == s[0] || t[p] == '&') {
            size_t end = align_at(x, s, slen, p);
            if (end) {
                found = 1;
                x->cursor = end;
                break;
            }
        }
        p++;
    }
    int blank = 1;
    for (size_t i = 0; i < slen; i++)
        if (!isspace((unsigned char)s[i])) blank = 0;
    if (!emit) return;
    if (!found) {
        if (blank) return;
        x->unaligned++;
        for (size_t i = 0; i < slen; i++) x->cs[i] = x->ce[i] = x->cursor;
    }
    const kg_mapped_text *c = x->c;
    for (size_t i = 0; i < slen; i++) {
        size_t rs = x->cs[i] < c->len ? c->raw_start[x->cs[i]] : x->doc->raw_len;
        size_t re = x->ce[i] > x->cs[i] ? c->raw_end[x->ce[i] - 1] : rs;
        char ch = s[i];
        if (ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') ch = ' ';
        b_push(x->b, ch, rs, re);
    }
}

/* The node after n in document order (its first child, else the next sibling of n or of
 * its nearest ancestor that has one), or NULL at the end. Walking the tree with it needs
 * no recursion, however deep the elements nest. */
static xmlNode *next_node(xmlNode *n) {
    if (n->children) return n->children;
    while (n && !n->next) n = n->parent;
    return n ? n->next : NULL;
}

/* Walks the tree from node and its siblings in document order, without recursion: the
 * state of every open element (whether its content is kept, whether it is inside the
 * container, whether it ends with a boundary) is on a heap stack. */
static void html_walk(html_ctx *x, xmlNode *node) {
    struct wstate { unsigned char emit, inside, boundary; } *stack = NULL;
    size_t depth = 0, cap = 0;
    int emit = 1, inside = 0;
    xmlNode *n = node;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            html_text(x, n, emit && inside);
        } else if (n->type == XML_ELEMENT_NODE) {
            int in = inside || n == x->container;
            int keep = emit && !in_list(n, html_drop);
            if (!keep && emit && name_is(n, "header") && inside && n != x->container) keep = 1;
            int boundary = keep && in && in_list(n, html_block);
            if (boundary) b_boundary(x->b);
            if (n->children) {
                kg_grow((void **)&stack, &cap, depth + 1, sizeof *stack);
                stack[depth].emit = (unsigned char)emit;
                stack[depth].inside = (unsigned char)inside;
                stack[depth++].boundary = (unsigned char)boundary;
                emit = keep;
                inside = in;
                n = n->children;
                continue;
            }
            if (boundary) b_boundary(x->b);
        }
        while (!n->next && depth) { /* leaving the open elements that end here */
            depth--;
            emit = stack[depth].emit;
            inside = stack[depth].inside;
            if (stack[depth].boundary) b_boundary(x->b);
            n = n->parent;
        }
        n = n->next;
    }
    free(stack);
}

static xmlNode *find_element(xmlNode *root, const char *name) {
    for (xmlNode *n = root; n; n = next_node(n))
        if (name_is(n, name)) return n;
    return NULL;
}

static void html_meta(kg_doc *doc, xmlNode *root, char **og_title) {
    for (xmlNode *n = root; n; n = next_node(n)) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (name_is(n, "html")) {
            xmlChar *lang = xmlGetProp(n, (const xmlChar *)"lang");
            if (lang && *lang && !doc->lang) {
                char *l = kg_xstrdup((const char *)lang);
                char *dash = strpbrk(l, "-_");
                if (dash) *dash = '\0';
                for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
                doc->lang = l;
            }
            xmlFree(lang);
        } else if (name_is(n, "title") && !doc->title) {
            xmlChar *s = xmlNodeGetContent(n);
            if (s && *s) doc->title = kg_xstrdup((const char *)s);
            xmlFree(s);
        } else if (name_is(n, "meta")) {
            xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
            if (!prop) prop = xmlGetProp(n, (const xmlChar *)"name");
            xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
            if (prop && content && *content) {
                const char *p = (const char *)prop, *v = (const char *)content;
                if (!strcasecmp(p, "og:title") && !*og_title) *og_title = kg_xstrdup(v);
                else if (!strcasecmp(p, "og:site_name") && !doc->outlet) doc->outlet = kg_xstrdup(v);
                else if (!strcasecmp(p, "og:url") && !doc->url) doc->url = kg_xstrdup(v);
                else if ((!strcasecmp(p, "article:published_time") || !strcasecmp(p, "date")) &&
                         !doc->published)
                    doc->published = iso_date(v);
            }
            xmlFree(prop);
            xmlFree(content);
        }
    }
}

static int parse_html(kg_doc *doc, const kg_mapped_text *c, size_t start, builder *b, kg_error *err) {
    if (c->len - start > (size_t)INT32_MAX)
        return kg_error_set(err, KG_ELIMIT, doc->path, 0, 0, -1, "HTML input too large");
    xmlResetLastError();
    htmlDocPtr hd = htmlReadMemory(c->text + start, (int)(c->len - start), doc->path, "UTF-8",
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                       HTML_PARSE_NONET | XML_PARSE_HUGE);
    if (!hd) return kg_error_set(err, KG_EINPUT, doc->path, 0, 0, -1, "cannot parse HTML");
    /* XML_PARSE_HUGE lifts libxml2's limit of 256 nested elements (the walks below do not
     * recurse); should libxml2 still stop descending, what lies deeper is lost: say where */
    const xmlError *last = xmlGetLastError();
    if (last && last->code == XML_ERR_INTERNAL_ERROR && last->message &&
        strstr(last->message, "Excessive depth"))
        kg_doc_warn(doc, "%s: line %d: HTML elements nested too deep for libxml2; "
                    "the text inside them is not read", doc->path, last->line);
    xmlNode *root = xmlDocGetRootElement(hd);
    char *og_title = NULL;
    /* front matter wins; then og:title over <title> */
    char *fm_title = doc->title;
    doc->title = NULL;
    html_meta(doc, root, &og_title);
    if (fm_title) {
        free(doc->title);
        free(og_title);
        doc->title = fm_title;
    } else if (og_title) {
        free(doc->title);
        doc->title = og_title;
    }
    html_ctx x = {0};
    x.doc = doc;
    x.c = c;
    x.b = b;
    x.cursor = start; /* after the front matter, if any */
    x.container = find_element(root, "article");
    if (!x.container) x.container = find_element(root, "main");
    if (!x.container) x.container = find_element(root, "body");
    if (!x.container) x.container = root;
    html_walk(&x, root);
    if (x.unaligned)
        kg_doc_warn(doc, "%s: %d HTML text node(s) could not be located in the input; their spans are empty",
             doc->path, x.unaligned);
    free(x.cs);
    free(x.ce);
    xmlFreeDoc(hd);
    return KG_OK;
}

/* ---- 5: boilerplate -------------------------------------------------------------- */

/* The compiled patterns, and a screen for the anchored ones: the alternation of every
 * pattern that PCRE2 anchors at the start (and that has no back reference, subroutine
 * call or backtracking verb, which could tie its branches together). Such a pattern can
 * only match at the start of the line, and there the alternation matches if one of them
 * does; so a line the screen does not match needs none of them tried (screened[k]). */
typedef struct pattern_set {
    char *dir;
    pcre2_code **codes;
    char **sources;       /* the normalized pattern text of each, for the screen */
    size_t n, cap, cap_sources;
    pcre2_code *screen;   /* NULL: no screening */
    unsigned char *screened;
} pattern_set;

static pattern_set patterns;

static void free_patterns(void) {
    for (size_t i = 0; i < patterns.n; i++) {
        pcre2_code_free(patterns.codes[i]);
        free(patterns.sources[i]);
    }
    pcre2_code_free(patterns.screen);
    free(patterns.screened);
    patterns.screen = NULL;
    patterns.screened = NULL;
    patterns.n = 0;
}

void kg_text_cleanup(void) {
    free_patterns();
    free(patterns.codes);
    free(patterns.sources);
    free(patterns.dir);
    memset(&patterns, 0, sizeof patterns);
    kg_normalize_cleanup();
    kg_segment_cleanup();
}

typedef struct pattern_ctx {
    const char *path;
    kg_error *err;
} pattern_ctx;

/* One boilerplate line: "= phrase" (the whole line, up to trailing punctuation) or a
 * pattern; both in matching form. */
static int pattern_line(char *line, long lineno, void *p) {
    const pattern_ctx *c = p;
    char *norm;
    if (line[0] == '=' && line[1] == ' ') {
        char *lit = kg_normalize_string(line + 2);
        if (!lit) return kg_error_set(c->err, KG_ESYNTAX, c->path, lineno, 0, -1, "invalid UTF-8");
        size_t n = strlen(lit) + 64;
        norm = kg_xmalloc(n);
        snprintf(norm, n, "^\\Q%s\\E[\\s\\p{P}\\p{S}]*$", lit);
        free(lit);
    } else {
        norm = kg_normalize_pattern(line);
        if (!norm) return kg_error_set(c->err, KG_ESYNTAX, c->path, lineno, 0, -1, "invalid UTF-8");
    }
    int ec;
    size_t eo;
    pcre2_code *code = kg_regex_compile(norm, PCRE2_CASELESS, &ec, &eo);
    if (!code) {
        free(norm);
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return kg_error_set(c->err, KG_ESYNTAX, c->path, lineno, (long)eo + 1, -1, "%s", (char *)msg);
    }
    size_t n_sources = patterns.n;
    KG_PUSH(patterns.sources, n_sources, patterns.cap_sources, norm);
    KG_PUSH(patterns.codes, patterns.n, patterns.cap, code);
    return KG_OK;
}

static int load_pattern_file(const char *path, kg_error *err) {
    char *buf = kg_data_slurp(path, NULL);
    if (!buf) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read the boilerplate patterns");
    pattern_ctx c = {path, err};
    int rc = kg_data_each_line(buf, pattern_line, &c);
    free(buf);
    return rc;
}

/* Whether pattern k may join the screen (see pattern_set). */
static int screenable(size_t k) {
    uint32_t opts = 0, backrefs = 1;
    if (pcre2_pattern_info(patterns.codes[k], PCRE2_INFO_ALLOPTIONS, &opts) != 0 ||
        pcre2_pattern_info(patterns.codes[k], PCRE2_INFO_BACKREFMAX, &backrefs) != 0)
        return 0;
    if (!(opts & PCRE2_ANCHORED) || backrefs) return 0;
    const char *src = patterns.sources[k];
    if (strstr(src, "(*") || strstr(src, "\\g") || strstr(src, "(?R") || strstr(src, "(?&") ||
        strstr(src, "(?P>"))
        return 0;
    for (const char *q = strstr(src, "(?"); q; q = strstr(q + 2, "(?"))
        if (isdigit((unsigned char)q[2]) || q[2] == '+' || (q[2] == '-' && isdigit((unsigned char)q[3])))
            return 0; /* a numbered subroutine call */
    return 1;
}

static void build_screen(void) {
    size_t len = 1, count = 0;
    patterns.screened = kg_xcalloc(patterns.n ? patterns.n : 1, 1);
    for (size_t k = 0; k < patterns.n; k++)
        if (screenable(k)) {
            patterns.screened[k] = 1;
            len += strlen(patterns.sources[k]) + 8;
            count++;
        }
    if (count < 2) {
        memset(patterns.screened, 0, patterns.n ? patterns.n : 1);
        return;
    }
    char *alt = kg_xmalloc(len), *w = alt;
    for (size_t k = 0; k < patterns.n; k++) {
        if (!patterns.screened[k]) continue;
        w += sprintf(w, "%s(?:%s)", w == alt ? "" : "|", patterns.sources[k]);
    }
    int ec;
    size_t eo;
    patterns.screen = kg_regex_compile(alt, PCRE2_CASELESS, &ec, &eo);
    free(alt);
    if (!patterns.screen) memset(patterns.screened, 0, patterns.n); /* each is tried then */
}

static int load_patterns(const char *data_dir, kg_error *err) {
    const char *dir = data_dir ? data_dir : kg_data_dir();
    if (patterns.dir && !strcmp(patterns.dir, dir)) return KG_OK;
    free_patterns();
    free(patterns.dir);
    patterns.dir = NULL;
    int rc = kg_normalize_load(data_dir, err);
    static const char *const files[] = {"extract/text/boilerplate-fa.txt", "extract/text/boilerplate-en.txt"};
    for (size_t i = 0; rc == KG_OK && i < 2; i++) {
        char *p = kg_data_path(data_dir, files[i]);
        rc = load_pattern_file(p, err);
        free(p);
    }
    if (rc == KG_OK) {
        build_screen();
        patterns.dir = kg_xstrdup(dir);
    } else {
        free_patterns();
    }
    return rc;
}

/* A line of pre, [ls, le), and its normalization (maps into raw, as pre's) when ok. */
typedef struct line_norm {
    size_t ls, le;
    kg_mapped_text norm;
    int ok;
} line_norm;

/* Appends a normalized line (maps into raw) to b. */
static void put_norm(builder *b, const kg_mapped_text *norm) {
    b_reserve(b, norm->len);
    memcpy(b->t.text + b->t.len, norm->text, norm->len);
    memcpy(b->t.raw_start + b->t.len, norm->raw_start, norm->len * sizeof *norm->raw_start);
    memcpy(b->t.raw_end + b->t.len, norm->raw_end, norm->len * sizeof *norm->raw_start);
    b->t.len += norm->len;
    b->t.text[b->t.len] = '\0';
}

/* The body pre[first, last) minus gone bytes, in kg_normalize form, assembled from the
 * lines' normalizations; 0 when that is not certain to equal kg_normalize of the body
 * (then the pipeline normalizes the body itself).
 *
 * Why it is equal: normalizing never joins across a line break when each line starts
 * with a starter and holds nothing the letter map turns into a line break
 * (kg_normalize_line_is_local): clusters, drawn separators and affix joins stay inside a
 * line, and a whitespace run holding line breaks becomes "\n" (one break) or "\n\n"
 * (more), mapped to its first and second break, whatever whitespace it also holds; a line
 * whose bytes are all gone leaves only its break. Lines cut by first or last are
 * normalized again as cut; a line with some bytes gone and some kept is not handled.
 * Each line's normalization is freed as soon as the line is done with (the caller frees
 * what is left when this gives up), so that no more than the lines still to come are
 * held besides the result. */
static int assemble_norm(const kg_mapped_text *pre, const char *gone, size_t first, size_t last,
                         line_norm *lines, size_t nlines, kg_mapped_text *out) {
    builder b = {0};
    int have = 0, ok = 1;
    size_t seps = 0, sep[2] = {0, 0}, room = 0;
    /* Lines cut by first or last, and lines not normalized yet, are normalized (as cut)
     * before the result takes its room, so that a long one is not normalized while both
     * are held; lines the loop below refuses are left alone. */
    for (size_t k = 0; k < nlines; k++) {
        line_norm *l = &lines[k];
        if (l->le < first || l->ls >= last) continue;
        size_t s = l->ls > first ? l->ls : first, e = l->le < last ? l->le : last;
        if (s >= e || (s == l->ls && e == l->le && l->ok) || memchr(gone + s, 1, e - s) ||
            !kg_normalize_line_is_local(pre->text + s, e - s))
            continue;
        kg_mapped_text_free(&l->norm);
        kg_mapped_text in = {pre->text + s, e - s, pre->raw_start + s, pre->raw_end + s};
        if (kg_normalize(&in, &l->norm, NULL) != KG_OK) return 0;
    }
    for (size_t k = 0; k < nlines; k++) room += lines[k].norm.len + 2;
    for (size_t k = 0; k < nlines && ok; k++) {
        line_norm *l = &lines[k];
        if (l->le < first || l->ls >= last) continue;
        size_t s = l->ls > first ? l->ls : first, e = l->le < last ? l->le : last;
        if (s < e) {
            int some_gone = memchr(gone + s, 1, e - s) != NULL;
            if (!some_gone) {
                if (!kg_normalize_line_is_local(pre->text + s, e - s)) {
                    ok = 0;
                    break;
                }
                const kg_mapped_text *norm = &l->norm; /* of [s, e): see the loop above */
                if (norm->len) {
                    if (!b.cap) b_reserve(&b, room); /* all lines at once (pushes grow
                                                        it if need be) */
                    if (have) {
                        for (size_t q = 0; q < (seps > 1 ? 2 : 1); q++)
                            b_push(&b, '\n', pre->raw_start[sep[q]], pre->raw_end[sep[q]]);
                    }
                    put_norm(&b, norm);
                    have = 1;
                    seps = 0;
                }
                kg_mapped_text_free(&l->norm);
            } else if (memchr(gone + s, 0, e - s)) { /* some gone, some kept */
                ok = 0;
                break;
            }
        }
        if (l->le < last && have) { /* the line break after the line */
            if (seps < 2) sep[seps] = l->le;
            seps++;
        }
    }
    if (!ok) {
        kg_mapped_text_free(&b.t);
        return 0;
    }
    b_finish(&b, out);
    return 1;
}

/* owner, when not NULL, is the text whose buffers pre shows from their start; when the
 * body is a prefix of pre with nothing dropped, out takes those buffers from owner
 * (which is left empty) instead of a copy. */
static void drop_boilerplate(const kg_mapped_text *pre, kg_mapped_text *owner, kg_mapped_text *out,
                             unsigned *dropped, kg_mapped_text **norm_out) {
    char *gone = kg_xcalloc(pre->len + 1, 1);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    line_norm *lines = NULL;
    size_t nlines = 0, cap_lines = 0;
    for (size_t ls = 0; ls < pre->len;) {
        const char *nl = memchr(pre->text + ls, '\n', pre->len - ls);
        size_t le = nl ? (size_t)(nl - pre->text) : pre->len;
        line_norm ln = {ls, le, {0}, 0};
        if (le > ls) {
            /* norm maps into raw (for assemble_norm); rel, made on the first match, is
             * the same text mapped into the line: byte ls + x of pre */
            kg_mapped_text in = {pre->text + ls, le - ls, pre->raw_start + ls, pre->raw_end + ls}, norm;
            kg_mapped_text rel = {0};
            if (kg_normalize(&in, &norm, NULL) == KG_OK) {
                int screen_miss = patterns.screen &&
                                  pcre2_match(patterns.screen, (PCRE2_SPTR)norm.text, norm.len, 0,
                                              PCRE2_NO_UTF_CHECK, md, NULL) == PCRE2_ERROR_NOMATCH;
                for (size_t k = 0; k < patterns.n; k++) {
                    if (screen_miss && patterns.screened[k]) continue;
                    PCRE2_SIZE off = 0;
                    while (off <= norm.len &&
                           pcre2_match(patterns.codes[k], (PCRE2_SPTR)norm.text, norm.len, off,
                                       PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
                        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                        if (ov[1] > ov[0] && !rel.text) {
                            kg_mapped_text line = {pre->text + ls, le - ls, NULL, NULL};
                            if (kg_normalize(&line, &rel, NULL) != KG_OK || rel.len != norm.len) {
                                kg_mapped_text_free(&rel); /* cannot be: same bytes, same form */
                                break;
                            }
                        }
                        if (ov[1] > ov[0]) {
                            for (size_t j = ls + rel.raw_start[ov[0]]; j < ls + rel.raw_end[ov[1] - 1]; j++)
                                gone[j] = 1;
                            (*dropped)++;
                        }
                        off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
                    }
                }
                ln.norm = norm;
                ln.ok = 1;
                kg_mapped_text_free(&rel);
            }
            /* a line left without letters or digits goes entirely */
            int content = 0;
            for (size_t i = ls; i < le && !content; i++)
                if (!gone[i]) {
                    unsigned char ch = (unsigned char)pre->text[i];
                    if (isalnum(ch) || ch >= 0x80) content = 1;
                }
            if (!content)
                for (size_t i = ls; i < le; i++) gone[i] = 1;
        }
        KG_PUSH(lines, nlines, cap_lines, ln);
        ls = le + 1;
    }
    builder b = {0};
    size_t first = 0, last = pre->len; /* the body is trimmed of surrounding whitespace */
    while (first < last && (gone[first] || isspace((unsigned char)pre->text[first]))) first++;
    while (last > first && (gone[last - 1] || isspace((unsigned char)pre->text[last - 1]))) last--;
    *norm_out = NULL;
    kg_mapped_text norm;
    if (assemble_norm(pre, gone, first, last, lines, nlines, &norm)) {
        *norm_out = kg_xmalloc(sizeof **norm_out);
        **norm_out = norm;
    }
    if (owner && owner->text == pre->text && first == 0 && last > 0 && !memchr(gone, 1, last)) {
        *out = *owner; /* pre is no longer read */
        out->len = last;
        out->text[last] = '\0';
        memset(owner, 0, sizeof *owner);
    } else {
        for (size_t i = first; i < last;) {
            size_t j = i;
            while (j < last && !gone[j]) j++;
            b_copy(&b, pre, i, j);
            while (j < last && gone[j]) j++;
            i = j;
        }
        b_finish(&b, out);
    }
    for (size_t k = 0; k < nlines; k++) kg_mapped_text_free(&lines[k].norm);
    free(lines);
    free(gone);
    pcre2_match_data_free(md);
}

/* ---- the reader ------------------------------------------------------------------ */

static kg_format guess_format(const char *path, const kg_mapped_text *c, size_t start) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml")))
        return KG_FORMAT_HTML;
    if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))) return KG_FORMAT_MARKDOWN;
    if (dot && !strcasecmp(dot, ".txt")) return KG_FORMAT_TEXT;
    size_t i = start;
    while (i < c->len && isspace((unsigned char)c->text[i])) i++;
    if (i < c->len && c->text[i] == '<') {
        size_t n = c->len - i < 2048 ? c->len - i : 2048;
        char head[2049];
        memcpy(head, c->text + i, n);
        head[n] = '\0';
        for (char *p = head; *p; p++) *p = (char)tolower((unsigned char)*p);
        if (strstr(head, "<!doctype html") || strstr(head, "<html") || strstr(head, "<body") ||
            strstr(head, "<p>") || strstr(head, "<div") || strstr(head, "<article"))
            return KG_FORMAT_HTML;
    }
    /* Markdown when a line starts with a heading mark or a code fence */
    for (size_t ls = start; ls < c->len;) {
        const char *l = c->text + ls;
        size_t h = 0;
        while (l[h] == '#' && h < 7) h++;
        if ((h >= 1 && h <= 6 && l[h] == ' ') || !strncmp(l, "```", 3)) return KG_FORMAT_MARKDOWN;
        const char *nl = memchr(l, '\n', c->len - ls);
        if (!nl) break;
        ls = (size_t)(nl - c->text) + 1;
    }
    return KG_FORMAT_TEXT;
}

/* kg_doc_parse; owned, when not NULL, is a malloc'ed buffer holding bytes with room for
 * one more byte, which the document takes as its raw bytes (freed on failure) instead of
 * a copy. */
static int doc_parse(const char *path, char *owned, const char *bytes, size_t len,
                     const kg_read_options *opts, kg_doc **out, kg_error *err) {
    *out = NULL;
    kg_read_options defaults = {KG_FORMAT_AUTO, false, NULL, NULL};
    if (!opts) opts = &defaults;
    if (!path) path = "-";
    if (len > KG_MAX_INPUT) {
        free(owned);
        return kg_error_set(err, KG_ELIMIT, path, 0, 0, -1,
                            "article of %zu bytes is larger than the limit of %zu MB; split it",
                            len, KG_MAX_INPUT >> 20);
    }
    int rc = load_patterns(opts->data_dir, err);
    if (rc != KG_OK) {
        free(owned);
        return rc;
    }
    kg_doc *doc = kg_xcalloc(1, sizeof *doc);
    doc->path = kg_xstrdup(path);
    if (owned) {
        doc->raw = owned;
    } else {
        doc->raw = kg_xmalloc(len + 1);
        if (len) memcpy(doc->raw, bytes, len);
    }
    doc->raw[len] = '\0';
    doc->raw_len = len;
    kg_mapped_text clean = {0}, pre = {0};
    builder b = {0};
    size_t start = 0;
    unsigned dropped = 0;
    if ((rc = check_bytes(doc, err)) != KG_OK) goto fail;
    if ((rc = decode(doc, opts->lenient, &clean, err)) != KG_OK) goto fail;
    if ((rc = front_matter(doc, &clean, &start, err)) != KG_OK) goto fail;
    doc->format = opts->format != KG_FORMAT_AUTO ? opts->format : guess_format(path, &clean, start);
    if (doc->format == KG_FORMAT_HTML) {
        if ((rc = parse_html(doc, &clean, start, &b, err)) != KG_OK) goto fail;
    } else if (doc->format == KG_FORMAT_MARKDOWN) {
        parse_markdown(&clean, start, &b);
    }
    if (doc->format == KG_FORMAT_HTML || doc->format == KG_FORMAT_MARKDOWN) {
        b_finish(&b, &pre);
        drop_boilerplate(&pre, NULL, &doc->body, &dropped, &doc->norm);
    } else { /* plain text: the pre-body is the clean text after the front matter */
        kg_mapped_text view = {clean.text + start, clean.len - start, clean.raw_start + start,
                               clean.raw_end + start};
        drop_boilerplate(&view, start == 0 ? &clean : NULL, &doc->body, &dropped, &doc->norm);
    }
    {
        int content = 0;
        for (size_t i = 0; i < doc->body.len && !content; i++)
            if (!isspace((unsigned char)doc->body.text[i])) content = 1;
        if (!content) { /* the first warning may say why (the rest go with the document) */
            const char *why = doc->warnings ? doc->warnings : "";
            size_t skip = strlen(doc->path);
            if (!strncmp(why, doc->path, skip) && !strncmp(why + skip, ": ", 2)) why += skip + 2;
            int n = (int)strcspn(why, "\n");
            rc = kg_error_set(err, KG_EINPUT, path, 0, 0, -1, "empty article (no body text)%s%.*s",
                              n ? "; " : "", n, why);
            goto fail;
        }
    }
    if (!doc->lang && opts && opts->lang) doc->lang = kg_xstrdup(opts->lang);
    if (!doc->lang) {
        const char *l = kg_detect_lang(doc->body.text, doc->body.len);
        if (*l) doc->lang = kg_xstrdup(l);
    }
    kg_mapped_text_free(&clean);
    kg_mapped_text_free(&pre);
    *out = doc;
    return KG_OK;
fail:
    kg_mapped_text_free(&clean);
    kg_mapped_text_free(&pre);
    kg_mapped_text_free(&b.t);
    kg_doc_free(doc);
    return rc;
}

int kg_doc_parse(const char *path, const char *bytes, size_t len, const kg_read_options *opts,
                 kg_doc **out, kg_error *err) {
    return doc_parse(path, NULL, bytes, len, opts, out, err);
}

int kg_read_file(const char *path, char **out, size_t *len, kg_error *err) {
    *out = NULL;
    *len = 0;
    FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
    if (!f) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    size_t cap = 65536, n = 0, got;
    char *buf = kg_xmalloc(cap);
    errno = 0;
    while (n <= KG_MAX_INPUT && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = kg_xrealloc(buf, cap);
        }
    }
    int failed = ferror(f), why = errno;
    if (f != stdin) fclose(f);
    if (failed) {
        free(buf);
        return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read: %s",
                            why ? strerror(why) : "read error");
    }
    *out = buf;
    *len = n;
    return KG_OK;
}

int kg_doc_read(const char *path, const kg_read_options *opts, kg_doc **out, kg_error *err) {
    *out = NULL;
    char *buf;
    size_t n;
    int rc = kg_read_file(path, &buf, &n, err);
    if (rc != KG_OK) return rc;
    if (n <= KG_MAX_INPUT) buf = kg_xrealloc(buf, n + 1); /* the slack of doubling goes */
    return doc_parse(path, buf, buf, n, opts, out, err);
}
