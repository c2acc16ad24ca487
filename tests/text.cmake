# Text layer: reading, normalizing, segmenting (extract/kg_text.c, kg_normalize.c,
# kg_segment.c, cli/cmd_text.c).
set(KG_TEXT_ENV "KG_DATA_DIR=${CMAKE_SOURCE_DIR};KG_SHARED=${KG_SHARED}")
foreach(t normalize peers segment)
  kg_unit_test(text_${t} text/test_${t}.c)
  set_tests_properties(text_${t} PROPERTIES ENVIRONMENT "${KG_TEXT_ENV}")
endforeach()
