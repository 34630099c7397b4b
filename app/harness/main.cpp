// delineate-harness [PATH] [release options] [--screenshot FILE] [--sam-point X,Y] [--show-shortcuts]
// [--show-study-info] [--test-paint] [--test-report] [--tool ID] [--brush-radius MM]: the application as
// the release program starts it (StartupOptions, startWindow), plus the hooks that tests and
// docs/screenshots drive (HarnessHooks.h).

#include "HarnessHooks.h"
#include "gui/MainWindow.h"
#include "gui/StartupOptions.h"
#include "resources/ApplicationIdentity.h"
#include "translations/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QRegularExpression>

int main(int argc, char** argv)
{
    using namespace delineate::app;
    QApplication application(argc, argv);
    delineate::resources::applyApplicationIdentity(application);
    delineate::translations::install(application, QLocale());
    QApplication::setApplicationVersion(QStringLiteral(DELINEATE_VERSION));

    QCommandLineParser parser;
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once the study is shown, then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption samPoint(
        QStringLiteral("sam-point"),
        QStringLiteral("Click a positive SAM point at slice pixel X,Y once the model is "
                       "loaded (with --screenshot: shot once the proposal is shown)."),
        QStringLiteral("X,Y"));
    const QCommandLineOption showShortcuts(
        QStringLiteral("show-shortcuts"),
        QStringLiteral("Open the list of keyboard shortcuts (F1) on start."));
    const QCommandLineOption showStudyInfo(
        QStringLiteral("show-study-info"),
        QStringLiteral("Open File > Study Information once the study is shown."));
    const QCommandLineOption testPaint(QStringLiteral("test-paint"),
                                       QStringLiteral("Paint a brush stroke, print the count."));
    const QCommandLineOption testReport(QStringLiteral("test-report"),
                                        QStringLiteral("Print the label count."));
    const QCommandLineOption tool(QStringLiteral("tool"),
                                  QStringLiteral("Make tool ID active and hover over the view's centre."),
                                  QStringLiteral("ID"));
    const QCommandLineOption brushRadius(QStringLiteral("brush-radius"), QStringLiteral("Brush radius."),
                                         QStringLiteral("MM"));
    const QCommandLineOption raiseDock(
        QStringLiteral("raise-dock"),
        QStringLiteral("Bring the dock widget of this object name to the front (e.g. retrainDock)."),
        QStringLiteral("NAME"));
    parser.addOptions({screenshot, samPoint, showShortcuts, showStudyInfo, testPaint, testReport, tool,
                       brushRadius, raiseDock});
    const StartupOptions options = StartupOptions::parse(parser, QApplication::arguments());

    HarnessOptions hooks;
    hooks.screenshotPath = parser.value(screenshot);
    hooks.showShortcuts = parser.isSet(showShortcuts);
    hooks.showStudyInfo = parser.isSet(showStudyInfo);
    hooks.raiseDock = parser.value(raiseDock);
    hooks.testPaint = parser.isSet(testPaint);
    hooks.testReport = parser.isSet(testReport);
    hooks.tool = parser.value(tool);
    if (parser.isSet(brushRadius))
        hooks.brushRadius = parser.value(brushRadius).toDouble();
    if (parser.isSet(samPoint)) {
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^(\\d+(?:\\.\\d*)?),(\\d+(?:\\.\\d*)?)$"))
                .match(parser.value(samPoint));
        if (!match.hasMatch())
            StartupOptions::fail(parser, QStringLiteral("--sam-point needs X,Y, e.g. 90,110."));
        hooks.samPoint = QPointF(match.captured(1).toDouble(), match.captured(2).toDouble());
    }

    MainWindow window;
    const bool opening = startWindow(window, options);
    installHarnessHooks(window, hooks, opening);
    return QApplication::exec();
}
