// A Qt Test executable for tst_skip_reporting: one passing function, and by PROBE_MODE_* a function that
// skips for absent data (DELINEATE_REQUIRE_SHARED_DATA), one whose _data function does, and one that fails.
#include "support/TestData.h"

#include <QtTest>

class ProbeQtTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void passes() { QCOMPARE(1 + 1, 2); }
#if defined(PROBE_MODE_skip) || defined(PROBE_MODE_skip_and_fail)
    void skipsWithoutData()
    {
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("probe-folder"));
        QFAIL("not reached: the shared data folder of the probe does not exist");
    }
    void skipsInDataFunction_data()
    {
        QTest::addColumn<int>("row");
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("probe-table.psv"));
        QTest::newRow("not reached") << 1;
    }
    void skipsInDataFunction()
    {
        QFETCH(int, row);
        QCOMPARE(row, 2); // not reached
    }
#endif
#if defined(PROBE_MODE_skip_and_fail)
    void fails()
    {
        QCOMPARE(1 + 1, 3);
    }
#endif
};

DELINEATE_TEST_APPLESS_MAIN(ProbeQtTest)
#include "ProbeQtTest.moc"
