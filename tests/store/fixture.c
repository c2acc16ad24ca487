/* See fixture.h. The articles are written for these tests. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx_extra {
    size_t mention_cap, claim_cap;
} fx_extra;

kg_article *fx_new(const char *path, const char *title, const char *outlet, const char *url,
                   const char *lang, const char *published, const char *const *sentences,
                   size_t n) {
    kg_article *a = kg_xcalloc(1, sizeof *a);
    a->arena = kg_arena_new();
    kg_doc *d = kg_arena_alloc(a->arena, sizeof *d);
    a->doc = d;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += strlen(sentences[i]) + 1;
    char *raw = kg_arena_alloc(a->arena, len + 1);
    a->sentences = kg_arena_alloc(a->arena, (n + 1) * sizeof *a->sentences);
    a->n_sentences = n;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(sentences[i]);
        memcpy(raw + at, sentences[i], k);
        kg_sentence *s = &a->sentences[i];
        s->start = s->raw_start = at;
        s->end = s->raw_end = at + k;
        snprintf(s->lang, sizeof s->lang, "%s", lang ? lang : "");
        at += k;
        raw[at++] = '\n';
    }
    raw[at] = '\0';
    d->path = kg_arena_strdup(a->arena, path);
    d->raw = raw;
    d->raw_len = at;
    d->title = kg_arena_strdup(a->arena, title);
    d->outlet = kg_arena_strdup(a->arena, outlet);
    d->url = kg_arena_strdup(a->arena, url);
    d->lang = kg_arena_strdup(a->arena, lang);
    d->published = kg_arena_strdup(a->arena, published);
    d->format = KG_FORMAT_TEXT;
    a->norm.text = raw;
    a->norm.len = at;
    a->norm.raw_start = kg_arena_alloc(a->arena, (at + 1) * sizeof *a->norm.raw_start);
    a->norm.raw_end = kg_arena_alloc(a->arena, (at + 1) * sizeof *a->norm.raw_end);
    for (size_t i = 0; i < at; i++) {
        a->norm.raw_start[i] = (uint32_t)i;
        a->norm.raw_end[i] = (uint32_t)(i + 1);
    }
    return a;
}

void fx_free(kg_article *a) {
    if (!a) return;
    free(a->mentions);
    free(a->claims);
    kg_arena_free(a->arena);
    free(a);
}

/* Capacities are not kept: arrays grow one element at a time (tests are small). */
static kg_mention *new_mention(kg_article *a, size_t sentence, const char *surface) {
    a->mentions = kg_xrealloc(a->mentions, (a->n_mentions + 1) * sizeof *a->mentions);
    kg_mention *m = &a->mentions[a->n_mentions++];
    memset(m, 0, sizeof *m);
    const kg_sentence *s = &a->sentences[sentence];
    const char *text = a->norm.text + s->start;
    char *span = kg_arena_strndup(a->arena, text, s->end - s->start);
    const char *hit = strstr(span, surface);
    size_t off = hit ? (size_t)(hit - span) : 0;
    m->sentence = sentence;
    m->start = s->start + off;
    m->end = m->start + strlen(surface);
    m->surface = kg_arena_strdup(a->arena, surface);
    m->antecedent = -1;
    return m;
}

int fx_mention(kg_article *a, size_t sentence, const char *surface, const char *type,
               const char *id, const char *name, const char *time) {
    kg_mention *m = new_mention(a, sentence, surface);
    m->type = type;
    m->id = id;
    m->name = name;
    m->time = time;
    m->via = id ? "lexicon" : "date";
    return (int)(a->n_mentions - 1);
}

int fx_amount(kg_article *a, size_t sentence, const char *surface, const char *type, double low,
              double high, const char *unit, const char *name) {
    kg_mention *m = new_mention(a, sentence, surface);
    m->type = type;
    m->name = name;
    m->via = "quantity";
    m->has_value = true;
    m->value.low = low;
    m->value.high = high;
    m->value.has_low = m->value.has_high = true;
    snprintf(m->value.unit, sizeof m->value.unit, "%s", unit);
    return (int)(a->n_mentions - 1);
}

static void fill_arg(kg_article *a, kg_claim_arg *arg, int mention, const char *literal) {
    arg->mention = mention;
    if (mention >= 0) {
        const kg_mention *m = &a->mentions[mention];
        arg->id = m->id;
        arg->name = m->name;
        arg->type = m->type;
        arg->surface = m->surface;
        arg->start = m->start;
        arg->end = m->end;
        arg->has_value = m->has_value;
        arg->value = m->value;
    } else {
        arg->id = kg_arena_printf(a->arena, "lit:%s", literal ? literal : "");
        arg->name = literal;
        arg->type = "LITERAL";
        arg->surface = literal;
    }
}

kg_claim *fx_claim(kg_article *a, size_t sentence, int subject, const char *relation, int object,
                   const char *literal) {
    a->claims = kg_xrealloc(a->claims, (a->n_claims + 1) * sizeof *a->claims);
    kg_claim *c = &a->claims[a->n_claims++];
    memset(c, 0, sizeof *c);
    c->sentence = sentence;
    fill_arg(a, &c->subject, subject, NULL);
    fill_arg(a, &c->object, object, literal);
    c->relation = relation;
    c->polarity = '+';
    c->modality = "asserted";
    c->rule = "test";
    c->confidence = 0.9;
    return c;
}

kg_article *fx_article_fa(void) {
    static const char *const s[] = {
        "متا مدل لاما را توسعه داده است.",
        "سرویس وب آمازون میزبان مدل‌های متا است.",
        "متا در سال ۲۰۲۵ بین ۶۰ تا ۸۰ میلیارد دلار برای زیرساخت هزینه می‌کند.",
        "مارک زاکربرگ گفت متا از فروش لاما پولی درنمی‌آورد.",
    };
    kg_article *a = fx_new("corpus/fa-meta.txt", "متا و لاما", "Zoomit", "https://example.org/fa/1",
                           "fa", "2025-04-10", s, 4);
    int meta0 = fx_mention(a, 0, "متا", "ORG", "meta", "Meta", NULL);
    int llama0 = fx_mention(a, 0, "لاما", "PRODUCT", "llama", "Llama", NULL);
    int aws1 = fx_mention(a, 1, "سرویس وب آمازون", "ORG", "aws", "Amazon Web Services", NULL);
    int meta1 = fx_mention(a, 1, "متا", "ORG", "meta", "Meta", NULL);
    int meta2 = fx_mention(a, 2, "متا", "ORG", "meta", "Meta", NULL);
    fx_mention(a, 2, "۲۰۲۵", "DATE", NULL, "2025", "2025");
    int money2 = fx_amount(a, 2, "۶۰ تا ۸۰ میلیارد دلار", "MONEY", 60e9, 80e9, "USD", "60–80B USD");
    int zuck3 = fx_mention(a, 3, "مارک زاکربرگ", "PERSON", "mark-zuckerberg", "Mark Zuckerberg", NULL);
    int meta3 = fx_mention(a, 3, "متا", "ORG", "meta", "Meta", NULL);
    int llama3 = fx_mention(a, 3, "لاما", "PRODUCT", "llama", "Llama", NULL);
    (void)zuck3;
    fx_claim(a, 0, meta0, "develops", llama0, NULL);
    fx_claim(a, 1, meta1, "hosts-partner", aws1, NULL);
    kg_claim *c = fx_claim(a, 2, meta2, "capex", money2, NULL);
    c->modality = "planned";
    c->time = "2025";
    c = fx_claim(a, 3, meta3, "monetizes", llama3, NULL);
    c->polarity = '-';
    c->source = "Mark Zuckerberg";
    c->source_id = "mark-zuckerberg";
    return a;
}

kg_article *fx_article_en(void) {
    static const char *const s[] = {
        "Meta earns money from Llama, a court filing says.",
        "Authors allege that Llama was trained on pirated books.",
        "Meta will spend $65 billion on data centers in 2025.",
        "Groq now hosts Llama, and Meta pays Groq, \"at cost\".",
    };
    kg_article *a = fx_new("corpus/en-meta.md", "Meta, Llama and money", "The Verge",
                           "https://example.org/en/2", "en", "2025-05-01", s, 4);
    int meta0 = fx_mention(a, 0, "Meta", "ORG", "meta", "Meta", NULL);
    int llama0 = fx_mention(a, 0, "Llama", "PRODUCT", "llama", "Llama", NULL);
    int llama1 = fx_mention(a, 1, "Llama", "PRODUCT", "llama", "Llama", NULL);
    int meta2 = fx_mention(a, 2, "Meta", "ORG", "meta", "Meta", NULL);
    int money2 = fx_amount(a, 2, "$65 billion", "MONEY", 65e9, 65e9, "USD", "65B USD");
    fx_mention(a, 2, "2025", "DATE", NULL, "2025", "2025");
    int groq3 = fx_mention(a, 3, "Groq", "ORG", "groq", "Groq", NULL);
    int llama3 = fx_mention(a, 3, "Llama", "PRODUCT", "llama", "Llama", NULL);
    kg_claim *c = fx_claim(a, 0, meta0, "monetizes", llama0, NULL);
    c->modality = "reported";
    c->source = "court filing";
    c = fx_claim(a, 1, llama1, "trained-on", -1, "pirated books");
    c->modality = "alleged";
    c->source = "authors";
    c = fx_claim(a, 2, meta2, "capex", money2, NULL);
    c->modality = "planned";
    c->time = "2025";
    fx_claim(a, 3, llama3, "hosts-partner", groq3, NULL);
    return a;
}

int fx_put_all(kg_store *store, kg_error *err) {
    kg_article *fa = fx_article_fa(), *en = fx_article_en();
    int rc = kg_store_put_article(store, fa, NULL, NULL, err);
    if (rc == KG_OK) rc = kg_store_put_article(store, en, NULL, NULL, err);
    fx_free(fa);
    fx_free(en);
    return rc;
}
