# Hostile input ends with claims or a clear error, never a crash (quick sizes; the full
# sizes run by hand: tests/robustness/hostile.sh build/kg /tmp/hostile full).
add_test(NAME robustness_hostile_input
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/robustness/hostile.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/hostile)
