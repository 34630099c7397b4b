#pragma once
// Shared set-up and helpers of the application tests: no edits autosaved by an earlier run of the same
// test (the recovery folder of studies opened without a project, see ProjectController) may come back;
// a square painted through the label session; the voxels of the active label.

#include "gui/MainWindow.h"
#include "image/Slice.h"
#include "labeling/LabelSession.h"

#include <QDir>
#include <QStandardPaths>

namespace delineate::test {

// Call after QStandardPaths::setTestModeEnabled(true) and setApplicationName().
inline void forgetRecoveredEdits()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/recovery"))
        .removeRecursively();
}

// Labels a square of `side` x `side` voxels (from voxel 1, 1) on axial slice `slice` of the shown study,
// one undo step through the normal edit path.
inline void paintSquare(app::MainWindow& window, int side, std::int64_t slice)
{
    ui::LabelSession* session = window.labelSession();
    const auto [width, height] = image::sliceSize(session->labels()->geometry(), image::SliceAxis::K);
    image::Image2D<std::uint8_t> mask{width, height, 1,
                                      std::vector<std::uint8_t>(std::size_t(width) * height)};
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            mask.at(x + 1, y + 1) = 1;
    session->applyMasks("Test square", image::SliceAxis::K, {{slice, mask}});
}

// Voxels of the active label in the shown study.
inline std::size_t labelled(const app::MainWindow& window)
{
    const ui::LabelSession* session = window.labelSession();
    return session->labels() ? std::size_t(session->labels()->count(session->activeLabel())) : 0;
}

} // namespace delineate::test
