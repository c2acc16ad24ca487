# Lexicon area: the entity lists in extract/lexicon/*.tsv are well formed (7 columns,
# unique ids, known types, owners defined, QIDs shaped Q<n>, no surface form on two
# entities), and the checker itself catches each kind of bad row.
add_test(NAME lexicon_check
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-lexicon ${CMAKE_SOURCE_DIR}/extract/lexicon)
add_test(NAME lexicon_check_selftest
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-lexicon --self-test)
