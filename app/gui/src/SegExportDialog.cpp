#include "gui/SegExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

namespace delineate::app {

namespace {

enum Column { NameColumn, TypeColumn, AlgorithmColumn };

QComboBox* typeBox(QWidget* parent, dicomseg::SegmentAlgorithm type)
{
    auto* box = new QComboBox(parent);
    box->addItem(SegExportDialog::tr("Manual"), int(dicomseg::SegmentAlgorithm::Manual));
    box->addItem(SegExportDialog::tr("Semi-automatic"), int(dicomseg::SegmentAlgorithm::SemiAutomatic));
    box->addItem(SegExportDialog::tr("Automatic"), int(dicomseg::SegmentAlgorithm::Automatic));
    box->setCurrentIndex(box->findData(int(type)));
    return box;
}

} // namespace

SegExportDialog::SegExportDialog(const labels::LabelTable& table, const std::vector<std::uint16_t>& present,
                                 const std::set<std::uint16_t>& fromModel, const QString& algorithm,
                                 QWidget* parent)
    : QDialog(parent), m_values(present), m_description(new QLineEdit(tr("Delineate labels"), this)),
      m_table(new QTableWidget(int(present.size()), 3, this))
{
    setWindowTitle(tr("DICOM SEG Export"));
    m_table->setHorizontalHeaderLabels({tr("Label"), tr("Voxels from"), tr("Algorithm")});
    m_table->horizontalHeader()->setSectionResizeMode(AlgorithmColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    for (int row = 0; row < int(present.size()); ++row) {
        const std::uint16_t value = present[std::size_t(row)];
        const labels::LabelEntry* entry = table.find(value);
        QPixmap swatch(12, 12);
        swatch.fill(entry ? QColor(entry->colour.red, entry->colour.green, entry->colour.blue)
                          : QColor(Qt::gray));
        auto* name = new QTableWidgetItem(QIcon(swatch), entry ? QString::fromStdString(entry->name)
                                                               : tr("Label %1").arg(value));
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, NameColumn, name);
        const bool model = fromModel.count(value) > 0;
        m_table->setCellWidget(row, TypeColumn,
                               typeBox(m_table, model ? dicomseg::SegmentAlgorithm::SemiAutomatic
                                                      : dicomseg::SegmentAlgorithm::Manual));
        m_table->setItem(row, AlgorithmColumn, new QTableWidgetItem(model ? algorithm : QString()));
    }
    m_table->resizeColumnsToContents();
    auto* form = new QFormLayout;
    form->addRow(tr("Series description:"), m_description);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(
        new QLabel(tr("One segment per label with voxels; each frame references its source image."), this));
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SegExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(620, 360);
}

dicomseg::SegmentationExportOptions SegExportDialog::options() const
{
    dicomseg::SegmentationExportOptions options;
    options.seriesDescription = m_description->text().trimmed().toStdString();
    for (int row = 0; row < int(m_values.size()); ++row) {
        const auto* box = qobject_cast<const QComboBox*>(m_table->cellWidget(row, TypeColumn));
        const auto type = static_cast<dicomseg::SegmentAlgorithm>(box->currentData().toInt());
        if (type != dicomseg::SegmentAlgorithm::Manual)
            options.provenance[m_values[std::size_t(row)]] = {
                type, m_table->item(row, AlgorithmColumn)->text().trimmed().toStdString()};
    }
    return options;
}

void SegExportDialog::accept()
{
    for (const auto& [value, provenance] : options().provenance)
        if (provenance.algorithmName.empty()) {
            QMessageBox::warning(this, windowTitle(),
                                 tr("Name the algorithm of every label whose voxels came from a model."));
            return;
        }
    QDialog::accept();
}

} // namespace delineate::app
