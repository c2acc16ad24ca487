/* kg_typed: what a person types on the command line — a search, an entity's name, an
 * article's title — in the form kg compares it in, so that it finds what the articles
 * say however it was typed (half-spaces, Arabic letter variants, Persian digits).
 *
 * Every function puts its value through kg_normalize_string, the normalizer of the
 * article text (kg_normalize.h); a value that is not valid UTF-8 is kept as given, so
 * it matches exactly what it matched before.
 *
 * Ownership: every returned string is malloc'ed and freed by the caller. The lexicon
 * kg_typed_entity loads is kept for the process and freed by kg_typed_cleanup. Not
 * thread-safe on the first call of kg_typed_entity. */
#ifndef KG_TYPED_H
#define KG_TYPED_H
#include <sqlite3.h>

/* The matching form of value (never NULL for a non-NULL value). */
char *kg_typed_text(const char *value);

/* An FTS5 query in the matching form of the indexed text, still valid FTS5 when it was
 * valid: the words between the query's operators are normalized together (so «مدل های»
 * becomes the one word «مدلهای» the index holds), a word that normalization gives
 * characters a bare FTS5 word cannot hold ("3.5" from «۳٫۵») is quoted, and the text of
 * each quoted phrase is normalized. AND, OR, NOT, NEAR, parentheses, '*', '^', '+', ':'
 * and column filters are kept as written. */
char *kg_typed_fts(const char *query);

/* An entity's name, alias or key: its lexicon id when the whole value is a name or alias
 * the lexicon knows (extract/lexicon/: spelled with or without half-spaces, with Arabic
 * letters, spaced out as «اوپن ای آی»), else kg_typed_text(value). The canned queries
 * compare it with entity keys, names and stored aliases. */
char *kg_typed_entity(const char *value);

/* The lexicon id for value as kg_typed_entity finds it, or NULL when the lexicon does
 * not know the whole value (or cannot be loaded). */
char *kg_typed_lexicon_id(const char *value);

/* Registers the SQL function kg_match_form(TEXT) -> TEXT (kg_typed_text; NULL stays
 * NULL) on db, for SQL the code runs (queries/internal/). Returns the SQLite code. */
int kg_typed_register(sqlite3 *db);

/* Frees the lexicon (for leak checkers at exit); the next use loads it again. */
void kg_typed_cleanup(void);

#endif
