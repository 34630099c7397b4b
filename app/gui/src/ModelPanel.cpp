#include "gui/ModelPanel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace delineate::app {
namespace {

// 64 hex digits in four groups, so that the line can wrap between them.
QString groupedHash(const QString& hash)
{
    QStringList groups;
    for (qsizetype i = 0; i < hash.size(); i += 16)
        groups << hash.mid(i, 16);
    return groups.join(QLatin1Char(' '));
}

} // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent)
{
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString& title) {
        auto* value = new QLabel(this);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setMinimumWidth(1); // wrap, never widen the dock
        auto* name = new QLabel(title, this);
        name->setWordWrap(true);
        form->addRow(name, value);
        return value;
    };
    m_file = row(tr("File:"));
    m_variant = row(tr("Variant:"));
    m_device = row(tr("Device:"));
    m_checksum = row(tr("SHA-256:"));
    m_adapter = row(tr("Adapter:"));
    auto* change = new QPushButton(tr("Change\u2026"), this);
    change->setObjectName(QStringLiteral("changeCheckpoint"));
    change->setToolTip(tr("Choose another SAM checkpoint"));
    auto* adapter = new QPushButton(tr("Adapter\u2026"), this);
    adapter->setToolTip(tr("Choose an adapter trained for this checkpoint"));
    connect(change, &QPushButton::clicked, this, &ModelPanel::changeCheckpointRequested);
    connect(adapter, &QPushButton::clicked, this, &ModelPanel::changeAdapterRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(change);
    buttons->addWidget(adapter);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addStretch(1);
}

void ModelPanel::setState(const ModelState& state)
{
    const ui::LoadedModel& model = state.model;
    if (state.loading) {
        m_heading->setText(tr("Loading SAM model %1\u2026").arg(state.loadingFile));
    } else {
        m_heading->setText(model.variant.isEmpty() ? tr("No SAM model loaded") : tr("SAM model loaded"));
    }
    const QFileInfo file(model.checkpoint);
    if (model.variant.isEmpty())
        m_file->setText(state.loading ? state.loadingFile : QString()); // nothing loaded yet
    else
        m_file->setText(model.checkpoint.isEmpty() ? tr("(random weights)") : file.fileName());
    m_file->setToolTip(QDir::toNativeSeparators(model.checkpoint));
    const QString title = catalogueTitle(model.sha256);
    m_variant->setText(title.isEmpty() ? model.variant : tr("%1 \u2014 %2").arg(model.variant, title));
    QString device = deviceName(model.device);
    if (!state.fallbackReason.isEmpty())
        device +=
            QLatin1Char(' ') +
            tr("(asked for %1; it failed: %2)").arg(deviceName(model.requestedDevice), state.fallbackReason);
    else if (model.requestedDevice == QLatin1String("auto"))
        device += QLatin1Char(' ') + tr("(automatic)");
    m_device->setText(model.variant.isEmpty() ? QString() : device);
    if (model.sha256.isEmpty())
        m_checksum->setText(model.variant.isEmpty() ? QString() : tr("none (not loaded from a file)"));
    else if (!title.isEmpty())
        m_checksum->setText(tr("verified: the official file listed in the model catalogue"));
    else
        m_checksum->setText(tr("not verified: no model in the catalogue has this checksum (%1)")
                                .arg(groupedHash(model.sha256)));
    m_checksum->setToolTip(model.sha256);
    if (model.variant.isEmpty())
        m_adapter->clear();
    else if (state.adapterName.isEmpty() && (state.label.isEmpty() || !state.labelsHaveAdapters))
        m_adapter->setText(tr("none (base model)"));
    else if (state.adapterName.isEmpty())
        m_adapter->setText(tr("none for label \u201c%1\u201d (base model)").arg(state.label));
    else if (state.label.isEmpty())
        m_adapter->setText(state.adapterName);
    else
        m_adapter->setText(tr("%1, in use for label \u201c%2\u201d").arg(state.adapterName, state.label));
    m_adapter->setToolTip(QDir::toNativeSeparators(model.adapter));
}

QString ModelPanel::catalogueTitle(const QString& sha256)
{
    if (sha256.isEmpty())
        return {};
    QFile file(QStringLiteral(":/models/catalogue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonArray models =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("models")).toArray();
    for (const QJsonValueConstRef value : models) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("sha256")).toString().compare(sha256, Qt::CaseInsensitive) == 0)
            return entry.value(QStringLiteral("title")).toString();
    }
    return {};
}

QString ModelPanel::deviceName(const QString& id)
{
    if (id == QLatin1String("cpu"))
        return tr("CPU");
    if (id.startsWith(QLatin1String("cuda")))
        return tr("CUDA %1").arg(id.size() > 5 ? id.mid(5) : QStringLiteral("0"));
    if (id == QLatin1String("auto"))
        return tr("Automatic");
    return id;
}

} // namespace delineate::app
