#include "labeling/LabelsPanel.h"

#include "feedback/FileDialogs.h"
#include "labeling/LabelSession.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace delineate::ui {
namespace {

constexpr int kValueRole = Qt::UserRole;

QIcon swatch(const labels::Rgb& colour)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(QColor(colour.red, colour.green, colour.blue));
    QPainter painter(&pixmap);
    painter.setPen(Qt::black);
    painter.drawRect(0, 0, 13, 13);
    return QIcon(pixmap);
}

quint16 valueOf(const QTreeWidgetItem* item)
{
    return item ? quint16(item->data(LabelsPanel::NameColumn, kValueRole).toUInt()) : 0;
}

} // namespace

LabelsPanel::LabelsPanel(LabelSession* session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_tree = new QTreeWidget(this);
    m_tree->setRootIsDecorated(false);
    m_tree->setHeaderLabels({tr("Colour"), tr("Label"), tr("Visible"), tr("Locked")});
    // The name takes the room; colour swatch and check boxes only what they need.
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_tree->setFocusPolicy(Qt::ClickFocus);

    m_addButton = new QPushButton(tr("Add"), this);
    m_colourButton = new QPushButton(tr("Colour…"), this);
    // Colour tables in, ITK-SNAP label descriptions out, under one button so the row stays narrow.
    m_importButton = new QPushButton(tr("Import…"), this);
    m_importButton->setObjectName(QStringLiteral("labelsImportButton"));
    auto* files = new QMenu(m_importButton);
    files->addAction(tr("Import Names and Colours…"), this, &LabelsPanel::importColourTableDialog)
        ->setToolTip(tr("MRIcron .txt/.lut, FreeSurfer LUT, 3D Slicer .ctbl, ITK-SNAP label descriptions "
                        "or labels.json"));
    files->addAction(tr("Export ITK-SNAP Label Descriptions…"), this, &LabelsPanel::exportItkSnapDialog);
    files->setToolTipsVisible(true);
    m_importButton->setMenu(files);
    for (QPushButton* button : {m_addButton, m_colourButton, m_importButton})
        button->setFocusPolicy(Qt::NoFocus);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_colourButton);
    buttons->addWidget(m_importButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, &LabelsPanel::addLabel);
    connect(m_colourButton, &QPushButton::clicked, this, &LabelsPanel::recolourCurrent);
    connect(m_tree, &QTreeWidget::itemChanged, this, &LabelsPanel::itemChanged);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (!m_rebuilding && current)
            m_session->setActiveLabel(valueOf(current));
    });
    connect(m_session, &LabelSession::tableChanged, this, &LabelsPanel::rebuild);
    connect(m_session, &LabelSession::activeLabelChanged, this, &LabelsPanel::syncCurrent);
    rebuild();
}

void LabelsPanel::rebuild()
{
    m_rebuilding = true;
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    for (const labels::LabelEntry& entry : m_session->table().entries()) {
        auto* item = new QTreeWidgetItem(m_tree);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable |
                       Qt::ItemIsUserCheckable);
        item->setIcon(ColorColumn, swatch(entry.colour));
        item->setText(ColorColumn, QString::number(entry.value));
        item->setText(NameColumn, QString::fromStdString(entry.name));
        item->setData(NameColumn, kValueRole, entry.value);
        item->setCheckState(VisibleColumn, entry.visible ? Qt::Checked : Qt::Unchecked);
        item->setCheckState(LockedColumn, entry.locked ? Qt::Checked : Qt::Unchecked);
    }
    m_rebuilding = false;
    syncCurrent();
    const bool open = m_session->isOpen();
    m_addButton->setEnabled(open);
    m_colourButton->setEnabled(open);
    m_importButton->setEnabled(open);
}

void LabelsPanel::syncCurrent()
{
    m_rebuilding = true;
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_tree->topLevelItem(row);
        if (valueOf(item) == m_session->activeLabel())
            m_tree->setCurrentItem(item);
    }
    m_rebuilding = false;
}

void LabelsPanel::itemChanged(QTreeWidgetItem* item, int column)
{
    if (m_rebuilding)
        return;
    const quint16 value = valueOf(item);
    switch (column) {
    case NameColumn:
        m_session->renameLabel(value, item->text(NameColumn));
        break;
    case VisibleColumn:
        m_session->setLabelVisible(value, item->checkState(VisibleColumn) == Qt::Checked);
        break;
    case LockedColumn:
        m_session->setLabelLocked(value, item->checkState(LockedColumn) == Qt::Checked);
        break;
    default:
        break;
    }
}

void LabelsPanel::addLabel()
{
    m_session->addLabel();
}

void LabelsPanel::recolourCurrent()
{
    const quint16 value = valueOf(m_tree->currentItem());
    const labels::LabelEntry* entry = m_session->table().find(value);
    if (!entry)
        return;
    const QColor chosen = QColorDialog::getColor(
        QColor(entry->colour.red, entry->colour.green, entry->colour.blue), this, tr("Label Colour"));
    if (chosen.isValid())
        m_session->recolourLabel(
            value, {std::uint8_t(chosen.red()), std::uint8_t(chosen.green()), std::uint8_t(chosen.blue())});
}

void LabelsPanel::showError(const Error& error, ErrorAction action, const QString& path)
{
    const PresentedError text = ErrorPresenter::present(error, action, path);
    QMessageBox box(QMessageBox::Warning, text.title, text.headline, QMessageBox::Close, this);
    box.setInformativeText(text.reason);
    box.setDetailedText(text.details);
    box.exec();
}

void LabelsPanel::importColourTableDialog()
{
    // Every file is offered: the format is recognised from the content, not from the name.
    const QString path =
        FileDialogs::openFile(this, tr("Import Label Names and Colours"),
                              tr("Colour tables (*.txt *.lut *.ctbl *.label *.json);;All files (*)"));
    if (!path.isEmpty())
        importColourTable(path);
}

bool LabelsPanel::importColourTable(const QString& path)
{
    if (const Result<void> imported = m_session->importColourTable(path); !imported) {
        showError(imported.error(), ErrorAction::ImportLabelDescriptions, path);
        return false;
    }
    return true;
}

void LabelsPanel::exportItkSnapDialog()
{
    const QString path =
        FileDialogs::saveFile(this, tr("Export ITK-SNAP Label Descriptions"), QStringLiteral("labels.txt"),
                              tr("Label descriptions (*.txt *.label);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const Result<void> exported = m_session->exportItkSnap(path); !exported)
        showError(exported.error(), ErrorAction::ExportLabelDescriptions, path);
}

} // namespace delineate::ui
