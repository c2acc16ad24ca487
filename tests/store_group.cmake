# kg_store group commits (tests/store/test_group.c), next to the store tests.
kg_unit_test(store_group ${CMAKE_CURRENT_SOURCE_DIR}/store/test_group.c
             ${CMAKE_CURRENT_SOURCE_DIR}/store/fixture.c)
target_include_directories(store_group PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/store)
