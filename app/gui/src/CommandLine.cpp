#include "gui/CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

namespace delineate::app {
namespace {

[[noreturn]] void fail(QCommandLineParser& parser, const QString& message)
{
    std::fprintf(stderr, "%s\n\n%s", qPrintable(message), qPrintable(parser.helpText()));
    std::exit(2);
}

} // namespace

CommandLine CommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("CommandLine", "Delineate: build segmentation datasets with SAM."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QCoreApplication::translate("CommandLine", "Image file or DICOM folder to open."),
        QStringLiteral("[PATH]"));
    const QCommandLineOption labels(
        QStringLiteral("labels"),
        QCoreApplication::translate("CommandLine", "Label map to overlay on the study."),
        QStringLiteral("FILE"));
    const QCommandLineOption plane(
        QStringLiteral("plane"),
        QCoreApplication::translate("CommandLine", "Start plane: axial, coronal or sagittal."),
        QStringLiteral("PLANE"));
    const QCommandLineOption slice(QStringLiteral("slice"),
                                   QCoreApplication::translate("CommandLine", "Start slice (1-based)."),
                                   QStringLiteral("N"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("CommandLine",
                                    "Save a PNG of the window once the study is shown, then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QCoreApplication::translate("CommandLine", "Window size, e.g. 1280x860."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QCoreApplication::translate("CommandLine",
                                    "SAM checkpoint to load (remembered like Model > Choose Checkpoint)."),
        QStringLiteral("FILE"));
    const QCommandLineOption samPoint(
        QStringLiteral("sam-point"),
        QCoreApplication::translate("CommandLine",
                                    "Click a positive SAM point at slice pixel X,Y once the model is loaded "
                                    "(with --screenshot: shot once the proposal is shown)."),
        QStringLiteral("X,Y"));
    const QCommandLineOption showShortcuts(
        QStringLiteral("show-shortcuts"),
        QCoreApplication::translate("CommandLine", "Open the list of keyboard shortcuts (F1) on start."));
    const QCommandLineOption threeViews(
        QStringLiteral("three-views"),
        QCoreApplication::translate("CommandLine", "Show three views (View > Three Views) from the start."));
    const QCommandLineOption showStudyInfo(
        QStringLiteral("show-study-info"),
        QCoreApplication::translate("CommandLine", "Open File > Study Information once the study is shown."));
    QCommandLineOption testPaint(QStringLiteral("test-paint"), QStringLiteral("Tests: paint a stroke."));
    QCommandLineOption testReport(QStringLiteral("test-report"),
                                  QStringLiteral("Tests: print the label count."));
    testPaint.setFlags(QCommandLineOption::HiddenFromHelp);
    testReport.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions(
        {labels, plane, slice, screenshot, size, model, samPoint, showShortcuts, threeViews, showStudyInfo, testPaint, testReport});
    parser.process(arguments);

    CommandLine result;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        fail(parser, QCoreApplication::translate("CommandLine", "Give at most one study to open."));
    if (!positional.isEmpty())
        result.studyPath = positional.first();
    result.labelsPath = parser.value(labels);
    if (!result.labelsPath.isEmpty() && result.studyPath.isEmpty())
        fail(parser, QCoreApplication::translate("CommandLine", "--labels needs a study to go with."));
    if (parser.isSet(plane)) {
        result.plane = ui::viewPlaneFromId(parser.value(plane).toLower().toStdString());
        if (!result.plane)
            fail(parser,
                 QCoreApplication::translate("CommandLine", "Unknown plane “%1”.").arg(parser.value(plane)));
    }
    if (parser.isSet(slice)) {
        bool ok = false;
        result.slice = parser.value(slice).toLongLong(&ok);
        if (!ok || *result.slice < 1)
            fail(parser, QCoreApplication::translate("CommandLine", "--slice needs a positive number."));
    }
    result.screenshotPath = parser.value(screenshot);
    result.showShortcuts = parser.isSet(showShortcuts);
    result.showStudyInfo = parser.isSet(showStudyInfo);
    result.threeViews = parser.isSet(threeViews);
    result.testPaint = parser.isSet(testPaint);
    result.testReport = parser.isSet(testReport);
    result.modelPath = parser.value(model);
    if (parser.isSet(samPoint)) {
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^(\\d+(?:\\.\\d*)?),(\\d+(?:\\.\\d*)?)$"))
                .match(parser.value(samPoint));
        if (!match.hasMatch())
            fail(parser, QCoreApplication::translate("CommandLine", "--sam-point needs X,Y, e.g. 90,110."));
        result.samPoint = QPointF(match.captured(1).toDouble(), match.captured(2).toDouble());
    }
    if (parser.isSet(size)) {
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(size));
        if (!match.hasMatch())
            fail(parser,
                 QCoreApplication::translate("CommandLine", "--size needs WIDTHxHEIGHT, e.g. 1280x860."));
        result.windowSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    return result;
}

} // namespace delineate::app
