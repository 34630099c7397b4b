#pragma once
// The choices of a DICOM SEG export (File > Export Labels as DICOM SEG…, Send Labels to PACS…): the series
// description and, per label with voxels, how its voxels came about — Manual, Semi-automatic (SAM proposals
// accepted and corrected) or Automatic — with the algorithm named (prefilled with the loaded model and
// adapter). Labels that received accepted SAM proposals in this session start as Semi-automatic.

#include "dicomseg/SegmentationWriter.h"
#include "labels/LabelTable.h"

#include <QDialog>

#include <cstdint>
#include <set>
#include <vector>

class QLineEdit;
class QTableWidget;

namespace delineate::app {

class SegExportDialog : public QDialog {
    Q_OBJECT

public:
    // `present`: the label values with voxels; `fromModel`: those that received model output;
    // `algorithm`: e.g. "SAM vit_t (mobile_sam.pt) + adapter liver-v2".
    SegExportDialog(const labels::LabelTable& table, const std::vector<std::uint16_t>& present,
                    const std::set<std::uint16_t>& fromModel, const QString& algorithm,
                    QWidget* parent = nullptr);

    [[nodiscard]] dicomseg::SegmentationExportOptions options() const;

private:
    void accept() override;

    std::vector<std::uint16_t> m_values;
    QLineEdit* m_description;
    QTableWidget* m_table;
};

} // namespace delineate::app
