# Damaged and re-encoded Persian articles yield the same claims as the originals.
add_test(NAME invariance_corpus
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/invariance/run.sh ${KG_BIN}
                 ${CMAKE_SOURCE_DIR}/corpus/fa-01.txt ${CMAKE_SOURCE_DIR}/corpus/fa-02.txt
                 ${CMAKE_SOURCE_DIR}/corpus/fa-05.txt ${CMAKE_SOURCE_DIR}/corpus/fa-07.txt)
add_test(NAME invariance_seed
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/invariance/run.sh ${KG_BIN} ${KG_SHARED}/seed/article-fa.txt)
set_tests_properties(invariance_corpus invariance_seed PROPERTIES SKIP_RETURN_CODE 77)
