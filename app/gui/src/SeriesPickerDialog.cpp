#include "gui/SeriesPickerDialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace delineate::app {
namespace {

QString dicomDate(const std::string& date)
{
    if (date.size() == 8)
        return QString::fromStdString(date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2));
    return QString::fromStdString(date);
}

// DICOM person names are Family^Given^Middle^Prefix^Suffix: shown as "Family, Given Middle".
QString personName(const std::string& dicom)
{
    QStringList parts = QString::fromStdString(dicom).split(QLatin1Char('^'));
    while (!parts.isEmpty() && parts.back().trimmed().isEmpty())
        parts.removeLast();
    if (parts.size() < 2)
        return parts.value(0).trimmed();
    const QString family = parts.takeFirst().trimmed();
    return family + QStringLiteral(", ") + parts.mid(0, 2).join(QLatin1Char(' ')).trimmed();
}

std::size_t largest(const std::vector<io::SeriesEntry>& series)
{
    std::size_t best = 0;
    for (std::size_t n = 1; n < series.size(); ++n)
        if (series[n].files > series[best].files ||
            (series[n].files == series[best].files && series[n].frames > series[best].frames))
            best = n;
    return best;
}

} // namespace

SeriesPickerDialog::SeriesPickerDialog(io::SeriesListing listing,
                                       const std::optional<io::LoadOptions>& current, QWidget* parent)
    : QDialog(parent), m_listing(std::move(listing))
{
    const QString name = QFileInfo(QString::fromStdString(m_listing.path)).fileName();
    setWindowTitle(tr("Choose a Series — %1").arg(name));
    setWindowModality(Qt::WindowModal);
    setAttribute(Qt::WA_DeleteOnClose);

    auto* intro = new QLabel(
        tr("%1 holds %n image series. Choose the one to open:", nullptr, int(m_listing.series.size()))
            .arg(QString::fromStdString(m_listing.path)));
    intro->setWordWrap(true);

    m_table = new QTreeWidget;
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({tr("Patient"), tr("Date"), tr("Series"), tr("Description"), tr("Modality"),
                              tr("Size"), tr("Images"), tr("Notes")});
    for (const io::SeriesEntry& series : m_listing.series) {
        QString number = QString::number(series.seriesNumber);
        if (series.stackCount > 1)
            number += QStringLiteral(" (%1/%2)").arg(series.stack + 1).arg(series.stackCount);
        QString description = QString::fromStdString(series.seriesDescription);
        if (!series.stackLabel.empty())
            description += QStringLiteral(" [%1]").arg(QString::fromStdString(series.stackLabel));
        QString size = QStringLiteral("%1 × %2").arg(series.columns).arg(series.rows);
        QStringList notes;
        for (const std::string& note : series.notes)
            notes << QString::fromStdString(note);
        auto* item = new QTreeWidgetItem(
            {personName(series.patientName), dicomDate(series.studyDate), number, description,
             QString::fromStdString(series.modality), size,
             series.frames > static_cast<int>(series.files)
                 ? tr("%1 frames in %n file(s)", nullptr, int(series.files)).arg(series.frames)
                 : QString::number(series.files),
             notes.join(QStringLiteral("; "))});
        item->setToolTip(3, QString::fromStdString(series.studyDescription));
        item->setToolTip(7, notes.join(QLatin1Char('\n')));
        m_table->addTopLevelItem(item);
    }
    for (int column = 0; column < m_table->columnCount(); ++column)
        m_table->resizeColumnToContents(column);
    m_table->header()->setStretchLastSection(true);

    std::size_t preselect = largest(m_listing.series);
    if (current)
        for (std::size_t n = 0; n < m_listing.series.size(); ++n)
            if (m_listing.series[n].seriesUid == current->seriesUid &&
                m_listing.series[n].stack == current->stack)
                preselect = n;
    if (!m_listing.series.empty())
        select(preselect);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);
    connect(m_table, &QTreeWidget::currentItemChanged, this,
            [buttons](QTreeWidgetItem* item) { buttons->button(QDialogButtonBox::Open)->setEnabled(item); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(900, 420);
}

void SeriesPickerDialog::select(std::size_t index)
{
    if (QTreeWidgetItem* item = m_table->topLevelItem(static_cast<int>(index))) {
        m_table->setCurrentItem(item);
        m_table->scrollToItem(item);
    }
}

io::LoadOptions SeriesPickerDialog::chosen() const
{
    io::LoadOptions options;
    const int row = m_table->indexOfTopLevelItem(m_table->currentItem());
    if (row >= 0 && static_cast<std::size_t>(row) < m_listing.series.size()) {
        options.seriesUid = m_listing.series[static_cast<std::size_t>(row)].seriesUid;
        options.stack = m_listing.series[static_cast<std::size_t>(row)].stack;
    }
    return options;
}

} // namespace delineate::app
