# The command line contract: --help on stdout with exit 0, misuse exit 2, --version.
add_test(NAME cli_version COMMAND ${KG_BIN} --version)
set_tests_properties(cli_version PROPERTIES PASS_REGULAR_EXPRESSION "^kg [0-9]+\\.[0-9]+\\.[0-9]+")
add_test(NAME cli_no_args COMMAND ${KG_BIN})
set_tests_properties(cli_no_args PROPERTIES WILL_FAIL TRUE)
add_test(NAME cli_unknown_command COMMAND sh -c "${KG_BIN} frobnicate 2>/dev/null; test $? -eq 2")
foreach(cmd ingest extract graph query sql compare summary normalize sentences entities rules)
  add_test(NAME cli_help_${cmd} COMMAND sh -c "${KG_BIN} ${cmd} --help | grep -q '^usage: kg ${cmd}'")
  add_test(NAME cli_misuse_${cmd} COMMAND sh -c "${KG_BIN} ${cmd} --no-such-option >/dev/null 2>&1; test $? -eq 2")
endforeach()
add_test(NAME cli_extract_missing_file
         COMMAND sh -c "${KG_BIN} extract /nonexistent/article.txt 2>&1 >/dev/null | grep -q '/nonexistent/article.txt'; ")
file(GLOB KG_CORPUS_ARTICLES "${CMAKE_SOURCE_DIR}/corpus/*.txt")
add_test(NAME cli_streaming_and_jobs COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/streaming.sh ${KG_BIN} ${KG_CORPUS_ARTICLES})
# `cmake --install` puts the binary and its data in a prefix, and the installed binary
# reads the installed data (not the source tree).
add_test(NAME cli_installed_finds_its_data
         COMMAND sh -c "rm -rf '${CMAKE_CURRENT_BINARY_DIR}/prefix' && cmake --install '${CMAKE_BINARY_DIR}' --prefix '${CMAKE_CURRENT_BINARY_DIR}/prefix' >/dev/null && '${CMAKE_CURRENT_BINARY_DIR}/prefix/bin/kg' rules list | grep -q 'prefix/bin/../share/kg/extract/rules/' && '${CMAKE_CURRENT_BINARY_DIR}/prefix/bin/kg' extract --format tsv '${CMAKE_SOURCE_DIR}/corpus/en-03.txt' | grep -q hosts-partner")
add_test(NAME cli_ingest_claim_files
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/claims-ingest.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/claims ${KG_CORPUS_ARTICLES})
# The hand-written claim writer gives exactly jansson's bytes (corpus and hostile claims).
kg_unit_test(test_claim_json cli/test_claim_json.c ${CMAKE_SOURCE_DIR}/cli/claim_json.c)
target_include_directories(test_claim_json PRIVATE "${CMAKE_SOURCE_DIR}/cli")
# Unix conventions: -o -, stdin for extract and sql, --opt=value, one summary document,
# front-matter warnings, unwritable output, --version, the installed kg.1 and completion.
add_test(NAME cli_conventions
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/conventions.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/conventions ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_BINARY_DIR})
set_tests_properties(cli_conventions PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};KG_DB=;${KG_LSAN}")
# Output that cannot be written (/dev/full) is exit 3 with a message, for every command.
add_test(NAME cli_write_errors
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/write-errors.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/write-errors ${KG_CORPUS_ARTICLES})
set_tests_properties(cli_write_errors PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}"
                     SKIP_RETURN_CODE 77)
# kg sql streams rows in bounded memory, stops at --timeout (3), runs out of memory as 4.
add_test(NAME cli_sql_streaming
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/sql-streaming.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/sql-streaming ${KG_CORPUS_ARTICLES})
set_tests_properties(cli_sql_streaming PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}" TIMEOUT 600)
