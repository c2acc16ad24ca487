/* kg entities: prints the mentions (entities, amounts, dates) of articles, one JSON
 * object per line. Spans are byte offsets into the original file; surface is those raw
 * bytes. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kg_arena.h"
#include "kg_entities.h"
#include "kg_normalize.h"
#include "kg_segment.h"
#include "kg_text.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: kg entities [--format jsonl] [--published DATE] FILE...\n"
            "\n"
            "Prints the entities, amounts and dates of each article, one JSON object per line:\n"
            "  {\"sentence\": 3, \"span\": [s, e], \"surface\": \"...\", \"name\": \"...\",\n"
            "   \"id\": \"...\", \"type\": \"MONEY\", \"value\": {\"low\": .., \"high\": .., \"unit\": \"USD\",\n"
            "   \"approx\": true}, \"time\": \"2025-04-05\", \"via\": \"lexicon\"}\n"
            "span: byte offsets into FILE (end exclusive); sentence: 0-based index. With more\n"
            "than one FILE each line also has \"file\". --published overrides the article's\n"
            "date against which relative dates (\"last July\") resolve. FILE - reads stdin.\n");
}

static json_t *opt_str(const char *s) {
    return s ? json_string(s) : json_null();
}

static json_t *mention_json(const kg_doc *doc, const kg_mapped_text *norm, const kg_mention *m,
                            const char *file) {
    size_t rs = norm->raw_start[m->start], re = norm->raw_end[m->end - 1];
    json_t *o = json_object();
    if (file) json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "sentence", json_integer((json_int_t)m->sentence));
    json_object_set_new(o, "span", json_pack("[I,I]", (json_int_t)rs, (json_int_t)re));
    json_object_set_new(o, "surface", json_stringn(doc->raw + rs, re - rs));
    json_object_set_new(o, "name", opt_str(m->name));
    json_object_set_new(o, "id", opt_str(m->id));
    json_object_set_new(o, "type", opt_str(m->type));
    if (m->has_value) {
        const kg_value *v = &m->value;
        json_t *val = json_object();
        json_object_set_new(val, "low", v->has_low ? json_real(v->low) : json_null());
        json_object_set_new(val, "high", v->has_high ? json_real(v->high) : json_null());
        json_object_set_new(val, "unit", json_string(v->unit));
        json_object_set_new(val, "approx", json_boolean(v->approx));
        json_object_set_new(o, "value", val);
    }
    if (!strcmp(m->type, "DATE")) json_object_set_new(o, "time", opt_str(m->time));
    if (m->qid) json_object_set_new(o, "qid", json_string(m->qid));
    if (m->owner) json_object_set_new(o, "owner", json_string(m->owner));
    json_object_set_new(o, "via", opt_str(m->via));
    if (m->antecedent >= 0) json_object_set_new(o, "antecedent", json_integer(m->antecedent));
    return o;
}

/* Returns 0, or KG_EXIT_INPUT when the file could not be read. */
static int run_file(const kg_entity_finder *finder, const char *path, const char *published,
                    bool with_file) {
    kg_error err;
    kg_error_clear(&err);
    kg_doc *doc = NULL;
    char msg[1200];
    if (kg_doc_read(path, NULL, &doc, &err) != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("entities", "%s", msg);
        return KG_EXIT_INPUT;
    }
    kg_mapped_text norm = {0};
    kg_sentence_span *sents = NULL;
    size_t nsent = 0;
    int status = 0;
    kg_arena *arena = kg_arena_new();
    if (kg_normalize(&doc->body, &norm, &err) != KG_OK ||
        kg_segment(&norm, NULL, &sents, &nsent, &err) != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("entities", "%s: %s", path, msg);
        status = KG_EXIT_INPUT;
    } else {
        kg_mention *m = NULL;
        size_t n = 0;
        if (kg_entity_finder_run(finder, &norm, sents, nsent, published ? published : doc->published,
                                 arena, &m, &n, &err) != KG_OK) {
            kg_error_format(&err, msg, sizeof msg);
            kg_cli_error("entities", "%s: %s", path, msg);
            status = KG_EXIT_INTERNAL;
        }
        for (size_t i = 0; i < n; i++) {
            json_t *o = mention_json(doc, &norm, &m[i], with_file ? path : NULL);
            char *line = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
            if (line) puts(line);
            free(line);
            json_decref(o);
        }
    }
    kg_arena_free(arena);
    free(sents);
    kg_mapped_text_free(&norm);
    kg_doc_free(doc);
    return status;
}

int kg_cmd_entities(int argc, char **argv) {
    const char *published = NULL;
    int first = 1;
    for (; first < argc; first++) {
        const char *a = argv[first];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return KG_EXIT_OK;
        }
        const char *value = NULL;
        int m = kg_cli_option(argc, argv, &first, "--format", &value);
        if (m != 0) {
            if (m < 0 || strcmp(value, "jsonl")) {
                kg_cli_error("entities", "--format: only jsonl is supported");
                return KG_EXIT_USAGE;
            }
        } else if ((m = kg_cli_option(argc, argv, &first, "--published", &value)) != 0) {
            if (m < 0) {
                kg_cli_error("entities", "--published needs a date (YYYY-MM-DD)");
                return KG_EXIT_USAGE;
            }
            published = value;
        } else if (!strcmp(a, "--")) {
            first++;
            break;
        } else if (a[0] == '-' && a[1]) {
            kg_cli_error("entities", "unknown option '%s'", a);
            usage(stderr);
            return KG_EXIT_USAGE;
        } else {
            break;
        }
    }
    if (first >= argc) {
        usage(stderr);
        return KG_EXIT_USAGE;
    }
    kg_error err;
    kg_error_clear(&err);
    kg_entity_finder *finder = NULL;
    if (kg_entity_finder_new(NULL, &finder, &err) != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("entities", "%s", msg);
        return KG_EXIT_DATA;
    }
    int status = KG_EXIT_OK;
    for (int i = first; i < argc; i++) {
        int rc = run_file(finder, argv[i], published, argc - first > 1);
        if (rc > status) status = rc;
    }
    kg_entity_finder_free(finder);
    return status;
}
