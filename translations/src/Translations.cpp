#include "translations/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace delineate::translations {

QString install(QCoreApplication& app, const QLocale& locale)
{
    auto ours = std::make_unique<QTranslator>(&app);
    if (!ours->load(locale, QStringLiteral("delineate"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        return {};
    const QString language = ours->language();
    QCoreApplication::installTranslator(ours.release());
    // Qt's own strings (Debian: qt6-translations-l10n); the UI works without them.
    auto qt = std::make_unique<QTranslator>(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt.release());
    return language.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0);
}

QStringList available()
{
    QStringList languages;
    const QStringList files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("delineate_*.qm")});
    for (const QString& file : files)
        languages << file.mid(10, file.size() - 13); // delineate_<lang>.qm
    return languages;
}

} // namespace delineate::translations
