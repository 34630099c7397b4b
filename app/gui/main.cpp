// delineate [PATH]: the desktop application. Parses the command line (StartupOptions), shows the main
// window and opens a study or project folder. Test and screenshot hooks are not in this program: they
// live in the test harness (app/harness). --help and --version print without opening a display.

#include "gui/MainWindow.h"
#include "gui/StartupOptions.h"
#include "resources/ApplicationIdentity.h"
#include "startup/AllocatorTuning.h"
#include "translations/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

int main(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse(); // first, before any thread starts (see AllocatorTuning.h)
    if (delineate::app::StartupOptions::printsOnly(argc, argv)) {
        // --help / --version: no window, so no display connection either (works over ssh, in scripts).
        QCoreApplication application(argc, argv);
        delineate::translations::install(application, QLocale());
        QCoreApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));
        QCommandLineParser parser;
        delineate::app::StartupOptions::parse(parser, QCoreApplication::arguments()); // prints and exits
        return 0;
    }
    QApplication application(argc, argv);
    delineate::resources::applyApplicationIdentity(application);
    delineate::translations::install(application, QLocale()); // the user's language (LANG / LANGUAGE)
    QApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));

    QCommandLineParser parser;
    const auto options = delineate::app::StartupOptions::parse(parser, QApplication::arguments());
    delineate::app::MainWindow window;
    delineate::app::startWindow(window, options);
    return QApplication::exec();
}
