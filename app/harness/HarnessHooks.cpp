#include "HarnessHooks.h"

#include "gui/MainWindow.h"
#include "gui/SeriesPickerDialog.h"
#include "gui/ShortcutsDialog.h"
#include "gui/StudyInfoDialog.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "labeling/ToolSettings.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QApplication>
#include <QDockWidget>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>

#include <cstdio>

namespace delineate::app {
namespace {

void saveScreenshotAndQuit(MainWindow& window, const QString& path, int exitCode)
{
    // Let the viewer lay out and paint first.
    QTimer::singleShot(300, &window, [&window, path, exitCode] {
        QPixmap shot = window.grab();
        for (QWidget* dialog :
             {static_cast<QWidget*>(window.shortcutsDialog()),
              static_cast<QWidget*>(window.studyInfoDialog()), static_cast<QWidget*>(window.seriesPicker()),
              static_cast<QWidget*>(window.errorDialog())})
            if (dialog && dialog->isVisible()) {
                const QPixmap drawn = dialog->grab();
                QPainter painter(&shot);
                painter.drawPixmap((shot.width() - drawn.width()) / 2, (shot.height() - drawn.height()) / 2,
                                   drawn);
            }
        const bool saved = shot.save(path, "PNG");
        if (!saved)
            std::fprintf(stderr, "delineate: could not write %s\n", qPrintable(path));
        QApplication::exit(saved ? exitCode : 3);
    });
}

long long activeLabelCount(const MainWindow& window)
{
    const ui::LabelSession* session = window.labelSession();
    return session->labels() ? static_cast<long long>(session->labels()->count(session->activeLabel())) : 0;
}

void paintTestStroke(MainWindow& window)
{
    window.tools()->setActiveTool("brush");
    ui::SliceView* view = window.viewer()->sliceView();
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    auto send = [view](QEvent::Type type, QPointF at, Qt::MouseButtons buttons) {
        QMouseEvent event(type, at, view->mapToGlobal(at),
                          type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(view, &event);
    };
    send(QEvent::MouseButtonPress, centre - QPointF(30, 0), Qt::LeftButton);
    for (int step = -25; step <= 30; step += 5)
        send(QEvent::MouseMove, centre + QPointF(step, 0), Qt::LeftButton);
    send(QEvent::MouseButtonRelease, centre + QPointF(30, 0), Qt::NoButton);
    std::printf("delineate: test-paint %lld\n", activeLabelCount(window));
    std::fflush(stdout);
}

// --tool: the tool, and the mouse resting on the centre of the slice view.
void hoverWithTool(MainWindow& window, const HarnessOptions& options)
{
    window.tools()->setActiveTool(options.tool.toStdString());
    if (options.brushRadius)
        window.tools()->settings()->setBrushRadiusMm(*options.brushRadius);
    ui::SliceView* view = window.viewer()->sliceView();
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    QMouseEvent event(QEvent::MouseMove, centre, view->mapToGlobal(centre), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QApplication::sendEvent(view, &event);
}

// --sam-point: click once both the study and the model are ready; screenshot when the proposal shows.
void clickWhenReady(MainWindow& window, const HarnessOptions& options)
{
    ui::SliceView* view = window.viewer()->sliceView();
    auto click = [&window, point = *options.samPoint, view] {
        if (!view->volume() || !window.samService()->hasModel())
            return;
        window.samAssistant()->addPoint(view->viewTransform().normalAxis(), view->sliceIndex(), point.x(),
                                        point.y(), true);
    };
    QObject::connect(window.samService(), &ui::SamService::modelLoaded, &window, click);
    QObject::connect(&window, &MainWindow::studyOpened, &window, click, Qt::QueuedConnection);
    if (!options.screenshotPath.isEmpty())
        QObject::connect(
            view, &ui::SliceView::proposalPainted, &window,
            [&window, path = options.screenshotPath] { saveScreenshotAndQuit(window, path, 0); });
}

} // namespace

void installHarnessHooks(MainWindow& window, const HarnessOptions& options, bool opening)
{
    const bool waitForProposal = options.samPoint.has_value();
    if (waitForProposal)
        clickWhenReady(window, options);
    if (options.showShortcuts)
        QTimer::singleShot(0, &window, &MainWindow::showShortcuts);
    QObject::connect(&window, &MainWindow::studyOpened, &window, [&window, options, waitForProposal] {
        if (options.testReport) {
            std::printf("delineate: labels %lld\n", activeLabelCount(window));
            std::fflush(stdout);
        }
        if (options.testPaint)
            QTimer::singleShot(200, &window, [&window] { paintTestStroke(window); });
        if (!options.tool.isEmpty())
            QTimer::singleShot(250, &window, [&window, options] { hoverWithTool(window, options); });
        if (options.showStudyInfo)
            window.showStudyInformation();
        if (auto* dock =
                options.raiseDock.isEmpty() ? nullptr : window.findChild<QDockWidget*>(options.raiseDock)) {
            dock->show();
            dock->raise();
        }
        if (!options.screenshotPath.isEmpty() && !waitForProposal)
            saveScreenshotAndQuit(window, options.screenshotPath, 0);
    });
    if (options.screenshotPath.isEmpty())
        return;
    QObject::connect(&window, &MainWindow::seriesChoiceShown, &window,
                     [&window, path = options.screenshotPath] { saveScreenshotAndQuit(window, path, 0); });
    QObject::connect(&window, &MainWindow::openFailed, &window,
                     [&window, path = options.screenshotPath] { saveScreenshotAndQuit(window, path, 1); });
    if (!opening)
        saveScreenshotAndQuit(window, options.screenshotPath, window.errorDialog() ? 1 : 0);
}

} // namespace delineate::app
