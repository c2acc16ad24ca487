/* kg_quantity: amounts in normalized Persian and English text — money, percentages,
 * counts with a unit, bare numbers — with ranges, bounds and approximations.
 *
 * Understands digits with thousands and decimal separators, number words (Persian یک ...
 * تریلیون, English one ... trillion, lakh/crore, dozen), scale suffixes ($4B, 4bn, 600M,
 * 64K), currencies (extract/entities/currencies.tsv, ISO codes), units
 * (extract/entities/units.tsv), ranges ("60 تا 80 میلیارد دلار", "between $64 billion
 * and $72 billion", "60–80B"), bounds and approximations (extract/entities/
 * quantity-cues.tsv). Words are data: extract/entities/numbers.tsv.
 *
 * Results are kg_mention (kg_mention.h) of type MONEY, PERCENT, COUNT or NUMBER with
 * via "quantity", value filled and name a readable form ("60–80B USD", "~4B USD",
 * ">100M users", "35%").
 *
 * Ownership: the finder is freed with kg_quantity_finder_free and is read-only after
 * creation; mentions and their strings live in the caller's arena. */
#ifndef KG_QUANTITY_H
#define KG_QUANTITY_H
#include <stdbool.h>
#include <stddef.h>

#include "kg_arena.h"
#include "kg_error.h"
#include "kg_mention.h"

typedef struct kg_quantity_finder kg_quantity_finder;

/* Flags for kg_quantity_find. */
enum {
    /* Also read vague number words ("a few", "a couple", "single", "nil") and a lone
     * number word below ten («یک», "one", «نه»). Off in the article pipeline, where
     * they are more often idiom, article or negation than amount. */
    KG_QUANTITY_VAGUE = 1
};

int kg_quantity_finder_new(const char *data_dir, kg_quantity_finder **out, kg_error *err);
void kg_quantity_finder_free(kg_quantity_finder *qf);

/* Finds the amounts of one normalized text (one sentence). Sets *out to an array in
 * arena (NULL when none) and returns the count; sentence is 0 in the results. */
size_t kg_quantity_find(const kg_quantity_finder *qf, const char *text, unsigned flags,
                        kg_arena *arena, kg_mention **out);

/* True if word (normalized) is one number word of numbers.tsv ("هزار", "twelve");
 * sets *value when value is not NULL. */
bool kg_quantity_number_word(const kg_quantity_finder *qf, const char *word, double *value);

/* Writes the readable form of v ("60–80B USD") into buf. */
void kg_value_format(const kg_value *v, char *buf, size_t size);

#endif
