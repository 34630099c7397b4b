#pragma once
// The harness's hooks on a MainWindow (see main.cpp for the options):
//   --screenshot FILE  grab the window once the study (and with --sam-point the SAM proposal) is on
//                      screen, or the series picker / an error dialog shows; dialogs of their own
//                      (shortcuts, study information, series picker, error) are drawn centred on it;
//                      exit 0 (1 after a failed open, 3 when FILE cannot be written)
//   --sam-point X,Y    a positive SAM click at slice pixel X,Y once both study and model are ready
//   --show-shortcuts   open Help > Keyboard Shortcuts at start
//   --show-study-info  open File > Study Information once the study is shown
//   --test-paint       one brush stroke across the centre of the slice view (mouse events through the
//                      normal tool and edit path), then print "delineate: test-paint N" (N: voxels of
//                      the active label afterwards)
//   --test-report      once the study is shown, print "delineate: labels N"
//   --tool ID          once the study is shown: make tool ID (brush, eraser, …) active and hover the
//                      mouse over the centre of the slice view (the brush outline shows there)
//   --brush-radius MM  the brush radius

#include <QPointF>
#include <QString>

#include <optional>

namespace delineate::app {

class MainWindow;

struct HarnessOptions {
    QString screenshotPath;
    std::optional<QPointF> samPoint;
    bool showShortcuts = false;
    bool showStudyInfo = false;
    QString raiseDock; // objectName of a dock widget to bring to the front (e.g. retrainDock)
    bool testPaint = false;
    bool testReport = false;
    QString tool;
    std::optional<double> brushRadius;
};

// Connects the hooks; `opening` says whether startWindow() opened something (else the screenshot is
// of the empty window).
void installHarnessHooks(MainWindow& window, const HarnessOptions& options, bool opening);

} // namespace delineate::app
