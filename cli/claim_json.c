/* claim_json: see claim_json.h. */
#include "claim_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *kg_value_to_json(const kg_value *v) {
    json_t *o = json_object();
    json_object_set_new(o, "low", v->has_low ? json_real(v->low) : json_null());
    json_object_set_new(o, "high", v->has_high ? json_real(v->high) : json_null());
    json_object_set_new(o, "unit", json_string(v->unit));
    json_object_set_new(o, "approx", json_boolean(v->approx));
    /* whole numbers print as integers */
    if (v->has_low && v->low == floor(v->low) && fabs(v->low) < 9e15)
        json_object_set_new(o, "low", json_integer((json_int_t)v->low));
    if (v->has_high && v->high == floor(v->high) && fabs(v->high) < 9e15)
        json_object_set_new(o, "high", json_integer((json_int_t)v->high));
    return o;
}

static json_t *arg_to_json(const kg_claim_arg *arg) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(arg->id ? arg->id : ""));
    json_object_set_new(o, "name", json_string(arg->name ? arg->name : ""));
    json_object_set_new(o, "type", json_string(arg->type ? arg->type : ""));
    json_object_set_new(o, "surface", json_string(arg->surface ? arg->surface : ""));
    if (arg->has_value) json_object_set_new(o, "value", kg_value_to_json(&arg->value));
    return o;
}

json_t *kg_claim_to_json(kg_article *a, const kg_claim *c) {
    const kg_sentence *s = &a->sentences[c->sentence];
    json_t *o = json_object();
    json_object_set_new(o, "article", json_string(a->doc->path));
    json_object_set_new(o, "sentence", json_integer((json_int_t)c->sentence));
    json_object_set_new(o, "span", json_pack("[II]", (json_int_t)s->raw_start, (json_int_t)s->raw_end));
    json_object_set_new(o, "subject", arg_to_json(&c->subject));
    json_object_set_new(o, "relation", json_string(c->relation));
    json_object_set_new(o, "object", arg_to_json(&c->object));
    char pol[2] = {c->polarity, '\0'};
    json_object_set_new(o, "polarity", json_string(pol));
    json_object_set_new(o, "modality", json_string(c->modality));
    if (c->source) {
        json_t *src = json_object();
        json_object_set_new(src, "name", json_string(c->source));
        if (c->source_id) json_object_set_new(src, "id", json_string(c->source_id));
        json_object_set_new(o, "source", src);
    } else {
        json_object_set_new(o, "source", json_null());
    }
    json_object_set_new(o, "time", c->time ? json_string(c->time) : json_null());
    json_t *q = json_object();
    if (c->has_amount) {
        json_t *amount = kg_value_to_json(&c->amount);
        if (c->amount_name) json_object_set_new(amount, "name", json_string(c->amount_name));
        json_object_set_new(q, "amount", amount);
    }
    json_object_set_new(o, "qualifiers", q);
    json_object_set_new(o, "confidence", json_real(c->confidence));
    json_object_set_new(o, "rule", json_string(c->rule));
    json_object_set_new(o, "evidence", json_stringn(a->doc->raw + s->raw_start, s->raw_end - s->raw_start));
    if (a->doc->title) json_object_set_new(o, "title", json_string(a->doc->title));
    if (a->doc->outlet) json_object_set_new(o, "outlet", json_string(a->doc->outlet));
    if (a->doc->url) json_object_set_new(o, "url", json_string(a->doc->url));
    if (a->doc->lang) json_object_set_new(o, "lang", json_string(a->doc->lang));
    if (a->doc->published) json_object_set_new(o, "published", json_string(a->doc->published));
    return o;
}

/* ---- direct writer ---------------------------------------------------------------
 * The same bytes as json_dumps(kg_claim_to_json(a, c), JSON_COMPACT |
 * JSON_PRESERVE_ORDER), written without building the tree. jansson's rules, kept:
 * members in insertion order; a string that is not valid UTF-8 (json_string returns
 * NULL) and a real that is not finite (json_real returns NULL) leave their member out;
 * strings escape '"', '\\' and code points below U+0020 only (\b \f \n \r \t, else
 * \u00XX in uppercase hex); reals print as "%.17g" with ".0" added when there is
 * neither '.' nor 'e', and the exponent loses its '+' and leading zeros. */

typedef struct jbuf {
    char *p;
    size_t n, cap;
} jbuf;

static void jb_put(jbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static inline void jb_ch(jbuf *b, char c) {
    if (b->n + 2 <= b->cap) b->p[b->n++] = c; /* the room jb_put would ask for */
    else jb_put(b, &c, 1);
}

/* The length of the strict UTF-8 sequence (no overlong forms, no surrogates, nothing
 * above U+10FFFF) starting with the non-ASCII byte s[i], or 0 when there is none. */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t n) {
    unsigned c = s[i];
    size_t extra;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return 0;
    if (i + extra >= n) return 0;
    for (size_t k = 1; k <= extra; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return extra + 1;
}

/* Appends s[0, n) as a JSON string in one pass; false (b then holds a partial string for
 * the caller to roll back) when s is not strict UTF-8. */
static bool jb_string(jbuf *b, const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    jb_ch(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t w = utf8_seq(s, i, n);
            if (!w) return false;
            i += w;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        jb_put(b, str + run, i - run);
        run = ++i;
        char esc[8];
        switch (c) {
        case '"': jb_put(b, "\\\"", 2); break;
        case '\\': jb_put(b, "\\\\", 2); break;
        case '\b': jb_put(b, "\\b", 2); break;
        case '\f': jb_put(b, "\\f", 2); break;
        case '\n': jb_put(b, "\\n", 2); break;
        case '\r': jb_put(b, "\\r", 2); break;
        case '\t': jb_put(b, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            jb_put(b, esc, 6);
        }
    }
    jb_put(b, str + run, n - run);
    jb_ch(b, '"');
    return true;
}

/* An object being written: members count for the commas. */
typedef struct jobj {
    jbuf *b;
    int members;
} jobj;

static jobj obj_open(jbuf *b) {
    jb_ch(b, '{');
    return (jobj){b, 0};
}

static void obj_close(jobj *o) { jb_ch(o->b, '}'); }

static void key(jobj *o, const char *k) {
    if (o->members++) jb_ch(o->b, ',');
    jb_ch(o->b, '"');
    jb_put(o->b, k, strlen(k)); /* keys are this file's literals: nothing to escape */
    jb_put(o->b, "\":", 2);
}

/* A string that is not strict UTF-8 is left out, as jansson refuses it. */
static void m_strn(jobj *o, const char *k, const char *s, size_t n) {
    if (!s) return;
    size_t at = o->b->n;
    int members = o->members;
    key(o, k);
    if (!jb_string(o->b, s, n)) {
        o->b->n = at;
        o->members = members;
    }
}

static void m_str(jobj *o, const char *k, const char *s) {
    if (s) m_strn(o, k, s, strlen(s));
}

static void m_raw(jobj *o, const char *k, const char *text) {
    key(o, k);
    jb_put(o->b, text, strlen(text));
}

/* "%lld" of v into buf (24 bytes); returns its length. */
static size_t format_int(char *buf, long long v) {
    char tmp[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

static void m_int(jobj *o, const char *k, long long v) {
    char num[24];
    format_int(num, v);
    m_raw(o, k, num);
}

/* The last real formatted on this thread: claims repeat a few confidences. */
static _Thread_local double last_real;
static _Thread_local char last_real_text[64];

static void m_real(jobj *o, const char *k, double v) {
    if (!isfinite(v)) return;
    if (last_real_text[0] && v == last_real && !(v == 0 && signbit(v) != signbit(last_real))) {
        m_raw(o, k, last_real_text);
        return;
    }
    char num[64];
    int len = snprintf(num, sizeof num - 3, "%.17g", v);
    if (len < 0 || (size_t)len >= sizeof num - 3) return;
    if (!strchr(num, '.') && !strchr(num, 'e')) memcpy(num + len, ".0", 3);
    char *e = strchr(num, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-') start++;
        while (*end == '0') end++;
        if (end != start) memmove(start, end, strlen(end) + 1);
    }
    last_real = v;
    memcpy(last_real_text, num, sizeof num);
    m_raw(o, k, num);
}

/* The members of kg_value_to_json. */
static void value_members(jobj *o, const kg_value *v) {
    if (v->has_low) {
        if (v->low == floor(v->low) && fabs(v->low) < 9e15) m_int(o, "low", (long long)v->low);
        else m_real(o, "low", v->low);
    } else {
        m_raw(o, "low", "null");
    }
    if (v->has_high) {
        if (v->high == floor(v->high) && fabs(v->high) < 9e15) m_int(o, "high", (long long)v->high);
        else m_real(o, "high", v->high);
    } else {
        m_raw(o, "high", "null");
    }
    m_str(o, "unit", v->unit);
    m_raw(o, "approx", v->approx ? "true" : "false");
}

static void arg_members(jobj *o, const kg_claim_arg *arg) {
    m_str(o, "id", arg->id ? arg->id : "");
    m_str(o, "name", arg->name ? arg->name : "");
    m_str(o, "type", arg->type ? arg->type : "");
    m_str(o, "surface", arg->surface ? arg->surface : "");
    if (arg->has_value) {
        key(o, "value");
        jobj v = obj_open(o->b);
        value_members(&v, &arg->value);
        obj_close(&v);
    }
}

void kg_claim_print_json(FILE *f, kg_article *a, const kg_claim *c) {
    const kg_sentence *s = &a->sentences[c->sentence];
    jbuf b = {0};
    jobj o = obj_open(&b);
    m_str(&o, "article", a->doc->path);
    m_int(&o, "sentence", (long long)c->sentence);
    char span[64];
    size_t sl = 0;
    span[sl++] = '[';
    sl += format_int(span + sl, (long long)s->raw_start);
    span[sl++] = ',';
    sl += format_int(span + sl, (long long)s->raw_end);
    span[sl++] = ']';
    span[sl] = '\0';
    m_raw(&o, "span", span);
    key(&o, "subject");
    jobj sub = obj_open(&b);
    arg_members(&sub, &c->subject);
    obj_close(&sub);
    m_str(&o, "relation", c->relation);
    key(&o, "object");
    jobj obj = obj_open(&b);
    arg_members(&obj, &c->object);
    obj_close(&obj);
    char pol[2] = {c->polarity, '\0'};
    m_str(&o, "polarity", pol);
    m_str(&o, "modality", c->modality);
    if (c->source) {
        key(&o, "source");
        jobj src = obj_open(&b);
        m_str(&src, "name", c->source);
        m_str(&src, "id", c->source_id);
        obj_close(&src);
    } else {
        m_raw(&o, "source", "null");
    }
    if (c->time) m_str(&o, "time", c->time);
    else m_raw(&o, "time", "null");
    key(&o, "qualifiers");
    jobj q = obj_open(&b);
    if (c->has_amount) {
        key(&q, "amount");
        jobj am = obj_open(&b);
        value_members(&am, &c->amount);
        m_str(&am, "name", c->amount_name);
        obj_close(&am);
    }
    obj_close(&q);
    m_real(&o, "confidence", c->confidence);
    m_str(&o, "rule", c->rule);
    m_strn(&o, "evidence", a->doc->raw + s->raw_start, s->raw_end - s->raw_start);
    m_str(&o, "title", a->doc->title);
    m_str(&o, "outlet", a->doc->outlet);
    m_str(&o, "url", a->doc->url);
    m_str(&o, "lang", a->doc->lang);
    m_str(&o, "published", a->doc->published);
    obj_close(&o);
    jb_ch(&b, '\n');
    fwrite(b.p, 1, b.n, f);
    free(b.p);
}
