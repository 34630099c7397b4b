// delineate [PATH]: the desktop application. Parses the command line (StartupOptions), shows the main
// window and opens a study or project folder. Test and screenshot hooks are not in this program: they
// live in the test harness (app/harness).

#include "base/AllocatorTuning.h"
#include "gui/MainWindow.h"
#include "gui/StartupOptions.h"
#include "resources/ApplicationIdentity.h"
#include "translations/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

int main(int argc, char** argv)
{
    delineate::restartWithHugePages(argv); // first: may re-execute the program (see AllocatorTuning.h)
    delineate::keepFreedMemoryForReuse();
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
