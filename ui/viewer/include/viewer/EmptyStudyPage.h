#pragma once
// What the main window shows before a study is open: what to do, and buttons to do it.

#include <QWidget>

class QLabel;

namespace delineate::ui {

class EmptyStudyPage : public QWidget {
    Q_OBJECT

public:
    explicit EmptyStudyPage(QWidget* parent = nullptr);

    // Replaces the hint line, e.g. with "Loading …" while a study opens.
    void setStatusText(const QString& text);

Q_SIGNALS:
    void openFileRequested();
    void openFolderRequested();

private:
    QLabel* m_status = nullptr;
};

} // namespace delineate::ui
