#include "models/ModelCatalogue.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace delineate::ui {

namespace {

QString text(const QJsonObject& object, const char* key)
{
    return object.value(QLatin1String(key)).toString();
}

CatalogueModel modelFrom(const QJsonObject& object)
{
    CatalogueModel model;
    model.id = text(object, "id");
    model.file = text(object, "file");
    model.variant = text(object, "variant");
    model.title = ModelCatalogue::localized(object, "title");
    model.url = QUrl(text(object, "url"));
    model.page = QUrl(text(object, "page"));
    model.sha256 = text(object, "sha256").toLower();
    model.sha256Source = ModelCatalogue::localized(object, "sha256_source");
    model.sizeBytes = qint64(object.value(QLatin1String("size_bytes")).toDouble());
    model.licence = ModelCatalogue::localized(object, "licence");
    model.licenceUrl = QUrl(text(object, "licence_url"));
    model.nonCommercial = object.value(QLatin1String("non_commercial")).toBool();
    model.goodFor = ModelCatalogue::localized(object, "good_for");
    model.trainedByUser = text(object, "obtain") == QLatin1String("train");
    return model;
}

} // namespace

QString ModelCatalogue::language()
{
    // The translator installed for the UI (translations::install) answers with its language's code.
    return QCoreApplication::translate("delineate::ui::ModelCatalogue", "en",
                                       "language code of the catalogue's texts (good_for_<code>)");
}

QString ModelCatalogue::localized(const QJsonObject& object, const char* key)
{
    const QString code = language();
    if (code != QLatin1String("en")) {
        QString translated = object.value(QLatin1String(key) + QLatin1Char('_') + code).toString();
        if (!translated.isEmpty())
            return translated;
    }
    return text(object, key);
}

ModelCatalogue ModelCatalogue::fromJson(const QByteArray& json, const QString& name)
{
    ModelCatalogue catalogue;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        catalogue.m_error = name + QStringLiteral(": not JSON: ") + parseError.errorString();
        return catalogue;
    }
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    for (const QJsonValue value : document.object().value(QLatin1String("models")).toArray()) {
        CatalogueModel model = modelFrom(value.toObject());
        // The file name becomes a path in the models folder: no separators, no "..".
        if (!safeName.match(model.file).hasMatch() || model.file.startsWith(QLatin1Char('.'))) {
            catalogue.m_error =
                name + QStringLiteral(": model \"") + model.id + QStringLiteral("\" has an unsafe file name");
            catalogue.m_models.clear();
            return catalogue;
        }
        if (!model.sha256.isEmpty() && !hex.match(model.sha256).hasMatch()) {
            catalogue.m_error =
                name + QStringLiteral(": model \"") + model.id + QStringLiteral("\" has a malformed SHA-256");
            catalogue.m_models.clear();
            return catalogue;
        }
        catalogue.m_models.append(model);
    }
    if (catalogue.m_models.isEmpty())
        catalogue.m_error = name + QStringLiteral(": lists no models");
    return catalogue;
}

ModelCatalogue ModelCatalogue::fromFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ModelCatalogue catalogue;
        catalogue.m_error = path + QStringLiteral(": cannot open: ") + file.errorString();
        return catalogue;
    }
    return fromJson(file.read(1 << 20), path);
}

const CatalogueModel* ModelCatalogue::byFileName(const QString& fileName) const
{
    for (const CatalogueModel& model : m_models)
        if (model.file == fileName)
            return &model;
    return nullptr;
}

} // namespace delineate::ui
