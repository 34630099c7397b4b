#pragma once
// Installs Delineate's translation for a locale (compiled in from translations/*.ts), together with
// Qt's own strings (standard buttons, file dialogs) when the system has them.

#include <QString>

class QCoreApplication;
class QLocale;

namespace delineate::translations {

// The language installed ("de"), or empty when none matches `locale` and the UI stays in English.
QString install(QCoreApplication& app, const QLocale& locale);

// Languages compiled in, e.g. {"de"}.
[[nodiscard]] QStringList available();

} // namespace delineate::translations
