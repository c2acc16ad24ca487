/* kg_frames: see kg_frames.h.
 *
 * English inflection is regular unless the entry spells its five forms: -s/-es/-ies,
 * -d/-ed/-ied, -ing with a final mute e dropped; consonant doubling ("plan", "planned")
 * is never guessed. Persian verbs are conjugated from their past and present stems in the
 * forms news uses: past, continuous past, perfect (with است/بود), future (خواهد), present
 * and subjunctive, each with the negative prefix ن, in matching form (می glued). Passive
 * forms are the noun of a compound with شد/شو, or a simple verb's participle with شد. */
#include "kg_frames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"
#include "kg_buf.h"

static const char *const kind_names[KG_N_TRIGGER_KINDS] = {
    "verb", "verb-from", "noun", "noun-from", "agent", "patient",
};

int kg_trigger_kind_parse(const char *directive, kg_trigger_kind *kind) {
    for (int k = 0; k < KG_N_TRIGGER_KINDS; k++)
        if (!strcmp(directive, kind_names[k])) {
            *kind = (kg_trigger_kind)k;
            return 0;
        }
    return -1;
}

const char *kg_trigger_kind_name(kg_trigger_kind kind) {
    return kind >= 0 && kind < KG_N_TRIGGER_KINDS ? kind_names[kind] : "?";
}

/* ---------------------------------------------------------------- entry text */

/* Appends text as regex literal: metacharacters escaped, a run of spaces as \s+, a ZWNJ
 * (the half-space, often written as a space or left out) as \s?. */
static void add_literal(kg_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') {
            while (i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t')) i++;
            kg_buf_adds(b, "\\s+");
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x8C) {
            kg_buf_adds(b, "\\s?");
            i += 2;
        } else if (strchr("\\^$.|?*+()[]{}", c)) {
            kg_buf_add(b, "\\", 1);
            kg_buf_add(b, s + i, 1);
        } else {
            kg_buf_add(b, s + i, 1);
        }
    }
}

static void add_alt(kg_buf *b, const char *s) {
    if (b->len) kg_buf_add(b, "|", 1);
    add_literal(b, s, strlen(s));
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

static int is_vowel(char c) { return strchr("aeiou", c) != NULL; }

/* ---------------------------------------------------------------- English */

/* The five forms of an English verb entry: "base|3sg|past|participle|ing" as written, or
 * inflected from the lemma; the first word inflects, the rest ("over", "up") follows. */
static int en_verb_forms(const char *entry, char forms[5][128]) {
    if (strchr(entry, '|')) {
        char tmp[640];
        snprintf(tmp, sizeof tmp, "%s", entry);
        int n = 0;
        for (char *save = NULL, *f = strtok_r(tmp, "|", &save); f; f = strtok_r(NULL, "|", &save)) {
            while (*f == ' ') f++;
            size_t l = strlen(f);
            while (l && f[l - 1] == ' ') f[--l] = '\0';
            if (n == 5 || !l || l >= 128) return -1;
            memcpy(forms[n++], f, l + 1);
        }
        return n == 5 ? 0 : -1;
    }
    char head[96];
    const char *rest = entry + strcspn(entry, " ");
    size_t hl = (size_t)(rest - entry);
    if (!hl || hl >= sizeof head || strlen(rest) >= 32) return -1;
    memcpy(head, entry, hl);
    head[hl] = '\0';
    char s3[100], past[100], ing[100];
    char last = head[hl - 1], before = hl > 1 ? head[hl - 2] : 'a';
    if (last == 'y' && !is_vowel(before)) {
        snprintf(s3, sizeof s3, "%.*sies", (int)hl - 1, head);
        snprintf(past, sizeof past, "%.*sied", (int)hl - 1, head);
    } else {
        int es = last == 's' || last == 'x' || last == 'z' || last == 'o' ||
                 ends_with(head, "ch") || ends_with(head, "sh");
        snprintf(s3, sizeof s3, "%s%s", head, es ? "es" : "s");
        snprintf(past, sizeof past, "%s%s", head, last == 'e' ? "d" : "ed");
    }
    if (ends_with(head, "ie")) snprintf(ing, sizeof ing, "%.*sying", (int)hl - 2, head);
    else if (last == 'e' && before != 'e' && before != 'y' && before != 'o')
        snprintf(ing, sizeof ing, "%.*sing", (int)hl - 1, head);
    else snprintf(ing, sizeof ing, "%sing", head);
    snprintf(forms[0], 128, "%s%s", head, rest);
    snprintf(forms[1], 128, "%s%s", s3, rest);
    snprintf(forms[2], 128, "%s%s", past, rest);
    snprintf(forms[3], 128, "%s%s", past, rest);
    snprintf(forms[4], 128, "%s%s", ing, rest);
    return 0;
}

/* An English noun and its plural (the last word inflects: "portfolio companies"). */
static void en_noun_forms(kg_buf *b, const char *entry) {
    add_alt(b, entry);
    char plural[256];
    size_t n = strlen(entry);
    if (n + 3 >= sizeof plural || !n) return;
    char last = entry[n - 1], before = n > 1 ? entry[n - 2] : 'a';
    if (last == 'y' && !is_vowel(before)) snprintf(plural, sizeof plural, "%.*sies", (int)n - 1, entry);
    else if (last == 's' || last == 'x' || ends_with(entry, "ch") || ends_with(entry, "sh"))
        snprintf(plural, sizeof plural, "%ses", entry);
    else snprintf(plural, sizeof plural, "%ss", entry);
    add_alt(b, plural);
}

/* ---------------------------------------------------------------- Persian */

/* Light verbs: past stem, present stem, and whether a compound with it has a passive
 * with شدن (خریداری کرد → خریداری شد). */
static const struct { const char *past, *present; int passive; } light_verbs[] = {
    {"کرد", "کن", 1},    {"نمود", "نما", 1},   {"داد", "ده", 1},    {"زد", "زن", 1},
    {"گرفت", "گیر", 0},  {"داشت", "دار", 0},   {"آورد", "آور", 0},  {"بست", "بند", 1},
    {"گذاشت", "گذار", 1}, {"ساخت", "ساز", 1},  {"یافت", "یاب", 0},  {"رساند", "رسان", 1},
    {"برد", "بر", 0},    {"شد", "شو", 0},      {"کشید", "کش", 1},   {"انداخت", "انداز", 1},
    {"خورد", "خور", 0},  {"آمد", "آ", 0},      {"گشت", "گرد", 0},   {"درآورد", "درآور", 0},
    {"ماند", "مان", 0},  {"فروخت", "فروش", 1}, {"خرید", "خر", 1},   {"گفت", "گو", 0},
};

/* Appends the conjugations of a verb with past stem P and present stem R. */
static void fa_conjugate(kg_buf *b, const char *P, const char *R) {
    char R2[64];
    snprintf(R2, sizeof R2, "%s%s", R, ends_with(R, "ا") || ends_with(R, "آ") ? "ی" : "");
    kg_buf_addf(b,
                "(?:ن|نمی|می)?%s(?:م|ی|یم|ید|ند)?"
                "|(?:ن)?%sه(?:ام|ای|ایم|اید|اند)?(?:\\s*(?:است|بود|بودند|باشد|باشند))?"
                "|(?:ن)?خواه(?:م|ی|د|یم|ید|ند)\\s+%s"
                "|(?:ن|نمی|می|ب)?%s(?:م|ی|د|یم|ید|ند)",
                P, P, P, R2);
}

/* Persian verb entry "[NOUN ]PAST[/PRESENT]": its active and passive forms. */
static int fa_verb_forms(const char *entry, kg_buf *active, kg_buf *passive, char *why,
                         size_t why_len) {
    const char *space = strrchr(entry, ' ');
    const char *verb = space ? space + 1 : entry;
    char past[64], present[64];
    const char *slash = strchr(verb, '/');
    int has_passive = 0;
    if (slash) {
        snprintf(past, sizeof past, "%.*s", (int)(slash - verb), verb);
        snprintf(present, sizeof present, "%s", slash + 1);
        has_passive = 1;
    } else {
        size_t i;
        for (i = 0; i < sizeof light_verbs / sizeof light_verbs[0]; i++)
            if (!strcmp(light_verbs[i].past, verb)) break;
        if (i == sizeof light_verbs / sizeof light_verbs[0]) {
            snprintf(why, why_len, "'%s': give the present stem as PAST/PRESENT", verb);
            return -1;
        }
        snprintf(past, sizeof past, "%s", light_verbs[i].past);
        snprintf(present, sizeof present, "%s", light_verbs[i].present);
        has_passive = light_verbs[i].passive;
    }
    if (!*past || !*present) {
        snprintf(why, why_len, "'%s': empty stem", entry);
        return -1;
    }
    kg_buf noun = {0};
    if (space) {
        add_literal(&noun, entry, (size_t)(space - entry));
        kg_buf_adds(&noun, "\\s+");
    }
    if (active->len) kg_buf_add(active, "|", 1);
    kg_buf_adds(active, noun.s ? noun.s : "");
    kg_buf_adds(active, "(?:");
    fa_conjugate(active, past, present);
    kg_buf_adds(active, ")");
    if (has_passive) {
        if (passive->len) kg_buf_add(passive, "|", 1);
        if (space) { /* خریداری کرد → خریداری شد */
            kg_buf_adds(passive, noun.s);
        } else { /* فروخت → فروخته شد */
            kg_buf_addf(passive, "%sه\\s*", past);
        }
        kg_buf_adds(passive, "(?:");
        fa_conjugate(passive, "شد", "شو");
        kg_buf_adds(passive, "|گردید|گردیده(?:\\s*است)?)");
    }
    free(noun.s);
    return 0;
}

/* A Persian noun with its plural suffixes (glued in matching form). */
static void fa_noun_forms(kg_buf *b, const char *entry) {
    if (b->len) kg_buf_add(b, "|", 1);
    add_literal(b, entry, strlen(entry));
    kg_buf_adds(b, "(?:ها|های|هایی|ان|ی|ای)?");
}

/* ---------------------------------------------------------------- entries */

static kg_trigger_group *group_for(kg_frame_triggers *t, kg_trigger_kind kind, const char *prep) {
    for (size_t i = 0; i < t->n; i++)
        if (t->groups[i].kind == kind && !strcmp(t->groups[i].prep, prep)) return &t->groups[i];
    kg_trigger_group g = {0};
    g.kind = kind;
    g.prep = kg_xstrdup(prep);
    KG_PUSH(t->groups, t->n, t->cap, g);
    return &t->groups[t->n - 1];
}

static void append_alt_raw(char **field, const char *alt) {
    if (!alt || !*alt) return;
    kg_buf b = {0};
    if (*field) {
        kg_buf_adds(&b, *field);
        kg_buf_add(&b, "|", 1);
    }
    kg_buf_adds(&b, alt);
    free(*field);
    *field = kg_buf_take(&b);
}

static int add_entry(kg_frame_triggers *t, kg_trigger_kind kind, int persian, char *entry,
                     char *why, size_t why_len) {
    const char *prep = "";
    char *plus = strchr(entry, '+');
    if (plus) {
        *plus = '\0';
        prep = plus + 1;
        while (*prep == ' ') prep++;
    }
    size_t n = strlen(entry);
    while (n && (entry[n - 1] == ' ' || entry[n - 1] == '\t')) entry[--n] = '\0';
    while (*entry == ' ') entry++;
    if (!*entry) {
        snprintf(why, why_len, "empty trigger entry");
        return -1;
    }
    int is_verb = kind == KG_TRIG_VERB || kind == KG_TRIG_VERB_FROM;
    if (persian && is_verb && !*prep && kind == KG_TRIG_VERB) prep = "را";
    kg_trigger_group *g = group_for(t, kind, prep);
    kg_buf forms = {0}, passive = {0}, ing = {0}, base = {0};
    if (is_verb && !persian) {
        char f[5][128];
        if (en_verb_forms(entry, f)) {
            snprintf(why, why_len, "'%s': write a lemma or base|3sg|past|participle|ing", entry);
            return -1;
        }
        for (int i = 0; i < 5; i++) add_alt(&forms, f[i]);
        add_alt(&passive, f[3]);
        add_alt(&ing, f[4]);
        add_alt(&base, f[0]);
    } else if (is_verb) {
        if (fa_verb_forms(entry, &forms, &passive, why, why_len)) return -1;
    } else if (persian) {
        fa_noun_forms(&forms, entry);
    } else {
        en_noun_forms(&forms, entry);
    }
    append_alt_raw(&g->forms, forms.s);
    append_alt_raw(&g->passive, passive.s);
    append_alt_raw(&g->ing, ing.s);
    append_alt_raw(&g->base, base.s);
    free(forms.s);
    free(passive.s);
    free(ing.s);
    free(base.s);
    return 0;
}

int kg_frame_add_entries(kg_frame_triggers *t, kg_trigger_kind kind, const char *lang,
                         const char *entries, char *why, size_t why_len) {
    int persian = !strcmp(lang, "fa");
    if (!persian && strcmp(lang, "en")) {
        snprintf(why, why_len, "frames need a rule file with lang en or fa");
        return -1;
    }
    char *copy = kg_xstrdup(entries);
    int status = 0;
    for (char *save = NULL, *e = strtok_r(copy, ",", &save); e && !status; e = strtok_r(NULL, ",", &save))
        status = add_entry(t, kind, persian, e, why, why_len);
    free(copy);
    if (!status && !*entries) {
        snprintf(why, why_len, "a trigger line needs at least one entry");
        status = -1;
    }
    return status;
}

void kg_frame_triggers_free(kg_frame_triggers *t) {
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->groups[i].prep);
        free(t->groups[i].forms);
        free(t->groups[i].passive);
        free(t->groups[i].ing);
        free(t->groups[i].base);
    }
    free(t->groups);
    t->groups = NULL;
    t->n = t->cap = 0;
}

/* ---------------------------------------------------------------- templates */

/* Placeholders, longest first so that %VPP is not read as %V. */
typedef enum { PH_V, PH_VPP, PH_VING, PH_VBASE, PH_VF, PH_N, PH_NF, PH_AG, PH_PAT, PH_P, PH_PR, PH_RA } placeholder;
static const struct { const char *text; placeholder ph; int kind; } placeholders[] = {
    {"%VBASE", PH_VBASE, KG_TRIG_VERB}, {"%VING", PH_VING, KG_TRIG_VERB},
    {"%VPP", PH_VPP, KG_TRIG_VERB},     {"%VF", PH_VF, KG_TRIG_VERB_FROM},
    {"%V", PH_V, KG_TRIG_VERB},         {"%NF", PH_NF, KG_TRIG_NOUN_FROM},
    {"%N", PH_N, KG_TRIG_NOUN},         {"%AG", PH_AG, KG_TRIG_AGENT},
    {"%PAT", PH_PAT, KG_TRIG_PATIENT},  {"%RA", PH_RA, -1},
    {"%PR", PH_PR, -1},                 {"%P", PH_P, -1},
};

/* The placeholder at p, or -1; *len its length. */
static int placeholder_at(const char *p, size_t *len) {
    if (*p != '%') return -1;
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
        size_t n = strlen(placeholders[i].text);
        if (!strncmp(p, placeholders[i].text, n)) {
            *len = n;
            return (int)i;
        }
    }
    return -1;
}

int kg_template_kind(const char *body) {
    int kind = -1;
    for (const char *p = body; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        size_t n;
        int i = placeholder_at(p, &n);
        if (i < 0 || placeholders[i].kind < 0) continue;
        if (kind >= 0 && kind != placeholders[i].kind) return -2;
        kind = placeholders[i].kind;
        p += n - 1;
    }
    return kind;
}

/* Appends the expansion of placeholder i for group g; returns 0 when g lacks it. */
static int expand(kg_buf *b, int i, const kg_trigger_group *g, int persian) {
    const char *open = persian ? "(?<![\\p{L}\\p{M}])(?:" : "\\b(?:";
    const char *close = persian ? ")(?![\\p{L}\\p{M}])" : ")\\b";
    const char *forms = NULL;
    switch (placeholders[i].ph) {
    case PH_V: case PH_VF: case PH_N: case PH_NF: case PH_AG: case PH_PAT: forms = g->forms; break;
    case PH_VPP: forms = g->passive; break;
    case PH_VING: forms = g->ing; break;
    case PH_VBASE: forms = g->base; break;
    case PH_P:
    case PH_PR:
        if (*g->prep && strcmp(g->prep, "را")) kg_buf_addf(b, "(?:%s)\\s+", g->prep);
        else if (placeholders[i].ph == PH_PR) return 0; /* the template needs one */
        return 1;
    case PH_RA: /* only groups whose object takes «را» */
        if (strcmp(g->prep, "را")) return 0;
        kg_buf_adds(b, "\\s+را");
        return 1;
    }
    if (!forms) return 0;
    kg_buf_adds(b, open);
    kg_buf_adds(b, forms);
    kg_buf_adds(b, close);
    return 1;
}

/* Appends body[from, to) with {S} {S+} {O} {O+} replaced by slots; placeholders are
 * expanded for group g (NULL: there are none in the stretch). Returns 0 when g lacks a
 * placeholder the stretch uses. */
static int emit(kg_buf *b, const char *body, size_t from, size_t to, const kg_trigger_group *g,
                int persian, const char *st, const char *ot) {
    for (size_t k = from; k < to;) {
        const char *p = body + k;
        if (*p == '\\' && k + 1 < to) {
            kg_buf_add(b, p, 2);
            k += 2;
            continue;
        }
        if (*p == '{' && (p[1] == 'S' || p[1] == 'O') && (p[2] == '}' || (p[2] == '+' && p[3] == '}'))) {
            int list = p[2] == '+';
            kg_buf_addf(b, "{%s%s:%s}", p[1] == 'S' ? st : ot, list ? "+" : "", p[1] == 'S' ? "subj" : "obj");
            k += list ? 4 : 3;
            continue;
        }
        size_t n;
        int i = placeholder_at(p, &n);
        if (i >= 0) {
            if (!g || !expand(b, i, g, persian)) return 0;
            k += n;
            continue;
        }
        kg_buf_add(b, p, 1);
        k++;
    }
    return 1;
}

size_t kg_frame_instantiate(const char *body, const kg_frame_triggers *t, const char *lang,
                            const char *subject_types, const char *object_types, char ***out) {
    *out = NULL;
    int kind = kg_template_kind(body);
    if (kind < 0) return 0;
    int persian = !strcmp(lang, "fa");
    size_t n = 0, cap = 0;
    for (size_t gi = 0; gi < t->n; gi++) {
        const kg_trigger_group *g = &t->groups[gi];
        if ((int)g->kind != kind) continue;
        kg_buf one = {0};
        if (!emit(&one, body, 0, strlen(body), g, persian, subject_types, object_types)) {
            free(one.s);
            continue;
        }
        int seen = 0; /* groups whose preposition the template does not use repeat */
        for (size_t k = 0; k < n && !seen; k++) seen = !strcmp((*out)[k], one.s);
        if (seen) {
            free(one.s);
            continue;
        }
        KG_PUSH(*out, n, cap, kg_buf_take(&one));
    }
    return n;
}
