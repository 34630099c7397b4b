// delineate [PATH]: the desktop application. Parses the command line, shows the main window, opens a
// study or project folder, and for --screenshot grabs the window once the study (and with --sam-point
// the SAM proposal) is on screen.

#include "base/AllocatorTuning.h"
#include "gui/CommandLine.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/SeriesPickerDialog.h"
#include "gui/ShortcutsDialog.h"
#include "gui/StudyInfoDialog.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "project/ProjectStore.h"
#include "resources/ApplicationIdentity.h"
#include "translations/Translations.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QApplication>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>

#include <cstdio>

namespace {

void saveScreenshotAndQuit(delineate::app::MainWindow& window, const QString& path, int exitCode)
{
    // Let the viewer lay out and paint first.
    QTimer::singleShot(300, &window, [&window, path, exitCode] {
        QPixmap shot = window.grab();
        // The keyboard shortcuts (--show-shortcuts), the study information (--show-study-info) and the
        // series picker are windows of their own: drawn centred on the shot.
        for (QWidget* dialog : {static_cast<QWidget*>(window.shortcutsDialog()),
                                static_cast<QWidget*>(window.studyInfoDialog()),
                                static_cast<QWidget*>(window.seriesPicker())})
            if (dialog && dialog->isVisible()) {
                const QPixmap list = dialog->grab();
                QPainter painter(&shot);
                painter.drawPixmap((shot.width() - list.width()) / 2, (shot.height() - list.height()) / 2, list);
            }
        const bool saved = shot.save(path, "PNG");
        if (!saved)
            std::fprintf(stderr, "delineate: could not write %s\n", qPrintable(path));
        QApplication::exit(saved ? exitCode : 3);
    });
}

// --sam-point: click once both the study and the model are ready; screenshot when the proposal shows.
void clickWhenReady(delineate::app::MainWindow& window, const delineate::app::CommandLine& options)
{
    using namespace delineate;
    ui::SliceView* view = window.viewer()->sliceView();
    auto click = [&window, &options, view] {
        if (!view->volume() || !window.samService()->hasModel())
            return;
        window.samAssistant()->addPoint(view->viewTransform().normalAxis(), view->sliceIndex(),
                                        options.samPoint->x(), options.samPoint->y(), true);
    };
    QObject::connect(window.samService(), &ui::SamService::modelLoaded, &window, click);
    QObject::connect(&window, &app::MainWindow::studyOpened, &window, click, Qt::QueuedConnection);
    if (!options.screenshotPath.isEmpty())
        QObject::connect(view, &ui::SliceView::proposalPainted, &window,
                         [&window, &options] { saveScreenshotAndQuit(window, options.screenshotPath, 0); });
}

// Voxels of the active label (--test-paint / --test-report).
long long activeLabelCount(const delineate::app::MainWindow& window)
{
    const delineate::ui::LabelSession* session = window.labelSession();
    return session->labels() ? static_cast<long long>(session->labels()->count(session->activeLabel())) : 0;
}

// --test-paint: one brush stroke across the centre of the slice view, through the tool's mouse path.
void paintTestStroke(delineate::app::MainWindow& window)
{
    using namespace delineate;
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

} // namespace

int main(int argc, char** argv)
{
    delineate::restartWithHugePages(argv); // first: may re-execute the program (see AllocatorTuning.h)
    delineate::keepFreedMemoryForReuse();
    QApplication application(argc, argv);
    delineate::resources::applyApplicationIdentity(application);
    delineate::translations::install(application, QLocale()); // the user's language (LANG / LANGUAGE)
    QApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));

    const delineate::app::CommandLine options = delineate::app::CommandLine::parse(QApplication::arguments());

    delineate::app::MainWindow window;
    if (options.windowSize)
        window.resize(*options.windowSize);
    window.show();
    if (!options.modelPath.isEmpty())
        window.models()->load(options.modelPath);
    if (options.threeViews)
        window.viewer()->setThreeViews(true);
    if (options.showShortcuts)
        QTimer::singleShot(0, &window, &delineate::app::MainWindow::showShortcuts);
    const bool waitForProposal = options.samPoint.has_value();
    if (waitForProposal)
        clickWhenReady(window, options);

    QObject::connect(&window, &delineate::app::MainWindow::studyOpened, &window, [&] {
        delineate::ui::SliceView* view = window.viewer()->sliceView();
        if (options.plane)
            view->setPlane(*options.plane);
        if (options.slice)
            view->setSliceIndex(*options.slice - 1);
        if (options.testReport) {
            std::printf("delineate: labels %lld\n", activeLabelCount(window));
            std::fflush(stdout);
        }
        if (options.testPaint)
            QTimer::singleShot(200, &window, [&window] { paintTestStroke(window); });
        if (options.showStudyInfo)
            window.showStudyInformation();
        if (!options.screenshotPath.isEmpty() && !waitForProposal)
            saveScreenshotAndQuit(window, options.screenshotPath, 0);
    });
    QObject::connect(&window, &delineate::app::MainWindow::seriesChoiceShown, &window, [&] {
        if (!options.screenshotPath.isEmpty())
            saveScreenshotAndQuit(window, options.screenshotPath, 0);
    });
    QObject::connect(&window, &delineate::app::MainWindow::openFailed, &window, [&] {
        if (!options.screenshotPath.isEmpty())
            saveScreenshotAndQuit(window, options.screenshotPath, 1);
    });

    if (delineate::project::ProjectStore::isProjectFolder(options.studyPath.toStdString()))
        window.openProject(options.studyPath);
    else if (!options.studyPath.isEmpty())
        window.openStudy(options.studyPath, options.labelsPath);
    else if (!options.screenshotPath.isEmpty())
        saveScreenshotAndQuit(window, options.screenshotPath, 0);
    return QApplication::exec();
}
