#pragma once
// delineate [PATH] [--labels FILE] [--plane axial|coronal|sagittal] [--slice N] [--screenshot FILE] [--size
// WxH] [--model FILE] [--sam-point X,Y] [--show-shortcuts] [--show-study-info]
// [--three-views]
// PATH may also be a project folder (one with project.json).
//
// Hidden options for tests (not in --help):
//   --test-paint    once the study is shown, paint one brush stroke across the centre of the slice view
//                   (mouse events through the normal tool and edit path) and print
//                   "delineate: test-paint N" (N: voxels of the active label afterwards) on stdout;
//   --test-report   once the study is shown, print "delineate: labels N" (voxels of the active label).

#include "viewer/ViewPlane.h"

#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace delineate::app {

struct CommandLine {
    QString studyPath;                 // file or DICOM folder to open; empty = start with the empty state
    QString labelsPath;                // label map to overlay on it
    std::optional<ui::ViewPlane> plane;
    std::optional<qint64> slice;       // 1-based, as shown in the view
    QString screenshotPath;            // grab the window once the study is shown, save, exit
    std::optional<QSize> windowSize;
    QString modelPath;               // SAM checkpoint to load
    std::optional<QPointF> samPoint; // positive SAM click (slice pixels) once study and model are ready
    bool showShortcuts = false;      // open Help > Keyboard Shortcuts on start
    bool showStudyInfo = false;      // open File > Study Information once the study is shown
    bool threeViews = false;         // View > Three Views on (remembered like the menu's choice)
    bool testPaint = false;          // hidden: brush stroke after startup (crash-recovery test)
    bool testReport = false;         // hidden: print the active label's voxel count after startup

    // Parses QCoreApplication's arguments; prints help/version or an error and exits on failure.
    static CommandLine parse(const QStringList& arguments);
};

} // namespace delineate::app
