#include "labeling/LabelSession.h"

#include "labels/ColourTableFile.h"
#include "labels/DefaultPalette.h"
#include "labels/ItkSnapLabelFile.h"

#include <QStringList>

namespace delineate::ui {

LabelSession::LabelSession(QObject* parent) : QObject(parent)
{
}

LabelSession::~LabelSession() = default;

void LabelSession::reset(image::LabelMap labels, labels::LabelTable table, bool saved)
{
    m_history.reset();
    m_labels = std::make_shared<image::LabelMap>(std::move(labels));
    m_history = std::make_unique<annotation::LabelEditHistory>(*m_labels);
    if (!saved)
        m_history->markUnsaved();
    for (const Value value : m_labels->presentValues())
        if (!table.contains(value))
            (void)table.set(
                {value, "Label " + std::to_string(value), labels::defaultColour(value), true, false, 1.0});
    if (table.empty())
        (void)table.addNew();
    m_table = std::move(table);
    m_active = m_table.entries().front().value;
    Q_EMIT labelsReplaced();
    Q_EMIT tableChanged();
    Q_EMIT activeLabelChanged(m_active);
    Q_EMIT historyChanged();
}

void LabelSession::clear()
{
    m_history.reset();
    m_labels.reset();
    m_table = {};
    m_active = 0;
    Q_EMIT labelsReplaced();
    Q_EMIT tableChanged();
    Q_EMIT historyChanged();
}

void LabelSession::setActiveLabel(Value value)
{
    if (value == m_active || !m_table.contains(value))
        return;
    m_active = value;
    Q_EMIT activeLabelChanged(value);
}

annotation::PaintRule LabelSession::paintRule(bool overwriteOtherLabels) const
{
    annotation::PaintRule rule;
    rule.activeLabel = m_active;
    rule.overwriteOtherLabels = overwriteOtherLabels;
    for (const labels::LabelEntry& entry : m_table.entries())
        if (entry.locked)
            rule.lockedLabels.insert(entry.value);
    return rule;
}

LabelSession::Value LabelSession::addLabel(const QString& name)
{
    Result<labels::LabelEntry> entry = m_table.addNew(name.toStdString());
    if (!entry)
        return 0;
    tableEdited();
    setActiveLabel(entry.value().value);
    return entry.value().value;
}

bool LabelSession::renameLabel(Value value, const QString& name)
{
    const labels::LabelEntry* entry = m_table.find(value);
    if (!entry || name.trimmed().isEmpty())
        return false;
    labels::LabelEntry changed = *entry;
    const QString from = QString::fromStdString(entry->name);
    changed.name = name.trimmed().toStdString();
    if (!m_table.set(changed))
        return false;
    if (from != name.trimmed())
        Q_EMIT labelRenamed(value, from, name.trimmed());
    tableEdited();
    return true;
}

bool LabelSession::recolourLabel(Value value, const labels::Rgb& colour)
{
    const labels::LabelEntry* entry = m_table.find(value);
    if (!entry)
        return false;
    labels::LabelEntry changed = *entry;
    changed.colour = colour;
    if (!m_table.set(changed))
        return false;
    tableEdited();
    return true;
}

bool LabelSession::setLabelVisible(Value value, bool visible)
{
    if (!m_table.setVisible(value, visible))
        return false;
    tableEdited();
    return true;
}

bool LabelSession::setLabelLocked(Value value, bool locked)
{
    if (!m_table.setLocked(value, locked))
        return false;
    tableEdited();
    return true;
}

Result<void> LabelSession::importColourTable(const QString& path)
{
    Result<labels::ColourTableImport> imported = labels::readColourTable(path.toStdString());
    if (!imported)
        return imported.error();
    if (imported->colours) {
        labels::applyIndexedColours(m_table, *imported->colours);
        tableEdited();
        return {};
    }
    labels::LabelTable table = std::move(*imported->table);
    if (m_labels)
        for (const Value value : m_labels->presentValues())
            if (!table.contains(value))
                (void)table.set({value, "Label " + std::to_string(value), labels::defaultColour(value), true,
                                 false, 1.0});
    m_table = std::move(table);
    if (!m_table.contains(m_active))
        m_active = m_table.entries().front().value;
    tableEdited();
    Q_EMIT activeLabelChanged(m_active);
    return {};
}

Result<void> LabelSession::exportItkSnap(const QString& path) const
{
    return labels::writeItkSnapLabelFile(m_table, path.toStdString());
}

annotation::VoxelBox
LabelSession::applyMasks(const std::string& name, image::SliceAxis axis,
                         const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
                         bool overwriteOtherLabels)
{
    return writeMasks(name, axis, masks, overwriteOtherLabels, false);
}

annotation::VoxelBox
LabelSession::replaceSlices(const std::string& name, image::SliceAxis axis,
                            const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
                            bool overwriteOtherLabels)
{
    return writeMasks(name, axis, masks, overwriteOtherLabels, true);
}

annotation::VoxelBox
LabelSession::writeMasks(const std::string& name, image::SliceAxis axis,
                         const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
                         bool overwriteOtherLabels, bool replace)
{
    if (!m_history || masks.empty() || !m_history->begin(name))
        return {};
    annotation::PaintRule rule = paintRule(overwriteOtherLabels);
    rule.kept = std::make_shared<annotation::KeptVoxels>();
    const auto& size = m_labels->geometry().size;
    const int normal = static_cast<int>(axis);
    for (const auto& [slice, mask] : masks) {
        annotation::VoxelBox box = annotation::VoxelBox::whole(size);
        box.begin[normal] = slice;
        box.end[normal] = slice + 1;
        m_history->touch(box);
        image::Image2D<Value> current = image::extractLabelSlice(*m_labels, axis, slice);
        if (current.width != mask.width || current.height != mask.height)
            continue;
        const auto pixels = std::int64_t(current.pixels.size());
        for (std::int64_t p = 0; p < pixels; ++p)
            if (mask.pixels[std::size_t(p)])
                current.pixels[std::size_t(p)] =
                    rule.apply(current.pixels[std::size_t(p)], slice * pixels + p);
            else if (replace && current.pixels[std::size_t(p)] == rule.activeLabel)
                current.pixels[std::size_t(p)] = 0;
        (void)image::writeLabelSlice(*m_labels, axis, slice, current);
    }
    const annotation::VoxelBox changed = m_history->end();
    notifyEdited(changed);
    reportKept(*rule.kept);
    return changed;
}

void LabelSession::reportKept(const annotation::KeptVoxels& kept)
{
    if (kept.empty())
        return;
    QStringList parts;
    for (const auto& [value, count] : kept.perLabel()) {
        const labels::LabelEntry* entry = m_table.find(value);
        const QString name = entry ? QString::fromStdString(entry->name) : QString::number(value);
        parts << (parts.isEmpty() ? tr("%1 voxels kept for %2") : tr("%1 for %2")).arg(count).arg(name);
    }
    Q_EMIT keptVoxels(parts.join(QStringLiteral(", ")));
}

void LabelSession::notifyEdited(const annotation::VoxelBox& region)
{
    if (!region.empty())
        Q_EMIT labelsChanged(region);
    Q_EMIT historyChanged();
}

void LabelSession::undo()
{
    if (m_history && m_history->canUndo())
        notifyEdited(m_history->undo());
}

void LabelSession::redo()
{
    if (m_history && m_history->canRedo())
        notifyEdited(m_history->redo());
}

bool LabelSession::modified() const
{
    return m_history && m_history->modifiedSinceSave();
}

void LabelSession::markSaved()
{
    if (m_history)
        m_history->markSaved();
    Q_EMIT historyChanged();
}

void LabelSession::markUnsaved()
{
    if (m_history)
        m_history->markUnsaved();
    Q_EMIT historyChanged();
}

void LabelSession::tableEdited()
{
    Q_EMIT tableChanged();
}

} // namespace delineate::ui
