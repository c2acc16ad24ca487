#!/bin/sh
# Runs one unit test under valgrind's memcheck: no invalid access, no definite leak
# (Graphviz's and the font stack's own leaks suppressed). Reported skipped (exit 77) with
# the reason when valgrind is not installed, so the test never silently disappears.
# Usage: valgrind-run.sh SUPPRESSIONS TEST_BINARY
command -v valgrind > /dev/null ||
    { echo "skipped: valgrind is not installed (Debian package valgrind, see tools/install-deps)"; exit 77; }
exec valgrind --quiet --suppressions="$1" --leak-check=full --errors-for-leak-kinds=definite \
     --error-exitcode=99 "$2"
