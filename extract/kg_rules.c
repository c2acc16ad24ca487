/* kg_rules: loading and compiling rule files (format: extract/rules/README.md).
 *
 * Load order: extract/rules/NAME.rules in name order, so macros of common.rules (defined
 * first) are seen by all; then qualifiers-LANG.tsv. Every pattern is expanded (macros),
 * put in kg_normalize form, its slots turned into regex, and compiled once with UTF,
 * UCP, caseless and JIT. Applying lives in kg_match.c, self-tests in kg_ruletest.c. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_buf.h"
#include "kg_data.h"
#include "kg_frames.h"
#include "kg_normalize.h"
#include "kg_regex.h"
#include "kg_rules_int.h"
#include "kg_sort.h"

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static const char *find_macro(const kg_rules *r, const char *name, size_t n) {
    for (size_t i = 0; i < r->n_macros; i++)
        if (strlen(r->macros[i].name) == n && !memcmp(r->macros[i].name, name, n))
            return r->macros[i].body;
    return NULL;
}

/* The length of the escape at p (p[0] == '\\', p[1] != '\0'): two bytes, or through the
 * closing brace of \x{E000}, \p{L}, \N{U+...} — braces there are not slots. */
static size_t escape_len(const char *p) {
    if (isalpha((unsigned char)p[1]) && p[2] == '{') {
        const char *close = strchr(p + 2, '}');
        if (close) return (size_t)(close - p) + 1;
    }
    return 2;
}

/* An expanded pattern is at most this long: macros that use each other several times
 * grow exponentially with their nesting (a rule file of a few hundred bytes could ask
 * for gigabytes), so expansion stops with an error past it. */
#define KG_MAX_EXPANDED_PATTERN ((size_t)1 << 20)

/* Replaces @NAME by the macro's body, recursively (depth-bounded, and size-bounded by
 * KG_MAX_EXPANDED_PATTERN). Returns a malloc'ed string, or NULL with err set when a
 * macro is unknown or the expansion too large. */
static char *expand_macros(const kg_rules *r, const char *text, const char *file, int line,
                           int depth, kg_error *err) {
    if (depth > 16) {
        kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "macros nest too deeply (a cycle?)");
        return NULL;
    }
    kg_buf b = {0};
    kg_buf_add(&b, "", 0);
    for (const char *p = text; *p;) {
        if (*p == '\\' && p[1]) {
            size_t n = escape_len(p);
            kg_buf_add(&b, p, n);
            p += n;
            continue;
        }
        if (*p == '@' && (isupper((unsigned char)p[1]) || p[1] == '_')) {
            const char *q = p + 1;
            while (isupper((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_') q++;
            const char *body = find_macro(r, p + 1, (size_t)(q - p - 1));
            if (!body) {
                kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "unknown macro @%.*s",
                             (int)(q - p - 1), p + 1);
                free(b.s);
                return NULL;
            }
            char *inner = expand_macros(r, body, file, line, depth + 1, err);
            if (!inner) {
                free(b.s);
                return NULL;
            }
            if (b.len + strlen(inner) + 4 > KG_MAX_EXPANDED_PATTERN) {
                kg_error_set(err, KG_ESYNTAX, file, line, 1, -1,
                             "the pattern grows past %zu KiB when its macros are expanded",
                             KG_MAX_EXPANDED_PATTERN >> 10);
                free(inner);
                free(b.s);
                return NULL;
            }
            kg_buf_adds(&b, "(?:");
            kg_buf_adds(&b, inner);
            kg_buf_adds(&b, ")");
            free(inner);
            p = q;
            continue;
        }
        kg_buf_add(&b, p, 1);
        p++;
    }
    return b.s;
}

/* Slot syntax: {TYPES[+][:name]} with TYPES = '*' or TYPE('|'TYPE)*. */
static int append_slot(kg_buf *b, const char *spec, size_t n, const char *file, int line,
                       kg_error *err) {
    char tmp[256];
    if (n >= sizeof tmp) return kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "slot too long");
    memcpy(tmp, spec, n);
    tmp[n] = '\0';
    char *name = strchr(tmp, ':');
    if (name) *name++ = '\0';
    size_t tl = strlen(tmp);
    int list = tl && tmp[tl - 1] == '+';
    if (list) tmp[--tl] = '\0';
    kg_buf types = {0};
    kg_buf_add(&types, "", 0);
    if (!strcmp(tmp, "*")) {
        kg_buf_adds(&types, "[A-Z]+");
    } else {
        kg_buf_adds(&types, "(?:");
        /* an outlet is an organization: ORG slots take OUTLET mentions too */
        if (!strcmp(tmp, "ORG") || !strncmp(tmp, "ORG|", 4) || strstr(tmp, "|ORG|") ||
            (tl > 4 && !strcmp(tmp + tl - 4, "|ORG")))
            kg_buf_adds(&types, "OUTLET|");
        for (const char *t = tmp; *t; t++) {
            if (!(isupper((unsigned char)*t) || *t == '|')) {
                free(types.s);
                return kg_error_set(err, KG_ESYNTAX, file, line, 1, -1,
                                    "bad slot {%s}: types are capitals separated by |", tmp);
            }
        }
        kg_buf_adds(&types, tmp);
        kg_buf_adds(&types, ")");
    }
    if (name && !*name) {
        free(types.s);
        return kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "empty slot name in {%.*s}",
                            (int)n, spec);
    }
    kg_buf token = {0};
    kg_buf_add(&token, "", 0);
    kg_buf_adds(&token, KG_SLOT_OPEN_RE);
    kg_buf_adds(&token, types.s);
    kg_buf_adds(&token, KG_PRONOUN_MARK_RE "[0-9]+" KG_SLOT_CLOSE_RE);
    free(types.s);
    kg_buf_adds(b, name ? "(?<" : "(?:");
    if (name) {
        kg_buf_adds(b, name);
        kg_buf_adds(b, ">");
    }
    kg_buf_adds(b, token.s);
    if (list) {
        /* A, B, C and D / A، B، C و D: members are separated (two names side by side,
         * «منلو پارک کالیفرنیا», are one place in another, not a list), except a
         * product after its maker in a list: «مایکروسافت Azure، گوگل کلاد» */
        kg_buf_adds(b, "(?:(?:\\s*[,،;؛]\\s*(?:(?:and|or|و|یا|&)\\s+)?|\\s+(?:and|or|و|یا|&)\\s+|\\s+(?=" KG_SLOT_OPEN_RE "PRODUCT))");
        kg_buf_adds(b, token.s);
        kg_buf_adds(b, ")*");
    }
    kg_buf_adds(b, ")");
    free(token.s);
    return KG_OK;
}

static int word_byte(char c) {
    return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* The length of the literal word "it" or "its" (any case) starting at p in pattern text
 * that begins at start, or 0. A letter right after a backslash ("\\bits") is an escape,
 * not part of the word. */
static size_t pronoun_word(const char *start, const char *p) {
    if (p > start && word_byte(p[-1]) && !(p - 1 > start && p[-2] == '\\')) return 0;
    if ((p[0] != 'i' && p[0] != 'I') || (p[1] != 't' && p[1] != 'T')) return 0;
    size_t n = (p[2] == 's' || p[2] == 'S') ? 3 : 2;
    return word_byte(p[n]) ? 0 : n;
}

/* Turns a pattern as written into the regex that is compiled: macros expanded, the text
 * put in matching form, slots expanded. Returns malloc'ed regex or NULL with err. */
static char *build_regex(const kg_rules *r, const char *written, const char *file, int line,
                         kg_error *err) {
    char *expanded = expand_macros(r, written, file, line, 0, err);
    if (!expanded) return NULL;
    char *norm = kg_normalize_pattern(expanded);
    free(expanded);
    if (!norm) {
        kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "pattern is not valid UTF-8");
        return NULL;
    }
    kg_buf b = {0};
    kg_buf_add(&b, "", 0);
    int in_class = 0;
    for (const char *p = norm; *p;) {
        if (*p == '\\' && p[1]) {
            size_t n = escape_len(p);
            kg_buf_add(&b, p, n);
            p += n;
            continue;
        }
        if (*p == '[' && !in_class) in_class = 1;
        else if (*p == ']' && in_class) in_class = 0;
        size_t pronoun = in_class ? 0 : pronoun_word(norm, p);
        if (pronoun) {
            kg_buf_adds(&b, "(?:");
            kg_buf_add(&b, p, pronoun);
            kg_buf_adds(&b, "|" KG_SLOT_OPEN_RE "[A-Z]+");
            kg_buf_adds(&b, pronoun == 2 ? "PN" : "PS");
            kg_buf_adds(&b, "[0-9]+" KG_SLOT_CLOSE_RE ")");
            p += pronoun;
            continue;
        }
        if (*p == '{' && (isupper((unsigned char)p[1]) || p[1] == '*')) {
            const char *close = strchr(p, '}');
            if (!close) {
                kg_error_set(err, KG_ESYNTAX, file, line, 1, -1, "unterminated slot '{'");
                free(norm);
                free(b.s);
                return NULL;
            }
            if (append_slot(&b, p + 1, (size_t)(close - p - 1), file, line, err) != KG_OK) {
                free(norm);
                free(b.s);
                return NULL;
            }
            p = close + 1;
            continue;
        }
        kg_buf_add(&b, p, 1);
        p++;
    }
    free(norm);
    return b.s;
}

uint32_t kg_type_bit(const char *type, size_t len) {
    static const char *types[] = {"ORG", "OUTLET", "PERSON", "PRODUCT", "CASE", "PLACE",
                                  "EVENT", "MONEY", "PERCENT", "NUMBER", "COUNT", "DATE"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i]) == len && !memcmp(types[i], type, len)) return 1u << i;
    return 1u << 31;
}

/* The slots of a pattern (as written, macros not expanded) that every match must fill:
 * those outside any group, not followed by a quantifier that allows zero, in a pattern
 * with no top-level alternation. Conservative: when unsure, requires nothing. */
static void required_slots(const char *p, kg_pattern *out) {
    int depth = 0, in_class = 0;
    out->n_required = 0;
    uint32_t found[KG_MAX_REQUIRED];
    int n = 0;
    for (const char *c = p; *c; c++) {
        if (*c == '\\') {
            if (!c[1]) break;
            c += escape_len(c) - 1;
            continue;
        }
        if (in_class) {
            if (*c == ']') in_class = 0;
            continue;
        }
        if (*c == '[') in_class = 1;
        else if (*c == '(') depth++;
        else if (*c == ')') depth--;
        else if (*c == '|' && depth == 0) return; /* top-level alternation */
        else if (*c == '{' && (isupper((unsigned char)c[1]) || c[1] == '*')) {
            const char *close = strchr(c, '}');
            if (!close) return;
            char q = close[1];
            int optional = q == '?' || q == '*' || (q == '{' && close[2] == '0');
            if (depth == 0 && !optional && c[1] != '*' && n < KG_MAX_REQUIRED) {
                uint32_t mask = 0;
                const char *t = c + 1;
                while (t < close && *t != ':' && *t != '+') {
                    size_t tl = strcspn(t, "|:+}");
                    mask |= kg_type_bit(t, tl);
                    if (tl == 3 && !memcmp(t, "ORG", 3)) mask |= kg_type_bit("OUTLET", 6);
                    t += tl;
                    if (*t == '|') t++;
                }
                found[n++] = mask;
            }
            c = close;
        }
    }
    memcpy(out->required, found, (size_t)n * sizeof found[0]);
    out->n_required = n;
}

/* Cue words shorter than this (code points) filter nothing: the pattern gets none. */
enum { KG_MIN_CUE_CHARS = 2 };

static int compile_pattern(kg_rules *r, const char *written, const char *file, int line,
                           int column, kg_pattern *out, kg_error *err) {
    required_slots(written, out);
    char *regex = build_regex(r, written, file, line, err);
    if (!regex) return err ? err->code : KG_ESYNTAX;
    if (r->show_patterns) fprintf(stderr, "%s:%d: %s\n", file, line, regex);
    int code;
    size_t offset;
    pcre2_code *re = kg_regex_compile(regex, PCRE2_CASELESS | PCRE2_DUPNAMES, &code, &offset);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        kg_error_set(err, KG_ESYNTAX, file, line, column, -1,
                     "pattern does not compile: %s (at offset %zu of the expanded pattern: %.40s)",
                     (char *)msg, offset, regex + (offset < strlen(regex) ? offset : 0));
        free(regex);
        return KG_ESYNTAX;
    }
    kg_literal_set groups[KG_LITERALS_MAX_SETS];
    size_t n_groups = kg_literals_required(regex, KG_MIN_CUE_CHARS, groups), n_cues = 0;
    out->cues = NULL;
    out->n_cue_groups = n_groups;
    for (size_t g = 0; g < n_groups; g++) n_cues += groups[g].n;
    if (n_cues) out->cues = kg_xmalloc(n_cues * sizeof *out->cues);
    n_cues = 0;
    for (size_t g = 0; g < n_groups; g++) {
        for (size_t i = 0; i < groups[g].n; i++)
            out->cues[n_cues++] = kg_multimatch_add(r->cues, groups[g].items[i], strlen(groups[g].items[i]));
        out->cue_group_len[g] = groups[g].n;
        kg_literal_set_free(&groups[g]);
    }
    free(regex);
    out->code = re;
    out->source = kg_xstrdup(written);
    out->line = line;
    return KG_OK;
}

static int relation_known(const kg_rules *r, const char *rel) {
    if (!r->n_relations) return 1; /* no vocabulary loaded: accept */
    for (size_t i = 0; i < r->n_relations; i++)
        if (!strcmp(r->relations[i].id, rel)) return 1;
    return 0;
}

static int parse_derive(const char *value, kg_derive *derive, char **from) {
    static const struct { const char *fn; kg_derive d; } fns[] = {
        {"owner(", KG_DERIVE_OWNER},
        {"plaintiff(", KG_DERIVE_PLAINTIFF},
        {"defendant(", KG_DERIVE_DEFENDANT},
        {"focus(", KG_DERIVE_FOCUS},
        {"case(", KG_DERIVE_CASE},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        size_t n = strlen(fns[i].fn);
        if (!strncmp(value, fns[i].fn, n)) {
            const char *close = strchr(value + n, ')');
            if (!close || close[1]) return -1;
            *derive = fns[i].d;
            free(*from); /* a repeated directive replaces the earlier one */
            *from = kg_xstrndup(value + n, (size_t)(close - value - n));
            return 0;
        }
    }
    return -1;
}

static int is_modality(const char *m) {
    return !strcmp(m, "asserted") || !strcmp(m, "reported") || !strcmp(m, "alleged") ||
           !strcmp(m, "planned") || !strcmp(m, "possible");
}

/* Splits "a | b | c" into the fields of an expectation. */
static int parse_expect(char *text, kg_expect *e) {
    char *fields[8] = {0};
    int n = 0;
    char *p = text;
    while (n < 8) {
        char *bar = strstr(p, " | ");
        if (bar) *bar = '\0';
        fields[n++] = trim(p);
        if (!bar) break;
        p = bar + 3;
    }
    if (n < 3) return -1;
    e->subject = kg_xstrdup(fields[0]);
    e->relation = kg_xstrdup(fields[1]);
    e->object = kg_xstrdup(fields[2]);
    for (int i = 3; i < n; i++) {
        const char *f = fields[i];
        char **slot;
        if (!strcmp(f, "+") || !strcmp(f, "-")) slot = &e->polarity;
        else if (!strncmp(f, "source=", 7)) slot = &e->source, f += 7;
        else if (!strncmp(f, "time=", 5)) slot = &e->time, f += 5;
        else if (is_modality(f)) slot = &e->modality;
        else return -1;
        free(*slot); /* a repeated field replaces the earlier one */
        *slot = kg_xstrdup(f);
    }
    return 0;
}

static int finish_rule(kg_rules *r, kg_rule *rule, kg_error *err) {
    if (!rule->id) return KG_OK;
    if (!rule->relation)
        return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                            "rule %s has no relation", rule->id);
    if (!rule->n_patterns)
        return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                            "rule %s has no pattern", rule->id);
    for (size_t i = 0; i < r->n_rules; i++)
        if (!strcmp(r->rules[i].id, rule->id))
            return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                                "rule %s is defined twice (first at line %d)", rule->id,
                                r->rules[i].line);
    KG_PUSH(r->rules, r->n_rules, r->cap_rules, *rule);
    memset(rule, 0, sizeof *rule);
    return KG_OK;
}

static void kg_expect_free(kg_expect *e) {
    free(e->subject);
    free(e->relation);
    free(e->object);
    free(e->polarity);
    free(e->modality);
    free(e->source);
    free(e->time);
}

static void free_examples(kg_example *examples, size_t n) {
    for (size_t i = 0; i < n; i++) {
        kg_example *ex = &examples[i];
        free(ex->sentence);
        for (size_t j = 0; j < ex->n_expects; j++) kg_expect_free(&ex->expects[j]);
        free(ex->expects);
    }
    free(examples);
}

static void free_rule(kg_rule *rule) {
    free(rule->id);
    free(rule->relation);
    free(rule->file);
    for (size_t i = 0; i < rule->n_patterns; i++) {
        pcre2_code_free(rule->patterns[i].code);
        free(rule->patterns[i].source);
        free(rule->patterns[i].label);
        free(rule->patterns[i].cues);
    }
    free(rule->patterns);
    free(rule->subject_from);
    free(rule->object_from);
    free(rule->modality);
    free(rule->source);
    free(rule->object_unit);
    free(rule->number_unit);
    free(rule->planned_relation);
    free_examples(rule->examples, rule->n_examples);
}

/* What a frame collects until its block ends: its triggers, and which templates it
 * takes. */
typedef struct frame_state {
    kg_frame_triggers triggers;
    char *subject_types, *object_types; /* `types S O`, else relations.tsv */
    char *only, *skip;                  /* `templates`/`skip`: names separated by spaces */
} frame_state;

static void frame_state_free(frame_state *fs) {
    kg_frame_triggers_free(&fs->triggers);
    free(fs->subject_types);
    free(fs->object_types);
    free(fs->only);
    free(fs->skip);
    memset(fs, 0, sizeof *fs);
}

static int name_listed(const char *list, const char *name) {
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        size_t l = strcspn(p, " ");
        if (l == n && !strncmp(p, name, n)) return 1;
        p += l;
    }
    return 0;
}

static const kg_relation_def *relation_def(const kg_rules *r, const char *id) {
    for (size_t i = 0; id && i < r->n_relations; i++)
        if (!strcmp(r->relations[i].id, id)) return &r->relations[i];
    return NULL;
}

/* Adds a pattern to the frame for every template of its language that its triggers can
 * fill, in template order. */
static int instantiate_frame(kg_rules *r, kg_rule *rule, frame_state *fs, kg_error *err) {
    if (!rule->relation) return KG_OK; /* finish_rule reports it */
    const kg_relation_def *rel = relation_def(r, rule->relation);
    const char *st = fs->subject_types ? fs->subject_types : rel ? rel->subject_types : NULL;
    const char *ot = fs->object_types ? fs->object_types : rel ? rel->object_types : NULL;
    if (!st || !ot || !*st || !*ot)
        return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                            "frame %s: its relation gives no slot types; write types SUBJ OBJ",
                            rule->id);
    if (fs->only) {
        for (const char *p = fs->only; *p;) {
            while (*p == ' ') p++;
            size_t l = strcspn(p, " ");
            int known = 0;
            for (size_t i = 0; i < r->n_templates && !known; i++)
                known = strlen(r->templates[i].name) == l && !strncmp(r->templates[i].name, p, l);
            if (l && !known)
                return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                                    "frame %s: unknown template '%.*s'", rule->id, (int)l, p);
            p += l;
        }
    }
    size_t made = 0;
    for (size_t i = 0; i < r->n_templates; i++) {
        const kg_template *t = &r->templates[i];
        if (strcmp(t->lang, rule->lang)) continue;
        if (t->symmetric && !(rel && rel->symmetric)) continue;
        if (fs->only && !name_listed(fs->only, t->name)) continue;
        if (fs->skip && name_listed(fs->skip, t->name)) continue;
        char **written = NULL;
        size_t n = kg_frame_instantiate(t->body, &fs->triggers, rule->lang, st, ot, &written);
        int status = KG_OK;
        for (size_t k = 0; k < n; k++) {
            kg_pattern pat = {0};
            if (status == KG_OK) status = compile_pattern(r, written[k], t->file, t->line, 1, &pat, err);
            if (status == KG_OK) {
                pat.label = kg_xstrdup(t->name);
                KG_PUSH(rule->patterns, rule->n_patterns, rule->cap_patterns, pat);
                made++;
            }
            free(written[k]);
        }
        free(written);
        if (status != KG_OK) return status;
    }
    if (!made && !rule->n_patterns)
        return kg_error_set(err, KG_ESYNTAX, rule->file, rule->line, 1, -1,
                            "frame %s: no template of lang '%s' uses its triggers", rule->id,
                            rule->lang);
    return KG_OK;
}

/* Ends the current rule or frame block. */
static int end_block(kg_rules *r, kg_rule *rule, frame_state *fs, kg_error *err) {
    int status = KG_OK;
    if (rule->id && rule->is_frame) status = instantiate_frame(r, rule, fs, err);
    frame_state_free(fs);
    if (status == KG_OK) status = finish_rule(r, rule, err);
    return status;
}

/* Parses rule-file text (modified in place; NUL-terminated); path names it in errors. */
static int parse_rule_text(kg_rules *r, const char *path, char *text, kg_error *err) {
    kg_rule rule = {0};
    frame_state fs = {0};
    long tmpl = -1; /* the template whose examples follow, or -1 */
    char lang[8] = "";
    int status = KG_OK, lineno = 0;
    char *next = text;
    while (*next && status == KG_OK) {
        char *line = next;
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        next = nl ? nl + 1 : line + strlen(line);
        lineno++;
        char *l = trim(line);
        if (!*l || *l == '#') continue;
        int column = (int)(l - line) + 1;
        char *sp = l + strcspn(l, " \t");
        char *value = *sp ? trim(sp + 1) : sp;
        if (*sp) *sp = '\0';
        const char *kw = l;
        if (!strcmp(kw, "lang")) {
            snprintf(lang, sizeof lang, "%s", value);
            continue;
        }
        if (!strcmp(kw, "define")) {
            char *eq = strchr(value, '=');
            if (!eq) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "define needs NAME = PATTERN");
                break;
            }
            *eq = '\0';
            char *name = trim(value), *body = trim(eq + 1);
            for (char *c = name; *c; c++)
                if (!(isupper((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_')) {
                    status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                          "macro names are capitals, digits and _: '%s'", name);
                    break;
                }
            if (status) break;
            kg_macro m = {kg_xstrdup(name), kg_xstrdup(body)};
            KG_PUSH(r->macros, r->n_macros, r->cap_macros, m);
            continue;
        }
        if (!strcmp(kw, "template")) {
            if ((status = end_block(r, &rule, &fs, err)) != KG_OK) break;
            char *eq = strstr(value, " = ");
            if (!eq) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "template needs NAME [symmetric] = PATTERN");
                break;
            }
            *eq = '\0';
            char *head = trim(value), *body = trim(eq + 3);
            char *flag = head + strcspn(head, " ");
            int symmetric = 0;
            if (*flag) {
                *flag++ = '\0';
                flag = trim(flag);
                if (strcmp(flag, "symmetric")) {
                    status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                          "unknown template flag '%s' (known: symmetric)", flag);
                    break;
                }
                symmetric = 1;
            }
            int kind = kg_template_kind(body);
            if (kind < 0) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      kind == -2 ? "template %s mixes placeholders of two trigger kinds"
                                                 : "template %s has no trigger placeholder (%%V, %%N, %%AG, ...)",
                                      head);
                break;
            }
            for (size_t i = 0; i < r->n_templates && !status; i++)
                if (!strcmp(r->templates[i].name, head))
                    status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                          "template %s is defined twice (first at %s:%d)", head,
                                          r->templates[i].file, r->templates[i].line);
            if (status) break;
            kg_template t = {0};
            t.name = kg_xstrdup(head);
            t.body = kg_xstrdup(body);
            t.file = kg_xstrdup(path);
            t.line = lineno;
            t.symmetric = symmetric;
            memcpy(t.lang, lang, sizeof t.lang);
            KG_PUSH(r->templates, r->n_templates, r->cap_templates, t);
            tmpl = (long)r->n_templates - 1;
            continue;
        }
        if (!strcmp(kw, "rule") || !strcmp(kw, "frame")) {
            if ((status = end_block(r, &rule, &fs, err)) != KG_OK) break;
            tmpl = -1;
            if (!*value) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1, "%s needs an id", kw);
                break;
            }
            rule.id = kg_xstrdup(value);
            rule.file = kg_xstrdup(path);
            rule.line = lineno;
            rule.confidence = 0.9;
            rule.is_frame = kw[0] == 'f';
            memcpy(rule.lang, lang, sizeof rule.lang);
            continue;
        }
        if (tmpl >= 0 && (!strcmp(kw, "example") || !strcmp(kw, "counter") || !strcmp(kw, "=>"))) {
            kg_template *t = &r->templates[tmpl];
            if (kw[0] != '=') {
                kg_example ex = {0};
                ex.sentence = kg_xstrdup(value);
                ex.line = lineno;
                ex.counter = kw[0] == 'c';
                KG_PUSH(t->examples, t->n_examples, t->cap_examples, ex);
                continue;
            }
            if (!t->n_examples || t->examples[t->n_examples - 1].counter) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "'=>' must follow an example");
                break;
            }
            kg_expect e = {0};
            e.line = lineno;
            if (parse_expect(value, &e)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "expected: SUBJECT | RELATION | OBJECT [| +/-] "
                                      "[| MODALITY] [| source=NAME] [| time=T]");
                kg_expect_free(&e);
                break;
            }
            kg_example *ex = &t->examples[t->n_examples - 1];
            KG_PUSH(ex->expects, ex->n_expects, ex->cap_expects, e);
            continue;
        }
        if (!rule.id) {
            status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                  "'%s' outside a rule (expected define, template, rule, frame or lang)", kw);
            break;
        }
        kg_trigger_kind trigger;
        if (!kg_trigger_kind_parse(kw, &trigger)) {
            if (!rule.is_frame) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "'%s' belongs in a frame, not a rule", kw);
                break;
            }
            char why[200];
            if (kg_frame_add_entries(&fs.triggers, trigger, rule.lang, value, why, sizeof why)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1, "%s", why);
                break;
            }
            continue;
        }
        if (rule.is_frame && (!strcmp(kw, "types") || !strcmp(kw, "templates") || !strcmp(kw, "skip"))) {
            if (kw[0] == 't' && kw[1] == 'y') {
                char *sp2 = value + strcspn(value, " \t");
                if (!*sp2 || !*trim(sp2 + 1)) {
                    status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                          "types needs SUBJECT_TYPES OBJECT_TYPES");
                    break;
                }
                *sp2 = '\0';
                free(fs.subject_types);
                free(fs.object_types);
                fs.subject_types = kg_xstrdup(value);
                fs.object_types = kg_xstrdup(trim(sp2 + 1));
            } else {
                char **list = kw[0] == 't' ? &fs.only : &fs.skip;
                free(*list);
                *list = kg_xstrdup(value);
            }
            continue;
        }
        if (!strcmp(kw, "relation")) {
            if (!relation_known(r, value)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column + 9, -1,
                                      "unknown relation '%s' (see extract/relations.tsv)", value);
                break;
            }
            free(rule.relation);
            rule.relation = kg_xstrdup(value);
        } else if (!strcmp(kw, "when-planned")) {
            if (!relation_known(r, value)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column + 13, -1,
                                      "unknown relation '%s' (see extract/relations.tsv)", value);
                break;
            }
            free(rule.planned_relation);
            rule.planned_relation = kg_xstrdup(value);
        } else if (!strcmp(kw, "pattern")) {
            kg_pattern pat = {0};
            status = compile_pattern(r, value, path, lineno, column + 8, &pat, err);
            if (status) break;
            KG_PUSH(rule.patterns, rule.n_patterns, rule.cap_patterns, pat);
        } else if (!strcmp(kw, "subject") || !strcmp(kw, "object")) {
            int subj = kw[0] == 's';
            if (parse_derive(value, subj ? &rule.subject_derive : &rule.object_derive,
                             subj ? &rule.subject_from : &rule.object_from)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "expected owner(GROUP), plaintiff(GROUP), defendant(GROUP), "
                                      "focus() or case()");
                break;
            }
        } else if (!strcmp(kw, "polarity")) {
            if (strcmp(value, "+") && strcmp(value, "-")) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "polarity is + or -");
                break;
            }
            rule.polarity = value[0];
        } else if (!strcmp(kw, "modality")) {
            if (!is_modality(value)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "modality is asserted, reported, alleged, planned or possible");
                break;
            }
            free(rule.modality);
            rule.modality = kg_xstrdup(value);
        } else if (!strcmp(kw, "source")) {
            free(rule.source);
            rule.source = kg_xstrdup(value);
        } else if (!strcmp(kw, "confidence")) {
            char *end;
            rule.confidence = strtod(value, &end);
            if (*end || rule.confidence <= 0 || rule.confidence > 1) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "confidence is a number in (0, 1]");
                break;
            }
        } else if (!strcmp(kw, "unit")) {
            free(rule.object_unit);
            rule.object_unit = kg_xstrdup(value);
        } else if (!strcmp(kw, "number-unit")) {
            if (strlen(value) >= sizeof ((kg_value *)0)->unit) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "number-unit: at most %zu bytes",
                                      sizeof ((kg_value *)0)->unit - 1);
                break;
            }
            free(rule.number_unit);
            rule.number_unit = kg_xstrdup(value);
        } else if (!strcmp(kw, "require") || !strcmp(kw, "forbid")) {
            if (strcmp(value, "owner")) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "%s takes: owner", kw);
                break;
            }
            if (kw[0] == 'r') rule.require_owner = 1;
            else rule.forbid_owner = 1;
        } else if (!strcmp(kw, "example") || !strcmp(kw, "counter")) {
            kg_example ex = {0};
            ex.sentence = kg_xstrdup(value);
            ex.line = lineno;
            ex.counter = kw[0] == 'c';
            KG_PUSH(rule.examples, rule.n_examples, rule.cap_examples, ex);
        } else if (!strcmp(kw, "=>")) {
            if (!rule.n_examples || rule.examples[rule.n_examples - 1].counter) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "'=>' must follow an example");
                break;
            }
            kg_expect e = {0};
            e.line = lineno;
            if (parse_expect(value, &e)) {
                status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                      "expected: SUBJECT | RELATION | OBJECT [| +/-] "
                                      "[| MODALITY] [| source=NAME] [| time=T]");
                kg_expect_free(&e);
                break;
            }
            kg_example *ex = &rule.examples[rule.n_examples - 1];
            KG_PUSH(ex->expects, ex->n_expects, ex->cap_expects, e);
        } else {
            status = kg_error_set(err, KG_ESYNTAX, path, lineno, column, -1,
                                  "unknown directive '%s'", kw);
        }
    }
    if (status == KG_OK) status = end_block(r, &rule, &fs, err);
    frame_state_free(&fs);
    free_rule(&rule);
    return status;
}

static int parse_rule_file(kg_rules *r, const char *path, kg_error *err) {
    unsigned long len;
    char *text = kg_data_slurp(path, &len);
    if (!text) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read rule file");
    int status = parse_rule_text(r, path, text, err);
    free(text);
    return status;
}

static kg_qual_kind qual_kind(const char *s, int *ok) {
    *ok = 1;
    if (!strcmp(s, "negation")) return KG_QUAL_NEGATION;
    if (!strcmp(s, "modality")) return KG_QUAL_MODALITY;
    if (!strcmp(s, "source")) return KG_QUAL_SOURCE;
    *ok = 0;
    return KG_QUAL_NEGATION;
}

typedef struct qualifier_ctx {
    kg_rules *rules;
    const char *path;
    kg_error *err;
} qualifier_ctx;

/* qualifiers-LANG.tsv: kind <TAB> modality-or-'-' <TAB> source-or-'-' <TAB> pattern */
static int qualifier_line(char *line, long lineno, void *p) {
    const qualifier_ctx *c = p;
    const char *path = c->path;
    if (!*trim(line)) return KG_OK;
    char *cols[4];
    int n = 0;
    char *save = NULL;
    for (char *col = strtok_r(line, "\t", &save); col && n < 4; col = strtok_r(NULL, "\t", &save))
        cols[n++] = col;
    if (n != 4)
        return kg_error_set(c->err, KG_ESYNTAX, path, lineno, 1, -1,
                            "expected 4 tab-separated columns: kind modality source pattern");
    int ok;
    kg_qualifier q = {0};
    q.kind = qual_kind(trim(cols[0]), &ok);
    if (!ok)
        return kg_error_set(c->err, KG_ESYNTAX, path, lineno, 1, -1,
                            "kind is negation, modality or source");
    char *mod = trim(cols[1]), *src = trim(cols[2]);
    if (q.kind == KG_QUAL_MODALITY && !is_modality(mod))
        return kg_error_set(c->err, KG_ESYNTAX, path, lineno, 1, -1, "unknown modality '%s'", mod);
    q.value = strcmp(mod, "-") ? kg_xstrdup(mod) : NULL;
    q.source = strcmp(src, "-") ? kg_xstrdup(src) : NULL;
    int status = compile_pattern(c->rules, trim(cols[3]), path, (int)lineno, 1, &q.pattern, c->err);
    if (status) {
        free(q.value);
        free(q.source);
        return status;
    }
    q.file = kg_xstrdup(path);
    KG_PUSH(c->rules->quals, c->rules->n_quals, c->rules->cap_quals, q);
    return KG_OK;
}

static int parse_qualifier_file(kg_rules *r, const char *path, kg_error *err) {
    char *text = kg_data_slurp(path, NULL);
    if (!text) return kg_error_set(err, KG_EIO, path, 0, 0, -1, "cannot read qualifier file");
    qualifier_ctx c = {r, path, err};
    int status = kg_data_each_line(text, qualifier_line, &c);
    free(text);
    return status;
}

/* Argument types as relations.tsv writes them, without LITERAL (a frame's slots hold
 * mentions); malloc'ed. */
static char *slot_types(const char *types, size_t n) {
    kg_buf b = {0};
    kg_buf_add(&b, "", 0);
    for (size_t i = 0; i < n;) {
        size_t l = strcspn(types + i, "|");
        if (l > n - i) l = n - i;
        if (!(l == 7 && !memcmp(types + i, "LITERAL", 7))) {
            if (b.len) kg_buf_add(&b, "|", 1);
            kg_buf_add(&b, types + i, l);
        }
        i += l + 1;
    }
    return kg_buf_take(&b);
}

static void load_relations(kg_rules *r, const char *data_dir) {
    char *path = kg_data_path(data_dir, "extract/relations.tsv");
    unsigned long len;
    char *text = kg_data_slurp(path, &len);
    free(path);
    if (!text) return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !*trim(line)) continue;
        const char *col[6] = {0};
        size_t width[6] = {0};
        const char *p = line;
        for (int c = 0; c < 6; c++) {
            col[c] = p;
            width[c] = strcspn(p, "\t");
            p += width[c];
            if (*p == '\t') p++;
        }
        kg_relation_def d = {0};
        d.id = kg_xstrndup(col[0], width[0]);
        d.subject_types = slot_types(col[1], width[1]);
        d.object_types = slot_types(col[2], width[2]);
        d.symmetric = width[5] == 3 && !memcmp(col[5], "yes", 3);
        KG_PUSH(r->relations, r->n_relations, r->cap_relations, d);
    }
    free(text);
}

static kg_rules *rules_new(const kg_lexicon *lex) {
    kg_rules *r = kg_xcalloc(1, sizeof *r);
    r->lex = lex;
    r->mctx = pcre2_match_context_create(NULL);
    /* Bounds so that no sentence makes matching run away. */
    pcre2_set_match_limit(r->mctx, 200000);
    pcre2_set_depth_limit(r->mctx, 10000);
    pcre2_set_heap_limit(r->mctx, 20000); /* KiB */
    r->cues = kg_multimatch_new();
    r->kelvin_cue = kg_multimatch_add(r->cues, "\xE2\x84\xAA", 3);
    r->long_s_cue = kg_multimatch_add(r->cues, "\xC5\xBF", 2);
    const char *show = getenv("KG_SHOW_PATTERNS");
    r->show_patterns = show && *show && strcmp(show, "0");
    const char *prefilter = getenv("KG_RULE_PREFILTER");
    r->prefilter = !prefilter || strcmp(prefilter, "0");
    return r;
}

/* Loading is over: the rule set becomes read-only. */
static kg_rules *rules_ready(kg_rules *r) {
    kg_multimatch_build(r->cues);
    size_t n_cues = kg_multimatch_count(r->cues), n = 0;
    for (size_t i = 0; i < r->n_rules; i++) n += r->rules[i].n_patterns;
    r->n_rule_patterns = n;
    r->pattern_rule = kg_xcalloc(n + 1, sizeof *r->pattern_rule);
    r->rule_first_pattern = kg_xcalloc(r->n_rules + 1, sizeof *r->rule_first_pattern);
    for (size_t i = 0, first = 0; i < r->n_rules; first += r->rules[i++].n_patterns) {
        r->rule_first_pattern[i] = first;
        for (size_t j = 0; j < r->rules[i].n_patterns; j++) r->pattern_rule[first + j] = i;
    }
    r->always_run = kg_xcalloc((n + 63) / 64 + 1, sizeof *r->always_run);
    r->cue_start = kg_xcalloc(n_cues + 1, sizeof *r->cue_start);
    /* counts, then prefix sums, then placement */
    for (size_t i = 0; i < r->n_rules; i++)
        for (size_t j = 0; j < r->rules[i].n_patterns; j++) {
            const kg_pattern *p = &r->rules[i].patterns[j];
            for (size_t k = 0; p->n_cue_groups && k < p->cue_group_len[0]; k++) r->cue_start[p->cues[k]]++;
        }
    size_t total = 0;
    for (size_t c = 0; c <= n_cues; c++) {
        size_t count = r->cue_start[c];
        r->cue_start[c] = total;
        total += count;
    }
    r->cue_patterns = kg_xcalloc(total + 1, sizeof *r->cue_patterns);
    size_t *fill = kg_xcalloc(n_cues + 1, sizeof *fill);
    size_t index = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        for (size_t j = 0; j < r->rules[i].n_patterns; j++, index++) {
            const kg_pattern *p = &r->rules[i].patterns[j];
            if (!p->n_cue_groups) r->always_run[index / 64] |= (uint64_t)1 << (index % 64);
            for (size_t k = 0; p->n_cue_groups && k < p->cue_group_len[0]; k++) {
                size_t c = p->cues[k];
                r->cue_patterns[r->cue_start[c] + fill[c]++] = index;
            }
        }
    free(fill);
    return r;
}

int kg_rules_load(const char *data_dir, const kg_lexicon *lex, kg_rules **out, kg_error *err) {
    *out = NULL;
    kg_rules *r = rules_new(lex);
    load_relations(r, data_dir);
    char *dir = kg_data_path(data_dir, "extract/rules");
    DIR *d = opendir(dir);
    if (!d) {
        kg_error_set(err, KG_EIO, dir, 0, 0, -1, "cannot open the rules folder");
        free(dir);
        kg_rules_free(r);
        return KG_EIO;
    }
    char **rule_files = NULL, **qual_files = NULL;
    size_t n_rule = 0, cap_rule = 0, n_qual = 0, cap_qual = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 6 && !strcmp(e->d_name + n - 6, ".rules"))
            KG_PUSH(rule_files, n_rule, cap_rule, kg_xstrdup(e->d_name));
        else if (!strncmp(e->d_name, "qualifiers-", 11) && n > 4 && !strcmp(e->d_name + n - 4, ".tsv"))
            KG_PUSH(qual_files, n_qual, cap_qual, kg_xstrdup(e->d_name));
    }
    closedir(d);
    qsort(rule_files, n_rule, sizeof *rule_files, kg_cmp_cstr);
    qsort(qual_files, n_qual, sizeof *qual_files, kg_cmp_cstr);
    /* common.rules first: it holds the macros the others use. */
    for (size_t i = 0; i < n_rule; i++)
        if (!strcmp(rule_files[i], "common.rules") && i) {
            char *t = rule_files[0];
            rule_files[0] = rule_files[i];
            rule_files[i] = t;
        }
    int status = KG_OK;
    for (size_t i = 0; i < n_rule && status == KG_OK; i++) {
        size_t n = strlen(dir) + strlen(rule_files[i]) + 2;
        char *path = kg_xmalloc(n);
        snprintf(path, n, "%s/%s", dir, rule_files[i]);
        status = parse_rule_file(r, path, err);
        free(path);
    }
    for (size_t i = 0; i < n_qual && status == KG_OK; i++) {
        size_t n = strlen(dir) + strlen(qual_files[i]) + 2;
        char *path = kg_xmalloc(n);
        snprintf(path, n, "%s/%s", dir, qual_files[i]);
        status = parse_qualifier_file(r, path, err);
        free(path);
    }
    for (size_t i = 0; i < n_rule; i++) free(rule_files[i]);
    for (size_t i = 0; i < n_qual; i++) free(qual_files[i]);
    free(rule_files);
    free(qual_files);
    free(dir);
    if (status != KG_OK) {
        kg_rules_free(r);
        return status;
    }
    const char *prof = getenv("KG_PROFILE_RULES");
    if (prof && *prof && strcmp(prof, "0")) {
        for (size_t i = 0; i < r->n_rules; i++) r->n_profile += r->rules[i].n_patterns;
        r->profile = kg_xcalloc(r->n_profile ? r->n_profile : 1, sizeof *r->profile);
    }
    *out = rules_ready(r);
    return KG_OK;
}

/* Prints the pattern profile, slowest first (KG_PROFILE_RULES). */
static void report_profile(const kg_rules *r) {
    typedef struct row { unsigned long long ns, runs, skipped; const kg_rule *rule; size_t pattern; } row;
    row *rows = kg_xcalloc(r->n_profile ? r->n_profile : 1, sizeof *rows);
    size_t k = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        for (size_t j = 0; j < r->rules[i].n_patterns; j++, k++)
            rows[k] = (row){r->profile[k].ns, r->profile[k].runs, r->profile[k].skipped, &r->rules[i], j};
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && rows[j].ns > rows[j - 1].ns; j--) {
            row t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
    unsigned long long total = 0;
    for (size_t i = 0; i < k; i++) total += rows[i].ns;
    fprintf(stderr, "rule profile: %.3f s in %zu patterns (slowest first)\n", total / 1e9, k);
    for (size_t i = 0; i < k && i < 25; i++)
        fprintf(stderr, "%8.3f s %5.1f%%  runs %8llu  skipped %8llu  %s pattern %zu (%s:%d)\n",
                rows[i].ns / 1e9, total ? 100.0 * rows[i].ns / total : 0.0, rows[i].runs,
                rows[i].skipped, rows[i].rule->id, rows[i].pattern + 1, rows[i].rule->file,
                rows[i].rule->patterns[rows[i].pattern].line);
    free(rows);
}

int kg_rules_load_file(const char *path, const kg_lexicon *lex, kg_rules **out, kg_error *err) {
    *out = NULL;
    kg_rules *r = rules_new(lex);
    load_relations(r, NULL);
    /* Macros of common.rules are available to the checked file. */
    char *common = kg_data_path(NULL, "extract/rules/common.rules");
    int status = KG_OK;
    if (strcmp(common, path)) {
        FILE *f = fopen(common, "r");
        if (f) {
            fclose(f);
            status = parse_rule_file(r, common, err);
        }
    }
    free(common);
    size_t n = strlen(path);
    if (status == KG_OK) {
        if (n > 4 && !strcmp(path + n - 4, ".tsv")) status = parse_qualifier_file(r, path, err);
        else status = parse_rule_file(r, path, err);
    }
    if (status != KG_OK) {
        kg_rules_free(r);
        return status;
    }
    *out = rules_ready(r);
    return KG_OK;
}

int kg_rules_load_text(const char *name, const char *text, size_t len, const kg_lexicon *lex,
                       kg_rules **out, kg_error *err) {
    *out = NULL;
    if (memchr(text, '\0', len))
        return kg_error_set(err, KG_ESYNTAX, name, 0, 0, -1, "rule text contains a NUL byte");
    kg_rules *r = rules_new(lex);
    char *copy = kg_xstrndup(text, len);
    int status = parse_rule_text(r, name, copy, err);
    free(copy);
    if (status != KG_OK) {
        kg_rules_free(r);
        return status;
    }
    *out = rules_ready(r);
    return KG_OK;
}

void kg_rules_free(kg_rules *r) {
    if (!r) return;
    if (r->profile) report_profile(r);
    free(r->profile);
    for (size_t i = 0; i < r->n_rules; i++) free_rule(&r->rules[i]);
    free(r->rules);
    for (size_t i = 0; i < r->n_quals; i++) {
        free(r->quals[i].value);
        free(r->quals[i].source);
        free(r->quals[i].file);
        free(r->quals[i].pattern.source);
        pcre2_code_free(r->quals[i].pattern.code);
        free(r->quals[i].pattern.cues);
    }
    free(r->quals);
    for (size_t i = 0; i < r->n_macros; i++) {
        free(r->macros[i].name);
        free(r->macros[i].body);
    }
    free(r->macros);
    for (size_t i = 0; i < r->n_relations; i++) {
        free(r->relations[i].id);
        free(r->relations[i].subject_types);
        free(r->relations[i].object_types);
    }
    free(r->relations);
    for (size_t i = 0; i < r->n_templates; i++) {
        free(r->templates[i].name);
        free(r->templates[i].body);
        free(r->templates[i].file);
        free_examples(r->templates[i].examples, r->templates[i].n_examples);
    }
    free(r->templates);
    pcre2_match_context_free(r->mctx);
    kg_multimatch_free(r->cues);
    free(r->cue_start);
    free(r->cue_patterns);
    free(r->always_run);
    free(r->pattern_rule);
    free(r->rule_first_pattern);
    free(r);
}

size_t kg_rules_count(const kg_rules *rules) { return rules ? rules->n_rules : 0; }

typedef struct org_ref {
    const char *id;
    size_t index;
} org_ref;

static int by_id_then_index(const void *a, const void *b) {
    const org_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

long kg_rules_focus(const kg_mention *mentions, size_t n) {
    org_ref *refs = kg_xcalloc(n ? n : 1, sizeof *refs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        /* a resolved "it"/"its" repeats its antecedent: no evidence of focus */
        if (!strcmp(mentions[i].type, "ORG") && mentions[i].id && !mentions[i].pronoun)
            refs[k++] = (org_ref){mentions[i].id, i};
    qsort(refs, k, sizeof *refs, by_id_then_index);
    long best = -1;
    size_t best_count = 1;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && !strcmp(refs[j].id, refs[i].id)) j++;
        size_t count = j - i;
        if (count > best_count || (count == best_count && best >= 0 && refs[i].index < (size_t)best))
            best = (long)refs[i].index, best_count = count;
        i = j;
    }
    free(refs);
    return best;
}
