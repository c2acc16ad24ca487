/* kg extract: prints the claims of articles, without touching the database. Articles are
 * extracted on --jobs threads and printed in input order. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "claim_json.h"
#include "commands.h"
#include "kg_arena.h"
#include "kg_pipeline.h"
#include "parallel.h"
#include "read_line.h"

static const char usage_text[] =
    "usage: kg extract [--format jsonl|tsv|text] [--explain] [--lenient] [--jobs N] [FILE...]\n"
    "       kg extract --input jsonl [--format ...] [--jobs N] < articles.jsonl\n"
    "\n"
    "Reads articles (text with YAML front matter, Markdown or HTML; '-', or no FILE at\n"
    "all, is stdin) and prints their claims, one per line, in input order. Nothing is\n"
    "written to the database. Every option also takes the form --option=value.\n"
    "  --input jsonl   read articles as JSON Lines on stdin, one object per line with\n"
    "                  \"text\" and optionally \"id\", \"title\", \"url\", \"outlet\", \"lang\",\n"
    "                  \"published\"; claims are written as each article is done, so kg can\n"
    "                  run as a stateless mapper (spans then point into \"text\")\n"
    "  --format jsonl  one JSON object per claim (default)\n"
    "  --format tsv    subject, relation, object, polarity, modality, source, time, rule\n"
    "  --format text   a readable line per claim, phrases spelled as the article spells them\n"
    "  --jobs N        extract on N threads (default 1)\n"
    "  --explain       on stderr: for each sentence, the claims with rule, slots and spans,\n"
    "                  or the rules of its language that came closest when there is none,\n"
    "                  ranked by how far they got; offsets are bytes of the file (one thread)\n"
    "  --lenient       replace invalid UTF-8 by U+FFFD with a warning instead of failing\n"
    "Exit status: 0 ok; 1 some file was bad (the others were still read); 2 usage;\n"
    "3 the rules or lexicon could not be loaded.\n";

typedef struct run {
    const kg_extractor *ex;
    kg_extract_options opts;
    const char *format;
    char **files;            /* FILE arguments, or NULL with --input jsonl */
    int n_files, next_file;
    long lineno;             /* --input jsonl: lines read */
    int direct;              /* one job: results go straight to stdout and stderr, since
                              * a huge article's claims would otherwise be held in memory */
    int status;
    int write_failed;        /* stdout failed: no more articles are read (main reports it) */
} run;

/* An article to extract: a file name, or one JSON line of stdin. */
typedef struct item {
    const char *path;
    char *line;
    long lineno;
    bool too_long;           /* the line passed KG_JSONL_LINE_MAX: only its start is kept */
} item;

/* What extracting it printed: claims for stdout, messages for stderr (both empty when
 * run.direct printed them already). */
typedef struct result {
    char *out, *err;
    size_t out_len, err_len;
    int failed;
} result;

/* What the text format shows for an argument: the article's spelling of a phrase or of an
 * entity no lexicon knows (its name is then the mention's matching form), else its name. */
static const char *spelled_name(const kg_article *a, const kg_claim_arg *arg) {
    if (!arg->surface || !*arg->surface) return arg->name;
    if (arg->type && !strcmp(arg->type, "LITERAL")) return arg->surface;
    if (arg->mention >= 0 && (size_t)arg->mention < a->n_mentions) {
        const kg_mention *m = &a->mentions[arg->mention];
        if (arg->name && m->surface && !strcmp(arg->name, m->surface) && !m->has_value) return arg->surface;
    }
    return arg->name;
}

/* The article's spelling of a source no lexicon knows (its name is the matching form of a
 * mention in the claim's sentence); malloc'ed, or NULL to print the name. */
static char *spelled_source(const kg_article *a, const kg_claim *c) {
    if (!c->source || !c->source_id) return NULL;
    for (size_t i = 0; i < a->n_mentions; i++) {
        const kg_mention *m = &a->mentions[i];
        if (m->sentence == c->sentence && m->id && !strcmp(m->id, c->source_id) && m->surface &&
            !strcmp(m->surface, c->source) && m->end > m->start && m->end <= a->norm.len)
            return kg_mapped_original(&a->norm, a->doc->raw, a->doc->raw_len, m->start, m->end);
    }
    return NULL;
}

static void print_claim(FILE *f, kg_article *a, const kg_claim *c, const char *format) {
    if (!strcmp(format, "jsonl")) {
        kg_claim_print_json(f, a, c);
    } else if (!strcmp(format, "tsv")) {
        fprintf(f, "%s\t%s\t%s\t%c\t%s\t%s\t%s\t%s\n", c->subject.name, c->relation,
                c->object.name, c->polarity, c->modality, c->source ? c->source : "",
                c->time ? c->time : "", c->rule);
    } else {
        /* for people: names spelled as the article spells them; tsv and jsonl keep the
         * matching form (and jsonl the surface beside it) */
        char *source = spelled_source(a, c);
        fprintf(f, "%s:%zu: %s –%s%s→ %s [%s%s%s%s%s] (%s)\n", a->doc->path, c->sentence,
                spelled_name(a, &c->subject), c->polarity == '-' ? "not " : "", c->relation,
                spelled_name(a, &c->object),
                c->modality, c->source ? "; source " : "", source ? source : c->source ? c->source : "",
                c->time ? "; " : "", c->time ? c->time : "", c->rule);
        free(source);
    }
}

static void report(FILE *f, const kg_error *err) {
    char msg[1200];
    kg_error_format(err, msg, sizeof msg);
    fprintf(f, "kg extract: %s\n", msg);
}

/* Replaces *field by the string member key of obj when present. */
static void take_member(char **field, json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) {
        free(*field);
        *field = kg_xstrdup(json_string_value(v));
    }
}

/* Reads one JSON Lines article into a document; NULL with a message on err otherwise. */
static kg_doc *doc_from_json(const run *r, const item *it, FILE *err) {
    json_error_t jerr;
    json_t *obj = json_loads(it->line, 0, &jerr);
    json_t *text = obj ? json_object_get(obj, "text") : NULL;
    if (!json_is_string(text)) {
        fprintf(err, "kg extract: stdin:%ld:%d: %s\n", it->lineno, obj ? 1 : jerr.column,
                obj ? "an article needs a \"text\" string" : jerr.text);
        json_decref(obj);
        return NULL;
    }
    char name[64];
    json_t *id = json_object_get(obj, "id");
    if (json_is_string(id)) snprintf(name, sizeof name, "%s", json_string_value(id));
    else if (json_is_integer(id)) snprintf(name, sizeof name, "%lld", (long long)json_integer_value(id));
    else snprintf(name, sizeof name, "stdin:%ld", it->lineno);
    kg_read_options ro = r->opts.read;
    ro.format = KG_FORMAT_TEXT;
    json_t *lang = json_object_get(obj, "lang");
    if (json_is_string(lang)) ro.lang = json_string_value(lang);
    kg_doc *doc = NULL;
    kg_error e;
    kg_error_clear(&e);
    if (kg_doc_parse(name, json_string_value(text), json_string_length(text), &ro, &doc, &e)) {
        report(err, &e);
        json_decref(obj);
        return NULL;
    }
    take_member(&doc->id, obj, "id");
    take_member(&doc->title, obj, "title");
    take_member(&doc->url, obj, "url");
    take_member(&doc->outlet, obj, "outlet");
    take_member(&doc->lang, obj, "lang");
    take_member(&doc->published, obj, "published");
    json_decref(obj);
    return doc;
}

static void *next_item(void *ctx) {
    run *r = ctx;
    if (r->write_failed) return NULL;
    item *it = kg_xcalloc(1, sizeof *it);
    if (r->files) {
        if (r->next_file >= r->n_files) {
            free(it);
            return NULL;
        }
        it->path = r->files[r->next_file++];
        return it;
    }
    size_t cap = 0;
    ssize_t len;
    while ((len = kg_read_line(stdin, &it->line, &cap, KG_JSONL_LINE_MAX, &it->too_long)) != -1) {
        it->lineno = ++r->lineno;
        if (len > 0) return it;
    }
    free(it->line);
    free(it);
    return NULL;
}

static void *extract_item(void *ctx, void *p) {
    const run *r = ctx;
    const item *it = p;
    result *res = kg_xcalloc(1, sizeof *res);
    FILE *out = r->direct ? stdout : open_memstream(&res->out, &res->out_len);
    FILE *err = r->direct ? stderr : open_memstream(&res->err, &res->err_len);
    kg_article *a = NULL;
    kg_error e;
    kg_error_clear(&e);
    if (it->line && it->too_long) {
        fprintf(err, "kg extract: stdin:%ld: a line of more than %zu MB (an article's text is "
                     "at most %zu MB); skipped\n",
                it->lineno, KG_JSONL_LINE_MAX >> 20, KG_MAX_INPUT >> 20);
        res->failed = 1;
    } else if (it->line) {
        kg_doc *doc = doc_from_json(r, it, err);
        if (!doc) res->failed = 1;
        else if (kg_extract_doc(r->ex, doc, &r->opts, &a, &e) != KG_OK) res->failed = 1, report(err, &e);
    } else if (kg_extract_file(r->ex, it->path, &r->opts, &a, &e) != KG_OK) {
        res->failed = 1;
        report(err, &e);
    }
    if (a) {
        if (a->doc->warnings) fputs(a->doc->warnings, err);
        for (size_t c = 0; c < a->n_claims; c++) print_claim(out, a, &a->claims[c], r->format);
        kg_article_free(a);
    }
    if (!r->direct) {
        fclose(out);
        fclose(err);
    }
    return res;
}

static void emit_item(void *ctx, void *p, void *q) {
    run *r = ctx;
    item *it = p;
    result *res = q;
    if (res->err_len) fwrite(res->err, 1, res->err_len, stderr);
    if (res->out_len) fwrite(res->out, 1, res->out_len, stdout);
    if (!r->files) fflush(stdout); /* a mapper's output flows as it is made */
    if (ferror(stdout)) r->write_failed = 1;
    if (res->failed) r->status = KG_EXIT_INPUT;
    free(res->out);
    free(res->err);
    free(res);
    free(it->line);
    free(it);
}

int kg_cmd_extract(int argc, char **argv) {
    run r = {.format = "jsonl", .status = KG_EXIT_OK};
    int jsonl_input = 0, jobs = 1, first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return KG_EXIT_OK;
        }
        const char *value = NULL;
        int m = kg_cli_option(argc, argv, &i, "--format", &value);
        if (m > 0) {
            r.format = value;
            if (strcmp(r.format, "jsonl") && strcmp(r.format, "tsv") && strcmp(r.format, "text")) {
                kg_cli_error("extract", "unknown format '%s' (jsonl, tsv or text)", r.format);
                return KG_EXIT_USAGE;
            }
        } else if (m == 0 && (m = kg_cli_option(argc, argv, &i, "--input", &value)) > 0) {
            if (strcmp(value, "jsonl")) {
                kg_cli_error("extract", "unknown input '%s' (jsonl)", value);
                return KG_EXIT_USAGE;
            }
            jsonl_input = 1;
        } else if (m == 0 && (m = kg_cli_option(argc, argv, &i, "--jobs", &value)) > 0) {
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 256) {
                kg_cli_error("extract", "--jobs takes a number from 1 to 256");
                return KG_EXIT_USAGE;
            }
            jobs = (int)n;
        } else if (m < 0) {
            kg_cli_error("extract", "%s needs a value (kg extract --help)", a);
            return KG_EXIT_USAGE;
        } else if (!strcmp(a, "--explain")) {
            r.opts.explain = stderr;
        } else if (!strcmp(a, "--lenient")) {
            r.opts.read.lenient = true;
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
    static char stdin_name[] = "-", *stdin_only[] = {stdin_name};
    if (jsonl_input && first_file < argc) {
        kg_cli_error("extract", "--input jsonl reads standard input; no FILE is taken");
        return KG_EXIT_USAGE;
    }
    if (r.opts.explain) jobs = 1; /* explanations are written as they are made */
    kg_error err;
    kg_error_clear(&err);
    kg_extractor *ex = NULL;
    if (kg_extractor_new(NULL, &ex, &err) != KG_OK) {
        report(stderr, &err);
        return KG_EXIT_DATA;
    }
    r.ex = ex;
    r.direct = jobs == 1;
    if (!jsonl_input && first_file >= argc) { /* no FILE: standard input */
        r.files = stdin_only;
        r.n_files = 1;
    } else if (!jsonl_input) {
        r.files = argv + first_file;
        r.n_files = argc - first_file;
    }
    kg_parallel_ops ops = {next_item, extract_item, emit_item, 0};
    kg_parallel_run(jobs, &ops, &r);
    fflush(stdout);
    kg_extractor_free(ex);
    return r.status;
}
