#pragma once
// What opening a study produces: the study itself and, when one was asked for, a label map on its grid
// with its label table. Value type handed from the loading thread to the GUI thread.

#include "base/Error.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "labels/LabelTable.h"

#include <memory>
#include <optional>

namespace delineate::app {

struct LoadedStudy {
    std::shared_ptr<const io::Study> study;
    std::shared_ptr<const image::LabelMap> labels; // null when none was asked for or it failed
    std::optional<labels::LabelTable> labelTable;  // from the colour table beside the label map, if any
                                                   // (labels/LabelTableSidecar.h)
    std::optional<Error> labelsError;              // the study opened, its label map did not
    std::optional<Error> labelTableError;          // the colour table beside the label map is unreadable
    bool labelsRecovered = false;                  // the labels are a project's autosave (unsaved edits)
    std::optional<io::SeriesListing> listing;      // the other series at its path, when there are

    // The study's volume, sharing ownership with the study.
    [[nodiscard]] std::shared_ptr<const image::Volume> volume() const
    {
        return study ? std::shared_ptr<const image::Volume>(study, &study->volume) : nullptr;
    }
};

} // namespace delineate::app
