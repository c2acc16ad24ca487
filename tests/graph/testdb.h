/* Test databases for the graph and compare tests: the schema of queries/schema.sql with
 * the rows of tests/graph/fixture.sql (both read from the data dir, KG_DATA_DIR). */
#ifndef KG_TESTDB_H
#define KG_TESTDB_H

/* Creates (replacing) the fixture database at path. Returns 0, or 1 with a message on
 * stderr. */
int kg_testdb_make(const char *path);
/* A fresh path "DIR/name" in a private temporary directory; caller frees. NULL on
 * failure. kg_testdb_cleanup removes the file and the directory. */
char *kg_testdb_path(const char *name);
void kg_testdb_cleanup(const char *path);

#endif
