/* kg_match: applies a loaded rule set to one sentence (kg_rules_apply).
 *
 * The sentence's normalized text is rewritten with each mention replaced by its slot
 * token (kg_rules_int.h). One scan finds the cue words it holds; every rule pattern
 * whose slot types and cue words are all present is matched over the slotted text (the
 * others cannot match), and each match becomes one claim per (subject, object) member.
 * Qualifiers: negation cues count only inside the clause of the match (delimited by
 * , ، ; ؛ :), modality and source cues anywhere in the sentence; a rule's own
 * polarity/modality/source directives win. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kg_arena.h"
#include "kg_buf.h"
#include "kg_hash.h"
#include "kg_normalize.h"
#include "kg_quantity.h"
#include "kg_rules_int.h"
#include "kg_sort.h"

/* The slotted form of one sentence. Invariant: valid UTF-8 (normalized text and ASCII
 * tokens between U+E000 and U+E001), so matching skips PCRE2's UTF check. */
typedef struct slotted {
    char *text;
    size_t len, cap;
    size_t *to_norm;        /* for each byte: offset in the normalized text */
    size_t *to_norm_end;    /* for each byte: the end (exclusive) of the normalized text it
                               stands for; a slot token's bytes stand for its whole mention */
    size_t to_norm_cap, to_norm_end_cap;
    size_t norm_end;        /* end of the sentence in the normalized text */
} slotted;

/* Appends n bytes: text copied from the normalized text at norm_offset (norm_end 0), or
 * a slot token standing for the normalized text [norm_offset, norm_end). */
static void slotted_add(slotted *s, const char *bytes, size_t n, size_t norm_offset, size_t norm_end) {
    kg_grow((void **)&s->text, &s->cap, s->len + n + 1, 1);
    kg_grow((void **)&s->to_norm, &s->to_norm_cap, s->len + n + 1, sizeof(size_t));
    kg_grow((void **)&s->to_norm_end, &s->to_norm_end_cap, s->len + n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        s->text[s->len + i] = bytes[i];
        s->to_norm[s->len + i] = norm_end ? norm_offset : norm_offset + i;
        s->to_norm_end[s->len + i] = norm_end ? norm_end : norm_offset + i + 1;
    }
    s->len += n;
    s->text[s->len] = '\0';
}

struct kg_rule_scratch {
    slotted s;
    unsigned char *cue_words;   /* bitset over the rule set's cue words */
    size_t cue_bytes;
    uint64_t *candidates;       /* bitset over the rule set's patterns */
    size_t candidate_words;
    pcre2_match_data *md;       /* the rule patterns' matches */
    pcre2_match_data *qual_md;  /* the qualifiers', so a rule's match survives them */
    /* The claims of a list, when it has more members than the fixed arrays hold. */
    kg_claim_arg *subjects, *objects;
    size_t cap_subjects, cap_objects;
    /* Once a sentence has DEDUP_LINEAR claims, a table of their indexes (+1, 0 = empty)
     * by claim_hash finds duplicates (dedup_note); emptied at the end of the sentence. */
    uint32_t *dedup;
    size_t dedup_cap;
    kg_rule_limits limits;
    /* The clause breaks of the sentence (clause_of): start and end offsets, ascending. */
    int clauses_listed;
    size_t *break_at, *break_end;
    size_t n_breaks, cap_break_at, cap_break_end;
};

#define DEDUP_LINEAR 32

kg_rule_scratch *kg_rule_scratch_new(void) { return kg_xcalloc(1, sizeof(kg_rule_scratch)); }

static void scratch_release(kg_rule_scratch *sc) {
    free(sc->s.text);
    free(sc->s.to_norm);
    free(sc->s.to_norm_end);
    free(sc->cue_words);
    free(sc->candidates);
    pcre2_match_data_free(sc->md);
    pcre2_match_data_free(sc->qual_md);
    free(sc->subjects);
    free(sc->objects);
    free(sc->dedup);
    free(sc->break_at);
    free(sc->break_end);
}

kg_rule_limits kg_rule_scratch_limits(const kg_rule_scratch *sc) {
    kg_rule_limits none = {0};
    return sc ? sc->limits : none;
}

/* pcre2_match on the slotted sentence, from offset. A search that stops at one of the
 * rule set's bounds is counted in sc->limits for rule_id. (A larger JIT stack would let
 * a list of thousands of members match, but then each of its start positions costs a
 * pass over the whole list: seconds per sentence. The bound wins.) */
static int search(const kg_rules *r, kg_rule_scratch *sc, const pcre2_code *re,
                  const slotted *s, size_t offset, pcre2_match_data *md, size_t sentence,
                  const char *rule_id) {
    int rc = pcre2_match(re, (PCRE2_SPTR)s->text, s->len, offset, PCRE2_NO_UTF_CHECK, md,
                         r->mctx);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
        if (!sc->limits.stopped++) {
            sc->limits.stopped_sentence = sentence;
            sc->limits.stopped_rule = rule_id;
            sc->limits.stopped_code = rc;
            pcre2_get_error_message(rc, (PCRE2_UCHAR *)sc->limits.stopped_why,
                                    sizeof sc->limits.stopped_why);
        }
    }
    return rc;
}

void kg_rule_scratch_free(kg_rule_scratch *sc) {
    if (!sc) return;
    scratch_release(sc);
    free(sc);
}

/* "PN" for a mention that is the pronoun "it", "PS" for "its", else "" (kg_rules_int.h). */
static const char *pronoun_mark(const kg_mention *m) {
    const char *w = m->surface;
    if (!m->via || strcmp(m->via, "coref") || !w || (w[0] != 'i' && w[0] != 'I') || (w[1] != 't' && w[1] != 'T'))
        return "";
    if (!w[2]) return "PN";
    return (w[2] == 's' || w[2] == 'S') && !w[3] ? "PS" : "";
}

static void build_slotted(const kg_rule_input *in, size_t first, size_t last, slotted *s) {
    s->len = 0;
    const char *norm = in->norm->text;
    size_t pos = in->sentence->start;
    for (size_t m = first; m < last; m++) {
        const kg_mention *mn = &in->mentions[m];
        if (mn->start < pos || mn->end > in->sentence->end) continue;
        slotted_add(s, norm + pos, mn->start - pos, pos, 0);
        char token[64];
        int n = snprintf(token, sizeof token, KG_SLOT_OPEN "%s%s%zu" KG_SLOT_CLOSE, mn->type,
                         pronoun_mark(mn), m);
        for (char *c = token + 3; *c && (unsigned char)*c < 0x80; c++) *c = (char)toupper((unsigned char)*c);
        slotted_add(s, token, (size_t)n, mn->start, mn->end);
        pos = mn->end;
    }
    slotted_add(s, norm + pos, in->sentence->end - pos, pos, 0);
    kg_grow((void **)&s->to_norm, &s->to_norm_cap, s->len + 1, sizeof(size_t));
    s->to_norm[s->len] = in->sentence->end;
    s->norm_end = in->sentence->end;
}

/* The mention index of the slot token starting at text[i], or -1. Sets *token_end. */
static long token_at(const char *text, size_t len, size_t i, size_t *token_end) {
    if (i + 3 > len || memcmp(text + i, KG_SLOT_OPEN, 3)) return -1;
    size_t j = i + 3;
    while (j < len && isupper((unsigned char)text[j])) j++;
    long idx = 0;
    size_t digits = j;
    while (j < len && isdigit((unsigned char)text[j])) idx = idx * 10 + (text[j++] - '0');
    if (j == digits || j + 3 > len || memcmp(text + j, KG_SLOT_CLOSE, 3)) return -1;
    *token_end = j + 3;
    return idx;
}

/* The first set group of this name (names may repeat across alternatives). */
static int group_span(const pcre2_code *re, pcre2_match_data *md, const char *name,
                      size_t *start, size_t *end) {
    PCRE2_SPTR first, last;
    int size = pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last);
    if (size <= 0) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t count = pcre2_get_ovector_count(md);
    for (PCRE2_SPTR e = first; e <= last; e += size) {
        int n = (e[0] << 8) | e[1];
        if ((uint32_t)n < count && ov[2 * n] != PCRE2_UNSET) {
            *start = ov[2 * n];
            *end = ov[2 * n + 1];
            return 1;
        }
    }
    return 0;
}

/* The original spelling of the normalized span [nstart, nend) (kg_mapped_original). */
static const char *raw_span_text(const kg_rule_input *in, kg_arena *arena, size_t nstart,
                                 size_t nend) {
    if (nend <= nstart) return "";
    char *spelled = kg_mapped_original(in->norm, in->raw, SIZE_MAX, nstart, nend);
    const char *kept = kg_arena_strdup(arena, spelled);
    free(spelled);
    return kept;
}

static kg_claim_arg arg_from_mention(const kg_rule_input *in, kg_arena *arena, long m) {
    const kg_mention *mn = &in->mentions[m];
    kg_claim_arg a = {0};
    a.mention = (int)m;
    a.id = mn->id;
    a.name = mn->name;
    a.type = mn->type;
    a.surface = raw_span_text(in, arena, mn->start, mn->end);
    a.start = mn->start;
    a.end = mn->end;
    a.has_value = mn->has_value;
    a.value = mn->value;
    return a;
}

static kg_claim_arg arg_from_entity(kg_arena *arena, const char *id, const char *name,
                                    const char *type) {
    kg_claim_arg a = {0};
    a.mention = -1;
    a.id = kg_arena_strdup(arena, id);
    a.name = kg_arena_strdup(arena, name);
    a.type = kg_arena_strdup(arena, type ? type : "ORG");
    a.surface = a.name;
    return a;
}

static void slugify(char *s) {
    char *w = s;
    int dash = 0;
    for (char *r = s; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (isalnum(c) || c >= 0x80) {
            *w++ = (char)tolower(c);
            dash = 0;
        } else if (!dash && w != s) {
            *w++ = '-';
            dash = 1;
        }
    }
    if (w != s && w[-1] == '-') w--;
    *w = '\0';
}

/* A literal argument: the group's text with slot tokens replaced by mention surfaces. */
static kg_claim_arg arg_literal(const kg_rule_input *in, const slotted *s, kg_arena *arena,
                                size_t gs, size_t ge) {
    char *buf = kg_arena_alloc(arena, (ge - gs) * 4 + 64);
    size_t n = 0;
    long only = -1, n_marks = 0; /* the one mention the group holds, if it holds one */
    for (size_t i = gs; i < ge;) {
        size_t te;
        long m = token_at(s->text, s->len, i, &te);
        if (m >= 0 && (size_t)m < in->n_mentions) {
            const kg_mention *mn = &in->mentions[m];
            only = m, n_marks++;
            size_t sl = mn->end - mn->start;
            char *grown = kg_arena_alloc(arena, n + sl + (ge - te) * 4 + 64);
            memcpy(grown, buf, n);
            buf = grown;
            memcpy(buf + n, in->norm->text + mn->start, sl);
            n += sl;
            i = te;
        } else {
            buf[n++] = s->text[i++];
        }
    }
    buf[n] = '\0';
    while (n && (buf[n - 1] == ' ')) buf[--n] = '\0';
    char *text = buf;
    while (*text == ' ') text++;
    /* "the U.S.": a literal that is one place named, under the place's own name */
    if (n_marks == 1 && in->mentions[only].name && !strcmp(in->mentions[only].type, "PLACE")) {
        size_t sl = in->mentions[only].end - in->mentions[only].start;
        size_t tl = strlen(text);
        if (tl == sl || (tl == sl + 4 && !strncasecmp(text, "the ", 4)))
            text = kg_arena_strdup(arena, in->mentions[only].name);
    }
    kg_claim_arg a = {0};
    a.mention = -1;
    a.name = text;
    char *slug = kg_arena_strdup(arena, text);
    slugify(slug);
    a.id = kg_arena_printf(arena, "lit:%s", slug);
    a.type = "LITERAL";
    a.start = s->to_norm[gs];
    /* A group that ends in a slot token ends where its mention does. */
    a.end = ge > gs ? s->to_norm_end[ge - 1] : a.start;
    if (a.end > s->norm_end) a.end = s->norm_end;
    a.surface = raw_span_text(in, arena, a.start, a.end);
    return a;
}

/* True when the prose between slot tokens is only list punctuation and connectors
 * ("A, B and C", «A، B و C»): then the group is a list of mentions, else a phrase. */
static int only_connectors(const char *text, size_t len, size_t gs, size_t ge) {
    static const char *connectors[] = {"and", "or", "&", "و", "یا", "as", "well"};
    size_t i = gs;
    while (i < ge) {
        size_t te;
        if (token_at(text, len, i, &te) >= 0) {
            i = te;
            continue;
        }
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == ',' || c == ';' || c == '\n') {
            i++;
            continue;
        }
        if (c == 0xD8 && i + 1 < ge && ((unsigned char)text[i + 1] == 0x8C || (unsigned char)text[i + 1] == 0x9B)) {
            i += 2; /* ، ؛ */
            continue;
        }
        size_t w = i;
        while (w < ge && text[w] != ' ' && text[w] != ',' && memcmp(text + w, KG_SLOT_OPEN, 3) &&
               !((unsigned char)text[w] == 0xD8 && w + 1 < ge && (unsigned char)text[w + 1] == 0x8C))
            w++;
        int known = 0;
        for (size_t k = 0; k < sizeof connectors / sizeof connectors[0] && !known; k++)
            known = strlen(connectors[k]) == w - i && !strncasecmp(text + i, connectors[k], w - i);
        if (!known) return 0;
        i = w;
    }
    return 1;
}

/* The members of a captured group: one per slot token when the rest is list
 * punctuation, else one literal phrase. */
static size_t group_args(const kg_rule_input *in, const slotted *s, kg_arena *arena,
                         size_t gs, size_t ge, kg_claim_arg *out, size_t max) {
    if (!only_connectors(s->text, s->len, gs, ge)) {
        out[0] = arg_literal(in, s, arena, gs, ge);
        return 1;
    }
    size_t n = 0;
    for (size_t i = gs; i < ge;) {
        size_t te;
        long m = token_at(s->text, s->len, i, &te);
        if (m >= 0 && (size_t)m < in->n_mentions) {
            if (n < max) out[n++] = arg_from_mention(in, arena, m);
            i = te;
        } else {
            i++;
        }
    }
    if (!n) out[n++] = arg_literal(in, s, arena, gs, ge);
    return n;
}

static const char *entity_owner(const kg_rules *r, const kg_rule_input *in, int mention,
                                const char *id) {
    if (mention >= 0 && in->mentions[mention].owner) return in->mentions[mention].owner;
    const kg_entity_info *e = r->lex && id ? kg_lexicon_get(r->lex, id) : NULL;
    return e ? e->owner : NULL;
}

/* Derives an argument from another captured mention (owner, case parties). */
static int derive_arg(const kg_rules *r, const kg_rule_input *in, kg_arena *arena,
                      kg_derive how, const kg_claim_arg *from, kg_claim_arg *out) {
    if (how == KG_DERIVE_OWNER) {
        const char *owner = entity_owner(r, in, from->mention, from->id);
        if (!owner) return 0;
        const kg_entity_info *known = r->lex ? kg_lexicon_get(r->lex, owner) : NULL;
        if (known) {
            *out = arg_from_entity(arena, known->id, known->name, known->type);
            return 1;
        }
        for (size_t m = 0; m < in->n_mentions; m++)
            if (in->mentions[m].id && !strcmp(in->mentions[m].id, owner)) {
                *out = arg_from_mention(in, arena, (long)m);
                out->mention = -1;
                out->surface = out->name;
                return 1;
            }
        const kg_entity_info *e = r->lex ? kg_lexicon_get(r->lex, owner) : NULL;
        *out = arg_from_entity(arena, owner, e ? e->name : owner, e ? e->type : "ORG");
        return 1;
    }
    if (how == KG_DERIVE_FOCUS || how == KG_DERIVE_CASE) {
        long m = how == KG_DERIVE_FOCUS ? in->focus : in->last_case;
        if (m < 0) return 0; /* no organization stands out; no case named before */
        /* "It is led by CEO X" where "it" names another company: that sentence is not
         * about the article's focus */
        for (size_t k = 0; how == KG_DERIVE_FOCUS && k < in->n_mentions; k++) {
            const kg_mention *mn = &in->mentions[k];
            if (mn->pronoun && mn->id && mn->start >= in->sentence->start &&
                mn->end <= in->sentence->end && strcmp(mn->id, in->mentions[m].id))
                return 0;
        }
        *out = arg_from_mention(in, arena, m);
        out->mention = -1;
        out->surface = out->name;
        return 1;
    }
    /* Case parties: "X v. Y", "X vs. Y", "X علیه Y". */
    const char *name = from->name;
    static const char *seps[] = {" v. ", " vs. ", " v ", " vs ", " علیه "};
    const char *hit = NULL;
    size_t sep_len = 0;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0] && !hit; i++)
        if ((hit = strstr(name, seps[i]))) sep_len = strlen(seps[i]);
    if (!hit) return 0;
    char *party = how == KG_DERIVE_PLAINTIFF ? kg_arena_strndup(arena, name, (size_t)(hit - name))
                                             : kg_arena_strdup(arena, hit + sep_len);
    for (size_t m = 0; m < in->n_mentions; m++) {
        const kg_mention *mn = &in->mentions[m];
        if (strcmp(mn->type, "CASE") && mn->name && !strcasecmp(mn->name, party)) {
            *out = arg_from_mention(in, arena, (long)m);
            out->mention = -1;
            out->surface = party;
            return 1;
        }
    }
    if (r->lex) {
        char *norm = kg_normalize_string(party);
        kg_lexicon_hit *hits = NULL;
        size_t n = norm ? kg_lexicon_find(r->lex, norm, 0, strlen(norm), &hits) : 0;
        int whole = n == 1 && hits[0].start == 0 && hits[0].end == strlen(norm);
        if (whole)
            *out = arg_from_entity(arena, hits[0].info->id, hits[0].info->name, hits[0].info->type);
        free(hits);
        free(norm);
        if (whole) {
            out->surface = party;
            return 1;
        }
    }
    char *slug = kg_arena_strdup(arena, party);
    slugify(slug);
    *out = arg_from_entity(arena, kg_arena_printf(arena, "org:%s", slug), party, "ORG");
    return 1;
}

/* The first mention in [first, last) starting at or after pos (mentions are sorted). */
static size_t first_mention_at(const kg_rule_input *in, size_t first, size_t last, size_t pos) {
    while (first < last) {
        size_t mid = first + (last - first) / 2;
        if (in->mentions[mid].start < pos) first = mid + 1;
        else last = mid;
    }
    return first;
}

/* The cue words of a sentence's slotted text: a bitset over the rule set's cue ids, or
 * NULL when every pattern must run (prefilter off; or a character that a caseless
 * pattern's ASCII k or s also matches, which the ASCII-folding scan would not see). */
static unsigned char *find_cues(const kg_rules *r, kg_rule_scratch *sc) {
    if (!r->prefilter) return NULL;
    size_t bytes = (kg_multimatch_count(r->cues) + 7) / 8;
    kg_grow((void **)&sc->cue_words, &sc->cue_bytes, bytes ? bytes : 1, 1);
    unsigned char *found = sc->cue_words;
    memset(found, 0, bytes);
    kg_multimatch_scan(r->cues, sc->s.text, sc->s.len, found);
    if (kg_multimatch_found(found, r->kelvin_cue) || kg_multimatch_found(found, r->long_s_cue))
        return NULL;
    return found;
}

/* Whether a pattern may match, given the sentence's cue words (NULL: it may): each of
 * its cue groups must have a word in the sentence. */
static int cues_allow(const kg_pattern *pat, const unsigned char *found) {
    if (!found) return 1;
    const size_t *id = pat->cues;
    for (size_t g = 0; g < pat->n_cue_groups; g++) {
        int any = 0;
        for (size_t i = 0; i < pat->cue_group_len[g]; i++) any |= kg_multimatch_found(found, id[i]);
        if (!any) return 0;
        id += pat->cue_group_len[g];
    }
    return 1;
}

/* The rule patterns worth trying on a sentence: those without cues, and those a cue
 * word found in it names (kg_rules.cue_patterns). A bitset in sc; NULL when cue_words
 * is NULL (every pattern is a candidate). */
static uint64_t *candidate_patterns(const kg_rules *r, const unsigned char *cue_words,
                                    kg_rule_scratch *sc) {
    if (!cue_words) return NULL;
    size_t words = (r->n_rule_patterns + 63) / 64 + 1;
    kg_grow((void **)&sc->candidates, &sc->candidate_words, words, sizeof *sc->candidates);
    uint64_t *set = sc->candidates;
    memcpy(set, r->always_run, words * sizeof *set);
    size_t n_cues = kg_multimatch_count(r->cues);
    for (size_t byte = 0; byte < (n_cues + 7) / 8; byte++) {
        if (!cue_words[byte]) continue;
        for (size_t c = byte * 8; c < byte * 8 + 8 && c < n_cues; c++) {
            if (!kg_multimatch_found(cue_words, c)) continue;
            for (size_t k = r->cue_start[c]; k < r->cue_start[c + 1]; k++)
                set[r->cue_patterns[k] / 64] |= (uint64_t)1 << (r->cue_patterns[k] % 64);
        }
    }
    return set;
}

/* Whether some mention of the sentence is, by the lexicon, the owner of another one:
 * without such a pair a `require owner` rule cannot emit anything. O(n log n) in the
 * sentence's mentions (a sentence may hold thousands). */
static int owner_pair_present(const kg_rules *r, const kg_rule_input *in, size_t first,
                              size_t last) {
    const char **ids = kg_xmalloc((last - first + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t m = first; m < last; m++)
        if (in->mentions[m].id) ids[n++] = in->mentions[m].id;
    qsort(ids, n, sizeof *ids, kg_cmp_cstr);
    int found = 0;
    for (size_t m = first; m < last && !found; m++) {
        const char *owner = entity_owner(r, in, (int)m, in->mentions[m].id);
        /* an entity named as its own owner makes no pair (subject and object would be
         * the same entity) */
        if (owner && !(in->mentions[m].id && !strcmp(owner, in->mentions[m].id)))
            found = bsearch(&owner, ids, n, sizeof *ids, kg_cmp_cstr) != NULL;
    }
    free(ids);
    return found;
}

/* What the qualifier cues of one sentence say. Modality and source hold for the whole
 * sentence: the first modality cue in file order (with its fixed source, if any), else
 * the first source cue. Negation cues are kept by position (sorted) and counted per
 * clause, so a long sentence costs a binary search per match, not a scan. */
typedef struct sentence_cues {
    const char *modality, *source, *source_id;
    size_t *negations;      /* start offsets in the slotted text, ascending */
    size_t n_negations, cap_negations;
} sentence_cues;

static void find_qualifiers(const kg_rules *r, const kg_rule_input *in, kg_rule_scratch *sc,
                            const unsigned char *cue_words, sentence_cues *q) {
    const slotted *s = &sc->s;
    pcre2_match_data *md = sc->qual_md;
    const char *cue_source = NULL, *cue_source_id = NULL;
    for (size_t i = 0; i < r->n_quals; i++) {
        const kg_qualifier *qual = &r->quals[i];
        if (!cues_allow(&qual->pattern, cue_words)) continue;
        if (qual->kind == KG_QUAL_MODALITY && q->modality) continue;
        if (qual->kind == KG_QUAL_SOURCE && cue_source) continue;
        size_t offset = 0;
        while (offset <= s->len) {
            int rc = search(r, sc, qual->pattern.code, s, offset, md, in->sentence_index,
                            "a qualifier cue");
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            if (qual->kind == KG_QUAL_NEGATION) {
                KG_PUSH(q->negations, q->n_negations, q->cap_negations, (size_t)ov[0]);
            } else if (qual->kind == KG_QUAL_MODALITY) {
                q->modality = qual->value;
                if (qual->source) q->source = qual->source;
                break;
            } else {
                size_t gs, ge, te;
                long m = -1;
                if (group_span(qual->pattern.code, md, "src", &gs, &ge))
                    m = token_at(s->text, s->len, gs, &te);
                if (qual->source) {
                    cue_source = qual->source;
                } else if (m >= 0 && (size_t)m < in->n_mentions) {
                    cue_source = in->mentions[m].name;
                    cue_source_id = in->mentions[m].id;
                }
                if (cue_source) break;
            }
            offset = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            while (offset < s->len && ((unsigned char)s->text[offset] & 0xC0) == 0x80) offset++;
        }
    }
    if (!q->source) {
        q->source = cue_source;
        q->source_id = cue_source_id;
    }
    if (q->n_negations > 1) qsort(q->negations, q->n_negations, sizeof *q->negations, kg_cmp_size);
}

/* The first index of the ascending v[0..n) whose value is >= x (n if none). */
static size_t lower_bound(const size_t *v, size_t n, size_t x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* How many negation cues start in [cs, ce). */
static size_t negations_in(const sentence_cues *q, size_t cs, size_t ce) {
    return lower_bound(q->negations, q->n_negations, ce) -
           lower_bound(q->negations, q->n_negations, cs);
}

/* Conjunctions that join clauses, each with a space on both sides: a negation in the
 * clause they join («... است و کنترل شرکت را ندارد», "... and has no board seat") is
 * not the claim's. Returns the length of the conjunction at t[i] (at its leading space),
 * or 0. */
static size_t conjunction_at(const char *t, size_t i, size_t len) {
    static const char *const words[] = {" و ", " اما ", " ولی ", " بلکه ", " درحالیکه ", " در حالی که ",
                                        " and ", " but ", " while ", " whereas ", " although ", " though "};
    if (t[i] != ' ') return 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        if (i + n <= len && !memcmp(t + i, words[k], n)) return n - 1; /* the trailing space starts the next clause */
    }
    return 0;
}

static int is_clause_break(const char *t, size_t i, size_t len) {
    if (t[i] == ',' || t[i] == ';' || t[i] == ':') return 1;
    /* a sentence end inside a quotation kept as one sentence */
    if ((t[i] == '.' || t[i] == '!' || t[i] == '?') &&
        (i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '"' || t[i + 1] == '\n'))
        return 1;
    if (i + 1 < len && (unsigned char)t[i] == 0xD8 && (unsigned char)t[i + 1] == 0x9F) return 1; /* ؟ */
    /* ، U+060C and ؛ U+061B */
    if (i + 1 < len && (unsigned char)t[i] == 0xD8 &&
        ((unsigned char)t[i + 1] == 0x8C || (unsigned char)t[i + 1] == 0x9B))
        return 1;
    return conjunction_at(t, i, len) != 0;
}

/* The clause around [ms, me): from just after the last break that ends at or before ms
 * to the first break at or after me. The sentence's breaks are listed once (in sc, on the
 * first call for the sentence: sc->clauses_listed), so that each match costs two binary
 * searches, not a walk over a run-on sentence. */
static void clause_of(kg_rule_scratch *sc, size_t ms, size_t me, size_t *cs, size_t *ce) {
    const slotted *s = &sc->s;
    if (!sc->clauses_listed) {
        sc->clauses_listed = 1;
        sc->n_breaks = 0;
        for (size_t i = 0; i < s->len; i++) {
            if (!is_clause_break(s->text, i, s->len)) continue;
            size_t conj = conjunction_at(s->text, i, s->len);
            size_t end = i + (conj ? conj : (unsigned char)s->text[i] == 0xD8 ? 2 : 1); /* ، ؛ ؟ are 2 bytes */
            size_t n = sc->n_breaks;
            KG_PUSH(sc->break_at, n, sc->cap_break_at, i);
            KG_PUSH(sc->break_end, sc->n_breaks, sc->cap_break_end, end);
            i = end - 1;
        }
    }
    size_t k = lower_bound(sc->break_end, sc->n_breaks, ms + 1); /* ends <= ms: [0, k) */
    *cs = k ? sc->break_end[k - 1] : 0;
    k = lower_bound(sc->break_at, sc->n_breaks, me);
    *ce = k < sc->n_breaks ? sc->break_at[k] : s->len;
}

/* The relation is symmetric (relations.tsv): "A competes-with B" is "B competes-with A". */
static int symmetric_relation(const kg_rules *rules, const char *relation) {
    for (size_t k = 0; k < rules->n_relations; k++)
        if (!strcmp(rules->relations[k].id, relation)) return rules->relations[k].symmetric;
    return 0;
}

static int same_claim(const kg_rules *rules, const kg_claim *a, const kg_claim *b) {
    if (a->sentence != b->sentence || a->polarity != b->polarity || strcmp(a->relation, b->relation))
        return 0;
    const char *ao = a->object.id ? a->object.id : "", *bo = b->object.id ? b->object.id : "";
    if (!strcmp(a->subject.id, b->subject.id) && !strcmp(ao, bo) &&
        !strcmp(a->object.name ? a->object.name : "", b->object.name ? b->object.name : ""))
        return 1;
    return !strcmp(a->subject.id, bo) && !strcmp(ao, b->subject.id) &&
           symmetric_relation(rules, a->relation);
}

/* Of a symmetric relation, the two ids in order, so that both directions hash alike. */
static uint64_t claim_hash(const kg_rules *rules, const kg_claim *c) {
    const char *subject = c->subject.id, *object = c->object.id ? c->object.id : "";
    const char *name = c->object.name ? c->object.name : "";
    if (strcmp(subject, object) > 0 && symmetric_relation(rules, c->relation)) {
        const char *t = subject;
        subject = object, object = t, name = "";
    } else if (symmetric_relation(rules, c->relation)) {
        name = "";
    }
    uint64_t h = kg_hash_more(KG_HASH_START, c->relation);
    h = kg_hash_more(h, subject);
    h = kg_hash_more(h, object);
    h = kg_hash_more(h, name);
    return (h ^ (unsigned char)c->polarity) * 1099511628211u;
}

/* The dedup table: claims [first, n) of the sentence by claim_hash, once there are
 * DEDUP_LINEAR of them (a linear scan is cheaper before); kept at most half full. */
static void dedup_put(kg_rule_scratch *sc, const kg_rules *rules, const kg_claim *claims, size_t k) {
    size_t i = (size_t)claim_hash(rules, &claims[k]) & (sc->dedup_cap - 1);
    while (sc->dedup[i]) i = (i + 1) & (sc->dedup_cap - 1);
    sc->dedup[i] = (uint32_t)k + 1;
}

/* Called after claims[n - 1] was added. */
static void dedup_note(kg_rule_scratch *sc, const kg_rules *rules, const kg_claim *claims, size_t first,
                       size_t n) {
    size_t count = n - first;
    if (count < DEDUP_LINEAR) return;
    if (count == DEDUP_LINEAR || 2 * count > sc->dedup_cap) {
        size_t want = 4 * DEDUP_LINEAR;
        while (want < 4 * count) want *= 2;
        if (want > sc->dedup_cap) {
            free(sc->dedup);
            sc->dedup = kg_xcalloc(want, sizeof *sc->dedup);
            sc->dedup_cap = want;
        } else {
            memset(sc->dedup, 0, sc->dedup_cap * sizeof *sc->dedup);
        }
        for (size_t k = first; k < n; k++) dedup_put(sc, rules, claims, k);
    } else {
        dedup_put(sc, rules, claims, n - 1);
    }
}

/* Whether two claims come from the same rule and the same template (self-tests keep
 * one copy per origin, so each template's examples see its own). */
static int same_origin(const kg_claim *a, const kg_claim *b) {
    return a->rule == b->rule && a->template_name == b->template_name;
}

/* Whether the sentence's claims [first, n) hold c already (with keep_duplicates: from
 * the same rule and template). Linear in the claims of the match, not in those of the sentence. */
static int is_duplicate(const kg_rule_scratch *sc, const kg_rules *rules, const kg_claim *claims, size_t first,
                        size_t n, const kg_claim *c, int keep_duplicates) {
    if (n - first < DEDUP_LINEAR) {
        for (size_t k = first; k < n; k++)
            if (same_claim(rules, &claims[k], c) && (!keep_duplicates || same_origin(&claims[k], c)))
                return 1;
        return 0;
    }
    for (size_t i = (size_t)claim_hash(rules, c) & (sc->dedup_cap - 1); sc->dedup[i];
         i = (i + 1) & (sc->dedup_cap - 1)) {
        const kg_claim *other = &claims[sc->dedup[i] - 1];
        if (same_claim(rules, other, c) && (!keep_duplicates || same_origin(other, c))) return 1;
    }
    return 0;
}

static const char *value_id(kg_arena *arena, const kg_claim_arg *a) {
    if (!a->has_value) return a->id;
    return kg_arena_printf(arena, "q:%g:%g:%s", a->value.has_low ? a->value.low : -1.0,
                           a->value.has_high ? a->value.high : -1.0, a->value.unit);
}

/* Whether group `group` ends the match with a possessive determiner standing for an
 * entity ("an investment in its journalism": "its" is not what is invested in, the noun
 * after it is). A pattern that reads "its" as a possessor ("its main rival, OpenAI",
 * "putting its valuation at") goes on past it, so the match does not end there. */
static int ends_on_determiner(const kg_rule_input *in, const slotted *s, const pcre2_code *re,
                              pcre2_match_data *md, const char *group, size_t me) {
    size_t gs, ge, te;
    if (!group_span(re, md, group, &gs, &ge) || ge != me) return 0;
    long last = -1;
    for (size_t i = gs; i < ge; i++) {
        long m = token_at(s->text, s->len, i, &te);
        if (m >= 0) last = te == ge ? m : -1, i = te - 1;
    }
    if (last < 0 || (size_t)last >= in->n_mentions) return 0;
    const char *w = in->mentions[last].surface;
    return w && (w[0] == 'i' || w[0] == 'I') && (w[1] == 't' || w[1] == 'T') &&
           (w[2] == 's' || w[2] == 'S') && !w[3] && me < s->len && s->text[me] == ' ';
}

/* The arguments a match gives for one side of a claim: derived from another captured
 * mention (owner, case party, the article's focus), or the members of group `group`. */
static size_t match_args(const kg_rules *rules, const kg_rule_input *in, const slotted *s,
                         kg_arena *arena, const pcre2_code *re, pcre2_match_data *md,
                         kg_derive derive, const char *from_group, const char *group,
                         kg_claim_arg *out, size_t max) {
    size_t gs, ge;
    kg_claim_arg from;
    if (derive == KG_DERIVE_FOCUS || derive == KG_DERIVE_CASE)
        return (size_t)derive_arg(rules, in, arena, derive, NULL, out);
    if (derive != KG_DERIVE_NONE)
        return group_span(re, md, from_group, &gs, &ge) &&
               group_args(in, s, arena, gs, ge, &from, 1) &&
               derive_arg(rules, in, arena, derive, &from, out);
    return group_span(re, md, group, &gs, &ge) ? group_args(in, s, arena, gs, ge, out, max) : 0;
}

/* A claim's time: the resolved date nearest its object (or the match) within 1000 bytes —
 * "$60B to $65B in 2025" rather than "told investors in January" — else fallback. */
static const char *claim_time(const kg_rule_input *in, const slotted *s, const pcre2_code *re,
                              pcre2_match_data *md, size_t first, size_t last, size_t ms,
                              size_t me, const char *fallback) {
    size_t anchor_s = s->to_norm[ms], anchor_e = me < s->len ? s->to_norm[me] : s->norm_end;
    size_t gs, ge;
    if (group_span(re, md, "obj", &gs, &ge) && ge > gs) {
        anchor_s = s->to_norm[gs];
        anchor_e = ge < s->len ? s->to_norm[ge] : s->norm_end;
    }
    const char *time = fallback;
    size_t best_gap = (size_t)-1, window = 1000;
    for (size_t m = first_mention_at(in, first, last, anchor_s > window ? anchor_s - window : 0);
         m < last && in->mentions[m].start < anchor_e + window; m++) {
        const kg_mention *mn = &in->mentions[m];
        if (strcmp(mn->type, "DATE") || !mn->time) continue;
        size_t gap = mn->end <= anchor_s ? anchor_s - mn->end
                     : mn->start >= anchor_e ? mn->start - anchor_e : 0;
        if (gap < best_gap) best_gap = gap, time = mn->time;
    }
    return time;
}

/* The first pattern number >= from that is set in candidates (every number when
 * candidates is NULL), or n. */
static size_t next_candidate(const uint64_t *candidates, size_t from, size_t n) {
    if (!candidates || from >= n) return from < n ? from : n;
    size_t w = from / 64;
    uint64_t bits = candidates[w] & (~(uint64_t)0 << (from % 64));
    while (!bits) {
        if (++w * 64 >= n) return n;
        bits = candidates[w];
    }
    size_t next = w * 64 + (size_t)__builtin_ctzll(bits);
    return next < n ? next : n;
}

/* ---- --explain ---- */

enum { NEAR_RAN = 1, NEAR_MATCHED = 2 }; /* how far a pattern got on a sentence */

/* '[start,end) "text"' of an argument: its span in the input file's bytes (like a
 * sentence's span) and the text there, or '(derived) "name"' for an argument no span
 * holds (a model's owner from the lexicon). Malloc'ed. */
static char *explain_span(const kg_rule_input *in, const kg_claim_arg *a) {
    kg_buf b = {0};
    if (a->end <= a->start || a->end > in->norm->len) {
        kg_buf_addf(&b, "(derived) \"%s\"", a->name ? a->name : a->id ? a->id : "");
        return kg_buf_take(&b);
    }
    char *text = kg_mapped_original(in->norm, in->raw, SIZE_MAX, a->start, a->end);
    kg_buf_addf(&b, "[%zu,%zu) \"%s\"", (size_t)in->norm->raw_start[a->start],
                (size_t)in->norm->raw_end[a->end - 1], text);
    free(text);
    return kg_buf_take(&b);
}

/* Whether some mention type of the sentence (present) is among "ORG|PERSON"; an empty
 * list allows any. */
static int types_present(const char *types, uint32_t present) {
    if (!types || !*types) return 1;
    for (const char *t = types; *t;) {
        size_t n = strcspn(t, "|");
        if (kg_type_bit(t, n) & present) return 1;
        t += n;
        if (*t == '|') t++;
    }
    return 0;
}

typedef struct near_miss {
    size_t rule, pattern;
    int reached;               /* 0, NEAR_RAN or NEAR_MATCHED */
    int cues_ok, cues_n;       /* cue groups with a word in the sentence, of all */
    int cue_chars;             /* weight of the longest cue word found, 3 per Latin and 4 per
                                  Persian letter ("را" in «برای» is weak evidence) */
    int slots_ok, slots_n;     /* mandatory slots with a mention of their type, of all */
} near_miss;

/* Ranks a before b when it got further: matched, else ran, else more of its cue groups,
 * then of its slots, found; then in rule order. */
static int near_cmp(const void *x, const void *y) {
    const near_miss *a = x, *b = y;
    if (a->reached != b->reached) return b->reached - a->reached;
    long fa = (long)a->cues_ok * (b->cues_n ? b->cues_n : 1), fb = (long)b->cues_ok * (a->cues_n ? a->cues_n : 1);
    if (fa != fb) return fa > fb ? -1 : 1;
    if (a->cue_chars != b->cue_chars) return b->cue_chars - a->cue_chars;
    fa = (long)a->slots_ok * (b->slots_n ? b->slots_n : 1);
    fb = (long)b->slots_ok * (a->slots_n ? a->slots_n : 1);
    if (fa != fb) return fa > fb ? -1 : 1;
    if (a->rule != b->rule) return a->rule < b->rule ? -1 : 1;
    return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

static const char *const type_names[] = {"ORG", "OUTLET", "PERSON", "PRODUCT", "CASE", "PLACE",
                                         "EVENT", "MONEY", "PERCENT", "NUMBER", "COUNT", "DATE"};

/* The types of a slot mask, "MONEY|NUMBER". */
static void mask_names(uint32_t mask, char *buf, size_t size) {
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (mask & (1u << i))
            at += (size_t)snprintf(buf + at, at < size ? size - at : 0, "%s%s", at ? "|" : "", type_names[i]);
}

/* For a sentence without a claim: the rules of its language that came closest, ranked by
 * how far they got. A rule is a near miss when its relation's argument types occur among
 * the sentence's mentions and a cue word of its pattern occurs in the sentence (a
 * pattern without cue words: when all its slots are there). At most three, one pattern
 * per rule. */
static void explain_near_misses(const kg_rules *rules, const kg_rule_input *in,
                                const unsigned char *cue_words, uint32_t present, int any_lang,
                                const unsigned char *reached, FILE *explain) {
    const char *lang = in->sentence->lang;
    near_miss *best = kg_xcalloc(rules->n_rules + 1, sizeof *best);
    size_t n = 0;
    for (size_t ri = 0; ri < rules->n_rules; ri++) {
        const kg_rule *rule = &rules->rules[ri];
        int lang_applies = !rule->lang[0] || any_lang || !strcmp(rule->lang, lang) ||
                           (!strcmp(rule->lang, "fa") && !strcmp(lang, "ar"));
        if (!lang_applies) continue;
        const kg_relation_def *rel = NULL;
        for (size_t k = 0; k < rules->n_relations && !rel; k++)
            if (!strcmp(rules->relations[k].id, rule->relation)) rel = &rules->relations[k];
        /* Its relation fits the mentions: a mention of a type of its subject (of its
         * object, when the subject is derived). */
        if (rel && (rule->subject_derive == KG_DERIVE_NONE ? !types_present(rel->subject_types, present)
                                                            : !types_present(rel->object_types, present)))
            continue;
        int have = 0;
        for (size_t pi = 0; pi < rule->n_patterns; pi++) {
            const kg_pattern *pat = &rule->patterns[pi];
            near_miss m = {ri, pi, reached ? reached[rules->rule_first_pattern[ri] + pi] : 0, 0,
                           (int)pat->n_cue_groups, 0, 0, pat->n_required};
            for (int k = 0; k < pat->n_required; k++) m.slots_ok += (pat->required[k] & present) != 0;
            const size_t *id = pat->cues;
            for (size_t g = 0; g < pat->n_cue_groups; g++) {
                int any = !cue_words;
                for (size_t i = 0; i < pat->cue_group_len[g]; i++)
                    if (!cue_words || kg_multimatch_found(cue_words, id[i])) {
                        any = 1;
                        /* Letters, a Persian one counted as 4/3 of a Latin one:
                         * "for" (3) weighs less than «سهم» (4). */
                        int chars = 0;
                        for (const char *c = kg_multimatch_needle(rules->cues, id[i]); *c; c++)
                            chars += (unsigned char)*c < 0x80 ? 3 : ((unsigned char)*c & 0xC0) != 0x80 ? 4 : 0;
                        if (chars > m.cue_chars) m.cue_chars = chars;
                    }
                m.cues_ok += any;
                id += pat->cue_group_len[g];
            }
            /* ... and its pattern the words: a cue word of it of four Latin or three
             * Persian letters or more occurs (one without cue words: all its slots are
             * filled), and a mention of a slot of it, if it has any. */
            int fits = m.reached == NEAR_MATCHED ||
                       ((m.cues_n ? m.cue_chars >= 12 : m.slots_ok == m.slots_n && m.slots_n > 0) &&
                        (m.slots_ok > 0 || m.slots_n == 0));
            if (!fits) continue;
            if (!have || near_cmp(&m, &best[n]) < 0) best[n] = m;
            have = 1;
        }
        if (have) n++;
    }
    if (n) qsort(best, n, sizeof *best, near_cmp);
    for (size_t i = 0; i < n && i < 3; i++) {
        const near_miss *m = &best[i];
        const kg_rule *rule = &rules->rules[m->rule];
        const kg_pattern *pat = &rule->patterns[m->pattern];
        fprintf(explain, "  no claim; near miss %zu: %s %s (%s:%d, %s): ", i + 1,
                rule->is_frame ? "frame" : "rule", rule->id, rule->file, pat->line, rule->relation);
        if (m->reached == NEAR_MATCHED) {
            fprintf(explain, "its pattern matched, but the match gave no claim (an argument "
                             "could not be derived, or an owner or unit check failed)\n");
            continue;
        }
        if (m->reached == NEAR_RAN) {
            fprintf(explain, "its cue words and slot types are here; the pattern did not match\n");
            continue;
        }
        fprintf(explain, "cue groups %d of %d, slots %d of %d", m->cues_ok, m->cues_n, m->slots_ok,
                m->slots_n);
        for (int k = 0; k < pat->n_required; k++)
            if (!(pat->required[k] & present)) {
                char names[128];
                mask_names(pat->required[k], names, sizeof names);
                fprintf(explain, "; no %s here", names[0] ? names : "mention of its type");
            }
        const size_t *id = pat->cues;
        for (size_t g = 0; g < pat->n_cue_groups; g++) {
            int any = !cue_words;
            for (size_t w = 0; w < pat->cue_group_len[g] && !any; w++) any = kg_multimatch_found(cue_words, id[w]);
            if (!any) {
                fprintf(explain, "; none of the words");
                for (size_t w = 0; w < pat->cue_group_len[g] && w < 4; w++)
                    fprintf(explain, "%s \"%s\"", w ? "," : "", kg_multimatch_needle(rules->cues, id[w]));
                fprintf(explain, "%s", pat->cue_group_len[g] > 4 ? ", ..." : "");
            }
            id += pat->cue_group_len[g];
        }
        fputc('\n', explain);
    }
    if (!n) fprintf(explain, "  no claim; no rule of this language has its cue words or slots here\n");
    free(best);
}

int kg_rules_apply(const kg_rules *rules, const kg_rule_input *in, kg_arena *arena,
                   kg_claim **claims, size_t *n_claims, size_t *cap, FILE *explain,
                   kg_error *err) {
    (void)err;
    size_t first = 0, hi = in->n_mentions; /* mentions are sorted by sentence */
    while (first < hi) {
        size_t mid = first + (hi - first) / 2;
        if (in->mentions[mid].sentence < in->sentence_index) first = mid + 1;
        else hi = mid;
    }
    size_t last = first;
    while (last < in->n_mentions && in->mentions[last].sentence == in->sentence_index) last++;

    kg_rule_scratch local = {0};
    kg_rule_scratch *sc = in->scratch ? in->scratch : &local;
    slotted *s = &sc->s;
    build_slotted(in, first, last, s);
    sc->clauses_listed = 0;
    unsigned char *cue_words = find_cues(rules, sc);
    uint64_t *candidates = candidate_patterns(rules, cue_words, sc);
    if (!sc->md) sc->md = pcre2_match_data_create(64, NULL);
    if (!sc->qual_md) sc->qual_md = pcre2_match_data_create(64, NULL);
    pcre2_match_data *md = sc->md;
    /* a list has at most one member per mention of the sentence */
    size_t members = last - first + 1;
    kg_grow((void **)&sc->subjects, &sc->cap_subjects, members, sizeof *sc->subjects);
    kg_grow((void **)&sc->objects, &sc->cap_objects, members, sizeof *sc->objects);
    sentence_cues q = {0};
    int qualifiers_found = 0; /* found on the first match: most sentences have none */
    size_t claims_before = *n_claims;
    /* --explain: how far each pattern got (NEAR_RAN, NEAR_MATCHED), for the near misses. */
    unsigned char *reached = explain ? kg_xcalloc(rules->n_rule_patterns + 1, 1) : NULL;
    uint32_t present = 0;
    for (size_t m = first; m < last; m++)
        present |= kg_type_bit(in->mentions[m].type, strlen(in->mentions[m].type));

    /* The sentence's time: its first resolved date. */
    const char *sentence_time = NULL;
    for (size_t m = first; m < last && !sentence_time; m++)
        if (!strcmp(in->mentions[m].type, "DATE") && in->mentions[m].time)
            sentence_time = in->mentions[m].time;

    const char *lang = in->sentence->lang;
    int any_lang = !lang[0] || !strcmp(lang, "mixed");
    int owners = -1; /* owner_pair_present, found when a rule first needs it */
    char checked_lang[sizeof rules->rules[0].lang] = {'\xff'};
    int lang_applies = 0; /* whether rules of checked_lang apply to this sentence */
    size_t checked_rule = (size_t)-1;
    int rule_applies = 0;
    /* Patterns in rule order; the profile looks at every one to count skips. */
    const uint64_t *visit = rules->profile ? NULL : candidates;
    size_t n_patterns = rules->n_rule_patterns;
    for (size_t index = next_candidate(visit, 0, n_patterns); index < n_patterns;
         index = next_candidate(visit, index + 1, n_patterns)) {
        size_t ri = rules->pattern_rule[index], pi = index - rules->rule_first_pattern[ri];
        const kg_rule *rule = &rules->rules[ri];
        kg_pattern_profile *prof = rules->profile ? &rules->profile[index] : NULL;
        if (ri != checked_rule) {
            checked_rule = ri;
            if (memcmp(rule->lang, checked_lang, sizeof checked_lang)) { /* a new rule file */
                memcpy(checked_lang, rule->lang, sizeof checked_lang);
                lang_applies = !rule->lang[0] || any_lang || !strcmp(rule->lang, lang) ||
                               (!strcmp(rule->lang, "fa") && !strcmp(lang, "ar"));
            }
            rule_applies = lang_applies;
            if (rule_applies && rule->require_owner) {
                if (owners < 0) owners = owner_pair_present(rules, in, first, last);
                rule_applies = owners;
            }
        }
        if (!rule_applies) {
            if (prof && lang_applies) prof->skipped++;
            continue;
        }
        /* only the profile's walk reaches patterns outside the candidate set */
        if (prof && candidates && !((candidates[index / 64] >> (index % 64)) & 1)) {
            prof->skipped++;
            continue;
        }
        const kg_pattern *pat = &rule->patterns[pi];
        int possible = 1;
        for (int k = 0; k < pat->n_required && possible; k++)
            possible = (pat->required[k] & present) != 0;
        if (!possible || !cues_allow(pat, cue_words)) {
            if (prof) prof->skipped++;
            continue;
        }
        struct timespec t0;
        if (prof) clock_gettime(CLOCK_MONOTONIC, &t0);
        if (reached) reached[index] = NEAR_RAN;
        const pcre2_code *re = pat->code;
        size_t offset = 0, retry = 0, claims_at_match = 0;
        int matched = 0;
        while (offset <= s->len) {
            if (matched && *n_claims == claims_at_match) offset = retry;
            if (offset > s->len) break;
            int rc = search(rules, sc, re, s, offset, md, in->sentence_index, rule->id);
            if (rc < 0) {
                if (rc != PCRE2_ERROR_NOMATCH && explain) {
                    PCRE2_UCHAR why[120];
                    pcre2_get_error_message(rc, why, sizeof why);
                    fprintf(explain, "  rule %s: matching stopped: %s\n", rule->id, (char *)why);
                }
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t ms = ov[0], me = ov[1];
            if (reached) reached[index] = NEAR_MATCHED;
            /* A match that yields no claim (an owner check failed, a slot was empty)
             * must not hide a later pairing: then the search resumes just after ms. */
            matched = 1;
            claims_at_match = *n_claims;
            offset = me > ms ? me : ms + 1;
            retry = ms + 1;
            while (retry < s->len && ((unsigned char)s->text[retry] & 0xC0) == 0x80) retry++;
            while (offset < s->len && ((unsigned char)s->text[offset] & 0xC0) == 0x80) offset++;

            kg_claim_arg *subjects = sc->subjects, *objects = sc->objects;
            size_t gs, ge;
            size_t n_subj = match_args(rules, in, s, arena, re, md, rule->subject_derive,
                                       rule->subject_from, "subj", subjects, members);
            size_t n_obj = match_args(rules, in, s, arena, re, md, rule->object_derive,
                                      rule->object_from, "obj", objects, members);
            if (!n_subj || !n_obj) continue;
            if (ends_on_determiner(in, s, re, md, "obj", me) ||
                ends_on_determiner(in, s, re, md, "subj", me))
                continue;
            if (n_subj > KG_RULE_MAX_CLAIMS / n_obj) {
                if (!sc->limits.capped++) {
                    sc->limits.capped_sentence = in->sentence_index;
                    sc->limits.capped_rule = rule->id;
                }
                if (n_subj > KG_RULE_MAX_CLAIMS) n_subj = KG_RULE_MAX_CLAIMS;
                n_obj = KG_RULE_MAX_CLAIMS / n_subj;
            }

            /* Qualifiers */
            if (!qualifiers_found) {
                find_qualifiers(rules, in, sc, cue_words, &q);
                qualifiers_found = 1;
            }
            size_t cs, ce;
            clause_of(sc, ms, me, &cs, &ce);
            char polarity = negations_in(&q, cs, ce) % 2 ? '-' : '+';
            if (rule->polarity) polarity = rule->polarity;
            const char *modality = q.modality, *source = q.source, *source_id = q.source_id;
            if (group_span(re, md, "src", &gs, &ge)) {
                kg_claim_arg src;
                if (group_args(in, s, arena, gs, ge, &src, 1)) {
                    source = src.name;
                    source_id = src.mention >= 0 ? src.id : NULL;
                }
            }
            if (rule->modality) modality = rule->modality;
            if (rule->source) {
                source = strcmp(rule->source, "none") ? rule->source : NULL;
                source_id = NULL;
            }
            const char *time = claim_time(in, s, re, md, first, last, ms, me,
                                          sentence_time ? sentence_time : in->published);
            kg_claim_arg amount = {0};
            int has_amount = 0;
            if (group_span(re, md, "amount", &gs, &ge) &&
                group_args(in, s, arena, gs, ge, &amount, 1) && amount.has_value)
                has_amount = 1;

            for (size_t si = 0; si < n_subj; si++)
                for (size_t oi = 0; oi < n_obj; oi++) {
                    kg_claim c = {0};
                    c.sentence = in->sentence_index;
                    c.subject = subjects[si];
                    c.object = objects[oi];
                    if (!strcmp(c.subject.id, c.object.id)) continue;
                    if (rule->number_unit && c.object.has_value && !c.object.value.unit[0]) {
                        /* "1 trillion total parameters": the rule knows the unit */
                        char name[96];
                        snprintf(c.object.value.unit, sizeof c.object.value.unit, "%s", rule->number_unit);
                        kg_value_format(&c.object.value, name, sizeof name);
                        c.object.name = kg_arena_strdup(arena, name);
                    }
                    if (rule->object_unit &&
                        !(c.object.has_value && !strcmp(c.object.value.unit, rule->object_unit)))
                        continue;
                    if (rule->forbid_owner) {
                        const char *owner = entity_owner(rules, in, c.object.mention, c.object.id);
                        if (owner && !strcmp(owner, c.subject.id)) continue;
                    }
                    if (rule->require_owner) {
                        const char *owner = entity_owner(rules, in, c.object.mention, c.object.id);
                        if (!owner || strcmp(owner, c.subject.id)) continue;
                    }
                    c.object.id = value_id(arena, &c.object);
                    c.polarity = polarity;
                    c.modality = modality ? modality : "asserted";
                    c.relation = rule->planned_relation && !strcmp(c.modality, "planned")
                                     ? rule->planned_relation : rule->relation;
                    c.source = source;
                    c.source_id = source_id;
                    c.time = time;
                    c.has_amount = has_amount;
                    if (has_amount) {
                        c.amount = amount.value;
                        c.amount_name = amount.name;
                    }
                    c.rule = rule->id;
                    c.template_name = rule->patterns[pi].label;
                    c.confidence = rule->confidence;
                    if (is_duplicate(sc, rules, *claims, claims_before, *n_claims, &c,
                                     in->keep_duplicates))
                        continue;
                    KG_PUSH(*claims, *n_claims, *cap, c);
                    dedup_note(sc, rules, *claims, claims_before, *n_claims);
                    if (explain) {
                        char *sspan = explain_span(in, &c.subject), *ospan = explain_span(in, &c.object);
                        fprintf(explain,
                                "  claim %s | %s | %s | %c | %s%s%s  %s %s%s%s (line %d)\n"
                                "    subject %s  object %s\n",
                                c.subject.name, c.relation, c.object.name, c.polarity,
                                c.modality, c.source ? " | source=" : "",
                                c.source ? c.source : "", rule->is_frame ? "frame" : "rule",
                                rule->id, c.template_name ? " template " : "",
                                c.template_name ? c.template_name : "", rule->patterns[pi].line,
                                sspan, ospan);
                        free(sspan);
                        free(ospan);
                    }
                }
        }
        if (prof) {
            struct timespec t1;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            prof->ns += (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000000LL +
                                             (t1.tv_nsec - t0.tv_nsec));
            prof->runs++;
        }
    }
    if (explain && *n_claims == claims_before)
        explain_near_misses(rules, in, cue_words, present, any_lang, reached, explain);
    free(reached);
    if (*n_claims - claims_before >= DEDUP_LINEAR) /* the table was in use */
        memset(sc->dedup, 0, sc->dedup_cap * sizeof *sc->dedup);
    free(q.negations);
    if (!in->scratch) scratch_release(&local);
    return KG_OK;
}
