#pragma once
// The labels dock: one row per label (colour, name, visible, locked); the selected row is the active
// label. Add, rename (double click or F2), recolour, hide, lock, import an ITK-SNAP label file.
// Presents a LabelSession; keeps no state of its own.

#include "base/Error.h"
#include "feedback/ErrorPresenter.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace delineate::ui {

class LabelSession;

class LabelsPanel : public QWidget {
    Q_OBJECT

public:
    enum Column { ColorColumn, NameColumn, VisibleColumn, LockedColumn };

    explicit LabelsPanel(LabelSession* session, QWidget* parent = nullptr);

    [[nodiscard]] QTreeWidget* tree() const { return m_tree; }

public Q_SLOTS:
    void addLabel();
    void recolourCurrent();
    void importItkSnapDialog();
    void exportItkSnapDialog();

private:
    void rebuild();
    void syncCurrent();
    void itemChanged(QTreeWidgetItem* item, int column);
    void showError(const Error& error, ErrorAction action, const QString& path);

    LabelSession* m_session;
    QTreeWidget* m_tree = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_colourButton = nullptr;
    QPushButton* m_importButton = nullptr;
    bool m_rebuilding = false;
};

} // namespace delineate::ui
