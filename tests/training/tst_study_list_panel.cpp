// The Studies dock's Confidence column (ui/training StudyListPanel): SAM's mean predicted IoU is shown as
// a confidence in [0, 1] -- clamped, the raw mean in the tooltip and in kRawConfidenceRole -- and
// sorting still orders by it (ties of the shown value by the raw mean; unknown last). The raw figures
// are the test's own, chosen by hand: -0.684 (what a random-weight model gave), 1.25 (above 1), two
// inside [0, 1] and one unknown; the expected texts are those numbers clamped and printed by hand.
#include "support/QtTestMain.h"
#include "training/StudyListPanel.h"

#include <QTreeWidget>
#include <QtTest>

#include <cmath>

using delineate::ui::StudyListPanel;
using delineate::ui::StudyRow;

namespace {

StudyRow row(const char* name, double confidence)
{
    StudyRow r;
    r.name = QString::fromLatin1(name);
    r.path = QStringLiteral("/data/%1.nii.gz").arg(r.name);
    r.confidence = confidence;
    return r;
}

// Texts of a column, top to bottom as shown.
QStringList column(const StudyListPanel& panel, int c)
{
    QStringList texts;
    for (int i = 0; i < panel.list()->topLevelItemCount(); ++i)
        texts << panel.list()->topLevelItem(i)->text(c);
    return texts;
}

} // namespace

class TestStudyListPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void confidenceIsClampedWithTheRawValueInTheTooltip();
    void sortingKeepsWorking();
};

void TestStudyListPanel::confidenceIsClampedWithTheRawValueInTheTooltip()
{
    StudyListPanel panel;
    panel.setStudies(
        {row("a", -0.684), row("b", 0.25), row("c", 1.25), row("d", std::nan("")), row("e", -0.1)});
    QCOMPARE(column(panel, StudyListPanel::ConfidenceColumn),
             (QStringList{QStringLiteral("0.000"), QStringLiteral("0.250"), QStringLiteral("1.000"),
                          QStringLiteral("\u2013"), QStringLiteral("0.000")}));
    const QTreeWidgetItem* negative = panel.list()->topLevelItem(0);
    QVERIFY2(negative->toolTip(StudyListPanel::ConfidenceColumn).contains(QStringLiteral("-0.684")),
             qPrintable(negative->toolTip(StudyListPanel::ConfidenceColumn)));
    QCOMPARE(negative->data(StudyListPanel::ConfidenceColumn, StudyListPanel::kRawConfidenceRole).toDouble(),
             -0.684);
    QVERIFY(panel.list()
                ->topLevelItem(2)
                ->toolTip(StudyListPanel::ConfidenceColumn)
                .contains(QStringLiteral("1.250")));
    QVERIFY(!panel.list()
                 ->topLevelItem(3)
                 ->data(StudyListPanel::ConfidenceColumn, StudyListPanel::kRawConfidenceRole)
                 .isValid());
    // The header says what the figure is.
    QVERIFY(panel.list()
                ->headerItem()
                ->toolTip(StudyListPanel::ConfidenceColumn)
                .contains(QStringLiteral("clamped")));
    QCOMPARE(StudyListPanel::shownConfidence(-0.684), 0.0);
    QCOMPARE(StudyListPanel::shownConfidence(0.5), 0.5);
    QCOMPARE(StudyListPanel::shownConfidence(3.0), 1.0);
    QVERIFY(std::isnan(StudyListPanel::shownConfidence(std::nan(""))));
}

void TestStudyListPanel::sortingKeepsWorking()
{
    StudyListPanel panel;
    panel.setStudies(
        {row("a", -0.684), row("b", 0.25), row("c", 1.25), row("d", std::nan("")), row("e", -0.1)});
    panel.sortByConfidence(); // least confident first: a (-0.684) before e (-0.1), both shown 0.000
    QCOMPARE(column(panel, StudyListPanel::NameColumn),
             (QStringList{QStringLiteral("a"), QStringLiteral("e"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d")}));
    QCOMPARE(panel.projectIndexAt(0), 0);
    QCOMPARE(panel.projectIndexAt(1), 4);
    panel.list()->sortByColumn(StudyListPanel::ConfidenceColumn, Qt::DescendingOrder);
    QCOMPARE(column(panel, StudyListPanel::NameColumn),
             (QStringList{QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("e"),
                          QStringLiteral("a")}));
    // New figures keep the chosen order.
    panel.sortByConfidence();
    panel.setStudies({row("a", 0.9), row("b", -0.3)});
    QCOMPARE(column(panel, StudyListPanel::NameColumn),
             (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
}

DELINEATE_TEST_MAIN(TestStudyListPanel)
#include "tst_study_list_panel.moc"
