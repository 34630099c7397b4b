#pragma once
// The main window's status bar, left to right after the message: the loader's warnings about the shown
// study, the autosave state, a SAM batch's progress and Cancel (suggestions, propagation, segment
// everything), SAM's last timing, the model status and the cursor readout. The right side keeps to its
// widths (elided, whole text in the tooltip), so the message on the left always has room. The wait for a
// prompt is shown on the view and here (PromptWaitIndicator).

#include "base/Error.h"

#include <QObject>
#include <QString>

#include <vector>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace delineate::ui {
class SamAssistant;
class SamService;
class SliceView;
} // namespace delineate::ui

namespace delineate::app {

class AutosaveController;
class ElidingLabel;
class EverythingController;
class ModelController;
class PromptWaitIndicator;

class MainStatusBar : public QObject {
    Q_OBJECT

public:
    struct Sources {
        ui::SamService* sam;
        ui::SamAssistant* assistant;
        ui::SliceView* view;
        ModelController* models;
        EverythingController* everything;
        AutosaveController* autosave;
    };
    MainStatusBar(QStatusBar* bar, const Sources& sources, QObject* parent = nullptr);

    [[nodiscard]] PromptWaitIndicator* promptWait() const { return m_promptWait; }

    void setReadout(const QString& text);
    // Stays while the study is shown: how many warnings, the first one with its file's name (the full path
    // and every warning in the tooltip and in File > Study Information). None: hidden.
    void showStudyWarnings(const std::vector<Error>& warnings);

private:
    void showProgress(int done, int total, double remaining);

    ElidingLabel* m_readout;
    QLabel* m_studyWarning; // the loader's warnings about the shown study (io::Study::warnings)
    ElidingLabel* m_samStatus;
    QLabel* m_samTiming;
    QProgressBar* m_batchProgress;
    QToolButton* m_batchCancel;
    PromptWaitIndicator* m_promptWait;
};

} // namespace delineate::app
