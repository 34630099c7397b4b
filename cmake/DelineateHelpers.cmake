# Small helpers shared by all targets.

# delineate_link_torch(<target>): link LibTorch PRIVATE and keep its headers out of dependents.
function(delineate_link_torch target)
  target_link_libraries(${target} PRIVATE ${TORCH_LIBRARIES})
  # Torch's include dirs as SYSTEM so -Wall -Wextra stays quiet about them.
  target_include_directories(${target} SYSTEM PRIVATE ${TORCH_INCLUDE_DIRS})
endfunction()

# delineate_library_layout(<target>): the folder's public headers live in include/<folder>/ and are the only
# ones other targets see ("<folder>/Name.h"); sources and private headers live in src/ and are seen by the
# target itself and by its own tests (delineate_add_test ... INTERNALS <target>).
function(delineate_library_layout target)
  target_include_directories(${target}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  set_property(TARGET ${target} PROPERTY DELINEATE_INTERNAL_INCLUDE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/src)
endfunction()

# delineate_test_internals(<test target> <library>...): a unit test may see the private headers (src/) of
# the libraries it tests, and only those.
function(delineate_test_internals target)
  foreach(library ${ARGN})
    target_include_directories(${target} PRIVATE $<TARGET_PROPERTY:${library},DELINEATE_INTERNAL_INCLUDE_DIR>)
  endforeach()
endfunction()

# The exit code of a test executable that skipped something and failed nothing (tests/support/SkipPolicy.h):
# CTest reports such a test as skipped, not passed. 77 is the automake convention.
set(DELINEATE_TEST_SKIP_CODE 77)

# delineate_add_test(<name> SOURCES ... LIBS ... [INTERNALS <library>...]): one test executable = one CTest
# entry; INTERNALS names the libraries whose private headers the test may include. The test sees tests/
# (the shared helpers: "support/QtTestMain.h", "support/MiniTest.h", ...), the shared data folder
# (DELINEATE_SHARED_DIR) and the skip exit code, which is also its SKIP_RETURN_CODE.
function(delineate_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;INTERNALS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  if(ARG_INTERNALS)
    delineate_test_internals(${name} ${ARG_INTERNALS})
  endif()
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../tests)
  target_compile_definitions(${name} PRIVATE
    DELINEATE_SHARED_DIR="${DELINEATE_SHARED_DIR}"
    DELINEATE_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    DELINEATE_BINARY_DIR="${CMAKE_BINARY_DIR}"
    DELINEATE_TEST_SKIP_CODE=${DELINEATE_TEST_SKIP_CODE})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
                                          SKIP_RETURN_CODE ${DELINEATE_TEST_SKIP_CODE})
endfunction()
