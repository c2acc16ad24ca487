/* kg_literals: required literals of a PCRE2 pattern (see kg_literals.h).
 *
 * A recursive-descent reading of the pattern computes, for every subexpression, two
 * facts (either may be unknown):
 *   exact — the finite set of strings the subexpression can match, when small;
 *   musts — sets of strings such that every match contains one string of each set.
 * Concatenation multiplies exact sets (while they stay small) and keeps the best musts
 * of its parts; alternation unites each side's best; a quantifier that allows zero
 * drops the musts.
 * "Best" is the set whose shortest string is longest (fewer strings on a tie): a long
 * word is a selective filter, a set containing a one-letter string filters nothing. */
#include "kg_literals.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kg_arena.h"

enum {
    MAX_SET = 64,           /* more strings than this: the set is unknown */
    MAX_LITERAL = 120,      /* bytes per string */
    MAX_DEPTH = 64          /* group nesting (each level holds a few KB of sets on the
                               stack); deeper patterns get no cue */
};

typedef struct strset {
    int known;
    size_t n;
    char *s[MAX_SET];
} strset;

typedef struct info {
    strset exact;
    strset all[KG_LITERALS_MAX_SETS]; /* musts: every match holds one string of each */
    size_t n_all;
} info;

typedef struct parser {
    const char *p;
    int bail;               /* a construct that could end a match early, or unreadable */
    int depth;
    /* The last slot mark read: 1 for U+E000 (a mention token opens), 2 for U+E001, and
     * the group depth it was read at. A token's type name is no cue: every sentence with
     * a mention holds one. */
    int slot_mark, slot_mark_depth;
} parser;

static void set_clear(strset *set) {
    for (size_t i = 0; i < set->n; i++) free(set->s[i]);
    set->n = 0;
    set->known = 0;
}

/* Adds a string unless present; returns 0 (and makes the set unknown) when it overflows. */
static int set_add(strset *set, const char *s, size_t len) {
    if (!set->known) return 0;
    for (size_t i = 0; i < set->n; i++)
        if (strlen(set->s[i]) == len && !memcmp(set->s[i], s, len)) return 1;
    if (set->n == MAX_SET || len > MAX_LITERAL) {
        set_clear(set);
        return 0;
    }
    char *copy = kg_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    set->s[set->n++] = copy;
    return 1;
}

static void set_copy(strset *dst, const strset *src) {
    set_clear(dst);
    if (!src->known) return;
    dst->known = 1;
    for (size_t i = 0; i < src->n && dst->known; i++) set_add(dst, src->s[i], strlen(src->s[i]));
}

static void set_move(strset *dst, strset *src) {
    set_clear(dst);
    *dst = *src;
    src->n = 0;
    src->known = 0;
}

/* Code points other than spaces. */
static size_t weight(const char *s) {
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80 && *s != ' ') w++;
    return w;
}

/* The shortest string's weight; 0 for an unknown or empty set or one holding "". */
static size_t score(const strset *set) {
    if (!set->known || !set->n) return 0;
    size_t best = (size_t)-1;
    for (size_t i = 0; i < set->n; i++) {
        size_t w = weight(set->s[i]);
        if (w < best) best = w;
    }
    return best;
}

static int better(const strset *candidate, const strset *current) {
    size_t a = score(candidate), b = score(current);
    return a > b || (a == b && a > 0 && candidate->n < current->n);
}

/* dst := candidate if it is the better requirement. */
static void keep_best(strset *dst, const strset *candidate) {
    if (better(candidate, dst)) set_copy(dst, candidate);
}

static void info_clear(info *x) {
    set_clear(&x->exact);
    for (size_t i = 0; i < x->n_all; i++) set_clear(&x->all[i]);
    x->n_all = 0;
}

static void info_empty(info *x) {
    info_clear(x);
    x->exact.known = 1;
    set_add(&x->exact, "", 0);
}

static void info_literal(info *x, const char *bytes, size_t len) {
    info_clear(x);
    x->exact.known = 1;
    set_add(&x->exact, bytes, len);
}

static int same_set(const strset *a, const strset *b) {
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++) {
        int found = 0;
        for (size_t j = 0; j < b->n && !found; j++) found = !strcmp(a->s[i], b->s[j]);
        if (!found) return 0;
    }
    return 1;
}

/* Adds a must to x's conjunction, keeping the KG_LITERALS_MAX_SETS best. */
static void add_must(info *x, const strset *candidate) {
    if (!score(candidate)) return;
    for (size_t i = 0; i < x->n_all; i++)
        if (same_set(&x->all[i], candidate)) return;
    size_t slot = x->n_all;
    if (slot == KG_LITERALS_MAX_SETS) {
        size_t worst = 0;
        for (size_t i = 1; i < x->n_all; i++)
            if (better(&x->all[worst], &x->all[i])) worst = i;
        if (!better(candidate, &x->all[worst])) return;
        slot = worst;
    } else {
        x->n_all++;
        memset(&x->all[slot], 0, sizeof x->all[slot]);
    }
    set_copy(&x->all[slot], candidate);
}

/* The single best requirement of a subexpression: one of its musts or its exact set. */
static void effective(const info *x, strset *out) {
    set_clear(out);
    set_copy(out, &x->exact);
    for (size_t i = 0; i < x->n_all; i++) keep_best(out, &x->all[i]);
}

/* acc := acc followed by next. Both sides' musts hold for the whole; so do their exact
 * sets, unless their product, a better cue, stays known. */
static void concat(info *acc, const info *next) {
    strset product = {0};
    if (acc->exact.known && next->exact.known && acc->exact.n * next->exact.n <= MAX_SET) {
        product.known = 1;
        char buf[2 * MAX_LITERAL + 1];
        for (size_t i = 0; i < acc->exact.n && product.known; i++)
            for (size_t j = 0; j < next->exact.n && product.known; j++) {
                size_t a = strlen(acc->exact.s[i]), b = strlen(next->exact.s[j]);
                memcpy(buf, acc->exact.s[i], a);
                memcpy(buf + a, next->exact.s[j], b);
                set_add(&product, buf, a + b);
            }
    }
    for (size_t i = 0; i < next->n_all; i++) add_must(acc, &next->all[i]);
    if (!product.known) {
        add_must(acc, &acc->exact);
        add_must(acc, &next->exact);
    }
    set_move(&acc->exact, &product);
}

/* acc := acc | next: each side's single best requirement, united. */
static void alternate(info *acc, const info *next) {
    strset a = {0}, b = {0};
    effective(acc, &a);
    effective(next, &b);
    if (score(&a) && score(&b))
        for (size_t i = 0; i < b.n && a.known; i++) set_add(&a, b.s[i], strlen(b.s[i]));
    else
        set_clear(&a);
    if (acc->exact.known && next->exact.known)
        for (size_t i = 0; i < next->exact.n && acc->exact.known; i++)
            set_add(&acc->exact, next->exact.s[i], strlen(next->exact.s[i]));
    else
        set_clear(&acc->exact);
    strset exact = {0};
    set_move(&exact, &acc->exact);
    info_clear(acc);
    set_move(&acc->exact, &exact);
    add_must(acc, &a);
    set_clear(&a);
    set_clear(&b);
}

static void quantify(info *x, unsigned long min, unsigned long max) {
    if (min == 0) {
        strset exact = {0};
        if (max == 1 && x->exact.known) {
            set_move(&exact, &x->exact);
            set_add(&exact, "", 0);
        }
        info_clear(x);
        set_move(&x->exact, &exact);
        return;
    }
    if (!(min == 1 && max == 1)) {
        add_must(x, &x->exact);
        set_clear(&x->exact);
    }
}

/* A code point as a literal of a caseless pattern: ASCII folded to lower case, and any
 * character with no case variants as itself. Returns the UTF-8 length, or 0 when the
 * character cannot be a literal (a slot mark, or a letter with case beyond ASCII). */
static size_t literal_bytes(unsigned long c, char out[U8_MAX_LENGTH]) {
    if (c < 0x80) {
        out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return 1;
    }
    if (c == 0xE000 || c == 0xE001 || c > 0x10FFFF || U_IS_SURROGATE(c)) return 0;
    if (u_hasBinaryProperty((UChar32)c, UCHAR_CASE_SENSITIVE)) return 0;
    size_t n = 0;
    U8_APPEND_UNSAFE((uint8_t *)out, n, (UChar32)c);
    return n;
}

static void info_codepoint(info *x, unsigned long c) {
    char bytes[U8_MAX_LENGTH];
    size_t n = literal_bytes(c, bytes);
    if (n) info_literal(x, bytes, n);
    else info_clear(x);
}

/* Decodes the UTF-8 character at *p and moves past it (the pattern is valid UTF-8: it
 * compiled). */
static unsigned long next_codepoint(const char **p) {
    int32_t i = 0;
    UChar32 c;
    U8_NEXT((const uint8_t *)*p, i, -1, c);
    *p += i;
    return c < 0 ? 0xFFFD : (unsigned long)c;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static void skip_braced(parser *ps) {
    if (*ps->p == '{') {
        const char *close = strchr(ps->p, '}');
        if (!close) ps->bail = 1;
        else ps->p = close + 1;
    } else if (*ps->p) {
        ps->p++;
    }
}

/* An escape after the backslash at ps->p. */
static void parse_escape(parser *ps, info *x) {
    char e = ps->p[1];
    ps->p += 2;
    switch (e) {
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K': case 'E':
        info_empty(x);
        return;
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W': case 'h': case 'H':
    case 'v': case 'V': case 'R': case 'X': case 'C':
        info_clear(x);
        return;
    case 'N': /* any but a newline, or \N{U+hhhh}: one character either way */
        if (*ps->p == '{') skip_braced(ps);
        info_clear(x);
        return;
    case 'p': case 'P':
        skip_braced(ps);
        info_clear(x);
        return;
    case 'n': info_codepoint(x, '\n'); return;
    case 't': info_codepoint(x, '\t'); return;
    case 'r': info_codepoint(x, '\r'); return;
    case 'f': info_codepoint(x, '\f'); return;
    case 'e': info_codepoint(x, 0x1B); return;
    case 'a': info_codepoint(x, 0x07); return;
    case 'x': {
        unsigned long c = 0;
        if (*ps->p == '{') {
            char *end;
            c = strtoul(ps->p + 1, &end, 16);
            if (*end != '}') {
                ps->bail = 1;
                return;
            }
            ps->p = end + 1;
        } else {
            for (int i = 0; i < 2 && strchr("0123456789abcdefABCDEF", *ps->p) && *ps->p; i++)
                c = c * 16 + (unsigned long)(is_digit(*ps->p) ? *ps->p - '0' : (*ps->p | 32) - 'a' + 10), ps->p++;
        }
        if (c == 0xE000 || c == 0xE001) {
            ps->slot_mark = c == 0xE000 ? 1 : 2;
            ps->slot_mark_depth = ps->depth;
        }
        info_codepoint(x, c);
        return;
    }
    case 'g': case 'k':
        /* back references: \g1 \g{-1} \k<name> \k{name} \k'name' */
        if (*ps->p == '<' || *ps->p == '\'') {
            const char *close = strchr(ps->p + 1, *ps->p == '<' ? '>' : '\'');
            if (!close) ps->bail = 1;
            else ps->p = close + 1;
        } else if (*ps->p == '{') {
            skip_braced(ps);
        } else {
            while (is_digit(*ps->p) || *ps->p == '-' || *ps->p == '+') ps->p++;
        }
        info_clear(x);
        return;
    default:
        break;
    }
    if (e >= '1' && e <= '9') { /* a back reference (or octal): matches something unknown */
        while (is_digit(*ps->p)) ps->p++;
        info_clear(x);
        return;
    }
    if (!e || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || is_digit(e)) {
        ps->bail = 1; /* \Q, \c, \o, \0, \U ... : not read */
        return;
    }
    ps->p--;
    info_codepoint(x, next_codepoint(&ps->p));
}

static void skip_class(parser *ps) {
    ps->p++; /* '[' */
    if (*ps->p == '^') ps->p++;
    if (*ps->p == ']') ps->p++;
    while (*ps->p && *ps->p != ']') {
        if (*ps->p == '\\' && ps->p[1]) {
            char e = ps->p[1];
            ps->p += 2;
            if (e == 'x' || e == 'p' || e == 'P') {
                skip_braced(ps);
            } else if (((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || is_digit(e)) &&
                       !strchr("dDsSwWhHvVntrfeab", e)) {
                ps->bail = 1; /* \Q, \c, \N, octal ...: may take the "]" that seems to end
                               * the class */
                return;
            }
        } else if (ps->p[0] == '[' && (ps->p[1] == ':' || ps->p[1] == '.' || ps->p[1] == '=')) {
            /* POSIX brackets: where one ends depends on PCRE2's reading of the name
             * ("[[:[:]" is no class name), so the pattern is not analysed. */
            ps->bail = 1;
            return;
        } else {
            ps->p++;
        }
    }
    if (*ps->p != ']') ps->bail = 1;
    else ps->p++;
}

/* Reads a quantifier at ps->p, if any. {,m} is left unread (its meaning changed between
 * PCRE2 versions): the pattern is then not analysed. */
static int parse_quantifier(parser *ps, unsigned long *min, unsigned long *max) {
    const char *p = ps->p;
    if (*p == '?') *min = 0, *max = 1, p++;
    else if (*p == '*') *min = 0, *max = (unsigned long)-1, p++;
    else if (*p == '+') *min = 1, *max = (unsigned long)-1, p++;
    else if (*p == '{') {
        if (p[1] == ',') {
            ps->bail = 1;
            return 0;
        }
        if (!is_digit(p[1])) return 0;
        char *end;
        *min = strtoul(p + 1, &end, 10);
        *max = *min;
        if (*end == ',') {
            if (end[1] == '}') *max = (unsigned long)-1, end++;
            else if (is_digit(end[1])) *max = strtoul(end + 1, &end, 10);
            else return 0;
        }
        if (*end != '}') return 0;
        p = end + 1;
    } else {
        return 0;
    }
    if (*p == '?' || *p == '+') p++;
    ps->p = p;
    return 1;
}

static void parse_alternation(parser *ps, info *out);

/* A group after its '('. */
static void parse_group(parser *ps, info *x) {
    int zero_width = 0;
    const char *p = ps->p;
    if (*p == '*') {
        ps->bail = 1; /* (*ACCEPT), (*COMMIT), (*UTF) ...: not read */
        return;
    }
    if (*p == '?') {
        p++;
        if (*p == ':' || *p == '|' || *p == '>') p++;
        else if (*p == '=' || *p == '!') zero_width = 1, p++;
        else if (p[0] == '<' && (p[1] == '=' || p[1] == '!')) zero_width = 1, p += 2;
        else if (*p == '<' || *p == '\'' || (p[0] == 'P' && p[1] == '<')) {
            const char *close = strchr(p + 1, *p == '\'' ? '\'' : '>');
            if (!close) {
                ps->bail = 1;
                return;
            }
            p = close + 1;
        } else if (*p == '#') {
            const char *close = strchr(p, ')');
            /* a quantifier after a comment applies to the item before the comment,
             * which the item-by-item reading here would not see */
            if (!close || (close[1] && strchr("*+?{", close[1]))) ps->bail = 1;
            else ps->p = close + 1;
            info_empty(x);
            return;
        } else {
            /* option settings (?i) (?-i:...) (?^:...); anything else is not read */
            const char *q = p;
            while (*q && strchr("imnsUJ-^", *q)) q++;
            if (q == p && *q != ':' && *q != ')') {
                ps->bail = 1; /* (?R) (?1) (?&name) (?( ... ) (?C ...) */
                return;
            }
            for (const char *o = p; o < q; o++)
                if (*o == 'x') ps->bail = 1;
            if (*q == ')') { /* applies to the rest of the enclosing group */
                ps->p = q + 1;
                info_empty(x);
                return;
            }
            if (*q != ':') {
                ps->bail = 1;
                return;
            }
            p = q + 1;
        }
    }
    ps->p = p;
    if (++ps->depth > MAX_DEPTH) {
        ps->bail = 1;
        return;
    }
    parse_alternation(ps, x);
    ps->depth--;
    if (*ps->p != ')') {
        ps->bail = 1;
        return;
    }
    ps->p++;
    if (zero_width) info_empty(x);
}

/* One atom at ps->p into *x; returns 0 at the end of a sequence ('|', ')', end). */
static int parse_atom(parser *ps, info *x) {
    char c = *ps->p;
    if (!c || c == '|' || c == ')') return 0;
    if (c == '(') {
        ps->p++;
        parse_group(ps, x);
    } else if (c == '[') {
        skip_class(ps);
        info_clear(x);
    } else if (c == '\\') {
        parse_escape(ps, x);
    } else if (c == '.') {
        ps->p++;
        info_clear(x);
    } else if (c == '^' || c == '$') {
        ps->p++;
        info_empty(x);
    } else if (c == '{' && is_digit(ps->p[1])) {
        ps->bail = 1; /* a quantifier with nothing to repeat */
    } else {
        info_codepoint(x, next_codepoint(&ps->p));
    }
    return 1;
}

/* A sequence is read as runs of atoms with exact sets ("trained", "(?:on|with) ")
 * joined by atoms without ("\\s+"): a run's product is a candidate however much
 * unknown text came before it. */
static void parse_sequence(parser *ps, info *out) {
    info_empty(out);
    info atom = {0}, run = {0};
    info_empty(&run);
    int in_token = 0; /* between a slot's U+E000 and U+E001 */
    ps->slot_mark = 0;
    while (!ps->bail && parse_atom(ps, &atom)) {
        if (ps->bail) break;
        if (ps->slot_mark && ps->slot_mark_depth == ps->depth) in_token = ps->slot_mark == 1;
        else if (in_token) info_clear(&atom);
        ps->slot_mark = 0;
        unsigned long min, max;
        if (parse_quantifier(ps, &min, &max)) quantify(&atom, min, max);
        if (atom.exact.known) {
            concat(&run, &atom);
            if (!run.exact.known) { /* the run outgrew its exact set */
                concat(out, &run);
                info_empty(&run);
            }
        } else {
            concat(out, &run);
            concat(out, &atom);
            info_empty(&run);
        }
        info_clear(&atom);
    }
    concat(out, &run);
    info_clear(&run);
    info_clear(&atom);
}

static void parse_alternation(parser *ps, info *out) {
    parse_sequence(ps, out);
    info next = {0};
    while (!ps->bail && *ps->p == '|') {
        ps->p++;
        parse_sequence(ps, &next);
        alternate(out, &next);
        info_clear(&next);
    }
    info_clear(&next);
}

/* Copies a set into out, dropping each string that holds another string of the set
 * (where it occurs, so does the other). */
static void emit_set(const strset *set, kg_literal_set *out) {
    out->items = kg_xmalloc(set->n * sizeof *out->items);
    out->n = 0;
    for (size_t i = 0; i < set->n; i++) {
        int implied = 0;
        for (size_t j = 0; j < set->n && !implied; j++)
            implied = j != i && strlen(set->s[j]) < strlen(set->s[i]) && strstr(set->s[i], set->s[j]);
        if (!implied) out->items[out->n++] = kg_xstrdup(set->s[i]);
    }
}

/* Whether a text holding a string of `kept` always holds one of `set` too: each string
 * of kept contains a string of set. Then set filters nothing more. */
static int set_implies(const kg_literal_set *kept, const strset *set) {
    for (size_t i = 0; i < kept->n; i++) {
        int contains = 0;
        for (size_t j = 0; j < set->n && !contains; j++) contains = strstr(kept->items[i], set->s[j]) != NULL;
        if (!contains) return 0;
    }
    return 1;
}

size_t kg_literals_required(const char *pattern, size_t min_chars,
                            kg_literal_set out[KG_LITERALS_MAX_SETS]) {
    parser ps = {pattern, 0, 0, 0, 0};
    info whole = {0};
    parse_alternation(&ps, &whole);
    size_t n = 0;
    if (!ps.bail && !*ps.p) {
        add_must(&whole, &whole.exact);
        /* best first: a scan's first failed set rejects the pattern soonest */
        int used[KG_LITERALS_MAX_SETS] = {0};
        for (;;) {
            size_t pick = whole.n_all;
            for (size_t i = 0; i < whole.n_all; i++)
                if (!used[i] && score(&whole.all[i]) >= (min_chars ? min_chars : 1) &&
                    (pick == whole.n_all || better(&whole.all[i], &whole.all[pick])))
                    pick = i;
            if (pick == whole.n_all) break;
            used[pick] = 1;
            int implied = 0;
            for (size_t k = 0; k < n && !implied; k++) implied = set_implies(&out[k], &whole.all[pick]);
            if (!implied) emit_set(&whole.all[pick], &out[n++]);
        }
    }
    info_clear(&whole);
    return n;
}

void kg_literal_set_free(kg_literal_set *set) {
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) free(set->items[i]);
    free(set->items);
    set->items = NULL;
    set->n = 0;
}
