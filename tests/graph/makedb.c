/* kg_test_makedb PATH: writes the fixture database (tests/graph/fixture.sql) to PATH, for
 * the command-line tests. */
#include <stdio.h>

#include "testdb.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: kg_test_makedb PATH\n");
        return 2;
    }
    return kg_testdb_make(argv[1]);
}
