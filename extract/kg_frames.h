/* kg_frames: relation frames — trigger lexicons and the argument templates they fill.
 *
 * A frame (extract/rules/README.md) lists, for one relation and language, the words that
 * can carry it — verbs, nouns, agent and patient nouns — each with the preposition that
 * introduces its object. An argument template is a rule pattern written once for all
 * frames, with placeholders for the frame's subject and object slots and for its trigger
 * forms. This module expands trigger entries into their forms (English verbs inflected,
 * Persian verbs conjugated with their light verb, plurals added) and instantiates a
 * template for a frame; kg_rules compiles the result like any other pattern.
 *
 * Ownership: kg_frame_triggers owns its groups and strings, freed by
 * kg_frame_triggers_free; kg_frame_instantiate returns a malloc'ed string the caller
 * frees. No state outside the structures. */
#ifndef KG_FRAMES_H
#define KG_FRAMES_H
#include <stddef.h>

typedef enum {
    KG_TRIG_VERB,       /* "acquire" / «خریداری کرد»: subject acts on the object */
    KG_TRIG_VERB_FROM,  /* "raise": the object receives from the subject ("raised $2B from X") */
    KG_TRIG_NOUN,       /* "acquisition" / «خرید»: the act, with the object after it */
    KG_TRIG_NOUN_FROM,  /* "investment": "an investment from X" names the subject */
    KG_TRIG_AGENT,      /* "backer", «مالک»: the subject's role toward the object */
    KG_TRIG_PATIENT,    /* "subsidiary", «زیرمجموعه»: the object's role toward the subject */
    KG_N_TRIGGER_KINDS
} kg_trigger_kind;

/* The entries of one kind that share a preposition, as regex alternations (written form:
 * kg_rules puts them in matching form with the rest of the pattern). */
typedef struct kg_trigger_group {
    kg_trigger_kind kind;
    char *prep;     /* as written after '+' ("in|into", "را"), or "" */
    char *forms;    /* every form of every entry, "a|b|c" */
    char *passive;  /* verbs: English participles, Persian passive forms; NULL if none */
    char *ing;      /* English verbs: -ing forms; NULL otherwise */
    char *base;     /* English verbs: base forms; NULL otherwise */
} kg_trigger_group;

typedef struct kg_frame_triggers {
    kg_trigger_group *groups;
    size_t n, cap;
} kg_frame_triggers;

/* The trigger kind a frame directive names ("verb", "verb-from", "noun", "noun-from",
 * "agent", "patient"); returns 0 and sets *kind, or -1 when it names none. */
int kg_trigger_kind_parse(const char *directive, kg_trigger_kind *kind);
const char *kg_trigger_kind_name(kg_trigger_kind kind);

/* Adds the comma-separated entries of one directive line, each "FORMS [+PREP]":
 * English verbs as a lemma ("acquire", "team up": inflected) or as five forms
 * "base|3sg|past|participle|ing"; Persian verbs as "[NOUN ]PAST[/PRESENT]" (a compound's
 * light verb and its present stem are known: «خریداری کرد»; a simple verb gives both
 * stems: «خرید/خر»); nouns singular (plurals are added). lang is "en" or "fa". Returns 0,
 * or -1 with a message in why. */
int kg_frame_add_entries(kg_frame_triggers *t, kg_trigger_kind kind, const char *lang,
                         const char *entries, char *why, size_t why_len);

void kg_frame_triggers_free(kg_frame_triggers *t);

/* The trigger kind a template body uses (from its placeholders), or -1 when it uses
 * none; -2 when it mixes kinds (an error). */
int kg_template_kind(const char *body);

/* Instantiates a template body for a frame: {S} {S+} {O} {O+} become slots of the given
 * types captured as subj and obj; the placeholders (%V %VPP %VING %VBASE %VF %N %NF %AG
 * %PAT %P %PR %RA) become the forms of one trigger group (%PR: its preposition, only for
 * groups that have one; %RA: «را» after the object, only for groups that take it). One pattern per group of the kind the template uses, equal
 * copies once: each pattern's cue words are then its own group's words. Returns the
 * number of patterns, in *out (malloc'ed array of malloc'ed strings, caller frees), 0
 * when the frame has no trigger the template can use (not an error). */
size_t kg_frame_instantiate(const char *body, const kg_frame_triggers *t, const char *lang,
                            const char *subject_types, const char *object_types, char ***out);

#endif
