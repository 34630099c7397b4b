#include "gui/PacsNodeStore.h"

#include <QSettings>
#include <QStandardPaths>

namespace delineate::app {

namespace {

constexpr const char* kGroup = "pacs/nodes";

std::string text(const QSettings& settings, const char* key, const QString& fallback = {})
{
    return settings.value(QLatin1String(key), fallback).toString().toStdString();
}

} // namespace

std::vector<pacs::PacsNode> PacsNodeStore::load()
{
    QSettings settings;
    std::vector<pacs::PacsNode> nodes;
    const int count = settings.beginReadArray(QLatin1String(kGroup));
    for (int n = 0; n < count; ++n) {
        settings.setArrayIndex(n);
        pacs::PacsNode node;
        node.name = text(settings, "name");
        node.aeTitle = text(settings, "aeTitle");
        node.host = text(settings, "host");
        node.port = settings.value(QStringLiteral("port"), 104).toInt();
        node.callingAeTitle = text(settings, "callingAeTitle", QStringLiteral("DELINEATE"));
        node.timeoutSeconds = settings.value(QStringLiteral("timeoutSeconds"), 30).toInt();
        node.tls.enabled = settings.value(QStringLiteral("tls"), false).toBool();
        node.tls.caCertificate = text(settings, "tlsCaCertificate");
        node.tls.certificate = text(settings, "tlsCertificate");
        node.tls.privateKey = text(settings, "tlsPrivateKey");
        nodes.push_back(std::move(node));
    }
    settings.endArray();
    return nodes;
}

void PacsNodeStore::save(const std::vector<pacs::PacsNode>& nodes)
{
    QSettings settings;
    settings.remove(QLatin1String(kGroup));
    settings.beginWriteArray(QLatin1String(kGroup), int(nodes.size()));
    for (int n = 0; n < int(nodes.size()); ++n) {
        const pacs::PacsNode& node = nodes[std::size_t(n)];
        settings.setArrayIndex(n);
        settings.setValue(QStringLiteral("name"), QString::fromStdString(node.name));
        settings.setValue(QStringLiteral("aeTitle"), QString::fromStdString(node.aeTitle));
        settings.setValue(QStringLiteral("host"), QString::fromStdString(node.host));
        settings.setValue(QStringLiteral("port"), node.port);
        settings.setValue(QStringLiteral("callingAeTitle"), QString::fromStdString(node.callingAeTitle));
        settings.setValue(QStringLiteral("timeoutSeconds"), node.timeoutSeconds);
        settings.setValue(QStringLiteral("tls"), node.tls.enabled);
        settings.setValue(QStringLiteral("tlsCaCertificate"), QString::fromStdString(node.tls.caCertificate));
        settings.setValue(QStringLiteral("tlsCertificate"), QString::fromStdString(node.tls.certificate));
        settings.setValue(QStringLiteral("tlsPrivateKey"), QString::fromStdString(node.tls.privateKey));
    }
    settings.endArray();
}

QString PacsNodeStore::cacheFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/pacs");
}

} // namespace delineate::app
