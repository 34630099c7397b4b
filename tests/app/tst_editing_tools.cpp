// The editing tools through the slice view, driven by mouse events (offscreen): brush, eraser (the
// brush with the erase flag), polygon fill and erase, locked labels, middle-button panning, the
// navigate tool, and undo/redo through the label session.

#include "labeling/LabelSession.h"
#include "labeling/LabelsPanel.h"
#include "labeling/ToolController.h"
#include "labeling/ToolSettings.h"
#include "support/QtTestMain.h"
#include "tools/NavigateTool.h"
#include "tools/PaintTool.h"
#include "tools/PolygonTool.h"
#include "viewer/SliceView.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <fstream>
#include <memory>

using namespace delineate;

namespace {

std::shared_ptr<image::Volume> makeVolume()
{
    image::Geometry g;
    g.size = {60, 50, 8};
    g.spacing = {1.0, 1.0, 2.0};
    auto volume = std::make_shared<image::Volume>(image::Volume::create(g).value());
    std::fill(volume->data(), volume->data() + volume->elementCount(), 100.0f);
    volume->modality = "MR";
    return volume;
}

void send(QWidget& widget, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons,
          Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent event(type, at, widget.mapToGlobal(at), button, buttons, modifiers);
    QApplication::sendEvent(&widget, &event);
}

// A press, moves through `path` and a release with `button`.
void stroke(QWidget& widget, const QList<QPointF>& path, Qt::MouseButton button = Qt::LeftButton,
            Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    send(widget, QEvent::MouseButtonPress, path.first(), button, button, modifiers);
    for (const QPointF& p : path.mid(1))
        send(widget, QEvent::MouseMove, p, Qt::NoButton, button, modifiers);
    send(widget, QEvent::MouseButtonRelease, path.last(), button, Qt::NoButton, modifiers);
}

} // namespace

class TestEditingTools : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void brushPaintsDiscAndUndoes();
    void eraserClearsActiveLabelOnly();
    void polygonFillsAndErases_data();
    void polygonFillsAndErases();
    void lockedLabelIsProtected();
    void navigateAndMiddleButtonPan();
    void labelsPanelEditsTheTable();

private:
    // Screen position of the centre of slice pixel (x, y).
    QPointF screenOf(double x, double y) const;
    [[nodiscard]] std::int64_t count(image::LabelMap::Value value) const
    {
        return m_session->labels()->count(value);
    }

    std::unique_ptr<ui::SliceView> m_view;
    std::unique_ptr<ui::LabelSession> m_session;
    std::unique_ptr<ui::ToolController> m_tools;
};

void TestEditingTools::init()
{
    m_view = std::make_unique<ui::SliceView>();
    m_view->resize(400, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    const auto volume = makeVolume();
    m_view->setVolume(volume);
    m_session = std::make_unique<ui::LabelSession>();
    m_session->reset(image::LabelMap::createFor(*volume).value(), {});
    QVERIFY(m_view->setLabels(m_session->labels()));
    m_tools = std::make_unique<ui::ToolController>(m_view.get(), m_session.get(), nullptr);
    connect(m_view.get(), &ui::SliceView::labelsEdited, m_session.get(), &ui::LabelSession::notifyEdited);
}

void TestEditingTools::cleanup()
{
    m_tools.reset();
    m_view.reset();
    m_session.reset();
}

QPointF TestEditingTools::screenOf(double x, double y) const
{
    const ui::ScreenPoint p = m_view->viewTransform().slicePixelToScreen(x, y);
    return {p.x - 0.5, p.y - 0.5}; // mouse positions name the pixel whose centre is half a pixel on
}

void TestEditingTools::brushPaintsDiscAndUndoes()
{
    m_tools->setActiveTool(ui::PaintTool::kBrushId);
    m_tools->settings()->setBrushRadiusMm(3.0);
    QSignalSpy edited(m_view.get(), &ui::SliceView::labelsEdited);
    stroke(*m_view, {screenOf(20, 20), screenOf(25, 20), screenOf(30, 20)});
    QCOMPARE(edited.count(), 1);
    const auto& labels = *m_session->labels();
    const std::int64_t slice = m_view->sliceIndex();
    QCOMPARE(labels.at(20, 20, slice), image::LabelMap::Value(1));
    QCOMPARE(labels.at(30, 23, slice), image::LabelMap::Value(1));
    QCOMPARE(labels.at(30, 24, slice), image::LabelMap::Value(0));     // outside the 3 mm radius
    QCOMPARE(labels.at(25, 20, slice + 1), image::LabelMap::Value(0)); // 2D disc: one slice only
    const std::int64_t painted = count(1);
    QVERIFY(painted > 50);
    QCOMPARE(QString::fromStdString(m_session->history()->undoName()), QStringLiteral("Brush"));
    m_session->undo();
    QCOMPARE(count(1), 0);
    m_session->redo();
    QCOMPARE(count(1), painted);

    m_tools->settings()->setSphere(true); // 3D: a ball reaches the neighbouring slices (2 mm away)
    stroke(*m_view, {screenOf(40, 40)});
    QCOMPARE(labels.at(40, 40, slice + 1), image::LabelMap::Value(1));
}

void TestEditingTools::eraserClearsActiveLabelOnly()
{
    m_tools->setActiveTool(ui::PaintTool::kBrushId);
    stroke(*m_view, {screenOf(20, 20), screenOf(35, 20)});
    const auto second = m_session->addLabel(QStringLiteral("Second"));
    stroke(*m_view, {screenOf(20, 30), screenOf(35, 30)});
    const std::int64_t firstBefore = count(1);
    const std::int64_t secondBefore = count(second);
    QVERIFY(secondBefore > 0);
    m_tools->setActiveTool(ui::PaintTool::kEraserId);
    stroke(*m_view, {screenOf(20, 30), screenOf(35, 30), screenOf(35, 20), screenOf(20, 20)});
    QCOMPARE(count(second), 0);
    QCOMPARE(count(1), firstBefore); // the eraser clears the active label only
    QCOMPARE(QString::fromStdString(m_session->history()->undoName()), QStringLiteral("Erase"));
}

void TestEditingTools::polygonFillsAndErases_data()
{
    QTest::addColumn<bool>("rightButton");
    QTest::addColumn<bool>("alt");
    QTest::newRow("right button erases") << true << false;
    QTest::newRow("alt erases") << false << true;
}

void TestEditingTools::polygonFillsAndErases()
{
    QFETCH(bool, rightButton);
    QFETCH(bool, alt);
    m_tools->setActiveTool(ui::PolygonTool::kFillId);
    const QList<QPointF> square = {screenOf(10, 10), screenOf(30, 10), screenOf(30, 30), screenOf(10, 30)};
    stroke(*m_view, square);
    const std::int64_t filled = count(1);
    QVERIFY2(filled >= 19 * 19 && filled <= 21 * 21, qPrintable(QString::number(filled)));
    QCOMPARE(m_session->labels()->at(20, 20, m_view->sliceIndex()), image::LabelMap::Value(1));
    const QList<QPointF> inner = {screenOf(15, 15), screenOf(25, 15), screenOf(25, 25), screenOf(15, 25)};
    stroke(*m_view, inner, rightButton ? Qt::RightButton : Qt::LeftButton,
           alt ? Qt::AltModifier : Qt::NoModifier);
    QCOMPARE(m_session->labels()->at(20, 20, m_view->sliceIndex()), image::LabelMap::Value(0));
    QVERIFY(count(1) < filled);
    QVERIFY(count(1) > 0);
}

void TestEditingTools::lockedLabelIsProtected()
{
    m_tools->setActiveTool(ui::PaintTool::kBrushId);
    stroke(*m_view, {screenOf(20, 20)});
    const std::int64_t first = count(1);
    QVERIFY(m_session->setLabelLocked(1, true));
    const auto second = m_session->addLabel();
    m_tools->settings()->setOverwriteOtherLabels(true);
    stroke(*m_view, {screenOf(20, 20)});
    QCOMPARE(count(1), first); // locked: not painted over even with overwrite on
    QCOMPARE(count(second), 0);
}

void TestEditingTools::navigateAndMiddleButtonPan()
{
    m_tools->setActiveTool(ui::NavigateTool::kId);
    QSignalSpy viewChanged(m_view.get(), &ui::SliceView::viewChanged);
    QSignalSpy edited(m_view.get(), &ui::SliceView::labelsEdited);
    stroke(*m_view, {QPointF(200, 200), QPointF(220, 210)});
    QVERIFY(viewChanged.count() > 0); // left button pans with the navigate tool
    m_tools->setActiveTool(ui::PaintTool::kBrushId);
    viewChanged.clear();
    stroke(*m_view, {QPointF(200, 200), QPointF(230, 200)}, Qt::MiddleButton);
    QVERIFY(viewChanged.count() > 0); // the middle button always pans
    QCOMPARE(edited.count(), 0);
    QCOMPARE(count(1), 0);
}

void TestEditingTools::labelsPanelEditsTheTable()
{
    ui::LabelsPanel panel(m_session.get());
    QTreeWidget* tree = panel.tree();
    QCOMPARE(tree->topLevelItemCount(), 1);
    panel.addLabel();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(m_session->activeLabel(), image::LabelMap::Value(2));
    QCOMPARE(tree->currentItem(), tree->topLevelItem(1));
    tree->setCurrentItem(tree->topLevelItem(0)); // choosing a row makes it the active label
    QCOMPARE(m_session->activeLabel(), image::LabelMap::Value(1));
    tree->topLevelItem(0)->setText(ui::LabelsPanel::NameColumn, QStringLiteral("Liver"));
    QCOMPARE(m_session->table().find(1)->name, std::string("Liver"));
    tree->topLevelItem(0)->setCheckState(ui::LabelsPanel::LockedColumn, Qt::Checked);
    QVERIFY(m_session->table().find(1)->locked);
    tree->topLevelItem(0)->setCheckState(ui::LabelsPanel::VisibleColumn, Qt::Unchecked);
    QVERIFY(!m_session->palette().isVisible(1));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("labels.txt"));
    std::ofstream(path.toStdString()) << "# ITK-SNAP Label Description File\n"
                                         "    0     0    0    0        0  0  0    \"Clear Label\"\n"
                                         "    3   255    0    0        1  1  1    \"Kidney\"\n"
                                         "    7     0  255    0      0.5  1  1    \"Spleen\"\n";
    QVERIFY(m_session->importColourTable(path).ok());
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(tree->topLevelItem(1)->text(ui::LabelsPanel::NameColumn), QStringLiteral("Spleen"));
    QCOMPARE(m_session->activeLabel(), image::LabelMap::Value(3));

    // And back out: the exported description file imports to the same table.
    m_session->recolourLabel(7, {10, 20, 30});
    const QString exported = dir.filePath(QStringLiteral("exported.txt"));
    QVERIFY(m_session->exportItkSnap(exported).ok());
    const labels::LabelTable before = m_session->table();
    QVERIFY(m_session->importColourTable(exported).ok());
    QCOMPARE(m_session->table().entries().size(), before.entries().size());
    for (std::size_t n = 0; n < before.entries().size(); ++n) {
        QCOMPARE(m_session->table().entries()[n].name, before.entries()[n].name);
        QCOMPARE(m_session->table().entries()[n].value, before.entries()[n].value);
        QCOMPARE(m_session->table().entries()[n].colour.red, before.entries()[n].colour.red);
        QCOMPARE(m_session->table().entries()[n].colour.blue, before.entries()[n].colour.blue);
    }
    QCOMPARE(m_session->table().find(7)->colour.green, std::uint8_t(20));
    QVERIFY(!m_session->exportItkSnap(dir.filePath(QStringLiteral("no/such/folder/x.txt"))).ok());
}

DELINEATE_TEST_MAIN(TestEditingTools)
#include "tst_editing_tools.moc"
