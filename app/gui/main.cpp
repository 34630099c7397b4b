// delineate [PATH]: the desktop application. Parses the command line, shows the main window, opens a
// study or project folder, and for --screenshot grabs the window once the study (and with --sam-point
// the SAM proposal) is on screen.

#include "base/AllocatorTuning.h"
#include "gui/CommandLine.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "inference/SamService.h"
#include "labeling/SamAssistant.h"
#include "project/ProjectStore.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QApplication>
#include <QTimer>

namespace {

void saveScreenshotAndQuit(delineate::app::MainWindow& window, const QString& path, int exitCode)
{
    // Let the viewer lay out and paint first.
    QTimer::singleShot(300, &window, [&window, path, exitCode] {
        const bool saved = window.grab().save(path, "PNG");
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

} // namespace

int main(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse();
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Delineate"));
    QApplication::setApplicationName(QStringLiteral("Delineate"));
    QApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));

    const delineate::app::CommandLine options = delineate::app::CommandLine::parse(QApplication::arguments());

    delineate::app::MainWindow window;
    if (options.windowSize)
        window.resize(*options.windowSize);
    window.show();
    if (!options.modelPath.isEmpty())
        window.models()->load(options.modelPath);
    const bool waitForProposal = options.samPoint.has_value();
    if (waitForProposal)
        clickWhenReady(window, options);

    QObject::connect(&window, &delineate::app::MainWindow::studyOpened, &window, [&] {
        delineate::ui::SliceView* view = window.viewer()->sliceView();
        if (options.plane)
            view->setPlane(*options.plane);
        if (options.slice)
            view->setSliceIndex(*options.slice - 1);
        if (!options.screenshotPath.isEmpty() && !waitForProposal)
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
