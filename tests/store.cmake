# Tests of the store and query side: queries/ (kg_store, kg_query, canned SQL) and the
# ingest, query, sql and summary commands.
set(KG_STORE_TEST_DIR "${CMAKE_CURRENT_SOURCE_DIR}/store")

kg_unit_test(store_unit ${KG_STORE_TEST_DIR}/test_store.c ${KG_STORE_TEST_DIR}/fixture.c)
target_include_directories(store_unit PRIVATE ${KG_STORE_TEST_DIR})
