/* Test fixture: builds kg_article values by hand (no extraction pipeline involved) and a
 * small two-article database from them, used by the store, query and CLI tests. */
#ifndef KG_TEST_FIXTURE_H
#define KG_TEST_FIXTURE_H
#include <stddef.h>

#include "kg_pipeline.h"
#include "kg_store.h"

/* A new article whose raw text is the sentences joined by "\n" and whose normalized
 * text is the raw text itself (identity map). Free with fx_free. */
kg_article *fx_new(const char *path, const char *title, const char *outlet, const char *url,
                   const char *lang, const char *published, const char *const *sentences,
                   size_t n_sentences);
void fx_free(kg_article *a);

/* Adds an entity or date mention on the first occurrence of surface in the sentence;
 * returns its index. id may be NULL (for dates). */
int fx_mention(kg_article *a, size_t sentence, const char *surface, const char *type,
               const char *id, const char *name, const char *time);
/* Adds an amount mention; returns its index. */
int fx_amount(kg_article *a, size_t sentence, const char *surface, const char *type, double low,
              double high, const char *unit, const char *name);
/* Adds a claim subject -> object (object mention index, or -1 with literal). */
kg_claim *fx_claim(kg_article *a, size_t sentence, int subject, const char *relation, int object,
                   const char *literal);

/* The two articles of the test database; fx_put_all stores both (with lex NULL). */
kg_article *fx_article_fa(void);
kg_article *fx_article_en(void);
int fx_put_all(kg_store *store, kg_error *err);

#endif
