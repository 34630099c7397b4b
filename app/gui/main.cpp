// delineate [PATH]: the desktop application. Parses the command line, shows the main window, and for
// --screenshot grabs the window once the study is on screen.

#include "gui/CommandLine.h"
#include "gui/MainWindow.h"
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

} // namespace

int main(int argc, char** argv)
{
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Delineate"));
    QApplication::setApplicationName(QStringLiteral("Delineate"));
    QApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));

    const delineate::app::CommandLine options = delineate::app::CommandLine::parse(QApplication::arguments());

    delineate::app::MainWindow window;
    if (options.windowSize)
        window.resize(*options.windowSize);
    window.show();

    QObject::connect(&window, &delineate::app::MainWindow::studyOpened, &window, [&] {
        delineate::ui::SliceView* view = window.viewer()->sliceView();
        if (options.plane)
            view->setPlane(*options.plane);
        if (options.slice)
            view->setSliceIndex(*options.slice - 1);
        if (!options.screenshotPath.isEmpty())
            saveScreenshotAndQuit(window, options.screenshotPath, 0);
    });
    QObject::connect(&window, &delineate::app::MainWindow::openFailed, &window, [&] {
        if (!options.screenshotPath.isEmpty())
            saveScreenshotAndQuit(window, options.screenshotPath, 1);
    });

    if (!options.studyPath.isEmpty())
        window.openStudy(options.studyPath, options.labelsPath);
    else if (!options.screenshotPath.isEmpty())
        saveScreenshotAndQuit(window, options.screenshotPath, 0);
    return QApplication::exec();
}
