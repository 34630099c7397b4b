#include "feedback/FileDialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

namespace delineate::ui {
namespace {

const char* const kKey = "fileDialogs/lastFolder";

QString chosen(const QString& path, bool isFolder)
{
    if (!path.isEmpty())
        FileDialogs::remember(isFolder ? path : QFileInfo(path).absolutePath());
    return path;
}

} // namespace

QString FileDialogs::lastFolder()
{
    const QString folder = QSettings().value(QLatin1String(kKey)).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void FileDialogs::remember(const QString& path)
{
    const QFileInfo info(path);
    QSettings().setValue(QLatin1String(kKey), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QString FileDialogs::openFile(QWidget* parent, const QString& caption, const QString& filter)
{
    return chosen(QFileDialog::getOpenFileName(parent, caption, lastFolder(), filter), false);
}

QString FileDialogs::openFolder(QWidget* parent, const QString& caption)
{
    return chosen(QFileDialog::getExistingDirectory(parent, caption, lastFolder()), true);
}

QString FileDialogs::saveFile(QWidget* parent, const QString& caption, const QString& suggestedName,
                              const QString& filter)
{
    return chosen(
        QFileDialog::getSaveFileName(parent, caption, QDir(lastFolder()).filePath(suggestedName), filter),
        false);
}

QString FileDialogs::newFolder(QWidget* parent, const QString& caption, const QString& suggestedName)
{
    // A save dialog, so that a name that does not exist yet can be typed; folders only are listed.
    QString folder = QFileDialog::getSaveFileName(parent, caption, QDir(lastFolder()).filePath(suggestedName),
                                                  {}, nullptr, QFileDialog::ShowDirsOnly);
    if (!folder.isEmpty())
        remember(QFileInfo(folder).absolutePath());
    return folder;
}

} // namespace delineate::ui
