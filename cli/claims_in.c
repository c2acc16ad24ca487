/* claims_in: see claims_in.h. */
#include "claims_in.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kg_arena.h"
#include "kg_normalize.h"
#include "read_line.h"

struct kg_claims_reader {
    FILE *f;
    char *name;
    char *line;
    size_t cap;
    long lineno;
    json_t **group;         /* the claims of the article being read */
    long *group_lines;
    size_t n_group, cap_group, cap_lines;
    int at_end;
};

kg_claims_reader *kg_claims_reader_new(FILE *f, const char *name) {
    kg_claims_reader *r = kg_xcalloc(1, sizeof *r);
    r->f = f;
    r->name = kg_xstrdup(name);
    return r;
}

static void clear_group(kg_claims_reader *r) {
    for (size_t i = 0; i < r->n_group; i++) json_decref(r->group[i]);
    r->n_group = 0;
}

void kg_claims_reader_free(kg_claims_reader *r) {
    if (!r) return;
    clear_group(r);
    free(r->group);
    free(r->group_lines);
    free(r->line);
    free(r->name);
    free(r);
}

static const char *str(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int read_value(json_t *v, kg_value *out) {
    if (!json_is_object(v)) return 0;
    memset(out, 0, sizeof *out);
    json_t *lo = json_object_get(v, "low"), *hi = json_object_get(v, "high");
    if (json_is_number(lo)) out->low = json_number_value(lo), out->has_low = true;
    if (json_is_number(hi)) out->high = json_number_value(hi), out->has_high = true;
    const char *unit = str(v, "unit");
    snprintf(out->unit, sizeof out->unit, "%s", unit ? unit : "");
    out->approx = json_is_true(json_object_get(v, "approx"));
    return 1;
}

static kg_claim_arg read_arg(kg_arena *arena, json_t *o) {
    kg_claim_arg a;
    memset(&a, 0, sizeof a);
    a.mention = -1;
    a.id = kg_arena_strdup(arena, str(o, "id"));
    a.name = kg_arena_strdup(arena, str(o, "name"));
    a.type = kg_arena_strdup(arena, str(o, "type"));
    a.surface = kg_arena_strdup(arena, str(o, "surface"));
    a.has_value = read_value(json_object_get(o, "value"), &a.value);
    return a;
}

static int by_raw_start(const void *x, const void *y) {
    const kg_sentence *a = x, *b = y;
    return (a->raw_start > b->raw_start) - (a->raw_start < b->raw_start);
}

/* A claim's sentence number and its index in the group. */
typedef struct numbered {
    long number;
    size_t claim;
} numbered;

/* Sentence numbers, then input order: the first claim of each number comes first. */
static int by_number(const void *x, const void *y) {
    const numbered *a = x, *b = y;
    if (a->number != b->number) return (a->number > b->number) - (a->number < b->number);
    return (a->claim > b->claim) - (a->claim < b->claim);
}

/* The first of n sentences (sorted by raw_start) that starts at pos, or n. */
static size_t first_at(const kg_sentence *s, size_t n, size_t pos) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].raw_start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && s[lo].raw_start == pos ? lo : n;
}

/* The first byte of the normalized text that comes from raw offset pos or later. */
static size_t norm_at(const kg_mapped_text *n, size_t pos) {
    size_t lo = 0, hi = n->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (n->raw_start[mid] < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Builds the article of the claims in r->group. */
static int build(kg_claims_reader *r, kg_article **out, kg_error *err) {
    *out = NULL;
    json_t *first = r->group[0];
    size_t len = 0;
    for (size_t i = 0; i < r->n_group; i++) {
        json_t *span = json_object_get(r->group[i], "span");
        json_t *end = json_array_get(span, 1);
        if (!json_is_integer(json_array_get(span, 0)) || !json_is_integer(end) ||
            json_integer_value(end) < json_integer_value(json_array_get(span, 0)) ||
            json_integer_value(json_array_get(span, 0)) < 0 || json_integer_value(end) > (1 << 24))
            return kg_error_set(err, KG_EINPUT, r->name, r->group_lines[i], 0, -1,
                                "a claim needs \"span\": [start, end] within 16 MB");
        if ((size_t)json_integer_value(end) > len) len = (size_t)json_integer_value(end);
    }
    kg_doc *doc = kg_xcalloc(1, sizeof *doc);
    doc->path = kg_xstrdup(str(first, "article"));
    doc->raw = kg_xmalloc(len + 1);
    memset(doc->raw, ' ', len);
    doc->raw[len] = '\0';
    doc->raw_len = len;
    doc->format = KG_FORMAT_TEXT;
    for (size_t i = 0; i < r->n_group; i++) {
        json_t *c = r->group[i];
        static const char *const keys[] = {"title", "outlet", "url", "lang", "published"};
        char **fields[] = {&doc->title, &doc->outlet, &doc->url, &doc->lang, &doc->published};
        for (size_t k = 0; k < 5; k++)
            if (!*fields[k] && str(c, keys[k])) *fields[k] = kg_xstrdup(str(c, keys[k]));
        json_t *span = json_object_get(c, "span"), *evidence = json_object_get(c, "evidence");
        size_t s = (size_t)json_integer_value(json_array_get(span, 0));
        size_t e = (size_t)json_integer_value(json_array_get(span, 1));
        if (!json_is_string(evidence) || json_string_length(evidence) != e - s) {
            kg_doc_free(doc);
            return kg_error_set(err, KG_EINPUT, r->name, r->group_lines[i], 0, -1,
                                "the claim's \"evidence\" is not the %zu bytes of its span", e - s);
        }
        memcpy(doc->raw + s, json_string_value(evidence), e - s);
    }
    kg_article *a = kg_xcalloc(1, sizeof *a);
    a->arena = kg_arena_new();
    a->doc = doc;
    kg_mapped_text in = {doc->raw, doc->raw_len, NULL, NULL};
    int rc = kg_normalize(&in, &a->norm, err);
    if (rc != KG_OK) {
        if (!err->file[0]) snprintf(err->file, sizeof err->file, "%s", r->name);
        err->line = r->group_lines[0];
        kg_article_free(a);
        return rc;
    }
    /* Sentences: one per distinct sentence number (its first claim's span), found by
     * sorting the claims by number rather than searching: an article of many claims
     * costs n log n. */
    numbered *numbers = kg_xcalloc(r->n_group, sizeof *numbers);
    for (size_t i = 0; i < r->n_group; i++) {
        numbers[i].number = (long)json_integer_value(json_object_get(r->group[i], "sentence"));
        numbers[i].claim = i;
    }
    qsort(numbers, r->n_group, sizeof *numbers, by_number);
    a->sentences = kg_xcalloc(r->n_group, sizeof *a->sentences);
    for (size_t i = 0; i < r->n_group; i++) {
        if (i && numbers[i].number == numbers[i - 1].number) continue;
        json_t *span = json_object_get(r->group[numbers[i].claim], "span");
        kg_sentence *se = &a->sentences[a->n_sentences++];
        se->raw_start = (size_t)json_integer_value(json_array_get(span, 0));
        se->raw_end = (size_t)json_integer_value(json_array_get(span, 1));
    }
    qsort(a->sentences, a->n_sentences, sizeof *a->sentences, by_raw_start);
    for (size_t k = 0; k < a->n_sentences; k++) {
        kg_sentence *se = &a->sentences[k];
        se->start = norm_at(&a->norm, se->raw_start);
        se->end = norm_at(&a->norm, se->raw_end);
        snprintf(se->lang, sizeof se->lang, "%s",
                 kg_detect_lang(doc->raw + se->raw_start, se->raw_end - se->raw_start));
    }
    size_t cap = 0;
    for (size_t i = 0; i < r->n_group; i++) {
        json_t *o = r->group[i];
        kg_claim c;
        memset(&c, 0, sizeof c);
        size_t raw_start = (size_t)json_integer_value(json_array_get(json_object_get(o, "span"), 0));
        c.sentence = first_at(a->sentences, a->n_sentences, raw_start);
        c.subject = read_arg(a->arena, json_object_get(o, "subject"));
        c.object = read_arg(a->arena, json_object_get(o, "object"));
        c.relation = kg_arena_strdup(a->arena, str(o, "relation"));
        const char *pol = str(o, "polarity");
        c.polarity = pol && pol[0] == '-' ? '-' : '+';
        c.modality = kg_arena_strdup(a->arena, str(o, "modality"));
        json_t *source = json_object_get(o, "source");
        c.source = kg_arena_strdup(a->arena, str(source, "name"));
        c.source_id = kg_arena_strdup(a->arena, str(source, "id"));
        c.time = kg_arena_strdup(a->arena, str(o, "time"));
        c.rule = kg_arena_strdup(a->arena, str(o, "rule"));
        json_t *conf = json_object_get(o, "confidence");
        c.confidence = json_is_number(conf) ? json_number_value(conf) : 1.0;
        json_t *amount = json_object_get(json_object_get(o, "qualifiers"), "amount");
        c.has_amount = read_value(amount, &c.amount);
        if (c.has_amount) c.amount_name = kg_arena_strdup(a->arena, str(amount, "name"));
        KG_PUSH(a->claims, a->n_claims, cap, c);
    }
    free(numbers);
    *out = a;
    return KG_OK;
}

int kg_claims_reader_next(kg_claims_reader *r, kg_article **out, kg_error *err) {
    *out = NULL;
    for (;;) {
        bool too_long = false;
        ssize_t n = r->at_end ? -1
                              : kg_read_line(r->f, &r->line, &r->cap, KG_JSONL_LINE_MAX, &too_long);
        if (n < 0) {
            r->at_end = 1;
            if (!r->n_group) return KG_OK;
            int rc = build(r, out, err);
            clear_group(r);
            return rc;
        }
        r->lineno++;
        if (too_long)
            return kg_error_set(err, KG_EINPUT, r->name, r->lineno, 0, -1,
                                "a line of more than %zu MB: not a claim", KG_JSONL_LINE_MAX >> 20);
        if (n == 0) continue;
        json_error_t jerr;
        json_t *c = json_loadb(r->line, (size_t)n, 0, &jerr);
        const char *article = c ? str(c, "article") : NULL;
        if (!article || !str(c, "relation")) {
            json_decref(c);
            return kg_error_set(err, KG_EINPUT, r->name, r->lineno, c ? 0 : jerr.column, -1, "%s",
                                c ? "a claim needs \"article\" and \"relation\"" : jerr.text);
        }
        if (r->n_group && strcmp(article, str(r->group[0], "article"))) {
            /* the first claim of the next article: build this one, keep that one */
            int rc = build(r, out, err);
            clear_group(r);
            kg_grow((void **)&r->group, &r->cap_group, 1, sizeof *r->group);
            kg_grow((void **)&r->group_lines, &r->cap_lines, 1, sizeof *r->group_lines);
            r->group[0] = c;
            r->group_lines[0] = r->lineno;
            r->n_group = 1;
            return rc;
        }
        kg_grow((void **)&r->group, &r->cap_group, r->n_group + 1, sizeof *r->group);
        kg_grow((void **)&r->group_lines, &r->cap_lines, r->n_group + 1, sizeof *r->group_lines);
        r->group[r->n_group] = c;
        r->group_lines[r->n_group++] = r->lineno;
    }
}
