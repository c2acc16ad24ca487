/* kg normalize / kg sentences: the text layer seen from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/utf8.h>

#include "commands.h"
#include "kg_arena.h"
#include "kg_normalize.h"
#include "kg_segment.h"
#include "kg_text.h"

typedef struct text_opts {
    int lenient;
    int jsonl;
    int first_file;
} text_opts;

static const char normalize_help[] =
    "usage: kg normalize [--lenient] FILE...\n"
    "\n"
    "Prints the matching form of each article's body (front matter, markup and\n"
    "boilerplate removed; letters, digits and half-spaces normalized) on stdout.\n"
    "FILE may be '-' for stdin. Format by extension (.html .htm .md .markdown),\n"
    "else by content.\n"
    "\n"
    "  --lenient   replace invalid UTF-8 with U+FFFD (warning on stderr) instead of failing\n"
    "  --help      this text\n"
    "\n"
    "Exit: 0 ok; 1 some input was bad (the others were processed); 2 usage; 3 data files.\n";

static const char sentences_help[] =
    "usage: kg sentences [--format jsonl|text] [--lenient] FILE...\n"
    "\n"
    "Prints the sentences of each article, one a line. jsonl (default):\n"
    "  {\"sentence\": N, \"span\": [START, END], \"lang\": \"fa\", \"text\": \"...\"}\n"
    "where START/END are byte offsets into the original file (END exclusive) and text\n"
    "is the original bytes of that span; with several files a \"file\" member is added.\n"
    "text: the sentence's original text with line breaks as spaces.\n"
    "lang is fa, en, ar, mixed, or empty when the sentence has no letters.\n"
    "\n"
    "  --format F  jsonl (default) or text\n"
    "  --lenient   replace invalid UTF-8 with U+FFFD (warning on stderr) instead of failing\n"
    "  --help      this text\n"
    "\n"
    "Exit: 0 ok; 1 some input was bad (the others were processed); 2 usage; 3 data files.\n";

/* Parses options; returns -1 to go on, else an exit status. */
static int parse_args(const char *name, int argc, char **argv, int allow_format, text_opts *o) {
    o->lenient = 0;
    o->jsonl = 1;
    o->first_file = argc;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || !strcmp(a, "-")) break;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(allow_format ? sentences_help : normalize_help, stdout);
            return KG_EXIT_OK;
        }
        if (!strcmp(a, "--lenient")) {
            o->lenient = 1;
        } else if (allow_format && (!strcmp(a, "--format") || !strncmp(a, "--format=", 9))) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                kg_cli_error(name, "--format needs a value (jsonl or text)");
                return KG_EXIT_USAGE;
            }
            if (!strcmp(v, "jsonl")) o->jsonl = 1;
            else if (!strcmp(v, "text")) o->jsonl = 0;
            else {
                kg_cli_error(name, "unknown format '%s' (jsonl or text)", v);
                return KG_EXIT_USAGE;
            }
        } else {
            kg_cli_error(name, "unknown option '%s' (see kg %s --help)", a, name);
            return KG_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        kg_cli_error(name, "no input file (see kg %s --help)", name);
        return KG_EXIT_USAGE;
    }
    o->first_file = i;
    return -1;
}

/* Reads one file; prints its error and returns the exit status it deserves (0 ok). */
static int read_doc(const char *name, const char *path, const text_opts *o, kg_doc **doc) {
    kg_read_options ro = {KG_FORMAT_AUTO, o->lenient != 0, NULL, NULL};
    kg_error err;
    kg_error_clear(&err);
    int rc = kg_doc_read(path, &ro, doc, &err);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error(name, "%s", msg);
        if (rc == KG_ESYNTAX || (rc == KG_EIO && strcmp(err.file, path))) return KG_EXIT_DATA;
        if (rc == KG_EINTERNAL) return KG_EXIT_INTERNAL;
        return KG_EXIT_INPUT;
    }
    if ((*doc)->warnings) fprintf(stderr, "%s", (*doc)->warnings);
    return KG_EXIT_OK;
}

static int worse(int a, int b) { return a > b ? a : b; }

int kg_cmd_normalize(int argc, char **argv) {
    text_opts o;
    int st = parse_args("normalize", argc, argv, 0, &o);
    if (st >= 0) return st;
    int status = KG_EXIT_OK;
    for (int i = o.first_file; i < argc; i++) {
        kg_doc *doc = NULL;
        int r = read_doc("normalize", argv[i], &o, &doc);
        if (r) {
            status = worse(status, r);
            if (r == KG_EXIT_DATA) break;
            continue;
        }
        kg_mapped_text norm;
        kg_error err;
        kg_error_clear(&err);
        if (kg_normalize(&doc->body, &norm, &err) != KG_OK) {
            kg_cli_error("normalize", "%s: %s", argv[i], err.message);
            status = worse(status, KG_EXIT_INPUT);
        } else {
            fwrite(norm.text, 1, norm.len, stdout);
            fputc('\n', stdout);
            kg_mapped_text_free(&norm);
        }
        kg_doc_free(doc);
    }
    kg_text_cleanup();
    return status;
}

/* raw[s, e) as valid UTF-8 (invalid bytes, possible in lenient mode, become U+FFFD). */
static char *valid_utf8(const char *raw, size_t s, size_t e) {
    char *out = kg_xmalloc((e - s) * 3 + 1);
    size_t n = 0;
    int32_t i = (int32_t)s;
    while ((size_t)i < e) {
        int32_t before = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)raw, i, (int32_t)e, c);
        if (c < 0) {
            memcpy(out + n, "\xEF\xBF\xBD", 3);
            n += 3;
        } else {
            memcpy(out + n, raw + before, (size_t)(i - before));
            n += (size_t)(i - before);
        }
    }
    out[n] = '\0';
    return out;
}

int kg_cmd_sentences(int argc, char **argv) {
    text_opts o;
    int st = parse_args("sentences", argc, argv, 1, &o);
    if (st >= 0) return st;
    int status = KG_EXIT_OK, many = argc - o.first_file > 1;
    for (int i = o.first_file; i < argc; i++) {
        kg_doc *doc = NULL;
        int r = read_doc("sentences", argv[i], &o, &doc);
        if (r) {
            status = worse(status, r);
            if (r == KG_EXIT_DATA) break;
            continue;
        }
        kg_mapped_text norm;
        kg_sentence_span *sp = NULL;
        size_t n = 0;
        kg_error err;
        kg_error_clear(&err);
        int rc = kg_normalize(&doc->body, &norm, &err);
        if (rc == KG_OK) {
            rc = kg_segment(&norm, NULL, &sp, &n, &err);
            if (rc != KG_OK) kg_mapped_text_free(&norm);
        }
        if (rc != KG_OK) {
            char msg[1200];
            kg_error_format(&err, msg, sizeof msg);
            kg_cli_error("sentences", "%s: %s", argv[i], msg);
            status = worse(status, rc == KG_EINPUT ? KG_EXIT_INPUT : KG_EXIT_DATA);
            kg_doc_free(doc);
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            size_t rs = norm.raw_start[sp[k].start], re = norm.raw_end[sp[k].end - 1];
            char *text = valid_utf8(doc->raw, rs, re);
            if (o.jsonl) {
                json_t *obj = json_object();
                json_object_set_new(obj, "sentence", json_integer((json_int_t)k));
                json_object_set_new(obj, "span", json_pack("[II]", (json_int_t)rs, (json_int_t)re));
                json_object_set_new(obj, "lang", json_string(sp[k].lang));
                json_object_set_new(obj, "text", json_string(text));
                if (many) json_object_set_new(obj, "file", json_string(argv[i]));
                char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (line) puts(line);
                free(line);
                json_decref(obj);
            } else {
                for (char *p = text; *p; p++)
                    if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
                puts(text);
            }
            free(text);
        }
        free(sp);
        kg_mapped_text_free(&norm);
        kg_doc_free(doc);
    }
    kg_text_cleanup();
    return status;
}
