#pragma once
// The catalogue of official SAM-family checkpoints (models/catalogue.json, shipped as
// ":/models/catalogue.json"): what each is for, its size, licence, official URL and SHA-256, and where
// that hash comes from. A model without a URL is downloaded by hand from its page; a model without a
// SHA-256 is never downloaded by the app (nothing could verify it), only chosen as a local file.
//
//   ModelCatalogue catalogue = ModelCatalogue::fromFile(QStringLiteral(":/models/catalogue.json"));
//   if (!catalogue.error().isEmpty()) ...;  // one line naming the file and the problem
//   for (const CatalogueModel& model : catalogue.models()) ...

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace delineate::ui {

struct CatalogueModel {
    QString id;      // stable key, e.g. "sam-vit-b"
    QString file;    // the official file name, also the name in the models folder
    QString variant; // vit_t, vit_b, vit_l, vit_h
    QString title;
    QUrl url;             // direct download (empty: download by hand from `page`)
    QUrl page;            // the official page
    QString sha256;       // lower-case hex (empty: no hash published)
    QString sha256Source; // where the hash comes from
    qint64 sizeBytes = 0; // 0: unknown
    QString licence;
    QUrl licenceUrl;
    bool nonCommercial = false; // the licence forbids commercial use
    QString goodFor;
    bool trainedByUser = false; // "obtain": "train": a checkpoint the user trains (nothing to download)

    // The app downloads only what it can verify: a URL, a SHA-256 and a size.
    [[nodiscard]] bool downloadable() const
    {
        return url.isValid() && !url.isEmpty() && sha256.size() == 64 && sizeBytes > 0;
    }
};

class ModelCatalogue {
public:
    [[nodiscard]] static ModelCatalogue fromJson(const QByteArray& json, const QString& name);
    [[nodiscard]] static ModelCatalogue fromFile(const QString& path);

    [[nodiscard]] const QList<CatalogueModel>& models() const { return m_models; }
    // Empty when the catalogue was read; otherwise one line naming the file and the problem.
    [[nodiscard]] const QString& error() const { return m_error; }
    // The entry whose file name is `fileName`, or nullptr.
    [[nodiscard]] const CatalogueModel* byFileName(const QString& fileName) const;

    // The catalogue's texts follow the UI's language: "good_for_de" beside "good_for" is the German text,
    // used while the German translation is installed (language() is "de"); English when there is none.
    [[nodiscard]] static QString language();
    // `key`'s text of a catalogue entry in language() ("<key>_<code>"), else the English one (`key`).
    [[nodiscard]] static QString localized(const QJsonObject& object, const char* key);

private:
    QList<CatalogueModel> m_models;
    QString m_error;
};

} // namespace delineate::ui
