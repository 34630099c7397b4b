#pragma once
// Qt Test with skips CTest can see (SkipPolicy.h): every Qt Test executable of the project ends with
//
//   DELINEATE_TEST_MAIN(TestClass)          // QApplication      (instead of QTEST_MAIN)
//   DELINEATE_TEST_GUILESS_MAIN(TestClass)  // QCoreApplication  (instead of QTEST_GUILESS_MAIN)
//   DELINEATE_TEST_APPLESS_MAIN(TestClass)  // no application    (instead of QTEST_APPLESS_MAIN)
//
// and skips with DELINEATE_SKIP(reason) (never a bare QSKIP, which CTest would count as a pass), or with
// the data and tool checks of TestData.h, which use it. The main is Qt's own (QTEST_MAIN_WRAPPER's
// body, same application set-up) with only the exit code changed: 0 when everything ran and passed,
// kSkippedExitCode when something skipped and nothing failed, 1 on any failure (and on any skip under
// DELINEATE_REQUIRE_DATA=1).

#include "SkipPolicy.h"

#include <QString>
#include <QtTest>

#include <cstdio>

namespace delineate::test {

inline int& skipCount()
{
    static int count = 0;
    return count;
}

// QTest::qExec's result (the number of failed test functions) with the skips recorded by DELINEATE_SKIP.
inline int qtTestExitCode(int failedFunctions)
{
    if (skipCount() > 0 && skipsAreFailures()) {
        std::fprintf(stderr, "FAIL: %d skip(s) above, and DELINEATE_REQUIRE_DATA is set\n", skipCount());
        return 1;
    }
    return exitCode(failedFunctions, skipCount());
}

} // namespace delineate::test

// Skips the current test function (or, in initTestCase, the whole executable; in a _data function, the
// test function) for `reason` (QString or const char*): something the test needs is absent. Under
// DELINEATE_REQUIRE_DATA=1 the skip message says it fails and the executable exits 1 (a QFAIL instead
// would abort Qt Test when it happens in a _data function).
#define DELINEATE_SKIP(reason)                                                                               \
    do {                                                                                                     \
        const QString delineateSkipReason = (reason);                                                        \
        ++::delineate::test::skipCount();                                                                    \
        if (::delineate::test::skipsAreFailures())                                                           \
            QSKIP(::delineate::test::skipAsFailure(delineateSkipReason.toStdString()).c_str());              \
        QSKIP(qPrintable(delineateSkipReason));                                                              \
    } while (false)

#define DELINEATE_TEST_MAIN_WRAPPER(TestObject, ...)                                                         \
    int main(int argc, char* argv[])                                                                         \
    {                                                                                                        \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                                   \
        __VA_ARGS__                                                                                          \
        TestObject tc;                                                                                       \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return ::delineate::test::qtTestExitCode(QTest::qExec(&tc, argc, argv));                             \
    }

#define DELINEATE_TEST_MAIN(TestObject) DELINEATE_TEST_MAIN_WRAPPER(TestObject, QTEST_MAIN_SETUP())
#define DELINEATE_TEST_GUILESS_MAIN(TestObject)                                                              \
    DELINEATE_TEST_MAIN_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
#define DELINEATE_TEST_APPLESS_MAIN(TestObject) DELINEATE_TEST_MAIN_WRAPPER(TestObject)
