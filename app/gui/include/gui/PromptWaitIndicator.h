#pragma once
// Waiting made visible (issue 16.3): while a SAM prompt waits for its mask, a small spinner label at the
// top left of the slice view says what the model thread is doing ("Loading model mobile_sam.pt …",
// "Embedding slice 117 …", "Decoding …"), and the status bar shows it with the seconds waited so far.
// Both go away when the mask arrives, the prompt is dropped, or the request fails. Slice numbers are
// shown 1-based, as the view's caption shows them.

#include "inference/ModelActivity.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;
class QTimer;
class QWidget;

namespace delineate::ui {
class SamAssistant;
class SamService;
} // namespace delineate::ui

namespace delineate::app {

class PromptWaitIndicator : public QObject {
    Q_OBJECT

public:
    PromptWaitIndicator(ui::SamService* service, ui::SamAssistant* assistant, QWidget* view,
                        QStatusBar* statusBar, QObject* parent = nullptr);

    // What the label on the view says now ("" when hidden).
    [[nodiscard]] QString text() const;
    [[nodiscard]] QLabel* label() const { return m_label; }
    // The model thread's activity as the annotator reads it ("Embedding slice 117 …").
    [[nodiscard]] static QString describe(const ui::ModelActivity& activity);

private:
    void setWaiting(bool waiting);
    void refresh();

    QLabel* m_label;
    QStatusBar* m_statusBar;
    QTimer* m_timer;
    ui::ModelActivity m_activity;
    QElapsedTimer m_waited;
    QString m_shownStatus; // the status bar message we put there (cleared only if still ours)
    int m_frame = 0;
};

} // namespace delineate::app
