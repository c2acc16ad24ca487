/* store_mkdb DB: writes the fixture's two articles into DB (for the CLI tests). */
#include <stdio.h>

#include "fixture.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: store_mkdb DB\n");
        return 2;
    }
    kg_error err;
    kg_error_clear(&err);
    kg_store *store = NULL;
    int rc = kg_store_open(argv[1], NULL, &store, &err);
    if (rc == KG_OK) rc = fx_put_all(store, &err);
    kg_store_close(store);
    if (rc != KG_OK) {
        char msg[1200];
        kg_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "store_mkdb: %s\n", msg);
        return 1;
    }
    return 0;
}
