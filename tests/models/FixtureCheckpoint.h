#pragma once
// The served checkpoint: the MobileSAM-shaped fixture ../shared/fixtures/sam/vit_t.pth (random weights,
// 40.7 MB) and its SHA-256 and size as the fixture's manifest.json records them (computed by the fixture
// generator with Python's hashlib, not by our code).

#include "support/TestData.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace delineate::test {

struct FixtureCheckpoint {
    QByteArray content;
    QString sha256;
    qint64 size = 0;
};

// Empty content when the fixtures are absent (the caller skips).
inline FixtureCheckpoint readFixtureCheckpoint()
{
    FixtureCheckpoint fixture;
    QFile manifest(samFixtureFile(QStringLiteral("manifest.json")));
    QFile checkpoint(samFixtureFile(QStringLiteral("vit_t.pth")));
    if (!manifest.open(QIODevice::ReadOnly) || !checkpoint.open(QIODevice::ReadOnly))
        return fixture;
    const QJsonObject entry = QJsonDocument::fromJson(manifest.readAll())
                                  .object()
                                  .value(QStringLiteral("files"))
                                  .toObject()
                                  .value(QStringLiteral("vit_t.pth"))
                                  .toObject();
    fixture.sha256 = entry.value(QStringLiteral("sha256")).toString();
    fixture.size = qint64(entry.value(QStringLiteral("bytes")).toDouble());
    fixture.content = checkpoint.readAll();
    return fixture;
}

} // namespace delineate::test
