#include "resources/ApplicationIdentity.h"

#include <QGuiApplication>
#include <QIcon>
#include <QString>

namespace delineate::resources {

QString iconPath()
{
    return QStringLiteral(":/delineate/delineate.svg");
}

void applyApplicationIdentity(QGuiApplication& app)
{
    QGuiApplication::setOrganizationName(QStringLiteral("Delineate"));
    QGuiApplication::setApplicationName(QStringLiteral("Delineate"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Delineate"));
    QGuiApplication::setDesktopFileName(QStringLiteral("delineate"));
    app.setWindowIcon(QIcon(iconPath()));
}

} // namespace delineate::resources
