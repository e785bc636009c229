# One helper per kind of target (STYLE habit 13).

function(liaison_target_defaults target)
  target_compile_options(${target} PRIVATE ${LIAISON_WARNINGS})
  # The kernel's folders (common/, ledger/, store/, …) are included by their short names.
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/src/kernel)
endfunction()

# liaison_library(NAME SOURCES ... DEPS ...)
function(liaison_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  liaison_target_defaults(${name})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# liaison_test(NAME SOURCES ... DEPS ... LABEL unit|integration)
function(liaison_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  liaison_target_defaults(${name})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/test)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  # LIAISON_TEST_ARGON2_FAST: test-only password hashing cost (src/node/users.cc).
  gtest_discover_tests(${name} PROPERTIES LABELS ${ARG_LABEL}
    ENVIRONMENT LIAISON_TEST_ARGON2_FAST=1 DISCOVERY_TIMEOUT 60)
endfunction()

# liaison_fuzzer(NAME SOURCES ... DEPS ...): a libFuzzer target with clang, otherwise a
# driver that replays the corpus files given on the command line (so it never rots).
function(liaison_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
  liaison_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

function(liaison_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  liaison_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
endfunction()
