# Whole-article golden files: the corpus articles' claims under their sentences.
file(GLOB KG_GOLDEN_ARTICLES "${CMAKE_SOURCE_DIR}/corpus/*.txt")
add_test(NAME golden_corpus_claims
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh ${KG_BIN} ${KG_GOLDEN_ARTICLES})
