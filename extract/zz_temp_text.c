/* TEMPORARY, NOT FOR MERGE: trivial stand-ins for the text layer (kg_normalize,
 * kg_segment, kg_doc_read) so the entity layer links and can be tested before the real
 * text layer lands. Removed in the last commit of this branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_etok.h"
#include "kg_normalize.h"
#include "kg_segment.h"
#include "kg_text.h"

void kg_mapped_text_free(kg_mapped_text *t) {
    if (!t) return;
    free(t->text);
    free(t->raw_start);
    free(t->raw_end);
    memset(t, 0, sizeof *t);
}

static size_t put(char *o, unsigned c) {
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 63)); return 2; }
    o[0] = (char)(0xE0 | (c >> 12));
    o[1] = (char)(0x80 | ((c >> 6) & 63));
    o[2] = (char)(0x80 | (c & 63));
    return 3;
}

static unsigned map_cp(unsigned c) {
    if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
    if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
    if (c == 0x064A || c == 0x0649) return 0x06CC;
    if (c == 0x0643) return 0x06A9;
    if (c == 0x066A) return '%';
    if (c == 0x066B) return '.';
    if (c == 0x066C) return ',';
    if (c >= 0x064B && c <= 0x0652) return 0; /* harakat */
    if (c == 0x200C || c == 0x0640) return 0;
    return c;
}

int kg_normalize(const kg_mapped_text *in, kg_mapped_text *out, kg_error *err) {
    (void)err;
    out->text = kg_xmalloc(in->len * 2 + 4);
    out->raw_start = kg_xmalloc((in->len * 2 + 4) * sizeof(size_t));
    out->raw_end = kg_xmalloc((in->len * 2 + 4) * sizeof(size_t));
    size_t o = 0, i = 0;
    while (i < in->len) {
        size_t s = i;
        unsigned c = map_cp(kg_utf8_next(in->text, in->len, &i));
        if (!c) continue;
        if (c == ' ' && o > 0 && out->text[o - 1] == ' ') continue;
        size_t n = put(out->text + o, c);
        for (size_t k = 0; k < n; k++) {
            out->raw_start[o + k] = in->raw_start[s];
            out->raw_end[o + k] = in->raw_end[i - 1];
        }
        o += n;
    }
    out->text[o] = '\0';
    out->len = o;
    return KG_OK;
}

char *kg_normalize_string(const char *s) {
    size_t n = strlen(s);
    kg_mapped_text in = {(char *)s, n, kg_xcalloc(n + 1, sizeof(size_t)), kg_xcalloc(n + 1, sizeof(size_t))};
    for (size_t i = 0; i < n; i++) in.raw_start[i] = i, in.raw_end[i] = i + 1;
    kg_mapped_text out = {0};
    kg_normalize(&in, &out, NULL);
    free(in.raw_start);
    free(in.raw_end);
    free(out.raw_start);
    free(out.raw_end);
    return out.text;
}

const char *kg_detect_lang(const char *text, size_t len) {
    size_t fa = 0, en = 0, i = 0;
    while (i < len) {
        unsigned c = kg_utf8_next(text, len, &i);
        if (kg_is_fa_letter(c)) fa++;
        else if ((c | 32) >= 'a' && (c | 32) <= 'z') en++;
    }
    if (!fa && !en) return "";
    return fa >= en ? "fa" : "en";
}

int kg_segment(const kg_mapped_text *norm, const char *data_dir, kg_sentence_span **out,
               size_t *count, kg_error *err) {
    (void)data_dir;
    (void)err;
    kg_sentence_span *v = NULL;
    size_t n = 0, cap = 0, s = 0;
    const char *t = norm->text;
    for (size_t i = 0; i <= norm->len; i++) {
        bool cut = i == norm->len || (t[i] == '\n' && t[i + 1] == '\n');
        size_t e = i;
        if (!cut && (t[i] == '.' || t[i] == '!' || t[i] == '?' ||
                     (i + 1 < norm->len && (unsigned char)t[i] == 0xD8 && (unsigned char)t[i + 1] == 0x9F))) {
            size_t j = i + ((unsigned char)t[i] == 0xD8 ? 2 : 1);
            if (j >= norm->len || t[j] == ' ' || t[j] == '\n') {
                bool abbrev = i >= 2 && t[i - 1] == 'v' && t[i - 2] == ' ';
                if (!abbrev) cut = true, e = j;
            }
        }
        if (!cut) continue;
        while (s < e && (t[s] == ' ' || t[s] == '\n')) s++;
        size_t end = e;
        while (end > s && (t[end - 1] == ' ' || t[end - 1] == '\n')) end--;
        if (end > s) {
            kg_sentence_span sp = {s, end, ""};
            snprintf(sp.lang, sizeof sp.lang, "%s", kg_detect_lang(t + s, end - s));
            KG_PUSH(v, n, cap, sp);
        }
        s = e;
        i = e > i ? e - 1 : i;
    }
    *out = v;
    *count = n;
    return KG_OK;
}

void kg_doc_free(kg_doc *d) {
    if (!d) return;
    free(d->path); free(d->raw); free(d->id); free(d->title); free(d->outlet); free(d->url);
    free(d->lang); free(d->published); free(d->warnings);
    kg_mapped_text_free(&d->body);
    free(d);
}

int kg_doc_parse(const char *path, const char *bytes, size_t len, const kg_read_options *opts,
                 kg_doc **out, kg_error *err) {
    (void)opts;
    (void)err;
    kg_doc *d = kg_xcalloc(1, sizeof *d);
    d->path = kg_xstrdup(path);
    d->raw = kg_xstrndup(bytes, len);
    d->raw_len = len;
    size_t body = 0;
    if (len >= 4 && !strncmp(bytes, "---\n", 4)) {
        const char *endfm = strstr(d->raw + 4, "\n---");
        if (endfm) {
            const char *p = strstr(d->raw, "\npublished:");
            if (!p) p = strstr(d->raw, "\ndate:");
            if (p && p < endfm) {
                p = strchr(p, ':') + 1;
                while (*p == ' ' || *p == '"' || *p == '\'') p++;
                size_t k = 0;
                while (p[k] && p[k] != '\n' && p[k] != '"' && p[k] != '\'') k++;
                d->published = kg_xstrndup(p, k > 10 ? 10 : k);
            }
            body = (size_t)(endfm - d->raw) + 4;
            while (body < len && d->raw[body] == '\n') body++;
        }
    }
    size_t n = len - body;
    d->body.text = kg_xstrndup(d->raw + body, n);
    d->body.len = n;
    d->body.raw_start = kg_xmalloc((n + 1) * sizeof(size_t));
    d->body.raw_end = kg_xmalloc((n + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) d->body.raw_start[i] = body + i, d->body.raw_end[i] = body + i + 1;
    *out = d;
    return KG_OK;
}

int kg_doc_read(const char *path, const kg_read_options *opts, kg_doc **out, kg_error *err) {
    unsigned long len = 0;
    char *b = kg_data_slurp(path, &len);
    if (!b) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read");
    int rc = kg_doc_parse(path, b, len, opts, out, err);
    free(b);
    return rc;
}
