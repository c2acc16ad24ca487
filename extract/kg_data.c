/* kg_data: see kg_data.h. */
#include "kg_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg_arena.h"

static char *registered_dir;

void kg_data_dir_set(const char *dir) {
    free(registered_dir);
    registered_dir = dir ? kg_xstrdup(dir) : NULL;
}

const char *kg_data_dir(void) {
    const char *env = getenv("KG_DATA_DIR");
    if (env && *env) return env;
    return registered_dir ? registered_dir : ".";
}

char *kg_data_path(const char *data_dir, const char *relative) {
    const char *dir = data_dir ? data_dir : kg_data_dir();
    size_t n = strlen(dir) + strlen(relative) + 2;
    char *p = kg_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, relative);
    return p;
}

char *kg_data_slurp(const char *path, unsigned long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = kg_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = kg_xrealloc(buf, cap);
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len) *len = (unsigned long)n;
    return buf;
}

int kg_data_each_line(char *buf, int (*fn)(char *line, long lineno, void *ctx), void *ctx) {
    long lineno = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r') line[--n] = '\0';
        if (!n || line[0] == '#') continue;
        int rc = fn(line, lineno, ctx);
        if (rc) return rc;
    }
    return 0;
}
