#pragma once
// A minimal test harness for the targets that must build without Qt (core/sam, core/tensorio,
// core/train on a GPU machine with only LibTorch). Qt-linked units use Qt Test instead.
//
//   MINITEST_CASE(name) { MINITEST_CHECK(cond); MINITEST_REQUIRE_FILE(path); MINITEST_SKIP("reason"); }
//   int main(int argc, char** argv) { return minitest::runAll(argc, argv); }
//
// Prints one line per case and closes with "N passed, N failed, N skipped". A case filter may be passed
// as argv[1] (substring match). A skip is for absent data or tools only; the exit code tells CTest about
// it and DELINEATE_REQUIRE_DATA=1 turns it into a failure (SkipPolicy.h).

#include "SharedData.h"
#include "SkipPolicy.h"

#include <cstdio>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace minitest {

struct SkipException {
    std::string reason;
};

struct FailureException {
    std::string message;
};

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& registry()
{
    static std::vector<Case> cases;
    return cases;
}

struct Registrar {
    Registrar(const char* name, std::function<void()> body) { registry().push_back({name, std::move(body)}); }
};

inline int& currentFailures()
{
    static int failures = 0;
    return failures;
}

inline void reportFailure(const char* file, int line, const std::string& what)
{
    std::fprintf(stderr, "    FAIL %s:%d: %s\n", file, line, what.c_str());
    ++currentFailures();
}

inline int runAll(int argc, char** argv)
{
    const std::string filter = argc > 1 ? argv[1] : "";
    int passed = 0, failed = 0, skipped = 0;
    for (const Case& c : registry()) {
        if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos)
            continue;
        currentFailures() = 0;
        try {
            c.body();
            if (currentFailures() == 0) {
                std::printf("PASS   %s\n", c.name);
                ++passed;
            } else {
                std::printf("FAIL   %s\n", c.name);
                ++failed;
            }
        } catch (const SkipException& s) {
            std::printf("SKIP   %s: %s\n", c.name, s.reason.c_str());
            ++skipped;
        } catch (const FailureException& f) {
            std::printf("FAIL   %s: %s\n", c.name, f.message.c_str());
            ++failed;
        } catch (const std::exception& e) {
            std::printf("FAIL   %s: exception: %s\n", c.name, e.what());
            ++failed;
        }
        std::fflush(stdout);
    }
    std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return delineate::test::exitCode(failed, skipped);
}

} // namespace minitest

#define MINITEST_CONCAT_INNER(a, b) a##b
#define MINITEST_CONCAT(a, b) MINITEST_CONCAT_INNER(a, b)

#define MINITEST_CASE(name)                                                                                  \
    static void MINITEST_CONCAT(minitest_case_, name)();                                                     \
    static ::minitest::Registrar MINITEST_CONCAT(minitest_registrar_,                                        \
                                                 name)(#name, &MINITEST_CONCAT(minitest_case_, name));       \
    static void MINITEST_CONCAT(minitest_case_, name)()

// Records a failure and continues.
#define MINITEST_CHECK(cond)                                                                                 \
    do {                                                                                                     \
        if (!(cond))                                                                                         \
            ::minitest::reportFailure(__FILE__, __LINE__, #cond);                                            \
    } while (0)

#define MINITEST_CHECK_MSG(cond, msg)                                                                        \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::ostringstream minitest_os;                                                                  \
            minitest_os << #cond << " -- " << msg;                                                           \
            ::minitest::reportFailure(__FILE__, __LINE__, minitest_os.str());                                \
        }                                                                                                    \
    } while (0)

// Aborts the case.
#define MINITEST_REQUIRE(cond)                                                                               \
    do {                                                                                                     \
        if (!(cond))                                                                                         \
            throw ::minitest::FailureException{std::string(__FILE__) + ":" + std::to_string(__LINE__) +      \
                                               ": " + #cond};                                                \
    } while (0)

// Ends the case as skipped (something it needs is absent), or as failed under DELINEATE_REQUIRE_DATA=1.
#define MINITEST_SKIP(reason)                                                                                \
    do {                                                                                                     \
        const std::string minitest_reason = (reason);                                                        \
        if (::delineate::test::skipsAreFailures())                                                           \
            throw ::minitest::FailureException{::delineate::test::skipAsFailure(minitest_reason)};           \
        throw ::minitest::SkipException{minitest_reason};                                                    \
    } while (0)

// Skips the case when `path` (a file or folder, e.g. delineate::test::samFixture("vit_t.pth")) is absent.
#define MINITEST_REQUIRE_FILE(path)                                                                          \
    do {                                                                                                     \
        const std::string minitest_required = (path);                                                        \
        if (!::delineate::test::exists(minitest_required))                                                   \
            MINITEST_SKIP(::delineate::test::missingReason(minitest_required));                              \
    } while (0)
