#include "gui/StartupOptions.h"

#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "project/ProjectStore.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

namespace delineate::app {
namespace {

QString translate(const char* text)
{
    return QCoreApplication::translate("CommandLine", text);
}

} // namespace

void StartupOptions::fail(const QCommandLineParser& parser, const QString& message)
{
    std::fprintf(stderr, "%s\n\n%s", qPrintable(message), qPrintable(parser.helpText()));
    std::exit(2);
}

bool StartupOptions::printsOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--")
            return false;
        for (const char* option : {"-h", "--help", "--help-all", "-?", "-v", "--version"})
            if (argument == option)
                return true;
    }
    return false;
}

StartupOptions StartupOptions::parse(QCommandLineParser& parser, const QStringList& arguments)
{
    parser.setApplicationDescription(translate("Delineate: build segmentation datasets with SAM."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"), translate("Image file or DICOM folder to open."),
                                 QStringLiteral("[PATH]"));
    const QCommandLineOption labels(QStringLiteral("labels"), translate("Label map to overlay on the study."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption plane(QStringLiteral("plane"),
                                   translate("Start plane: axial, coronal or sagittal."),
                                   QStringLiteral("PLANE"));
    const QCommandLineOption slice(QStringLiteral("slice"), translate("Start slice (1-based)."),
                                   QStringLiteral("N"));
    const QCommandLineOption size(QStringLiteral("size"), translate("Window size, e.g. 1280x860."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption model(
        QStringLiteral("model"),
        translate("SAM checkpoint to load (remembered like Model > Choose Checkpoint)."),
        QStringLiteral("FILE"));
    const QCommandLineOption threeViews(QStringLiteral("three-views"),
                                        translate("Show three views (View > Three Views) from the start."));
    parser.addOptions({labels, plane, slice, size, model, threeViews});
    parser.process(arguments);

    StartupOptions result;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        fail(parser, translate("Give at most one study to open."));
    if (!positional.isEmpty())
        result.studyPath = positional.first();
    result.labelsPath = parser.value(labels);
    if (!result.labelsPath.isEmpty() && result.studyPath.isEmpty())
        fail(parser, translate("--labels needs a study to go with."));
    if (parser.isSet(plane)) {
        result.plane = ui::viewPlaneFromId(parser.value(plane).toLower().toStdString());
        if (!result.plane)
            fail(parser, translate("Unknown plane “%1”.").arg(parser.value(plane)));
    }
    if (parser.isSet(slice)) {
        bool ok = false;
        result.slice = parser.value(slice).toLongLong(&ok);
        if (!ok || *result.slice < 1)
            fail(parser, translate("--slice needs a positive number."));
    }
    result.threeViews = parser.isSet(threeViews);
    result.modelPath = parser.value(model);
    if (parser.isSet(size)) {
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(size));
        if (!match.hasMatch())
            fail(parser, translate("--size needs WIDTHxHEIGHT, e.g. 1280x860."));
        result.windowSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    return result;
}

bool startWindow(MainWindow& window, const StartupOptions& options)
{
    if (options.windowSize)
        window.resize(*options.windowSize);
    window.show();
    if (!options.modelPath.isEmpty())
        window.models()->load(options.modelPath);
    if (options.threeViews)
        window.viewer()->setThreeViews(true);
    QObject::connect(&window, &MainWindow::studyOpened, &window,
                     [&window, plane = options.plane, slice = options.slice] {
                         ui::SliceView* view = window.viewer()->sliceView();
                         if (plane)
                             view->setPlane(*plane);
                         if (slice)
                             view->setSliceIndex(*slice - 1);
                     });
    if (project::ProjectStore::isProjectFolder(options.studyPath.toStdString()))
        return window.openProject(options.studyPath);
    if (!options.studyPath.isEmpty())
        return window.openStudy(options.studyPath, options.labelsPath);
    return false;
}

} // namespace delineate::app
