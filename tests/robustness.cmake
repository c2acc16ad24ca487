# Hostile input ends with claims or a clear error, never a crash (quick sizes; the full
# sizes run by hand: tests/robustness/hostile.sh build/kg /tmp/hostile full).
add_test(NAME robustness_hostile_input
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness/hostile.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/hostile)
# Memory errors and leaks under valgrind (skipped when valgrind is absent; not in the
# sanitizer build, which valgrind cannot run).
if(NOT KG_SANITIZE)
add_test(NAME robustness_valgrind
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness/valgrind.sh ${KG_BIN}
                 ${CMAKE_CURRENT_BINARY_DIR}/valgrind ${CMAKE_SOURCE_DIR}/corpus
                 ${CMAKE_CURRENT_SOURCE_DIR}/graph/valgrind.supp)
set_tests_properties(robustness_valgrind PROPERTIES SKIP_RETURN_CODE 77)
endif()
# Input shapes that once took time growing with the square of their size, or crashed:
# each must end within a generous budget (a hang guard, not a speed test).
foreach(case md-nested-links md-unclosed-title md-image-brackets md-open-brackets front-matter-deep)
  add_test(NAME robustness_pathological_${case}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness/pathological.sh ${KG_BIN}
                   ${CMAKE_CURRENT_BINARY_DIR}/pathological ${case})
  set_tests_properties(robustness_pathological_${case} PROPERTIES
                       ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}" TIMEOUT 300)
endforeach()
# Bad input and bad surroundings: the message and the exact exit status.
foreach(case dates)
  add_test(NAME robustness_inputs_${case}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness/inputs.sh ${KG_BIN}
                   ${CMAKE_CURRENT_BINARY_DIR}/inputs ${case})
  set_tests_properties(robustness_inputs_${case} PROPERTIES
                       ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR};KG_DB=")
endforeach()
