/* kg_query: see kg_query.h. */
#include "kg_query.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kg_arena.h"
#include "kg_data.h"
#include "kg_typed.h"

int kg_output_format_parse(const char *name, kg_output_format *out) {
    static const struct {
        const char *name;
        kg_output_format format;
    } formats[] = {{"table", KG_OUT_TABLE}, {"csv", KG_OUT_CSV}, {"tsv", KG_OUT_TSV}, {"json", KG_OUT_JSON}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcmp(name, formats[i].name)) {
            *out = formats[i].format;
            return KG_OK;
        }
    return KG_EUSAGE;
}

/* ---- canned query files ---- */

void kg_query_free(kg_canned_query *q) {
    if (!q) return;
    for (size_t i = 0; i < q->n_defaults; i++) {
        free((char *)q->defaults[i].name);
        free((char *)q->defaults[i].value);
    }
    free(q->defaults);
    for (size_t i = 0; i < q->n_forms; i++) {
        free((char *)q->forms[i].name);
        free((char *)q->forms[i].value);
    }
    free(q->forms);
    free(q->name);
    free(q->path);
    free(q->answers);
    free(q->params);
    free(q->sql);
    free(q);
}

static bool valid_name(const char *name) {
    if (!*name) return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') return false;
    return true;
}

static char *trimmed(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return kg_xstrndup(s, n);
}

/* Reads the header comment lines: "-- key: value". */
static void parse_header(kg_canned_query *q) {
    size_t cap = 0, forms_cap = 0;
    const char *p = q->sql;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        const char *next = eol ? eol + 1 : p + n;
        char *line = trimmed(p, n);
        if (!*line) {
            free(line);
            p = next;
            continue;
        }
        if (strncmp(line, "--", 2)) {
            free(line);
            break;
        }
        const char *body = line + 2;
        while (*body == ' ') body++;
        const char *colon = strchr(body, ':');
        if (colon) {
            size_t klen = (size_t)(colon - body);
            const char *value = colon + 1;
            if (klen == 7 && !strncmp(body, "answers", 7)) {
                free(q->answers);
                q->answers = trimmed(value, strlen(value));
            } else if (klen == 6 && !strncmp(body, "params", 6)) {
                free(q->params);
                q->params = trimmed(value, strlen(value));
            } else if (klen == 7 && !strncmp(body, "default", 7)) {
                /* -- default: :name value */
                while (*value == ' ') value++;
                if (*value == ':') value++;
                const char *sp = value;
                while (*sp && !isspace((unsigned char)*sp)) sp++;
                if (sp > value) {
                    kg_query_param d = {kg_xstrndup(value, (size_t)(sp - value)), trimmed(sp, strlen(sp))};
                    KG_PUSH(q->defaults, q->n_defaults, cap, d);
                }
            } else if (klen == 4 && !strncmp(body, "form", 4)) {
                /* -- form: :name fts|entity */
                while (*value == ' ') value++;
                if (*value == ':') value++;
                const char *sp = value;
                while (*sp && !isspace((unsigned char)*sp)) sp++;
                if (sp > value) {
                    kg_query_param f = {kg_xstrndup(value, (size_t)(sp - value)), trimmed(sp, strlen(sp))};
                    KG_PUSH(q->forms, q->n_forms, forms_cap, f);
                }
            }
        }
        free(line);
        p = next;
    }
}

static int load_path(const char *path, const char *name, kg_canned_query **out, kg_error *err) {
    char *sql = kg_data_slurp(path, NULL);
    if (!sql) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read the query file");
    kg_canned_query *q = kg_xcalloc(1, sizeof *q);
    q->name = kg_xstrdup(name);
    q->path = kg_xstrdup(path);
    q->answers = kg_xstrdup("");
    q->params = kg_xstrdup("");
    q->sql = sql;
    parse_header(q);
    *out = q;
    return KG_OK;
}

static bool is_canned_file(const char *file) {
    size_t n = strlen(file);
    if (n <= 4 || strcmp(file + n - 4, ".sql")) return false;
    if (!strcmp(file, "schema.sql") || !strncmp(file, "migrate-", 8)) return false;
    char *stem = kg_xstrndup(file, n - 4);
    bool ok = valid_name(stem);
    free(stem);
    return ok;
}

int kg_query_load(const char *data_dir, const char *name, kg_canned_query **out, kg_error *err) {
    *out = NULL;
    char file[300];
    if (strlen(name) > 200 || !valid_name(name) ||
        (snprintf(file, sizeof file, "%s.sql", name), !is_canned_file(file)))
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "'%s' is not a query name (kg query --list lists them)", name);
    char rel[320];
    snprintf(rel, sizeof rel, "queries/%s", file);
    char *path = kg_data_path(data_dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                     "no canned query named '%s' (kg query --list lists them)", name);
        free(path);
        return KG_EUSAGE;
    }
    fclose(f);
    int rc = load_path(path, name, out, err);
    free(path);
    return rc;
}

void kg_query_list_free(kg_canned_query **list, size_t count) {
    if (!list) return;
    for (size_t i = 0; i < count; i++) kg_query_free(list[i]);
    free(list);
}

static int by_name(const void *a, const void *b) {
    return strcmp((*(kg_canned_query *const *)a)->name, (*(kg_canned_query *const *)b)->name);
}

int kg_query_list(const char *data_dir, kg_canned_query ***out, size_t *count, kg_error *err) {
    *out = NULL;
    *count = 0;
    char *dir = kg_data_path(data_dir, "queries");
    DIR *d = opendir(dir);
    if (!d) {
        kg_error_set(err, KG_EIO, dir, 0, 0, -1, "cannot list the canned queries: %s", strerror(errno));
        free(dir);
        return KG_EIO;
    }
    kg_canned_query **list = NULL;
    size_t n = 0, cap = 0;
    int rc = KG_OK;
    struct dirent *e;
    while (rc == KG_OK && (e = readdir(d)) != NULL) {
        if (!is_canned_file(e->d_name)) continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = kg_xmalloc(len);
        snprintf(path, len, "%s/%s", dir, e->d_name);
        char *name = kg_xstrndup(e->d_name, strlen(e->d_name) - 4);
        kg_canned_query *q = NULL;
        rc = load_path(path, name, &q, err);
        if (rc == KG_OK) KG_PUSH(list, n, cap, q);
        free(name);
        free(path);
    }
    closedir(d);
    free(dir);
    if (rc != KG_OK) {
        kg_query_list_free(list, n);
        return rc;
    }
    if (n) qsort(list, n, sizeof *list, by_name);
    *out = list;
    *count = n;
    return KG_OK;
}

int kg_query_param_parse(char *arg, kg_query_param *out, kg_error *err) {
    char *eq = strchr(arg, '=');
    const char *name = arg[0] == ':' ? arg + 1 : arg;
    if (!eq || eq <= name)
        return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                            "--param wants NAME=VALUE, got '%s'", arg);
    for (const char *p = name; p < eq; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                                "--param '%s': a name has only letters, digits and '_'", arg);
    *eq = '\0';
    out->name = name;
    out->value = eq + 1;
    return KG_OK;
}

kg_query_param *kg_query_typed_params(const kg_canned_query *q, const kg_query_param *ps, size_t n) {
    kg_query_param *typed = kg_xcalloc(n ? n : 1, sizeof *typed);
    for (size_t i = 0; i < n; i++) {
        const char *form = "text";
        for (size_t k = 0; q && k < q->n_forms; k++)
            if (!strcmp(q->forms[k].name, ps[i].name)) form = q->forms[k].value;
        typed[i].name = ps[i].name;
        typed[i].value = !strcmp(form, "fts")      ? kg_typed_fts(ps[i].value)
                         : !strcmp(form, "entity") ? kg_typed_entity(ps[i].value)
                                                   : kg_typed_text(ps[i].value);
    }
    return typed;
}

void kg_query_typed_free(kg_query_param *typed, size_t n) {
    if (!typed) return;
    for (size_t i = 0; i < n; i++) free((char *)typed[i].value);
    free(typed);
}

/* ---- display width ---- */

size_t kg_display_width(const char *s, size_t len) {
    size_t width = 0;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0) {
            width++;
            continue;
        }
        int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
            type == U_CONTROL_CHAR)
            continue;
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return width;
}

/* ---- results ---- */

typedef struct cell {
    char *text;   /* NULL for SQL NULL */
    size_t len;
    int type;     /* SQLITE_INTEGER, ... */
    double real;
    sqlite3_int64 integer;
} cell;

typedef struct result {
    int ncols;
    char **names;
    cell *cells;  /* row-major */
    size_t nrows, cap;
} result;

/* Rows held before they are printed: a table sets its column widths from its first
 * KG_TABLE_ROWS rows; other formats print every KG_STREAM_ROWS rows. */
#define KG_TABLE_ROWS 1000
#define KG_STREAM_ROWS 64

static void result_free(result *r) {
    for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++) free(r->cells[i].text);
    for (int i = 0; i < r->ncols; i++) free(r->names[i]);
    free(r->names);
    free(r->cells);
}

static char *hex_blob(const unsigned char *b, size_t n) {
    static const char digits[] = "0123456789abcdef";
    char *s = kg_xmalloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = digits[b[i] >> 4];
        s[2 * i + 1] = digits[b[i] & 15];
    }
    s[2 * n] = '\0';
    return s;
}

static void add_row(result *r, sqlite3_stmt *st) {
    size_t need = (r->nrows + 1) * (size_t)r->ncols;
    kg_grow((void **)&r->cells, &r->cap, need, sizeof *r->cells);
    cell *row = r->cells + r->nrows * (size_t)r->ncols;
    for (int i = 0; i < r->ncols; i++) {
        cell *c = &row[i];
        memset(c, 0, sizeof *c);
        c->type = sqlite3_column_type(st, i);
        if (c->type == SQLITE_NULL) continue;
        if (c->type == SQLITE_BLOB) {
            c->len = (size_t)sqlite3_column_bytes(st, i);
            c->text = hex_blob(sqlite3_column_blob(st, i), c->len);
            c->len *= 2;
            continue;
        }
        if (c->type == SQLITE_INTEGER) c->integer = sqlite3_column_int64(st, i);
        if (c->type == SQLITE_FLOAT) c->real = sqlite3_column_double(st, i);
        const unsigned char *t = sqlite3_column_text(st, i);
        c->len = (size_t)sqlite3_column_bytes(st, i);
        c->text = kg_xstrndup(t ? (const char *)t : "", c->len);
    }
    r->nrows++;
}

/* Drops the held rows (the names stay). */
static void result_clear(result *r) {
    for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++) free(r->cells[i].text);
    r->nrows = 0;
}

/* Table cells show control characters (newline, tab) as spaces. */
static void put_flat(FILE *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) fputc((unsigned char)s[i] < 0x20 ? ' ' : s[i], out);
}

/* Width of a cell as put_flat prints it. */
static size_t cell_width(const char *s, size_t n) {
    size_t w = kg_display_width(s, n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20) w++;
    return w;
}

static void pad(FILE *out, size_t n) {
    while (n--) fputc(' ', out);
}

/* Table layout: column widths and alignment from the rows held so far (the first
 * KG_TABLE_ROWS of a result); later rows are printed with the same widths, a wider cell
 * pushing the rest of its line right. */
typedef struct table {
    size_t *w;
    bool *right;
} table;

static void table_layout(const result *r, table *t) {
    t->w = kg_xcalloc((size_t)r->ncols, sizeof *t->w);
    t->right = kg_xcalloc((size_t)r->ncols, sizeof *t->right);
    for (int j = 0; j < r->ncols; j++) {
        t->w[j] = cell_width(r->names[j], strlen(r->names[j]));
        bool numeric = r->nrows > 0;
        for (size_t i = 0; i < r->nrows; i++) {
            const cell *c = &r->cells[i * (size_t)r->ncols + (size_t)j];
            if (c->text) {
                size_t cw = cell_width(c->text, c->len);
                if (cw > t->w[j]) t->w[j] = cw;
            }
            if (c->type != SQLITE_INTEGER && c->type != SQLITE_FLOAT && c->type != SQLITE_NULL)
                numeric = false;
        }
        t->right[j] = numeric;
    }
}

/* Prints line i of a table: 0 the names, 1 the rule, 2 + k row k of r. */
static void table_line(const result *r, const table *t, size_t i, FILE *out) {
    for (int j = 0; j < r->ncols; j++) {
        bool last = j == r->ncols - 1;
        const char *text = "";
        size_t len = 0;
        if (i == 0) {
            text = r->names[j];
            len = strlen(text);
        } else if (i >= 2) {
            const cell *c = &r->cells[(i - 2) * (size_t)r->ncols + (size_t)j];
            if (c->text) text = c->text, len = c->len;
        }
        if (j > 0) fputs("  ", out);
        if (i == 1) {
            for (size_t k = 0; k < t->w[j]; k++) fputc('-', out);
            continue;
        }
        size_t cw = cell_width(text, len);
        if (t->right[j] && cw < t->w[j]) pad(out, t->w[j] - cw);
        put_flat(out, text, len);
        if (!t->right[j] && !last && cw < t->w[j]) pad(out, t->w[j] - cw);
    }
    fputc('\n', out);
}

static void csv_field(FILE *out, const char *s, size_t n) {
    bool quote = false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = true;
    if (!quote) {
        fwrite(s, 1, n, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fputc('"', out);
        fputc(s[i], out);
    }
    fputc('"', out);
}

static void tsv_field(FILE *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\\': fputs("\\\\", out); break;
        default: fputc(s[i], out);
        }
    }
}

/* CSV ends records with CRLF as RFC 4180 says; TSV with LF. NULL is an empty field.
 * Prints the names (header) or else every held row. */
static void print_delimited(const result *r, FILE *out, bool csv, bool header) {
    size_t lines = header ? 1 : r->nrows;
    for (size_t i = 0; i < lines; i++) {
        for (int j = 0; j < r->ncols; j++) {
            if (j > 0) fputc(csv ? ',' : '\t', out);
            const cell *c = header ? NULL : &r->cells[i * (size_t)r->ncols + (size_t)j];
            const char *text = header ? r->names[j] : c->text;
            size_t len = header ? strlen(text) : c->len;
            if (!text) continue;
            if (csv)
                csv_field(out, text, len);
            else
                tsv_field(out, text, len);
        }
        fputs(csv ? "\r\n" : "\n", out);
    }
}

/* A JSON string from bytes that may not be valid UTF-8 (invalid bytes become U+FFFD). */
static json_t *json_text(const char *s, size_t n) {
    json_t *j = json_stringn(s, n);
    if (j) return j;
    char *fixed = kg_xmalloc(3 * n + 1);
    size_t k = 0;
    int32_t i = 0;
    while (i < (int32_t)n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c < 0 || c == 0) {
            memcpy(fixed + k, "\xEF\xBF\xBD", 3);
            k += 3;
        } else {
            memcpy(fixed + k, s + start, (size_t)(i - start));
            k += (size_t)(i - start);
        }
    }
    j = json_stringn(fixed, k);
    free(fixed);
    return j ? j : json_string("");
}

/* Prints the held rows as members of a JSON array, each laid out as json_dumpf with
 * JSON_INDENT(2) lays out an array member, so the whole is the array jansson would
 * write; *first says whether a member was printed before. */
static int print_json_rows(const result *r, FILE *out, bool *first, kg_error *err) {
    for (size_t i = 0; i < r->nrows; i++) {
        json_t *obj = json_object();
        for (int j = 0; j < r->ncols; j++) {
            const cell *c = &r->cells[i * (size_t)r->ncols + (size_t)j];
            json_t *v;
            switch (c->type) {
            case SQLITE_NULL: v = json_null(); break;
            case SQLITE_INTEGER: v = json_integer((json_int_t)c->integer); break;
            case SQLITE_FLOAT: v = json_real(c->real); break;
            default: v = json_text(c->text, c->len);
            }
            json_object_set_new(obj, r->names[j], v);
        }
        char *text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(obj);
        if (!text) return kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1, "cannot write the JSON output");
        fputs(*first ? "[\n  " : ",\n  ", out);
        *first = false;
        for (const char *p = text; *p; p++) {
            fputc(*p, out);
            if (*p == '\n') fputs("  ", out); /* strings hold no raw newline */
        }
        free(text);
    }
    return KG_OK;
}

/* ---- running ---- */

static const kg_query_param *find_param(const kg_query_param *ps, size_t n, const char *name) {
    for (size_t i = n; i-- > 0;)
        if (!strcmp(ps[i].name, name)) return &ps[i];
    return NULL;
}

static int bind_value(sqlite3_stmt *st, int i, const char *v) {
    const char *p = v;
    if (*p == '-') p++;
    bool integer = *p && strlen(p) < 19;
    for (; integer && *p; p++)
        if (!isdigit((unsigned char)*p)) integer = false;
    /* "007" stays text so that it compares equal to the text '007'. */
    if (integer && !(v[0] == '0' && v[1]) && !(v[0] == '-' && v[1] == '0'))
        return sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Appends s to a heap string list "a, b" unless present. */
static void list_add(char **list, const char *s) {
    if (*list) {
        size_t n = strlen(s);
        for (const char *p = *list; (p = strstr(p, s)) != NULL; p += n)
            if ((p == *list || (p - *list >= 2 && p[-2] == ',')) && (p[n] == '\0' || p[n] == ',')) return;
    }
    size_t old = *list ? strlen(*list) : 0;
    *list = kg_xrealloc(*list, old + strlen(s) + 3);
    if (old)
        sprintf(*list + old, ", %s", s);
    else
        strcpy(*list, s);
}

/* Runs one statement, printing its rows as they come: held KG_STREAM_ROWS at a time
 * (KG_TABLE_ROWS for a table's first lines, which set its column widths), so memory
 * stays bounded however many rows a statement returns. Stops at a failed write. */
static int run_one(sqlite3 *db, sqlite3_stmt *st, kg_output_format format, bool *printed, FILE *out,
                   kg_error *err) {
    result r;
    memset(&r, 0, sizeof r);
    r.ncols = sqlite3_column_count(st);
    if (r.ncols > 0) {
        r.names = kg_xcalloc((size_t)r.ncols, sizeof *r.names);
        for (int j = 0; j < r.ncols; j++) {
            const char *nm = sqlite3_column_name(st, j);
            r.names[j] = kg_xstrdup(nm ? nm : "");
        }
    }
    int rc, status = KG_OK;
    bool started = false, first = true;
    table t = {NULL, NULL};
    size_t held = format == KG_OUT_TABLE ? KG_TABLE_ROWS : KG_STREAM_ROWS;
    for (;;) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) add_row(&r, st);
        bool flush = r.ncols > 0 && (r.nrows >= held || (rc == SQLITE_DONE));
        if (!flush) {
            if (rc == SQLITE_ROW) continue;
            break;
        }
        if (!started) {
            if (*printed && format == KG_OUT_TABLE) fputc('\n', out);
            *printed = started = true;
            if (format == KG_OUT_TABLE) {
                table_layout(&r, &t);
                table_line(&r, &t, 0, out);
                table_line(&r, &t, 1, out);
            } else if (format != KG_OUT_JSON) {
                print_delimited(&r, out, format == KG_OUT_CSV, true);
            }
        }
        switch (format) {
        case KG_OUT_TABLE:
            for (size_t i = 0; i < r.nrows; i++) table_line(&r, &t, i + 2, out);
            break;
        case KG_OUT_CSV: print_delimited(&r, out, true, false); break;
        case KG_OUT_TSV: print_delimited(&r, out, false, false); break;
        case KG_OUT_JSON: status = print_json_rows(&r, out, &first, err); break;
        }
        result_clear(&r);
        held = KG_STREAM_ROWS;
        if (status == KG_OK && ferror(out))
            status = kg_error_set(err, KG_EIO, NULL, 0, 0, -1, "writing output failed");
        if (status != KG_OK || rc != SQLITE_ROW) break;
    }
    if (status == KG_OK && rc != SQLITE_DONE) {
        if (rc == SQLITE_NOMEM)
            status = kg_error_set(err, KG_EINTERNAL, NULL, 0, 0, -1,
                                  "out of memory running the SQL (%s)", sqlite3_errmsg(db));
        else if (rc == SQLITE_INTERRUPT)
            status = kg_error_set(err, KG_ELIMIT, NULL, 0, 0, -1,
                                  "the SQL ran past --timeout and was stopped");
        else
            status = kg_error_set(err, KG_EDB, NULL, 0, 0, -1, "%s", sqlite3_errmsg(db));
    }
    if (status == KG_OK && format == KG_OUT_JSON && started) fputs(first ? "[]\n" : "\n]\n", out);
    free(t.w);
    free(t.right);
    result_free(&r);
    return status;
}

/* Whether sql starts with a verb that writes (for a clear message when SQLite refuses
 * such a statement before the read-only check could see it). */
static bool writing_verb(const char *sql) {
    static const char *const verbs[] = {"insert", "update", "delete", "replace", "create", "drop",
                                        "alter", "attach", "detach", "vacuum", "reindex", "analyze"};
    while (isspace((unsigned char)*sql)) sql++;
    size_t n = 0;
    while (isalpha((unsigned char)sql[n])) n++;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strlen(verbs[i]) == n && !strncasecmp(sql, verbs[i], n)) return true;
    return false;
}

int kg_query_run(sqlite3 *db, const char *sql, const kg_query_param *params, size_t n_params,
                 const kg_query_param *defaults, size_t n_defaults, kg_output_format format,
                 FILE *out, kg_error *err) {
    sqlite3_stmt **sts = NULL;
    size_t n = 0, cap = 0;
    int status = KG_OK;
    char *missing = NULL, *wanted = NULL;
    bool *used = kg_xcalloc(n_params ? n_params : 1, sizeof *used);
    const char *tail = sql;

    /* Prepare every statement first: parameters are checked before anything runs. */
    while (status == KG_OK && tail && *tail) {
        sqlite3_stmt *st = NULL;
        const char *next = NULL;
        int rc = sqlite3_prepare_v2(db, tail, -1, &st, &next);
        if (rc != SQLITE_OK) {
            if ((rc & 0xff) == SQLITE_AUTH || writing_verb(tail))
                status = kg_error_set(err, KG_EDB, NULL, 0, 0, -1,
                                      "the database is opened read-only; only SELECT and "
                                      "read-only PRAGMA statements run here (%s)",
                                      sqlite3_errmsg(db));
            else
                status = kg_error_set(err, KG_EDB, NULL, 0, 0, (long long)(tail - sql), "%s",
                                      sqlite3_errmsg(db));
            break;
        }
        tail = next;
        if (!st) continue; /* only whitespace or comments were left */
        KG_PUSH(sts, n, cap, st);
        if (!sqlite3_stmt_readonly(st)) {
            status = kg_error_set(err, KG_EDB, NULL, 0, 0, -1,
                                  "the database is opened read-only; this statement would "
                                  "change it: %.120s",
                                  sqlite3_sql(st));
            break;
        }
        for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
            const char *pn = sqlite3_bind_parameter_name(st, i);
            if (!pn || pn[0] == '?') {
                status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                                      "positional parameters (?) are not supported; use :name");
                break;
            }
            const char *bare = pn + 1;
            list_add(&wanted, pn);
            const kg_query_param *p = find_param(params, n_params, bare);
            if (p) {
                used[p - params] = true;
            } else {
                p = find_param(defaults, n_defaults, bare);
                if (!p) {
                    list_add(&missing, pn);
                    continue;
                }
            }
            if (bind_value(st, i, p->value) != SQLITE_OK) {
                status = kg_error_set(err, KG_EDB, NULL, 0, 0, -1, "binding %s: %s", pn, sqlite3_errmsg(db));
                break;
            }
        }
    }
    if (status == KG_OK)
        for (size_t i = 0; i < n_params; i++)
            if (!used[i] && !find_param(params + i + 1, n_params - i - 1, params[i].name)) {
                status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                                      "unknown parameter '%s' (this query takes: %s)", params[i].name,
                                      wanted ? wanted : "no parameters");
                break;
            }
    if (status == KG_OK && missing)
        status = kg_error_set(err, KG_EUSAGE, NULL, 0, 0, -1,
                              "missing parameter(s) %s; give each with --param NAME=VALUE "
                              "(this query takes: %s)",
                              missing, wanted);
    bool printed = false;
    for (size_t i = 0; status == KG_OK && i < n; i++) status = run_one(db, sts[i], format, &printed, out, err);
    if (status == KG_OK && format == KG_OUT_JSON && !printed) fputs("[]\n", out);
    for (size_t i = 0; i < n; i++) sqlite3_finalize(sts[i]);
    free(sts);
    free(used);
    free(missing);
    free(wanted);
    return status;
}
