// ui/training: the Retrain dock's progress line during training: iteration, loss, the held-out Dice when it
// was measured, and the rate in iterations per second since training started (hand-computed expectations:
// 30 iterations in 12 s = 2.5 it/s, 3 in 60 s = 0.05 it/s, 250 in 10 s = 25 it/s). With
// DELINEATE_SCREENSHOT_DIR set, saves the shown panel as retrain-progress-rate.png.
#include "support/QtTestMain.h"
#include "training/RetrainPanel.h"

#include <QDir>
#include <QtTest>

#include <cmath>

using namespace delineate::ui;

class TestRetrainPanelProgress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void progressLine_data()
    {
        QTest::addColumn<int>("iteration");
        QTest::addColumn<double>("heldOutDice");
        QTest::addColumn<double>("elapsedSeconds");
        QTest::addColumn<QString>("expected");
        const double nan = std::nan("");
        QTest::newRow("rate") << 30 << nan << 12.0
                              << QStringLiteral("iteration 30/300, loss 0.250, 2.5 it/s");
        QTest::newRow("slow") << 3 << nan << 60.0 << QStringLiteral("iteration 3/300, loss 0.250, 0.05 it/s");
        QTest::newRow("fast") << 250 << nan << 10.0
                              << QStringLiteral("iteration 250/300, loss 0.250, 25 it/s");
        QTest::newRow("held-out") << 30 << 0.83 << 12.0
                                  << QStringLiteral(
                                         "iteration 30/300, loss 0.250, held-out Dice 0.830, 2.5 it/s");
        QTest::newRow("no time yet") << 1 << nan << 0.0 << QStringLiteral("iteration 1/300, loss 0.250");
    }

    void progressLine()
    {
        QFETCH(int, iteration);
        QFETCH(double, heldOutDice);
        QFETCH(double, elapsedSeconds);
        QFETCH(QString, expected);
        RetrainPanel panel;
        panel.setRunning(true);
        panel.showProgress(iteration, 300, 0.25, heldOutDice, elapsedSeconds);
        QCOMPARE(panel.progressText(), expected);
    }

    // Shown in the dock as a window would show it (saved when DELINEATE_SCREENSHOT_DIR is set).
    void shownInThePanel()
    {
        RetrainPanel panel;
        panel.setLabel(QStringLiteral("liver"), 12);
        panel.setRunning(true);
        panel.showProgress(30, 300, 0.25, 0.83, 12.0);
        panel.resize(420, 560);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.progressText().endsWith(QStringLiteral(", 2.5 it/s")));
        const QString dir = qEnvironmentVariable("DELINEATE_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("retrain-progress-rate.png"))));
    }
};

DELINEATE_TEST_MAIN(TestRetrainPanelProgress)
#include "tst_retrain_panel_progress.moc"
