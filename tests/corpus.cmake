# Sample corpus: articles, gold annotations and the relation vocabulary are well formed.
add_test(NAME corpus_check COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-corpus ${CMAKE_SOURCE_DIR})
# The checker itself reports broken input (so corpus_check can fail).
add_test(NAME corpus_check_selftest COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-corpus --self-test)
# Every gold row is matchable by the shared scorer (skipped when ../shared is absent).
add_test(NAME corpus_gold_scorable
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-corpus
                 --scorer ${KG_SHARED}/tools/kg-score ${CMAKE_SOURCE_DIR})
set_tests_properties(corpus_gold_scorable PROPERTIES SKIP_RETURN_CODE 77)
