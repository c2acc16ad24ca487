/* kg extract: prints the claims of articles, without touching the database. */
#include <jansson.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim_json.h"
#include "commands.h"
#include "kg_arena.h"
#include "kg_pipeline.h"

static const char usage_text[] =
    "usage: kg extract [--format jsonl|tsv|text] [--explain] [--lenient] FILE...\n"
    "       kg extract --input jsonl [--format ...] < articles.jsonl\n"
    "\n"
    "Reads articles (text with YAML front matter, Markdown or HTML; '-' is stdin) and\n"
    "prints their claims, one per line. Nothing is written to the database.\n"
    "  --input jsonl   read articles as JSON Lines on stdin, one object per line with\n"
    "                  \"text\" and optionally \"id\", \"title\", \"url\", \"outlet\", \"lang\",\n"
    "                  \"published\"; claims are written as each article is done, so kg can\n"
    "                  run as a stateless mapper (spans then point into \"text\")\n"
    "  --format jsonl  one JSON object per claim (default)\n"
    "  --format tsv    subject, relation, object, polarity, modality, source, time, rule\n"
    "  --format text   a readable line per claim\n"
    "  --explain       on stderr: for each sentence, the claims with rule, slots and spans,\n"
    "                  or the rules that came closest when there is none\n"
    "  --lenient       replace invalid UTF-8 by U+FFFD with a warning instead of failing\n"
    "Exit status: 0 ok; 1 some file was bad (the others were still read); 2 usage;\n"
    "3 the rules or lexicon could not be loaded.\n";

static void print_claim(kg_article *a, const kg_claim *c, const char *format) {
    if (!strcmp(format, "jsonl")) {
        json_t *o = kg_claim_to_json(a, c);
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(line);
        free(line);
        json_decref(o);
    } else if (!strcmp(format, "tsv")) {
        printf("%s\t%s\t%s\t%c\t%s\t%s\t%s\t%s\n", c->subject.name, c->relation, c->object.name,
               c->polarity, c->modality, c->source ? c->source : "", c->time ? c->time : "",
               c->rule);
    } else {
        printf("%s:%zu: %s –%s%s→ %s [%s%s%s%s%s] (%s)\n", a->doc->path, c->sentence,
               c->subject.name, c->polarity == '-' ? "not " : "", c->relation, c->object.name,
               c->modality, c->source ? "; source " : "", c->source ? c->source : "",
               c->time ? "; " : "", c->time ? c->time : "", c->rule);
    }
}

static void print_article(kg_article *a, const char *format) {
    if (a->doc->warnings) fprintf(stderr, "%s", a->doc->warnings);
    for (size_t c = 0; c < a->n_claims; c++) print_claim(a, &a->claims[c], format);
}

static void report(const kg_error *err) {
    char msg[1200];
    kg_error_format(err, msg, sizeof msg);
    kg_cli_error("extract", "%s", msg);
}

/* Replaces *field by the string member key of obj when present. */
static void take_member(char **field, json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) {
        free(*field);
        *field = kg_xstrdup(json_string_value(v));
    }
}

/* Articles as JSON Lines on stdin; returns the exit status. */
static int extract_jsonl_stdin(const kg_extractor *ex, const kg_extract_options *opts,
                               const char *format) {
    int status = KG_EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        if (len <= 1) continue;
        json_error_t jerr;
        json_t *obj = json_loadb(line, (size_t)len, 0, &jerr);
        json_t *text = obj ? json_object_get(obj, "text") : NULL;
        if (!json_is_string(text)) {
            kg_cli_error("extract", "stdin:%ld:%d: %s", lineno, obj ? 1 : jerr.column,
                         obj ? "an article needs a \"text\" string" : jerr.text);
            json_decref(obj);
            status = KG_EXIT_INPUT;
            continue;
        }
        char name[64];
        json_t *id = json_object_get(obj, "id");
        if (json_is_string(id)) snprintf(name, sizeof name, "%s", json_string_value(id));
        else if (json_is_integer(id)) snprintf(name, sizeof name, "%lld", (long long)json_integer_value(id));
        else snprintf(name, sizeof name, "stdin:%ld", lineno);
        kg_read_options ro = opts->read;
        ro.format = KG_FORMAT_TEXT;
        kg_doc *doc = NULL;
        kg_error err;
        kg_error_clear(&err);
        if (kg_doc_parse(name, json_string_value(text), json_string_length(text), &ro, &doc, &err)) {
            report(&err);
            json_decref(obj);
            status = KG_EXIT_INPUT;
            continue;
        }
        take_member(&doc->id, obj, "id");
        take_member(&doc->title, obj, "title");
        take_member(&doc->url, obj, "url");
        take_member(&doc->outlet, obj, "outlet");
        take_member(&doc->lang, obj, "lang");
        take_member(&doc->published, obj, "published");
        json_decref(obj);
        kg_article *a = NULL;
        if (kg_extract_doc(ex, doc, opts, &a, &err) != KG_OK) {
            report(&err);
            status = KG_EXIT_INPUT;
            continue;
        }
        print_article(a, format);
        fflush(stdout);
        kg_article_free(a);
    }
    free(line);
    return status;
}

int kg_cmd_extract(int argc, char **argv) {
    const char *format = "jsonl";
    int jsonl_input = 0;
    kg_extract_options opts = {0};
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return KG_EXIT_OK;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            format = argv[++i];
            if (strcmp(format, "jsonl") && strcmp(format, "tsv") && strcmp(format, "text")) {
                kg_cli_error("extract", "unknown format '%s' (jsonl, tsv or text)", format);
                return KG_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--input") && i + 1 < argc) {
            if (strcmp(argv[++i], "jsonl")) {
                kg_cli_error("extract", "unknown input '%s' (jsonl)", argv[i]);
                return KG_EXIT_USAGE;
            }
            jsonl_input = 1;
        } else if (!strcmp(a, "--explain")) {
            opts.explain = stderr;
        } else if (!strcmp(a, "--lenient")) {
            opts.read.lenient = true;
        } else if (!strcmp(a, "--")) {
            first_file = i + 1;
            break;
        } else if (a[0] == '-' && a[1]) {
            kg_cli_error("extract", "unknown option '%s'", a);
            fputs(usage_text, stderr);
            return KG_EXIT_USAGE;
        } else {
            first_file = i;
            break;
        }
    }
    if (first_file >= argc && !jsonl_input) {
        kg_cli_error("extract", "no input files");
        fputs(usage_text, stderr);
        return KG_EXIT_USAGE;
    }
    kg_error err;
    kg_error_clear(&err);
    kg_extractor *ex = NULL;
    if (kg_extractor_new(NULL, &ex, &err) != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("extract", "%s", msg);
        return KG_EXIT_DATA;
    }
    int status = jsonl_input ? extract_jsonl_stdin(ex, &opts, format) : KG_EXIT_OK;
    for (int i = first_file; i < argc; i++) {
        kg_article *a = NULL;
        kg_error_clear(&err);
        if (kg_extract_file(ex, argv[i], &opts, &a, &err) != KG_OK) {
            report(&err);
            status = KG_EXIT_INPUT;
            continue;
        }
        print_article(a, format);
        kg_article_free(a);
    }
    fflush(stdout);
    kg_extractor_free(ex);
    return status;
}
