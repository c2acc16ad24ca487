# Tests of the store and query side: queries/ (kg_store, kg_query, canned SQL) and the
# ingest, query, sql and summary commands.
set(KG_STORE_TEST_DIR "${CMAKE_CURRENT_SOURCE_DIR}/store")

kg_unit_test(store_unit ${KG_STORE_TEST_DIR}/test_store.c ${KG_STORE_TEST_DIR}/fixture.c)
target_include_directories(store_unit PRIVATE ${KG_STORE_TEST_DIR})

# store_mkdb DB: the fixture database, for the CLI tests.
add_executable(store_mkdb ${KG_STORE_TEST_DIR}/mkdb.c ${KG_STORE_TEST_DIR}/fixture.c)
target_include_directories(store_mkdb PRIVATE ${KG_STORE_TEST_DIR})
target_link_libraries(store_mkdb PRIVATE kggraph kgqueries kgextract)
kg_target_flags(store_mkdb)

kg_unit_test(store_query ${KG_STORE_TEST_DIR}/test_query.c ${KG_STORE_TEST_DIR}/fixture.c)
target_include_directories(store_query PRIVATE ${KG_STORE_TEST_DIR})

add_test(NAME store_cli COMMAND bash ${KG_STORE_TEST_DIR}/cli_test.sh ${KG_BIN} $<TARGET_FILE:store_mkdb>
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(store_cli PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};KG_DB=" SKIP_RETURN_CODE 77)
# kill -9 during an ingest, with a reader running: integrity, whole articles, clean rerun.
add_test(NAME store_crash_safety
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/crash.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/crash)
# Every canned query on the sample corpus's database returns what a reader expects.
add_test(NAME store_corpus_queries
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/corpus-queries.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/corpus-queries ${CMAKE_SOURCE_DIR}/corpus)
# What people read (tables, JSON, graph labels, comparison) is in the articles' spelling.
add_test(NAME store_spelling
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/spelling.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/spelling ${CMAKE_SOURCE_DIR})
# Article identity: canonical paths, the same bytes or id under another path, stdin.
add_test(NAME store_identity
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/identity.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/identity ${CMAKE_SOURCE_DIR}/corpus)
