# The entity layer: lexicon, amounts, dates, rule NER, coreference, kg entities.
# Data-driven tables live in tests/entities/*.tsv. Tests that need a lexicon use a data
# folder in the build tree whose extract/entities is the real one and whose
# extract/lexicon is tests/entities/lexicon (a small fixed lexicon); extract/text is the
# real one.
set(KG_ENT_DATA "${CMAKE_BINARY_DIR}/entities-data")
file(MAKE_DIRECTORY "${KG_ENT_DATA}/extract")
file(CREATE_LINK "${CMAKE_SOURCE_DIR}/extract/entities" "${KG_ENT_DATA}/extract/entities" SYMBOLIC)
file(CREATE_LINK "${CMAKE_SOURCE_DIR}/tests/entities/lexicon" "${KG_ENT_DATA}/extract/lexicon" SYMBOLIC)
# the text layer's data (normalization and segmentation tables)
file(CREATE_LINK "${CMAKE_SOURCE_DIR}/extract/text" "${KG_ENT_DATA}/extract/text" SYMBOLIC)

foreach(suite numeral_en numeral_fa money_en words_fa jalaali)
  set(suites numeral_en numeral_fa money_en words_fa jalaali)
  list(FIND suites ${suite} idx)
  math(EXPR idx "${idx} + 1")
  kg_unit_test(entities_peer_${suite} ${CMAKE_CURRENT_SOURCE_DIR}/entities/test_peer.c)
  target_compile_definitions(entities_peer_${suite} PRIVATE PEER_SUITE=${idx}
                             KG_SHARED_DIR="${KG_SHARED}")
endforeach()

foreach(table quantities dates mentions lexicon_find lexicon_bad)
  set(tables quantities dates mentions lexicon_find lexicon_bad)
  list(FIND tables ${table} idx)
  math(EXPR idx "${idx} + 1")
  kg_unit_test(entities_${table} ${CMAKE_CURRENT_SOURCE_DIR}/entities/test_tables.c)
  target_compile_definitions(entities_${table} PRIVATE TABLE=${idx} KG_ENT_DATA="${KG_ENT_DATA}")
endforeach()

# The command: output fields, raw spans, exit statuses.
add_test(NAME entities_cli
         COMMAND ${CMAKE_COMMAND} -DKG=${KG_BIN} -DSAMPLE=${CMAKE_SOURCE_DIR}/tests/entities/sample.md
                 -DEXPECT=${CMAKE_SOURCE_DIR}/tests/entities/cli-expect.txt
                 -P ${CMAKE_SOURCE_DIR}/tests/entities/cli_check.cmake)
add_test(NAME entities_cli_usage COMMAND ${KG_BIN} entities --format xml x)
add_test(NAME entities_cli_missing_file COMMAND ${KG_BIN} entities /nonexistent/article.md)
set_tests_properties(entities_cli entities_cli_usage entities_cli_missing_file PROPERTIES
                     ENVIRONMENT "KG_DATA_DIR=${KG_ENT_DATA}")
set_tests_properties(entities_cli_usage entities_cli_missing_file PROPERTIES WILL_FAIL TRUE)

# Phrase tables against a plain reading of their contract (random phrases, many
# alternatives per first token), and kg_value_format against its printf formats.
kg_unit_test(entities_phrases ${CMAKE_CURRENT_SOURCE_DIR}/entities/test_phrases.c)
