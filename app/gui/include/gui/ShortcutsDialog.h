#pragma once
// Help > Keyboard Shortcuts (F1): a non-modal list of every action of the window that has a keyboard
// shortcut, grouped by menu. It is generated from the live QActions (menu bar menus, then actions
// added to the window itself) each time it is shown, so it cannot go stale. The mouse gestures of the
// slice view (viewer/SliceView.h) come first, in their own group.

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QMenuBar;
class QTreeWidget;

namespace delineate::app {

class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    struct Entry {
        QString group;    // menu path, e.g. "Labels" or "File > Open Recent"
        QString action;   // action text without mnemonics or trailing ellipsis
        QString shortcut; // every shortcut of the action, native text, comma separated
    };

    // Entries of the menus of `menuBar` and of `extra` (actions not in any menu: group "Other").
    // Only actions with a shortcut; each action once (its first menu).
    [[nodiscard]] static QList<Entry> collect(const QMenuBar* menuBar, const QList<QAction*>& extra);
    // The slice view's mouse gestures (group "Mouse").
    [[nodiscard]] static QList<Entry> mouseGestures();

    ShortcutsDialog(QMenuBar* menuBar, QWidget* window);

    // Rebuilds the list from the actions (also done on every show).
    void refresh();
    [[nodiscard]] int rowCount() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    QMenuBar* m_menuBar;
    QWidget* m_window;
    QTreeWidget* m_tree;
};

} // namespace delineate::app
