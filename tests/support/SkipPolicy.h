#pragma once
// How a skipped test reaches CTest (shared by Qt Test and MiniTest, no Qt here).
//
// A test may skip only when something outside the code under test is absent: the shared data
// (DELINEATE_SHARED_DIR), a fixture, or a reference tool. A test executable whose cases all passed or
// skipped, with at least one skip, exits with kSkippedExitCode; delineate_add_test
// (cmake/DelineateHelpers.cmake) sets the same number as the test's SKIP_RETURN_CODE, so CTest lists it
// as "Skipped", never as "Passed". Any failure exits 1.
//
// With DELINEATE_REQUIRE_DATA=1 in the environment (set by .ci/run) every skip is a failure that states
// its reason: CI, which has the data and the tools, cannot go green on tests that did not run.

#include <cstdlib>
#include <string>

#ifndef DELINEATE_TEST_SKIP_CODE
#error "DELINEATE_TEST_SKIP_CODE is set by delineate_add_test (cmake/DelineateHelpers.cmake)"
#endif

namespace delineate::test {

inline constexpr int kSkippedExitCode = DELINEATE_TEST_SKIP_CODE;
static_assert(kSkippedExitCode > 1 && kSkippedExitCode < 126, "an exit code no crash or failure gives");

// DELINEATE_REQUIRE_DATA set to anything but "" or "0".
inline bool skipsAreFailures()
{
    const char* value = std::getenv("DELINEATE_REQUIRE_DATA");
    return value != nullptr && *value != '\0' && std::string(value) != "0";
}

// The failure message that replaces a skip under DELINEATE_REQUIRE_DATA.
inline std::string skipAsFailure(const std::string& reason)
{
    return "DELINEATE_REQUIRE_DATA is set, so this skip fails: " + reason;
}

// The process exit code for a run with `failed` failed and `skipped` skipped cases.
inline int exitCode(int failed, int skipped)
{
    if (failed > 0)
        return 1;
    return skipped > 0 ? kSkippedExitCode : 0;
}

} // namespace delineate::test
