# Text layer: reading, normalizing, segmenting (extract/kg_text.c, kg_normalize.c,
# kg_segment.c, cli/cmd_text.c).
set(KG_TEXT_ENV "KG_DATA_DIR=${CMAKE_SOURCE_DIR};KG_SHARED=${KG_SHARED}")
foreach(t normalize peers segment reader)
  kg_unit_test(text_${t} text/test_${t}.c)
  set_tests_properties(text_${t} PROPERTIES ENVIRONMENT "${KG_TEXT_ENV}")
endforeach()

add_test(NAME text_cli COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/text/cli_test.sh" ${KG_BIN}
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(text_cli PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}")
