/* kg ingest: extracts the claims of articles and stores them, each article atomically
 * (its own savepoint in a transaction shared by up to 256 articles). A file that cannot
 * be read or stored is reported and skipped; the others are still stored. */
/* realpath is an X/Open function. */
#undef _POSIX_C_SOURCE
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "kg_arena.h"
#include "kg_pipeline.h"
#include "kg_sha256.h"
#include "kg_store.h"
#include "claims_in.h"
#include "parallel.h"

static const char usage_text[] =
    "usage: kg ingest [--db FILE] [--lenient] [--force] [--jobs N] [--quiet] PATH...\n"
    "       kg ingest --claims [--db FILE] [--quiet] CLAIMS.jsonl...\n"
    "\n"
    "Extracts the claims of articles and stores them in the database. A PATH is a file,\n"
    "a directory (searched recursively for .txt .md .markdown .html .htm files, skipping\n"
    "hidden entries and README files), or - for standard input. Each article is stored\n"
    "whole or not at all; articles are committed in groups of up to 256 or one second,\n"
    "so an interrupted ingest loses at most its last group (run it again to complete it).\n"
    "An article is known by the canonical path of its file (so corpus, ./corpus and\n"
    "$PWD/corpus are the same articles); standard input by its front-matter id, else\n"
    "its url, else its SHA-256 (keys id:ID, url:URL, sha256:HEX). An unchanged article\n"
    "is skipped, a changed one is replaced. A file holding the bytes of an article\n"
    "stored under another path is that article and is not stored again; one with the\n"
    "front-matter id of a stored article is a new version of it and replaces it.\n"
    "\n"
    "  --db FILE   the database (default: $KG_DB, else out/kg.sqlite); its directory is\n"
    "              created when missing\n"
    "  --lenient   accept invalid UTF-8 (replaced by U+FFFD, with a warning)\n"
    "  --force     extract and store unchanged articles again (after editing rules)\n"
    "  --jobs N    extract on N threads (the database is written by one)\n"
    "  --claims    the files hold claims as `kg extract --format jsonl` writes them (the\n"
    "              output of mappers, see the README): each article is rebuilt from its\n"
    "              claims and evidence sentences and stored; '-' reads standard input\n"
    "  --quiet     print only errors\n"
    "\n"
    "Errors name the file and where in it. Exit status: 0 all stored; 1 some file failed\n"
    "(the others were stored); 2 usage; 3 the database or the rules could not be opened.\n";

typedef struct ingest {
    const kg_extractor *ex;
    kg_store *store;
    kg_extract_options opts;
    bool quiet, progress, force;
    size_t ingested, unchanged, failed, seen;
    char **files;           /* every file to ingest, found before any is read */
    char **keys;            /* each file's canonical path; NULL for standard input */
    size_t n_files, cap_files, cap_keys, next;
} ingest;

static bool wanted_extension(const char *name) {
    static const char *const exts[] = {".txt", ".md", ".markdown", ".html", ".htm"};
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcmp(dot, exts[i])) return true;
    return false;
}

static void report(ingest *in, const kg_error *err) {
    char msg[1200];
    kg_error_format(err, msg, sizeof msg);
    if (in->progress) fputs("\r\033[K", stderr);
    fprintf(stderr, "kg ingest: %s\n", msg);
}

/* One file on its way into the database. Looked up in the database on the main thread
 * (next_file); read, compared with what is stored, parsed, extracted and hashed on a
 * worker (extract_file); stored on the main thread (store_file): the main thread,
 * which writes the database, does as little else as it can. */
typedef struct job {
    char *path;            /* as given: the name messages use */
    char *key;             /* the article's key in the database (ingest's own string or,
                            * for standard input, the job's: key_own) */
    char *key_own;
    bool stored;           /* the database holds path, with stored_hash and stored_bytes */
    char stored_hash[65];
    long long stored_bytes;
    kg_article *article;
    char hash[65];         /* content hash of article->doc->raw */
    kg_error err;
    bool failed, unchanged;
} job;

static void *next_file(void *ctx) {
    ingest *in = ctx;
    if (in->next >= in->n_files) return NULL;
    job *j = kg_xcalloc(1, sizeof *j);
    j->key = in->keys[in->next];
    j->path = in->files[in->next++];
    kg_error_clear(&j->err);
    in->seen++;
    if (in->progress) fprintf(stderr, "\r\033[K[%zu/%zu] %s", in->seen, in->n_files, j->path);
    if (!in->force && j->key &&
        kg_store_lookup(in->store, j->key, &j->stored, j->stored_hash, &j->stored_bytes,
                        &j->err) != KG_OK)
        j->failed = true;
    return j;
}

/* The key of an article read from standard input: its front-matter id, else its url,
 * else its content hash. */
static char *stdin_key(const kg_doc *doc, const char *hash) {
    const char *kind = "sha256", *value = hash;
    if (doc->id && doc->id[0]) kind = "id", value = doc->id;
    else if (doc->url && doc->url[0]) kind = "url", value = doc->url;
    size_t len = strlen(kind) + strlen(value) + 2;
    char *key = kg_xmalloc(len);
    snprintf(key, len, "%s:%s", kind, value);
    return key;
}

static void *extract_file(void *ctx, void *p) {
    ingest *in = ctx;
    job *j = p;
    if (j->failed) return j;
    char *raw = NULL;
    size_t raw_len = 0;
    if (kg_read_file(j->path, &raw, &raw_len, &j->err) != KG_OK) {
        j->failed = true;
        return j;
    }
    j->hash[0] = '\0';
    if (j->stored &&
        kg_store_same_content(j->stored_hash, j->stored_bytes, raw, raw_len, j->hash)) {
        j->unchanged = true;
    } else {
        kg_read_options ro = in->opts.read;
        kg_doc *doc = NULL;
        if (kg_doc_parse(j->path, raw, raw_len, &ro, &doc, &j->err) != KG_OK)
            j->failed = true;
        else if (kg_extract_doc(in->ex, doc, &in->opts, &j->article, &j->err) != KG_OK)
            j->failed = true; /* doc is owned by the article, or freed on error */
        else if (!j->hash[0]) /* not hashed yet: the stored size differs */
            kg_sha256_hex(j->article->doc->raw, j->article->doc->raw_len, j->hash);
        if (!j->failed && !j->key) j->key = j->key_own = stdin_key(j->article->doc, j->hash);
    }
    free(raw);
    return j;
}

/* Articles counted as ingested whose group then failed to commit are failed after all
 * (the store's error says how many). Returns how many. */
static size_t count_lost(ingest *in) {
    size_t lost = kg_store_take_lost(in->store);
    size_t n = lost < in->ingested ? lost : in->ingested;
    in->ingested -= n;
    in->failed += lost;
    return lost;
}

static void store_file(void *ctx, void *p, void *q) {
    ingest *in = ctx;
    job *j = p;
    (void)q;
    if (j->failed) {
        if (!j->err.file[0]) snprintf(j->err.file, sizeof j->err.file, "%s", j->path);
        report(in, &j->err);
        in->failed++;
    } else if (j->unchanged) {
        in->unchanged++;
    } else {
        kg_article *a = j->article;
        if (!in->quiet && a->doc->warnings && *a->doc->warnings) {
            if (in->progress) fputs("\r\033[K", stderr);
            const char *w = a->doc->warnings;
            while (*w) {
                const char *eol = strchr(w, '\n');
                int n = eol ? (int)(eol - w) : (int)strlen(w);
                fprintf(stderr, "kg ingest: %s: warning: %.*s\n", j->path, n, w);
                w += n + (eol ? 1 : 0);
            }
        }
        kg_store_outcome outcome;
        char *same_as = NULL;
        if (kg_store_put_keyed(in->store, a, j->key, j->hash, kg_extractor_lexicon(in->ex),
                               &outcome, &same_as, &j->err) != KG_OK) {
            if (!j->err.file[0]) snprintf(j->err.file, sizeof j->err.file, "%s", j->path);
            report(in, &j->err);
            in->failed++;
            count_lost(in);
        } else {
            if (same_as && !in->quiet) {
                if (in->progress) fputs("\r\033[K", stderr);
                if (outcome == KG_STORE_UNCHANGED)
                    fprintf(stderr, "kg ingest: %s: the same bytes as %s: not stored again\n",
                            j->path, same_as);
                else
                    fprintf(stderr, "kg ingest: %s: the same id '%s' as %s: replaces it\n", j->path,
                            a->doc->id ? a->doc->id : "", same_as);
            }
            if (outcome == KG_STORE_UNCHANGED) in->unchanged++;
            else in->ingested++;
        }
        free(same_as);
    }
    kg_article_free(j->article);
    free(j->key_own);
    free(j);
}

/* Adds a file to ingest, with its key: its canonical path (realpath), so that every
 * spelling of a path names one article; standard input ("-") has none yet. */
static void add_file(ingest *in, const char *path) {
    char *key = NULL;
    if (strcmp(path, "-") != 0) {
        key = realpath(path, NULL);
        if (!key) key = kg_xstrdup(path); /* reading it will say what is wrong */
    }
    size_t n = in->n_files;
    KG_PUSH(in->keys, n, in->cap_keys, key);
    KG_PUSH(in->files, in->n_files, in->cap_files, kg_xstrdup(path));
}

/* --claims: stores the articles of one claim file. */
static void ingest_claims(ingest *in, const char *path) {
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        kg_error err;
        kg_error_set(&err, KG_EIO, path, 0, 0, -1, "%s", strerror(errno));
        report(in, &err);
        in->failed++;
        return;
    }
    kg_claims_reader *r = kg_claims_reader_new(f, path);
    for (;;) {
        kg_article *a = NULL;
        kg_error err;
        kg_error_clear(&err);
        if (kg_claims_reader_next(r, &a, &err) != KG_OK) {
            report(in, &err);
            in->failed++;
            continue;
        }
        if (!a) break;
        kg_store_outcome outcome;
        if (kg_store_put_article(in->store, a, kg_extractor_lexicon(in->ex), &outcome, &err) != KG_OK) {
            report(in, &err);
            in->failed++;
            count_lost(in);
        } else if (outcome == KG_STORE_UNCHANGED) {
            in->unchanged++;
        } else {
            in->ingested++;
        }
        kg_article_free(a);
    }
    kg_claims_reader_free(r);
    if (f != stdin) fclose(f);
}

static int by_string(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ingest_path(ingest *in, const char *path, bool named, int depth) {
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        add_file(in, path);
        return;
    }
    if (stat(path, &sb) != 0) {
        kg_error err;
        kg_error_set(&err, KG_EIO, path, 0, 0, -1, "%s", strerror(errno));
        report(in, &err);
        in->failed++;
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (named || wanted_extension(path)) add_file(in, path);
        return;
    }
    if (depth > 64) return; /* a symlink loop */
    DIR *d = opendir(path);
    if (!d) {
        kg_error err;
        kg_error_set(&err, KG_EIO, path, 0, 0, -1, "cannot read the directory: %s", strerror(errno));
        report(in, &err);
        in->failed++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        /* Hidden entries and READMEs (documentation beside articles) are not articles. */
        if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6)) continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = kg_xmalloc(len);
        snprintf(child, len, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        KG_PUSH(names, n, cap, child);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_string);
    for (size_t i = 0; i < n; i++) {
        ingest_path(in, names[i], false, depth + 1);
        free(names[i]);
    }
    free(names);
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path) {
    char *dir = kg_xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; *p; p++) {
            if (*p != '/') continue;
            *p = '\0';
            if (mkdir(dir, 0777) != 0 && errno != EEXIST) rc = -1;
            *p = '/';
        }
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) rc = -1;
    }
    free(dir);
    return rc;
}

int kg_cmd_ingest(int argc, char **argv) {
    const char *db = NULL;
    int jobs = 1;
    bool claims = false;
    ingest in;
    memset(&in, 0, sizeof in);
    char **paths = kg_xcalloc((size_t)argc + 1, sizeof *paths);
    size_t n_paths = 0;
    bool options_done = false;
    const char *value = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || !a[1]) {
            paths[n_paths++] = argv[i];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            free(paths);
            return KG_EXIT_OK;
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            db = a + 5;
        } else if (!strcmp(a, "--lenient")) {
            in.opts.read.lenient = true;
        } else if (kg_cli_option(argc, argv, &i, "--jobs", &value) > 0) {
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 256) {
                kg_cli_error("ingest", "--jobs takes a number from 1 to 256");
                free(paths);
                return KG_EXIT_USAGE;
            }
            jobs = (int)n;
        } else if (!strcmp(a, "--claims")) {
            claims = true;
        } else if (!strcmp(a, "--force")) {
            in.force = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            in.quiet = true;
        } else if (!strcmp(a, "--")) {
            options_done = true;
        } else {
            if (!strcmp(a, "--db") || !strcmp(a, "--jobs"))
                kg_cli_error("ingest", "%s needs a value (kg ingest --help)", a);
            else
                kg_cli_error("ingest", "unknown option '%s' (kg ingest --help)", a);
            free(paths);
            return KG_EXIT_USAGE;
        }
    }
    if (n_paths == 0) {
        free(paths);
        kg_cli_error("ingest", "no PATH given (kg ingest --help)");
        return KG_EXIT_USAGE;
    }
    db = kg_cli_db_path(db);
    in.progress = !in.quiet && isatty(STDERR_FILENO);

    kg_error err;
    kg_error_clear(&err);
    char msg[1200];
    if (make_parent(db) != 0) {
        kg_cli_error("ingest", "%s: cannot create its directory: %s", db, strerror(errno));
        free(paths);
        return KG_EXIT_DATA;
    }
    kg_extractor *ex = NULL;
    if (kg_extractor_new(NULL, &ex, &err) != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("ingest", "%s", msg);
        free(paths);
        return KG_EXIT_DATA;
    }
    in.ex = ex;
    if (kg_store_open(db, NULL, &in.store, &err) != KG_OK) {
        kg_error_format(&err, msg, sizeof msg);
        kg_cli_error("ingest", "%s", msg);
        kg_extractor_free(ex);
        free(paths);
        return KG_EXIT_DATA;
    }
    kg_store_rewrite_unchanged(in.store, in.force);
    /* Up to 256 articles, or one second's worth, share a transaction (each article in
     * its own savepoint): committing each article alone rewrote the shared index and
     * FTS pages into the WAL thousands of times. A crash loses only the uncommitted
     * group (whole articles), which the rerun stores; readers see whole articles. */
    kg_store_group_commits(in.store, 256, 1000);
    if (claims) {
        for (size_t i = 0; i < n_paths; i++) ingest_claims(&in, paths[i]);
    } else {
        for (size_t i = 0; i < n_paths; i++) ingest_path(&in, paths[i], true, 0);
        kg_parallel_ops ops = {next_file, extract_file, store_file, 1};
        kg_parallel_run(jobs, &ops, &in);
    }
    if (kg_store_flush(in.store, &err) != KG_OK) {
        report(&in, &err);
        if (!count_lost(&in)) in.failed++;
    }
    for (size_t i = 0; i < in.n_files; i++) {
        free(in.files[i]);
        free(in.keys[i]);
    }
    free(in.files);
    free(in.keys);
    if (in.progress) fputs("\r\033[K", stderr);
    if (!in.quiet)
        fprintf(stderr, "ingested %zu, unchanged %zu, failed %zu\n", in.ingested, in.unchanged,
                in.failed);
    kg_store_close(in.store);
    kg_extractor_free(ex);
    free(paths);
    return in.failed ? KG_EXIT_INPUT : KG_EXIT_OK;
}
