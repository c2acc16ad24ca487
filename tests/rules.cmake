# Rules: every example in the rule files, rule-file checking, and the seed article.
add_test(NAME rules_examples COMMAND ${KG_BIN} rules test)
add_test(NAME rules_check COMMAND ${KG_BIN} rules check)
set_tests_properties(rules_check PROPERTIES PASS_REGULAR_EXPRESSION "rules, [0-9]+ qualifier cues: ok")
# Broken rule files are reported as file:line:column and exit 1.
foreach(bad unknown-relation bad-slot bad-regex unknown-macro expect-without-example macro-bomb)
  add_test(NAME rules_check_${bad}
           COMMAND ${KG_BIN} rules check ${CMAKE_CURRENT_SOURCE_DIR}/rules/${bad}.rules)
  set_tests_properties(rules_check_${bad} PROPERTIES WILL_FAIL TRUE)
  add_test(NAME rules_check_${bad}_message
           COMMAND sh -c "${KG_BIN} rules check ${CMAKE_CURRENT_SOURCE_DIR}/rules/${bad}.rules 2>&1; true")
  file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/rules/${bad}.rules expected_line REGEX "^# expect: ")
  string(REPLACE "# expect: " "" expected_line "${expected_line}")
  set_tests_properties(rules_check_${bad}_message PROPERTIES PASS_REGULAR_EXPRESSION "${expected_line}")
endforeach()
# Macros that use each other six times, 14 deep, ask for about 10^11 bytes: refused at
# 1 MiB in a fraction of a second (a hang guard, not a speed test).
set_tests_properties(rules_check_macro-bomb rules_check_macro-bomb_message PROPERTIES TIMEOUT 60)
set_tests_properties(rules_examples rules_check PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}")
# The seed article scored against the analyst's expected claims (skips without ../shared).
add_test(NAME seed_score COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/rules/seed-score.sh ${KG_BIN} ${KG_SHARED})
set_tests_properties(seed_score PROPERTIES SKIP_RETURN_CODE 77)
# The matcher on hand-built mentions (independent of the entity finder).
kg_unit_test(test_match rules/test_match.c)
# The cue prefilter: required words of a pattern, and the one-pass multi-word scan.
kg_unit_test(test_literals rules/test_literals.c)
add_test(NAME rules_prefilter_same
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/rules/prefilter.sh ${KG_BIN} ${CMAKE_SOURCE_DIR})
# kg extract --explain: offsets in the file's bytes; near misses of the sentence's language.
add_test(NAME rules_explain COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/rules/explain.py ${KG_BIN} ${CMAKE_SOURCE_DIR})
set_tests_properties(rules_explain PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}")
# A symmetric relation read both ways in one sentence is one claim.
add_test(NAME rules_symmetric_once
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/rules/symmetric.sh ${KG_BIN} ${CMAKE_CURRENT_BINARY_DIR}/symmetric)
set_tests_properties(rules_symmetric_once PROPERTIES ENVIRONMENT "KG_DATA_DIR=${CMAKE_SOURCE_DIR}")
