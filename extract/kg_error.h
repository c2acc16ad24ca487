/* kg_error: the one error convention of kg.
 *
 * Functions that can fail return an int status (KG_OK or a KG_E* code) and fill a
 * caller-provided kg_error when it is not NULL. The message names what is wrong; where
 * the error has a position, file/line/column/offset say where (0 or -1 when unknown).
 * A kg_error owns no heap memory; it can be copied and discarded freely. */
#ifndef KG_ERROR_H
#define KG_ERROR_H
#include <stddef.h>

enum {
    KG_OK = 0,
    KG_EIO = 1,      /* cannot open, read or write a file */
    KG_EINPUT = 2,   /* input is malformed: bad UTF-8, NUL bytes, binary, empty, bad markup */
    KG_ESYNTAX = 3,  /* a data file (rules, lexicon, ...) has a syntax error */
    KG_EDB = 4,      /* the database refused an operation */
    KG_ELIMIT = 5,   /* a resource limit was hit (match limit, size limit) */
    KG_EUSAGE = 6,   /* the caller asked for something meaningless */
    KG_EINTERNAL = 7
};

typedef struct kg_error {
    int code;
    char file[512];   /* file the error is in, or "" */
    long line;        /* 1-based line, or 0 */
    long column;      /* 1-based column in characters, or 0 */
    long long offset; /* byte offset in the file, or -1 */
    char message[512];
} kg_error;

/* Records an error and returns code; err may be NULL. file may be NULL. */
int kg_error_set(kg_error *err, int code, const char *file, long line, long column,
                 long long offset, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void kg_error_clear(kg_error *err);
/* Formats as "file:line:column: message", "file: byte N: message" or "file: message". */
void kg_error_format(const kg_error *err, char *buf, size_t size);

#endif
