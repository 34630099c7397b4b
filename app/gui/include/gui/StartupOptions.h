#pragma once
// delineate [PATH] [--labels FILE] [--plane axial|coronal|sagittal] [--slice N] [--size WxH] [--model FILE]
// [--three-views]
// PATH may also be a project folder (one with project.json).
//
// The release program knows only these options. Test and screenshot automation (--screenshot,
// --test-paint, ...) lives in the test harness (app/harness, delineate-harness), which adds its
// options to the same parser before parse() and starts the window the same way (startWindow()).

#include "viewer/ViewPlane.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace delineate::app {

class MainWindow;

struct StartupOptions {
    QString studyPath;  // file, DICOM folder or project folder to open; empty = start with the empty state
    QString labelsPath; // label map to overlay on it
    std::optional<ui::ViewPlane> plane;
    std::optional<qint64> slice; // 1-based, as shown in the view
    std::optional<QSize> windowSize;
    QString modelPath;       // SAM checkpoint to load
    bool threeViews = false; // View > Three Views on (remembered like the menu's choice)

    // Adds the options to `parser` (which may hold others already), processes `arguments` and reads
    // them; prints help/version or an error and exits on failure.
    static StartupOptions parse(QCommandLineParser& parser, const QStringList& arguments);
    // Prints `message` and the help text, exits with status 2.
    [[noreturn]] static void fail(const QCommandLineParser& parser, const QString& message);
};

// Sizes and shows `window`, loads the model, applies the view options (the plane and slice once a
// study is shown) and starts opening the path. False when there is nothing to open.
bool startWindow(MainWindow& window, const StartupOptions& options);

} // namespace delineate::app
