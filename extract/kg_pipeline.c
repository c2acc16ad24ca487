/* kg_pipeline: read -> normalize -> segment -> mentions -> rules, for one article. */
#include "kg_pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "kg_normalize.h"

struct kg_extractor {
    char *data_dir;
    kg_entity_finder *finder;
    kg_rules *rules;
};

int kg_extractor_new(const char *data_dir, kg_extractor **out, kg_error *err) {
    *out = NULL;
    kg_extractor *ex = kg_xcalloc(1, sizeof *ex);
    ex->data_dir = data_dir ? kg_xstrdup(data_dir) : NULL;
    int status = kg_entity_finder_new(data_dir, &ex->finder, err);
    if (status == KG_OK)
        status = kg_rules_load(data_dir, kg_entity_finder_lexicon(ex->finder), &ex->rules, err);
    if (status == KG_OK) {
        /* The text layer loads its tables on first use; one small article loads them all
         * here, so that extraction afterwards only reads shared state (thread-safe). */
        static const char warm_up[] = "kg.\n\nkg.";
        kg_article *a = NULL;
        status = kg_extract_bytes(ex, "(warm-up)", warm_up, sizeof warm_up - 1, NULL, &a, err);
        kg_article_free(a);
    }
    if (status != KG_OK) {
        kg_extractor_free(ex);
        return status;
    }
    *out = ex;
    return KG_OK;
}

void kg_extractor_free(kg_extractor *ex) {
    if (!ex) return;
    kg_rules_free(ex->rules);
    kg_entity_finder_free(ex->finder);
    free(ex->data_dir);
    free(ex);
}

const kg_lexicon *kg_extractor_lexicon(const kg_extractor *ex) {
    return kg_entity_finder_lexicon(ex->finder);
}

const kg_rules *kg_extractor_rules(const kg_extractor *ex) { return ex->rules; }

void kg_article_free(kg_article *a) {
    if (!a) return;
    kg_doc_free(a->doc);
    kg_mapped_text_free(&a->norm);
    free(a->sentences);
    free(a->claims);
    kg_arena_free(a->arena);
    free(a);
}

const char *kg_article_raw_text(kg_article *a, size_t start, size_t end) {
    if (end <= start || end > a->norm.len) return "";
    size_t rs = a->norm.raw_start[start], re = a->norm.raw_end[end - 1];
    return kg_arena_strndup(a->arena, a->doc->raw + rs, re - rs);
}

/* Tells, in the article's warnings, where rule matching was cut short. */
static void warn_limits(kg_article *a, kg_rule_limits lim) {
    if (lim.stopped && lim.stopped_sentence < a->n_sentences)
        kg_doc_warn(a->doc,
                    "%s: byte %zu (sentence %zu): rule %s stopped at a matching bound (%s), so "
                    "the sentence may hold claims that were not found; %zu search(es) stopped "
                    "in this article",
                    a->doc->path, a->sentences[lim.stopped_sentence].raw_start,
                    lim.stopped_sentence, lim.stopped_rule, lim.stopped_why, lim.stopped);
    if (lim.capped && lim.capped_sentence < a->n_sentences)
        kg_doc_warn(a->doc,
                    "%s: byte %zu (sentence %zu): rule %s matched lists of more than %d "
                    "subject-object pairs; %d were kept (%zu such match(es) in this article)",
                    a->doc->path, a->sentences[lim.capped_sentence].raw_start,
                    lim.capped_sentence, lim.capped_rule, KG_RULE_MAX_CLAIMS, KG_RULE_MAX_CLAIMS,
                    lim.capped);
}

int kg_extract_doc(const kg_extractor *ex, kg_doc *doc, const kg_extract_options *opts,
                   kg_article **out, kg_error *err) {
    *out = NULL;
    kg_article *a = kg_xcalloc(1, sizeof *a);
    a->arena = kg_arena_new();
    a->doc = doc;
    int status = KG_OK;
    if (doc->norm) { /* the reader assembled it (kg_text.h) */
        a->norm = *doc->norm;
        free(doc->norm);
        doc->norm = NULL;
    } else {
        status = kg_normalize(&doc->body, &a->norm, err);
    }
    /* a->norm is the body from here on; its maps point into doc->raw as the body's do */
    kg_mapped_text_free(&doc->body);
    kg_sentence_span *spans = NULL;
    size_t n_spans = 0;
    if (status == KG_OK) status = kg_segment(&a->norm, ex->data_dir, &spans, &n_spans, err);
    if (status == KG_OK)
        status = kg_entity_finder_run(ex->finder, &a->norm, spans, n_spans, doc->published,
                                      a->arena, &a->mentions, &a->n_mentions, err);
    if (status != KG_OK) {
        free(spans);
        kg_article_free(a);
        return status;
    }
    a->sentences = kg_xcalloc(n_spans ? n_spans : 1, sizeof *a->sentences);
    a->n_sentences = n_spans;
    size_t m = 0, cap_claims = 0;
    long focus = kg_rules_focus(a->mentions, a->n_mentions);
    FILE *explain = opts ? opts->explain : NULL;
    kg_rule_scratch *scratch = kg_rule_scratch_new();
    long last_case = -1; /* among the mentions of sentences before i */
    for (size_t i = 0; i < n_spans && status == KG_OK; i++) {
        kg_sentence *s = &a->sentences[i];
        s->start = spans[i].start;
        s->end = spans[i].end;
        s->raw_start = a->norm.raw_start[s->start];
        s->raw_end = s->end > s->start ? a->norm.raw_end[s->end - 1] : s->raw_start;
        memcpy(s->lang, spans[i].lang, sizeof s->lang);
        for (; m < a->n_mentions && a->mentions[m].sentence < i; m++)
            if (!strcmp(a->mentions[m].type, "CASE")) last_case = (long)m;
        s->first_mention = m;
        while (m + s->n_mentions < a->n_mentions && a->mentions[m + s->n_mentions].sentence == i)
            s->n_mentions++;
        if (explain)
            fprintf(explain, "sentence %zu [%zu,%zu): %.*s\n", i, s->raw_start, s->raw_end,
                    (int)(s->raw_end - s->raw_start), doc->raw + s->raw_start);
        kg_rule_input in = {&a->norm, &spans[i], i, a->mentions, a->n_mentions, doc->raw,
                            doc->published, opts ? opts->keep_duplicates : 0, focus, scratch,
                            last_case};
        status = kg_rules_apply(ex->rules, &in, a->arena, &a->claims, &a->n_claims, &cap_claims,
                                explain, err);
    }
    warn_limits(a, kg_rule_scratch_limits(scratch));
    kg_rule_scratch_free(scratch);
    free(spans);
    if (status == KG_OK && a->n_claims && cap_claims > a->n_claims) /* grown by doubling */
        a->claims = kg_xrealloc(a->claims, a->n_claims * sizeof *a->claims);
    if (status != KG_OK) {
        kg_article_free(a);
        return status;
    }
    *out = a;
    return KG_OK;
}

int kg_extract_bytes(const kg_extractor *ex, const char *path, const char *bytes, size_t len,
                     const kg_extract_options *opts, kg_article **out, kg_error *err) {
    kg_read_options ro = {0};
    if (opts) ro = opts->read;
    if (!ro.data_dir) ro.data_dir = ex->data_dir;
    kg_doc *doc = NULL;
    int status = kg_doc_parse(path, bytes, len, &ro, &doc, err);
    if (status != KG_OK) {
        *out = NULL;
        return status;
    }
    return kg_extract_doc(ex, doc, opts, out, err);
}

int kg_extract_file(const kg_extractor *ex, const char *path, const kg_extract_options *opts,
                    kg_article **out, kg_error *err) {
    kg_read_options ro = {0};
    if (opts) ro = opts->read;
    if (!ro.data_dir) ro.data_dir = ex->data_dir;
    kg_doc *doc = NULL;
    int status = kg_doc_read(path, &ro, &doc, err);
    if (status != KG_OK) {
        *out = NULL;
        return status;
    }
    return kg_extract_doc(ex, doc, opts, out, err);
}
