/* kg_typed: see kg_typed.h. */
#include "kg_typed.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_buf.h"
#include "kg_error.h"
#include "kg_lexicon.h"
#include "kg_normalize.h"

char *kg_typed_text(const char *value) {
    if (!value) return NULL;
    char *norm = kg_normalize_string(value);
    return norm ? norm : kg_xstrdup(value);
}

/* ---- FTS5 queries ---- */

/* A character a bare FTS5 word may hold: non-ASCII, ASCII letters and digits, '_' and
 * the substitute character (SQLite's FTS5 documentation, "FTS5 Strings"). */
static bool bareword_byte(unsigned char c) {
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == 0x1a;
}

static bool space_byte(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void buf_char(kg_buf *b, char c) { kg_buf_add(b, &c, 1); }

static void put_quoted(kg_buf *out, const char *s, size_t n) {
    buf_char(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') buf_char(out, '"');
        buf_char(out, s[i]);
    }
    buf_char(out, '"');
}

/* A run of words and spaces between operators: normalized as one text, then each word
 * written bare when FTS5 takes it bare, else quoted. */
static void put_words(kg_buf *out, const char *s, size_t n) {
    bool lead = n && space_byte((unsigned char)s[0]), trail = n && space_byte((unsigned char)s[n - 1]);
    char *run = kg_xstrndup(s, n);
    char *norm = kg_typed_text(run);
    free(run);
    if (lead) buf_char(out, ' ');
    bool first = true;
    for (const char *p = norm; *p;) {
        while (*p && space_byte((unsigned char)*p)) p++;
        const char *w = p;
        while (*p && !space_byte((unsigned char)*p)) p++;
        if (p == w) break;
        if (!first) buf_char(out, ' ');
        first = false;
        bool bare = true;
        for (const char *c = w; c < p; c++)
            if (!bareword_byte((unsigned char)*c)) bare = false;
        if (bare)
            kg_buf_add(out, w, (size_t)(p - w));
        else
            put_quoted(out, w, (size_t)(p - w));
    }
    if (trail && !first) buf_char(out, ' ');
    free(norm);
}

char *kg_typed_fts(const char *query) {
    if (!query) return NULL;
    kg_buf out = {0};
    const char *p = query;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            /* A quoted phrase; "" inside is one quote. An unclosed quote runs to the end
             * (FTS5 then reports it, as it would have). */
            kg_buf text = {0};
            const char *q = p + 1;
            bool closed = false;
            while (*q) {
                if (*q == '"' && q[1] == '"') {
                    buf_char(&text, '"');
                    q += 2;
                } else if (*q == '"') {
                    closed = true;
                    q++;
                    break;
                } else {
                    buf_char(&text, *q++);
                }
            }
            char *norm = kg_typed_text(text.s ? text.s : "");
            if (closed) {
                put_quoted(&out, norm, strlen(norm));
            } else {
                buf_char(&out, '"');
                kg_buf_add(&out, norm, strlen(norm));
            }
            free(norm);
            free(text.s);
            p = q;
        } else if (bareword_byte(c) || space_byte(c)) {
            const char *q = p;
            while (*q && *q != '"' && (bareword_byte((unsigned char)*q) || space_byte((unsigned char)*q))) q++;
            put_words(&out, p, (size_t)(q - p));
            p = q;
        } else {
            buf_char(&out, *p++); /* an operator: ( ) * ^ + : { } - , */
        }
    }
    return kg_buf_take(&out);
}

/* ---- entities ---- */

static kg_lexicon *lexicon;
static bool lexicon_tried;

char *kg_typed_lexicon_id(const char *value) {
    if (!value) return NULL;
    if (!lexicon_tried) {
        lexicon_tried = true;
        kg_error err;
        kg_error_clear(&err);
        if (kg_lexicon_load(NULL, &lexicon, &err) != KG_OK) lexicon = NULL;
    }
    if (!lexicon) return NULL;
    char *norm = kg_normalize_string(value);
    if (!norm) return NULL;
    /* Spaces at either end are not part of the name. */
    size_t start = 0, end = strlen(norm);
    while (start < end && norm[start] == ' ') start++;
    while (end > start && norm[end - 1] == ' ') end--;
    kg_lexicon_hit *hits = NULL;
    size_t n = end > start ? kg_lexicon_find(lexicon, norm, start, end, &hits) : 0;
    char *id = n == 1 && hits[0].start == start && hits[0].end == end ? kg_xstrdup(hits[0].info->id) : NULL;
    free(hits);
    free(norm);
    return id;
}

char *kg_typed_entity(const char *value) {
    if (!value) return NULL;
    char *id = kg_typed_lexicon_id(value);
    return id ? id : kg_typed_text(value);
}

void kg_typed_cleanup(void) {
    kg_lexicon_free(lexicon);
    lexicon = NULL;
    lexicon_tried = false;
}

/* ---- SQL ---- */

static void match_form(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const unsigned char *text = sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    char *norm = kg_typed_text((const char *)text);
    sqlite3_result_text(ctx, norm, -1, free);
}

int kg_typed_register(sqlite3 *db) {
    return sqlite3_create_function(db, "kg_match_form", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   match_form, NULL, NULL);
}
