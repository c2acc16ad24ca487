# Graph tests: the model and filters, DOT through cgraph and back, renders (tests/graph/).
# Leaks Graphviz and the font stack keep until exit are suppressed under -DKG_SANITIZE=ON.
kg_unit_test(test_graph graph/test_graph.c graph/testdb.c)
kg_unit_test(test_graph_escape graph/test_escape.c)
set_tests_properties(test_graph PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}")
set_tests_properties(test_graph_escape PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}")

# The fixture database for the command-line tests (tests/graph/fixture.sql).
add_executable(kg_test_makedb graph/makedb.c graph/testdb.c)
target_include_directories(kg_test_makedb PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/graph")
target_link_libraries(kg_test_makedb PRIVATE kgqueries kgextract)
kg_target_flags(kg_test_makedb)

set(KG_GRAPH_TEST_DIR "${CMAKE_CURRENT_BINARY_DIR}/graph-cli")
add_test(NAME graph_fixture_db
         COMMAND ${CMAKE_COMMAND} -E env KG_DATA_DIR=${CMAKE_SOURCE_DIR}
                 sh -c "mkdir -p '${KG_GRAPH_TEST_DIR}' && \"$0\" '${KG_GRAPH_TEST_DIR}/kg.sqlite' && \"$0\" '${KG_GRAPH_TEST_DIR}/big.sqlite' 320"
                 $<TARGET_FILE:kg_test_makedb>)
set_tests_properties(graph_fixture_db PROPERTIES FIXTURES_SETUP kg_graph_db)

add_test(NAME graph_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/graph/cli_test.sh ${KG_BIN}
                 ${KG_GRAPH_TEST_DIR}/kg.sqlite ${KG_GRAPH_TEST_DIR} ${KG_GRAPH_TEST_DIR}/big.sqlite)
set_tests_properties(graph_cli PROPERTIES FIXTURES_REQUIRED kg_graph_db
                     ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};${KG_LSAN}" SKIP_RETURN_CODE 77)

# Leak check under valgrind (Graphviz's and the font stack's own leaks suppressed);
# reported skipped when valgrind is not installed. Not in the sanitizer build, which
# valgrind cannot run.
if(NOT KG_SANITIZE)
  foreach(t test_graph test_graph_escape test_compare)
    add_test(NAME ${t}_valgrind
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/graph/valgrind-run.sh
                     ${CMAKE_CURRENT_SOURCE_DIR}/graph/valgrind.supp $<TARGET_FILE:${t}>
             WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
    set_tests_properties(${t}_valgrind PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}"
                         SKIP_RETURN_CODE 77)
  endforeach()
endif()
