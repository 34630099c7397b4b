#pragma once
// The status bar's autosave warning: hidden while autosave works; while it fails (a full or read-only
// project folder) it says that the edits are kept in memory and retried, with the file and the reason
// in its tool tip, until an autosave succeeds or the edits are saved or discarded.

#include <QLabel>

namespace delineate::app {

class AutosaveController;

class AutosaveStatus : public QLabel {
    Q_OBJECT

public:
    explicit AutosaveStatus(AutosaveController* autosave, QWidget* parent = nullptr);

private:
    void refresh();

    AutosaveController* m_autosave;
};

} // namespace delineate::app
