/* See testdb.h. */
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kg_arena.h"
#include "kg_data.h"

static int exec_file(sqlite3 *db, const char *relative) {
    char *path = kg_data_path(NULL, relative);
    char *sql = kg_data_slurp(path, NULL);
    if (!sql) {
        fprintf(stderr, "testdb: cannot read %s\n", path);
        free(path);
        return 1;
    }
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "testdb: %s: %s\n", path, msg ? msg : "?");
    sqlite3_free(msg);
    free(sql);
    free(path);
    return rc == SQLITE_OK ? 0 : 1;
}

int kg_testdb_make(const char *path) {
    unlink(path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        fprintf(stderr, "testdb: cannot create %s\n", path);
        sqlite3_close(db);
        return 1;
    }
    int status = exec_file(db, "queries/schema.sql");
    if (!status) status = exec_file(db, "tests/graph/fixture.sql");
    sqlite3_close(db);
    return status;
}

char *kg_testdb_path(const char *name) {
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/kgtest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) return NULL;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = kg_xmalloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

void kg_testdb_cleanup(const char *path) {
    if (!path) return;
    unlink(path);
    char *dir = kg_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        rmdir(dir);
    }
    free(dir);
}
