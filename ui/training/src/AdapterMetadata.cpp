#include "training/AdapterMetadata.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <cmath>

namespace delineate::ui {
namespace {

constexpr quint64 kMaxHeaderBytes = 100u << 20; // the safetensors format's own limit

QString tr(const char* text)
{
    return QCoreApplication::translate("delineate::ui::AdapterMetadata", text);
}

} // namespace

QString formatDice(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 3) : QStringLiteral("–");
}

QString formatDice(const QString& metadataValue)
{
    bool ok = false;
    const double value = metadataValue.toDouble(&ok);
    return ok ? formatDice(value) : QStringLiteral("–");
}

std::optional<AdapterMetadata> readAdapterMetadata(const QString& path, QString* error)
{
    auto fail = [&](const QString& text) -> std::optional<AdapterMetadata> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("%1: %2").arg(path, file.errorString()));
    const QByteArray lengthBytes = file.read(8);
    if (lengthBytes.size() != 8)
        return fail(tr("%1: not a safetensors file (too short)").arg(path));
    const quint64 length = qFromLittleEndian<quint64>(lengthBytes.constData());
    if (length == 0 || length > kMaxHeaderBytes || length > quint64(file.size()) - 8)
        return fail(tr("%1: not a safetensors file (bad header length)").arg(path));
    QJsonParseError parseError;
    const QJsonDocument header = QJsonDocument::fromJson(file.read(qint64(length)), &parseError);
    if (!header.isObject())
        return fail(tr("%1: bad safetensors header: %2").arg(path, parseError.errorString()));
    AdapterMetadata metadata;
    const QJsonObject entries = header.object().value(QStringLiteral("__metadata__")).toObject();
    for (auto it = entries.begin(); it != entries.end(); ++it)
        metadata.insert(it.key(), it.value().toString());
    return metadata;
}

QString summarizeAdapterMetadata(const AdapterMetadata& metadata)
{
    QStringList parts;
    if (metadata.contains(QStringLiteral("dice_after"))) {
        const bool heldOut = metadata.value(QStringLiteral("dice_slices")) == QLatin1String("held_out");
        parts << tr("Dice %1 \u2192 %2 (%3)")
                     .arg(formatDice(metadata.value(QStringLiteral("dice_before"))),
                          formatDice(metadata.value(QStringLiteral("dice_after"))),
                          heldOut ? tr("held-out") : tr("training slices"));
    }
    if (metadata.contains(QStringLiteral("iterations")))
        parts << tr("%1 it.").arg(metadata.value(QStringLiteral("iterations")));
    if (metadata.contains(QStringLiteral("slices")))
        parts << tr("%1 slices").arg(metadata.value(QStringLiteral("slices")));
    if (metadata.contains(QStringLiteral("strategy")))
        parts << metadata.value(QStringLiteral("strategy"));
    return parts.join(QStringLiteral(", "));
}

} // namespace delineate::ui
