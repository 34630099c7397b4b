# tst_skip_reporting: shows that a skip reaches CTest as a skip, never as a pass, and that
# DELINEATE_REQUIRE_DATA=1 turns it into a failure that states its reason (tests/support/SkipPolicy.h).
#
# cmake -DPROBE_SOURCE=<skipprobe> -DPROBE_BINARY=<folder> -DCTEST=<ctest> -DGENERATOR=<generator>
#       -DCXX=<compiler> [-DLAUNCHER=<ccache>] [-DQT6_DIR=<Qt6 config folder>] -P CheckSkipReporting.cmake
#
# Configures and builds the probe project (skipprobe/: delineate_add_test with Qt Test and MiniTest
# executables that pass, skip for absent data, or skip and fail), runs CTest on it without and with
# DELINEATE_REQUIRE_DATA=1 and checks how CTest reports each probe.

foreach(variable PROBE_SOURCE PROBE_BINARY CTEST GENERATOR CXX)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "CheckSkipReporting.cmake: -D${variable}=... is missing")
  endif()
endforeach()

set(configure_arguments -S ${PROBE_SOURCE} -B ${PROBE_BINARY} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
                        -DCMAKE_CXX_COMPILER=${CXX})
if(LAUNCHER)
  list(APPEND configure_arguments -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
if(QT6_DIR)
  list(APPEND configure_arguments -DQt6_DIR=${QT6_DIR})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} ${configure_arguments} RESULT_VARIABLE result OUTPUT_VARIABLE log
                ERROR_VARIABLE log)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring the probe project failed:\n${log}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${PROBE_BINARY} RESULT_VARIABLE result OUTPUT_VARIABLE log
                ERROR_VARIABLE log)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building the probe project failed:\n${log}")
endif()

set(failures 0)

# run_probes(<out> <environment arguments for cmake -E env>): CTest's report of every probe.
function(run_probes out)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ARGN} ${CTEST} --test-dir ${PROBE_BINARY} --output-on-failure
                  OUTPUT_VARIABLE report ERROR_VARIABLE report)
  set(${out} "${report}" PARENT_SCOPE)
endfunction()

# expect(<report> <probe> <Passed|Skipped|Failed> <what>): CTest's status line for <probe> says <status>.
function(expect report probe status what)
  if(status STREQUAL "Passed")
    set(pattern "Test +#[0-9]+: ${probe} \\.+ +Passed")
  else()
    set(pattern "Test +#[0-9]+: ${probe} \\.+\\*\\*\\*${status}")
  endif()
  if(report MATCHES "${pattern}")
    message(STATUS "ok: ${what}: ${probe} ${status}")
  else()
    message(STATUS "WRONG: ${what}: ${probe} is not reported as ${status}")
    math(EXPR count "${failures} + 1")
    set(failures ${count} PARENT_SCOPE)
  endif()
endfunction()

# expect_text(<report> <regex> <what>)
function(expect_text report regex what)
  if(report MATCHES "${regex}")
    message(STATUS "ok: ${what}")
  else()
    message(STATUS "WRONG: ${what}: no match for ${regex}")
    math(EXPR count "${failures} + 1")
    set(failures ${count} PARENT_SCOPE)
  endif()
endfunction()

run_probes(plain --unset=DELINEATE_REQUIRE_DATA)
run_probes(zero DELINEATE_REQUIRE_DATA=0)
run_probes(required DELINEATE_REQUIRE_DATA=1)
foreach(kind qt minitest)
  foreach(report_name plain zero)
    expect("${${report_name}}" probe_${kind}_pass Passed "${report_name}")
    expect("${${report_name}}" probe_${kind}_skip Skipped "${report_name}")
    expect("${${report_name}}" probe_${kind}_skip_and_fail Failed "${report_name}")
  endforeach()
  expect("${required}" probe_${kind}_pass Passed "DELINEATE_REQUIRE_DATA=1")
  expect("${required}" probe_${kind}_skip Failed "DELINEATE_REQUIRE_DATA=1")
  expect("${required}" probe_${kind}_skip_and_fail Failed "DELINEATE_REQUIRE_DATA=1")
endforeach()
expect_text("${plain}" "did not run:.*probe_qt_skip \\(Skipped\\)" "CTest lists the skipped Qt probe as not run")
expect_text("${required}"
  "DELINEATE_REQUIRE_DATA is set, so this skip fails: test data not found: [^\n]*/no-shared-data/data/probe-folder"
  "the Qt probe's failure names what is missing")
expect_text("${required}"
  "DELINEATE_REQUIRE_DATA is set, so this skip fails: test data not found: [^\n]*/no-shared-data/fixtures/sam/probe.pth"
  "the MiniTest probe's failure names what is missing")

if(failures GREATER 0)
  message("CTest without DELINEATE_REQUIRE_DATA:\n${plain}\nCTest with DELINEATE_REQUIRE_DATA=1:\n${required}")
  message(FATAL_ERROR "${failures} check(s) of the skip reporting failed")
endif()
message(STATUS "skip reporting: all checks passed")
