#include "gui/RecentStudies.h"

#include <QFileInfo>
#include <QSettings>

namespace delineate::app {
namespace {

const char* const kKey = "recentStudies";

QString normalized(const QString& path)
{
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

RecentStudies::RecentStudies(QObject* parent) : QObject(parent)
{
    m_paths = QSettings().value(QLatin1String(kKey)).toStringList();
    m_paths.removeDuplicates();
    while (m_paths.size() > maximumCount())
        m_paths.removeLast();
}

void RecentStudies::add(const QString& path)
{
    const QString absolute = normalized(path);
    m_paths.removeAll(absolute);
    m_paths.prepend(absolute);
    while (m_paths.size() > maximumCount())
        m_paths.removeLast();
    save();
}

void RecentStudies::remove(const QString& path)
{
    if (m_paths.removeAll(normalized(path)) > 0)
        save();
}

void RecentStudies::clear()
{
    m_paths.clear();
    save();
}

void RecentStudies::save()
{
    QSettings().setValue(QLatin1String(kKey), m_paths);
    Q_EMIT changed();
}

} // namespace delineate::app
