// ui/training: the Retrain dock's learning curve. Points go in, Export CSV follows them, and a figure
// that was not measured (NaN) draws nothing: with the point prompt unmeasured, no pixel of its colour.
#include "support/QtTestMain.h"
#include "training/LearningCurveView.h"
#include "training/RetrainPanel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace delineate::ui;

namespace {

CurvePoint point(int slices, double promptFree, double box)
{
    CurvePoint p;
    p.version = QStringLiteral("v%1").arg(slices);
    p.reviewedSlices = slices;
    p.dice[0] = promptFree;
    p.dice[1] = box;
    p.dice[2] = std::nan("");
    p.baseDice[0] = 0.2;
    p.baseDice[1] = 0.4;
    p.baseDice[2] = std::nan("");
    return p;
}

int pixelsOf(const QImage& image, QColor colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y) == colour ? 1 : 0;
    return n;
}

} // namespace

class TestLearningCurveView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exportFollowsThePoints()
    {
        RetrainPanel panel;
        QVERIFY(!panel.exportCurveButton()->isEnabled());
        panel.setLearningCurve({point(3, 0.3, 0.5), point(5, 0.4, 0.6)});
        QVERIFY(panel.exportCurveButton()->isEnabled());
        QCOMPARE(panel.learningCurve()->points().size(), std::size_t(2));
        QSignalSpy spy(&panel, &RetrainPanel::exportCurveRequested);
        panel.exportCurveButton()->click();
        QCOMPARE(spy.count(), 1);
        panel.setLearningCurve({});
        QVERIFY(!panel.exportCurveButton()->isEnabled());
    }

    void unmeasuredFiguresDrawNothing()
    {
        LearningCurveView view;
        view.resize(400, 240);
        view.setPoints({point(3, 0.3, 0.5), point(5, 0.4, 0.6), point(8, 0.5, 0.7)});
        const QImage image = view.grab().toImage();
        QVERIFY(pixelsOf(image, QColor(230, 25, 75)) > 20); // prompt-free
        QVERIFY(pixelsOf(image, QColor(0, 130, 200)) > 20); // box
        QCOMPARE(pixelsOf(image, QColor(60, 180, 75)), 0);  // point: NaN everywhere
    }
};

DELINEATE_TEST_MAIN(TestLearningCurveView)
#include "tst_learning_curve_view.moc"
