/* kg_dates: dates in normalized Persian and English text.
 *
 * Recognizes years with a cue ("سال 2025", "in 2025", "2025 میلادی"), Gregorian months
 * in English and Persian and Solar Hijri months with a day and/or year ("16 فروردین
 * 1404", "April 5, 2025", "آوریل 2025"), numeric dates (1404/01/17, 2025-04-05),
 * quarters and halves ("Q4 2025", "سهماهه چهارم 2025", "first half of 2025", "نیمه
 * دوم 2025") and relative dates ("last July", "جولای گذشته", "سال گذشته", "this year", "last quarter")
 * resolved against the article's published date. A month name alone ("May" the verb,
 * "بهمن" the given name) is never a date. Solar Hijri dates are converted with ICU's
 * Persian calendar; a Solar Hijri year alone maps to the Gregorian year its Nowruz falls
 * in (1404 -> 2025). Words are data: extract/entities/months.tsv, date-cues.tsv.
 *
 * Results are kg_mention of type DATE, via "date", time an ISO string ("2025",
 * "2025-04", "2025-04-05", "2025-Q4", "2025-H2") or NULL when a relative date cannot be
 * resolved (no published date); name is the time, or the surface when time is NULL.
 *
 * Ownership: the finder is freed with kg_date_finder_free and is read-only after
 * creation; results live in the caller's arena. */
#ifndef KG_DATES_H
#define KG_DATES_H
#include <stddef.h>

#include "kg_arena.h"
#include "kg_error.h"
#include "kg_mention.h"

typedef struct kg_date_finder kg_date_finder;

int kg_date_finder_new(const char *data_dir, kg_date_finder **out, kg_error *err);
void kg_date_finder_free(kg_date_finder *df);

/* Finds the dates of one normalized text; published as in kg_entity_finder_run. Sets
 * *out to an array in arena (NULL when none) and returns the count. */
size_t kg_dates_find(const kg_date_finder *df, const char *text, const char *published,
                     kg_arena *arena, kg_mention **out);

/* Converts a Solar Hijri date to Gregorian with ICU. Returns 0, or -1 when the date
 * does not exist (month 13, Esfand 30 of a common year, ...). */
int kg_persian_to_gregorian(int y, int m, int d, int *gy, int *gm, int *gd);

#endif
