#pragma once
// The file dialogs of the window, all starting in the folder the user last chose a file or folder in
// (one folder for every dialog, kept in QSettings across runs; the home folder the first time). A
// suggested file name is placed in that folder. Each returns the chosen path, empty on Cancel, and
// remembers its folder.

#include <QString>

class QWidget;

namespace delineate::ui {

class FileDialogs {
public:
    [[nodiscard]] static QString openFile(QWidget* parent, const QString& caption, const QString& filter);
    [[nodiscard]] static QString openFolder(QWidget* parent, const QString& caption);
    [[nodiscard]] static QString saveFile(QWidget* parent, const QString& caption,
                                          const QString& suggestedName, const QString& filter);
    // A folder to save into that may not exist yet (the caller creates it): the user types its name.
    [[nodiscard]] static QString newFolder(QWidget* parent, const QString& caption,
                                           const QString& suggestedName);

    // Where the next dialog starts.
    [[nodiscard]] static QString lastFolder();
    // `path`'s folder (or `path` itself when it is a folder) becomes lastFolder().
    static void remember(const QString& path);
};

} // namespace delineate::ui
