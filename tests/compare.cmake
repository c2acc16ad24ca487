# Compare tests: coverage matrix, Jaccard, contradictions, writers (tests/compare/), on the
# fixture database of tests/graph/fixture.sql (kg_test_makedb is defined in graph.cmake).
kg_unit_test(test_compare compare/test_compare.c graph/testdb.c)
set_tests_properties(test_compare PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}")

set(KG_COMPARE_TEST_DIR "${CMAKE_CURRENT_BINARY_DIR}/compare-cli")
add_test(NAME compare_fixture_db
         COMMAND ${CMAKE_COMMAND} -E env KG_DATA_DIR=${CMAKE_SOURCE_DIR}
                 sh -c "mkdir -p '${KG_COMPARE_TEST_DIR}' && \"$0\" '${KG_COMPARE_TEST_DIR}/kg.sqlite'"
                 $<TARGET_FILE:kg_test_makedb>)
set_tests_properties(compare_fixture_db PROPERTIES FIXTURES_SETUP kg_compare_db)

add_test(NAME compare_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/compare/cli_test.sh ${KG_BIN}
                 ${KG_COMPARE_TEST_DIR}/kg.sqlite ${KG_COMPARE_TEST_DIR})
set_tests_properties(compare_cli PROPERTIES FIXTURES_REQUIRED kg_compare_db
                     ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}" SKIP_RETURN_CODE 77)
# The corpus's one story in three articles and two languages.
add_test(NAME compare_story_corpus
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/compare/story.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/story ${CMAKE_SOURCE_DIR}/corpus)
