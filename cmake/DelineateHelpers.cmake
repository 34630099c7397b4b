# Small helpers shared by all targets.

# delineate_torch_target(<target>): link LibTorch PRIVATE and keep its headers out of dependents.
function(delineate_link_torch target)
  target_link_libraries(${target} PRIVATE ${TORCH_LIBRARIES})
  # Torch's include dirs as SYSTEM so -Wall -Wextra stays quiet about them.
  target_include_directories(${target} SYSTEM PRIVATE ${TORCH_INCLUDE_DIRS})
endfunction()

# delineate_add_qt_test(<name> SOURCES ... LIBS ...): one Qt Test executable = one CTest entry.
function(delineate_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_compile_definitions(${name} PRIVATE
    DELINEATE_SHARED_DIR="${DELINEATE_SHARED_DIR}"
    DELINEATE_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    DELINEATE_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()
