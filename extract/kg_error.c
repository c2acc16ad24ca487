/* kg_error: see kg_error.h. */
#include "kg_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int kg_error_set(kg_error *err, int code, const char *file, long line, long column,
                 long long offset, const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void kg_error_clear(kg_error *err) {
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->offset = -1;
}

void kg_error_format(const kg_error *err, char *buf, size_t size) {
    if (err->file[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line, err->column, err->message);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->message);
    else if (err->file[0] && err->offset >= 0)
        snprintf(buf, size, "%s: byte %lld: %s", err->file, err->offset, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->message);
    else
        snprintf(buf, size, "%s", err->message);
}
