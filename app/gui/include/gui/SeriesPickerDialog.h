#pragma once
// Picks one image series of a DICOM folder, DICOMDIR or file that holds several: a table of the series
// found by the scan (patient, date, number, description, modality, size, images, notes), the largest
// preselected; Enter or a double click opens it. Window-modal but non-blocking (open()); the caller
// loads io::LoadOptions chosen() on accepted().

#include "io/StudyLoader.h"

#include <QDialog>

class QTreeWidget;

namespace delineate::app {

class SeriesPickerDialog : public QDialog {
    Q_OBJECT

public:
    // `current`: the series shown now (preselected), else the one with the most images.
    SeriesPickerDialog(io::SeriesListing listing, const std::optional<io::LoadOptions>& current,
                       QWidget* parent);

    [[nodiscard]] const io::SeriesListing& listing() const { return m_listing; }
    [[nodiscard]] io::LoadOptions chosen() const;
    // Selects row `index` of the listing (tests, keyboard).
    void select(std::size_t index);

private:
    io::SeriesListing m_listing;
    QTreeWidget* m_table = nullptr;
};

} // namespace delineate::app
