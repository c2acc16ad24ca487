/* kg_data: where kg's data files (extract/rules, extract/lexicon, extract/text,
 * queries/NAME.sql) are found at run time.
 *
 * The data directory is the folder holding extract/ and queries/: $KG_DATA_DIR when set,
 * otherwise what the program registered with kg_data_dir_set (the CLI registers the
 * installed share/kg or the source tree), otherwise ".". */
#ifndef KG_DATA_H
#define KG_DATA_H

void kg_data_dir_set(const char *dir);  /* copies dir */
const char *kg_data_dir(void);          /* never NULL; owned by kg_data */
/* Returns "DIR/relative" (DIR = data_dir or kg_data_dir() when NULL); caller frees. */
char *kg_data_path(const char *data_dir, const char *relative);
/* Reads a whole data file; returns malloc'ed NUL-terminated bytes (caller frees) and
 * sets *len, or NULL when it cannot be read. */
char *kg_data_slurp(const char *path, unsigned long *len);

/* Calls fn(line, lineno, ctx) for each line of buf (changed in place: lines are cut at
 * '\n', a trailing '\r' is dropped) that is not empty and does not start with '#';
 * lineno counts from 1 over all lines. Stops at, and returns, the first nonzero return of
 * fn; else returns 0. */
int kg_data_each_line(char *buf, int (*fn)(char *line, long lineno, void *ctx), void *ctx);

#endif
