# tst_no_bare_skips: every test skips through the shared mechanism (tests/support: DELINEATE_SKIP and the
# DELINEATE_REQUIRE_* checks, MINITEST_SKIP) and ends with a DELINEATE_TEST_*MAIN, never with Qt's own
# QSKIP or QTEST_*MAIN, which CTest would count as passed.
#
# cmake -DTESTS_DIR=<tests/> -P CheckNoBareSkips.cmake

file(GLOB_RECURSE sources RELATIVE ${TESTS_DIR} ${TESTS_DIR}/*.cpp ${TESTS_DIR}/*.h)
set(offences "")
foreach(source ${sources})
  if(source MATCHES "^support/")
    continue()
  endif()
  file(STRINGS ${TESTS_DIR}/${source} lines REGEX "(QSKIP|QTEST_MAIN|QTEST_GUILESS_MAIN|QTEST_APPLESS_MAIN)[ \t]*\\(")
  foreach(line ${lines})
    string(STRIP "${line}" line)
    string(APPEND offences "\n  ${source}: ${line}")
  endforeach()
endforeach()
list(LENGTH sources count)
if(offences)
  message(FATAL_ERROR "bare Qt skips or mains (use tests/support/QtTestMain.h):${offences}")
endif()
message(STATUS "no bare QSKIP or QTEST_*MAIN in ${count} test sources")
