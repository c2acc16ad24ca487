/* kg_doc_read on the articles of tests/text/: metadata, formats, boilerplate, error cases,
 * and the offset invariants: every body and normalized byte maps to a span of whole UTF-8
 * characters of the raw file, maps never decrease, and each sentence's raw span
 * normalizes back to the sentence (for formats without markup). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kg_normalize.h"
#include "kg_segment.h"
#include "kg_text.h"

static int boundary(const kg_doc *d, size_t i) {
    return i == 0 || i >= d->raw_len || ((unsigned char)d->raw[i] & 0xC0) != 0x80;
}

static void check_map(const kg_doc *d, const kg_mapped_text *m, const char *what) {
    for (size_t i = 0; i < m->len; i++) {
        CHECK(m->raw_start[i] <= m->raw_end[i] && m->raw_end[i] <= d->raw_len, "%s %s byte %zu: bad span",
              d->path, what, i);
        CHECK(boundary(d, m->raw_start[i]) && boundary(d, m->raw_end[i]), "%s %s byte %zu: span [%zu,%zu) cuts a character",
              d->path, what, i, (size_t)m->raw_start[i], (size_t)m->raw_end[i]);
        if (i) CHECK(m->raw_start[i] >= m->raw_start[i - 1] && m->raw_end[i] >= m->raw_end[i - 1],
                     "%s %s byte %zu: maps decrease", d->path, what, i);
    }
}

typedef struct sentences {
    kg_doc *doc;
    kg_mapped_text norm;
    kg_sentence_span *sp;
    size_t n;
} sentences;

/* The reader's assembled normalized body (doc->norm) must equal kg_normalize of the body,
 * byte for byte and map for map. */
static void same_mapped(const char *what, const kg_mapped_text *got, const kg_mapped_text *want) {
    CHECK(got->len == want->len && !memcmp(got->text, want->text, want->len),
          "%s: assembled form '%s' is not the body's '%s'", what, got->text, want->text);
    if (got->len != want->len) return;
    CHECK(!memcmp(got->raw_start, want->raw_start, want->len * sizeof *want->raw_start) &&
              !memcmp(got->raw_end, want->raw_end, want->len * sizeof *want->raw_end),
          "%s: assembled maps differ from the body's", what);
}

/* Parses bytes and checks that it has an assembled normalized body equal to the body's. */
static void check_assembled(const char *name, const char *bytes) {
    kg_doc *d = NULL;
    kg_error err;
    CHECK(kg_doc_parse(name, bytes, strlen(bytes), NULL, &d, &err) == KG_OK, "%s: %s", name, err.message);
    if (!d) return;
    kg_mapped_text norm;
    CHECK(d->norm != NULL, "%s: no assembled normalized body", name);
    if (d->norm && kg_normalize(&d->body, &norm, &err) == KG_OK) {
        same_mapped(name, d->norm, &norm);
        kg_mapped_text_free(&norm);
    }
    kg_doc_free(d);
}

/* Reads path, checks maps, segments; returns 0 on success. */
static int load(const char *path, sentences *s, int round_trip) {
    memset(s, 0, sizeof *s);
    kg_error err;
    kg_read_options o = {KG_FORMAT_AUTO, false, NULL, NULL};
    int rc = kg_doc_read(path, &o, &s->doc, &err);
    CHECK(rc == KG_OK, "%s: %s", path, err.message);
    if (rc) return rc;
    check_map(s->doc, &s->doc->body, "body");
    CHECK(kg_normalize(&s->doc->body, &s->norm, &err) == KG_OK, "%s: normalize", path);
    check_map(s->doc, &s->norm, "normalized");
    if (s->doc->norm) same_mapped(path, s->doc->norm, &s->norm);
    CHECK(kg_segment(&s->norm, NULL, &s->sp, &s->n, &err) == KG_OK, "%s: segment", path);
    for (size_t k = 0; k < s->n && round_trip; k++) {
        size_t r0 = s->norm.raw_start[s->sp[k].start], r1 = s->norm.raw_end[s->sp[k].end - 1];
        char *raw = strndup(s->doc->raw + r0, r1 - r0);
        char *rn = kg_normalize_string(raw);
        size_t sl = s->sp[k].end - s->sp[k].start;
        CHECK(rn && strlen(rn) == sl && !memcmp(rn, s->norm.text + s->sp[k].start, sl),
              "%s sentence %zu: raw span [%zu,%zu) '%s' does not normalize to the sentence", path, k, r0, r1, raw);
        free(rn);
        free(raw);
    }
    return 0;
}

static void unload(sentences *s) {
    free(s->sp);
    kg_mapped_text_free(&s->norm);
    kg_doc_free(s->doc);
}

static char *raw_of(const sentences *s, size_t k) {
    size_t r0 = s->norm.raw_start[s->sp[k].start], r1 = s->norm.raw_end[s->sp[k].end - 1];
    return strndup(s->doc->raw + r0, r1 - r0);
}

static int any_sentence_has(const sentences *s, const char *needle) {
    for (size_t k = 0; k < s->n; k++) {
        char *r = raw_of(s, k);
        int hit = strstr(r, needle) != NULL;
        free(r);
        if (hit) return 1;
    }
    return 0;
}

static void expect_error(const char *path, int lenient, int code, const char *needle, long long offset) {
    kg_doc *d = NULL;
    kg_error err;
    kg_read_options o = {KG_FORMAT_AUTO, lenient != 0, NULL, NULL};
    int rc = kg_doc_read(path, &o, &d, &err);
    CHECK(rc == code, "%s: code %d, expected %d", path, rc, code);
    CHECK(d == NULL, "%s: a doc on error", path);
    if (rc != KG_OK) {
        CHECK(strstr(err.message, needle) != NULL, "%s: message '%s' lacks '%s'", path, err.message, needle);
        CHECK(!strcmp(err.file, path), "%s: error names '%s'", path, err.file);
        if (offset >= -1) CHECK(err.offset == offset, "%s: offset %lld, expected %lld", path, err.offset, offset);
    }
    kg_doc_free(d);
}

/* The original spelling of the normalized span holding want_norm in a document read from
 * bytes (kg_mapped_original). */
static void check_original(const char *name, const char *bytes, const char *want_norm, const char *want) {
    kg_doc *d = NULL;
    kg_error err;
    CHECK(kg_doc_parse(name, bytes, strlen(bytes), NULL, &d, &err) == KG_OK, "%s: %s", name, err.message);
    if (!d) return;
    kg_mapped_text norm;
    if (kg_normalize(&d->body, &norm, &err) == KG_OK) {
        const char *at = strstr(norm.text, want_norm);
        CHECK(at != NULL, "%s: '%s' not in the matching form '%s'", name, want_norm, norm.text);
        if (at) {
            size_t start = (size_t)(at - norm.text);
            char *got = kg_mapped_original(&norm, d->raw, d->raw_len, start, start + strlen(want_norm));
            CHECK(!strcmp(got, want), "%s: original of '%s' is '%s', want '%s'", name, want_norm, got, want);
            free(got);
        }
        kg_mapped_text_free(&norm);
    }
    kg_doc_free(d);
}

/* HTML whose text must come through whole, mapped to its own bytes, without warnings:
 * each needle is in the body, and its body bytes map to the same bytes of the input. */
static void check_html_text(const char *name, const char *bytes, size_t len, const char *const *needles) {
    kg_doc *d = NULL;
    kg_error err;
    kg_read_options o = {KG_FORMAT_HTML, false, NULL, NULL};
    CHECK(kg_doc_parse(name, bytes, len, &o, &d, &err) == KG_OK, "%s: %s", name, err.message);
    if (!d) return;
    CHECK(d->warnings == NULL, "%s: warnings: %s", name, d->warnings);
    check_map(d, &d->body, "body");
    for (; *needles; needles++) {
        const char *at = strstr(d->body.text, *needles);
        size_t n = strlen(*needles);
        CHECK(at != NULL, "%s: '%s' is not in the body '%.200s'", name, *needles, d->body.text);
        if (!at) continue;
        size_t k = (size_t)(at - d->body.text);
        size_t rs = d->body.raw_start[k], re = d->body.raw_end[k + n - 1];
        CHECK(re - rs == n && !memcmp(d->raw + rs, *needles, n), "%s: '%s' maps to [%zu,%zu)", name,
              *needles, rs, re);
    }
    kg_doc_free(d);
}

static void original_spellings(void) {
    /* half-spaces (ZWNJ, or a space the matching form glues), Arabic letters and digits */
    check_original("fa.txt", "کتابخانه‌های نرم‌افزار و مدل های كتاب در ۲۰۲۵.\n", "کتابخانههای نرمافزار",
                   "کتابخانه‌های نرم‌افزار");
    check_original("fa2.txt", "کتابخانه‌های نرم‌افزار و مدل های كتاب در ۲۰۲۵.\n", "مدلهای کتاب در 2025",
                   "مدل های كتاب در ۲۰۲۵");
    /* a line break inside the span is one space; no space at the ends */
    check_original("wrap.txt", "Meta pays companies hosting\nits Llama models.\n", "companies hosting\nits Llama",
                   "companies hosting its Llama");
    check_original("crlf.txt", "Meta pays companies hosting\r\nits Llama models.\r\n", "hosting\nits",
                   "hosting its");
    /* markup between the characters is left out, references are characters */
    check_original("page.html",
                   "<html><body><article><p>Meta pays <b>companies</b> hosting its <a href=\"/l\">Llama</a>"
                   " models &amp; tools.</p></article></body></html>",
                   "companies hosting its Llama models & tools", "companies hosting its Llama models & tools");
    check_original("page.md", "Meta pays **companies** hosting its *Llama* models.\n", "companies hosting its Llama",
                   "companies hosting its Llama");
}

static char *repeat(const char *head, const char *unit, size_t times, const char *middle,
                    const char *unit2, const char *tail, size_t *len) {
    size_t n = strlen(head) + strlen(unit) * times + strlen(middle) + strlen(unit2) * times + strlen(tail);
    char *out = malloc(n + 1), *o = out;
    o += sprintf(o, "%s", head);
    for (size_t i = 0; i < times; i++) o += sprintf(o, "%s", unit);
    o += sprintf(o, "%s", middle);
    for (size_t i = 0; i < times; i++) o += sprintf(o, "%s", unit2);
    sprintf(o, "%s", tail);
    *len = n;
    return out;
}

static void html_silent_loss(void) {
    static const char *const claim[] = {"Meta hosts Llama on AWS.", NULL};
    size_t len;
    /* more than 1 MiB of markup (an inline image) before the first text */
    char *big = repeat("<html><body><img src=\"data:image/png;base64,", "AAAAAAAAAAAAAAAA", 70000,
                       "\"><p>Meta hosts Llama on AWS.</p>", "", "</body></html>", &len);
    check_html_text("inline-image.html", big, len, claim);
    free(big);
    /* references libxml2 drops from the text */
    static const char *const refs[] = {"Meta hosts Llama on AWS.", "sued OpenAI.", "bought Arm.",
                                       "hosts Gemma.", NULL};
    const char dropped[] = "<p>Meta hosts Llama on AWS. Google &#0; sued OpenAI. SoftBank &#x110000;"
                           "bought Arm. Nvidia &#xD800;&#1; hosts Gemma.</p>";
    check_html_text("dropped-refs.html", dropped, sizeof dropped - 1, refs);
    /* nesting deeper than libxml2's default limit of 256 */
    static const size_t depths[] = {300, 20000};
    for (size_t i = 0; i < 2; i++) {
        char *deep = repeat("<html><body>", "<div>", depths[i], "<p>Meta hosts Llama on AWS.</p>",
                            "</div>", "</body></html>", &len);
        check_html_text("deep.html", deep, len, claim);
        free(deep);
    }
}

int main(void) {
    html_silent_loss();
    sentences s;
    original_spellings();
    /* lines cut by the trimmed body (leading and trailing blanks on the first and last
     * lines, a single long line) are normalized as cut */
    check_assembled("cut.txt", "  \t First  line.  \n\n\nMiddle   line.\nLast line.   \n\n  ");
    check_assembled("one.txt", "One line only, with a trailing blank.  ");
    check_assembled("fm.txt", "---\ntitle: T\n---\n\n  Body  text here.  \nMore.\n");
    check_assembled("fa.txt", "  \u0634\u0631\u06a9\u062a \u0645\u062a\u0627 \u06af\u0641\u062a.  \n\n\u0627\u06cc\u0646 \u0645\u062a\u0646 \u0627\u0633\u062a.  ");
    /* BOM + CRLF: spans point into the original bytes, BOM counted */
    if (!load("tests/text/bom-crlf.txt", &s, 1)) {
        const char *want[] = {"First line here.", "Second sentence.", "Third one!", "A new paragraph."};
        CHECK(s.n == 4, "bom-crlf: %zu sentences", s.n);
        for (size_t k = 0; k < s.n && k < 4; k++) {
            char *r = raw_of(&s, k);
            CHECK(!strcmp(r, want[k]), "bom-crlf sentence %zu raw '%s'", k, r);
            free(r);
        }
        CHECK(s.n && s.norm.raw_start[s.sp[0].start] == 3, "bom-crlf: first span starts after the BOM");
        size_t lf = strlen("First line here.");
        CHECK(s.doc->body.text[lf] == '\n' && s.doc->body.raw_start[lf] == 19 && s.doc->body.raw_end[lf] == 21,
              "CRLF: one LF mapped to both bytes");
        unload(&s);
    }
    /* Persian article with front matter and boilerplate */
    if (!load("tests/text/article-fa.txt", &s, 1)) {
        kg_doc *d = s.doc;
        CHECK(d->title && !strcmp(d->title, "انویدیا از تراشه جدید رونمایی کرد"), "fa title");
        CHECK(d->outlet && !strcmp(d->outlet, "فناوری‌نامه"), "fa outlet");
        CHECK(d->url && !strcmp(d->url, "https://example.ir/news/1"), "fa url");
        CHECK(d->lang && !strcmp(d->lang, "fa"), "fa lang");
        CHECK(d->published && !strcmp(d->published, "2024-03-18"), "fa published");
        CHECK(d->id && !strcmp(d->id, "fa-test-1"), "fa id");
        CHECK(d->format == KG_FORMAT_TEXT, "fa format");
        CHECK(s.n == 5, "fa: %zu sentences, expected 5", s.n);
        for (size_t k = 0; k < s.n; k++) CHECK(!strcmp(s.sp[k].lang, "fa"), "fa sentence %zu lang %s", k, s.sp[k].lang);
        const char *gone[] = {"دیدگاه", "ایمیل", "اسکرول", "آخرین خبر", "بیشتر بخوانید", "title:"};
        for (size_t k = 0; k < sizeof gone / sizeof *gone; k++)
            CHECK(!any_sentence_has(&s, gone[k]), "fa: boilerplate '%s' left", gone[k]);
        CHECK(any_sentence_has(&s, "شركت انویدیا"), "fa: the raw text keeps the Arabic kaf");
        CHECK(strstr(s.norm.text, "سریعتر") && strstr(s.norm.text, "میآید") && strstr(s.norm.text, "2.5 برابر"),
              "fa: matching form");
        unload(&s);
    }
    /* Markdown */
    if (!load("tests/text/article-en.md", &s, 0)) {
        kg_doc *d = s.doc;
        CHECK(d->format == KG_FORMAT_MARKDOWN, "md format");
        CHECK(d->published && !strcmp(d->published, "2024-03-18"), "md published from a timestamp: %s",
              d->published ? d->published : "(null)");
        CHECK(d->lang && !strcmp(d->lang, "en"), "md lang guessed");
        CHECK(s.n == 5, "md: %zu sentences, expected 5", s.n);
        CHECK(!strstr(d->body.text, "**") && !strstr(d->body.text, "](") && !strstr(d->body.text, "photo") &&
                  !strstr(d->body.text, "dropped") && !strstr(d->body.text, "Leave a comment"),
              "md body: '%s'", d->body.text);
        CHECK(strstr(d->body.text, "according to the company.") != NULL, "md link text kept");
        unload(&s);
    }
    /* HTML: only the article body, spans on the raw bytes */
    if (!load("tests/text/page.html", &s, 0)) {
        kg_doc *d = s.doc;
        CHECK(d->format == KG_FORMAT_HTML, "html format");
        CHECK(d->title && !strcmp(d->title, "Chip maker & cloud partners"), "html og:title: %s", d->title);
        CHECK(d->outlet && !strcmp(d->outlet, "Example News"), "html outlet");
        CHECK(d->url && !strcmp(d->url, "https://news.example.com/chips"), "html url");
        CHECK(d->published && !strcmp(d->published, "2024-03-18"), "html published");
        CHECK(d->lang && !strcmp(d->lang, "en"), "html lang");
        CHECK(d->warnings == NULL, "html warnings: %s", d->warnings);
        const char *want[] = {"Chip maker &amp; cloud partners", "Nvidia announced its Blackwell platform on Monday.",
                              "The chip is 2.5 times faster, said Mr. Huang.",
                              "AT&amp;T and <b>Amazon</b> will use it &mdash; starting in 2025."};
        CHECK(s.n == 4, "html: %zu sentences, expected 4", s.n);
        for (size_t k = 0; k < s.n && k < 4; k++) {
            char *r = raw_of(&s, k);
            CHECK(!strcmp(r, want[k]), "html sentence %zu raw '%s'", k, r);
            free(r);
        }
        const char *gone[] = {"Home", "Not text", "color", "commented", "Related", "Copyright", "email", "Leave"};
        for (size_t k = 0; k < sizeof gone / sizeof *gone; k++)
            CHECK(!strstr(d->body.text, gone[k]), "html: '%s' in the body", gone[k]);
        CHECK(strstr(s.norm.text, "AT&T and Amazon will use it \xe2\x80\x94 starting") != NULL, "html entities: %s",
              s.norm.text);
        unload(&s);
    }
    /* errors */
    expect_error("tests/text/bad-utf8.txt", 0, KG_EINPUT, "invalid UTF-8 at byte 26", 26);
    expect_error("tests/text/nul.txt", 0, KG_EINPUT, "NUL byte at byte 9", 9);
    expect_error("tests/text/empty.txt", 0, KG_EINPUT, "empty article", -2);
    expect_error("tests/text/front-only.txt", 0, KG_EINPUT, "empty article", -2);
    expect_error("tests/text/binary.bin", 0, KG_EINPUT, "binary", -2);
    expect_error("tests/text/no-such-file.txt", 0, KG_EIO, "cannot open", -2);
    /* lenient: U+FFFD and a warning */
    {
        kg_doc *d = NULL;
        kg_error err;
        kg_read_options o = {KG_FORMAT_AUTO, true, NULL, NULL};
        CHECK(kg_doc_read("tests/text/bad-utf8.txt", &o, &d, &err) == KG_OK, "lenient read");
        if (d) {
            CHECK(strstr(d->body.text, "\xef\xbf\xbd(") != NULL, "lenient: U+FFFD in the body");
            CHECK(d->warnings && strstr(d->warnings, "byte 26"), "lenient warning");
            check_map(d, &d->body, "lenient body");
        }
        kg_doc_free(d);
    }
    /* control bytes counted wherever they fall in the text (nine 0x7F or 0x01 among
     * letters: binary; eight: read) and the first one reported */
    for (int k = 8; k <= 9; k++) {
        for (int ctl = 0; ctl < 2; ctl++) {
            char buf[200];
            memset(buf, 'a', sizeof buf);
            for (int c = 0; c < k; c++) buf[13 + c * 17] = ctl ? 0x7F : 0x01;
            kg_doc *d = NULL;
            kg_error err;
            int rc = kg_doc_parse("mem.txt", buf, sizeof buf, NULL, &d, &err);
            if (k == 8) CHECK(rc == KG_OK, "eight control bytes: rc %d", rc);
            else CHECK(rc == KG_EINPUT && strstr(err.message, "first at byte 13"), "nine control bytes: rc %d", rc);
            kg_doc_free(d);
        }
    }
    /* in-memory: YAML error with a line, unclosed front matter, explicit format */
    {
        kg_doc *d = NULL;
        kg_error err;
        const char bad_yaml[] = "---\ntitle: [unclosed\n---\nBody text here.\n";
        CHECK(kg_doc_parse("mem.txt", bad_yaml, sizeof bad_yaml - 1, NULL, &d, &err) == KG_EINPUT && err.line >= 2,
              "bad YAML: line %ld", err.line);
        const char open_fm[] = "---\ntitle: x\nBody text here.\n";
        CHECK(kg_doc_parse("mem.txt", open_fm, sizeof open_fm - 1, NULL, &d, &err) == KG_EINPUT &&
                  strstr(err.message, "never closed"),
              "unclosed front matter");
        const char html[] = "<p>One &lt;tag&gt; here.</p><p>Two.</p>";
        kg_read_options o = {KG_FORMAT_HTML, false, NULL, NULL};
        CHECK(kg_doc_parse("-", html, sizeof html - 1, &o, &d, &err) == KG_OK, "html from memory");
        if (d) {
            CHECK(!strcmp(d->body.text, "One <tag> here.\n\nTwo."), "html body '%s'", d->body.text);
            CHECK(d->body.raw_start[4] == 7 && d->body.raw_end[4] == 11, "&lt; maps to its reference");
        }
        kg_doc_free(d);
        const char fm_html[] = "---\ntitle: FM title\n---\n<html><head><title>T</title></head><body><p>Body &amp; more.</p></body></html>";
        CHECK(kg_doc_parse("page.html", fm_html, sizeof fm_html - 1, NULL, &d, &err) == KG_OK, "front matter + HTML");
        if (d) {
            CHECK(d->title && !strcmp(d->title, "FM title"), "front matter title wins: %s", d->title);
            CHECK(!strcmp(d->body.text, "Body & more."), "fm html body '%s'", d->body.text);
            CHECK(d->body.raw_start[0] == 68 && d->body.raw_end[5] == 78, "fm html spans %zu %zu", (size_t)d->body.raw_start[0],
                  (size_t)d->body.raw_end[5]);
        }
        kg_doc_free(d);
    }
    kg_text_cleanup();
    return kg_test_done();
}
