#pragma once
// The Retrain dock: which label retrains on how many reviewed slices, the preset, Retrain / Cancel,
// live progress (iteration, loss, held-out Dice), the last result (Dice before → after) and the
// project's adapter versions with their stored metrics side by side (compare), the active one
// marked; Activate and Use Base Model switch the inference model. A passive view: it shows what the
// controller tells it and emits what the user asks for.
//
// Scope: "this study only" or "whole project" (the reviewed slices of every study; whole studies held
// out). Each version's row shows the held-out Dice of the base model → the adapter for prompt-free,
// box and point prompts (AdapterRow::promptDice, from the project's learning curve; a version without
// one shows the prompt-free Dice of its metadata). After a retrain the panel offers the action set by
// setRepropagateAction (the SAM menu's "Re-propagate with the New Adapter").

#include "training/AdapterMetadata.h"
#include "training/LearningCurveView.h"

#include <QString>
#include <QWidget>

#include <array>
#include <cmath>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;
class QTreeWidget;

namespace delineate::ui {

struct AdapterRow {
    QString file; // as stored in the project (relative), the row's id
    QString name;
    QString created;
    AdapterMetadata metadata; // empty when the file cannot be read
    QString error;            // why the metadata is missing
    // Held-out Dice per prompt kind (prompt-free, box, point) of the base model and of this version, from
    // the retrain that made it; NaN where not measured.
    std::array<double, 3> baseDice{std::nan(""), std::nan(""), std::nan("")};
    std::array<double, 3> dice{std::nan(""), std::nan(""), std::nan("")};
};

class RetrainPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr const char* kQuickPreset = "quick_cpu";
    static constexpr const char* kBestPreset = "best_gpu";

    explicit RetrainPanel(QWidget* parent = nullptr);

    // "liver: 6 reviewed slices" (name empty: no label); "... in 2 studies" when studies > 1.
    void setLabel(const QString& name, int reviewedSlices, int studies = 1);
    // Retrain enabled or not; `reason` goes into the tooltip (and the hint line) when disabled.
    void setRetrainAvailable(bool available, const QString& reason = {});
    void setRunning(bool running);
    // "iteration 3/100, loss 0.512, held-out Dice 0.830, 1.2 it/s": the held-out Dice when measured (finite),
    // the rate (iterations per second since training started) when elapsedSeconds > 0.
    void showProgress(int iteration, int maxIterations, double loss, double heldOutDice,
                      double elapsedSeconds = 0.0);
    void showResult(const QString& text);
    // Tooltip of the result (e.g. why studies were skipped); cleared by the next run.
    void setResultDetails(const QString& text);
    void setAdapters(const std::vector<AdapterRow>& rows, const QString& activeFile);
    // The project's learning curve (one point per retrain, oldest first); Export CSV is enabled with points.
    void setLearningCurve(std::vector<CurvePoint> points);

    [[nodiscard]] QString presetId() const;
    void setPresetId(const QString& id);
    // Scope of the next retrain: the shown study's reviewed slices, or those of every study of the project.
    [[nodiscard]] bool wholeProject() const;
    void setWholeProject(bool wholeProject);
    // The action offered below the result once a retrain has finished (not owned).
    void setRepropagateAction(QAction* action);
    // Shows or hides that offer (shown after a retrain finished, hidden when the next one starts).
    void offerRepropagate(bool offered);

    // For tests and screenshots.
    [[nodiscard]] QPushButton* retrainButton() const { return m_retrain; }
    [[nodiscard]] QPushButton* cancelButton() const { return m_cancel; }
    [[nodiscard]] QPushButton* activateButton() const { return m_activate; }
    [[nodiscard]] QPushButton* baseModelButton() const { return m_baseModel; }
    [[nodiscard]] QTreeWidget* adapterList() const { return m_adapters; }
    [[nodiscard]] LearningCurveView* learningCurve() const { return m_curve; }
    [[nodiscard]] QPushButton* exportCurveButton() const { return m_exportCurve; }
    [[nodiscard]] QComboBox* scopeBox() const { return m_scope; }
    [[nodiscard]] QToolButton* repropagateButton() const { return m_repropagate; }
    [[nodiscard]] QString progressText() const;
    [[nodiscard]] QString resultText() const;

Q_SIGNALS:
    void retrainRequested();
    void cancelRequested();
    void activateRequested(const QString& file);
    void baseModelRequested();
    void exportCurveRequested();

private:
    void updateAdapterButtons();

    QLabel* m_label;
    QComboBox* m_preset;
    QComboBox* m_scope;
    QPushButton* m_retrain;
    QPushButton* m_cancel;
    QLabel* m_hint;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    QLabel* m_result;
    QToolButton* m_repropagate;
    QTreeWidget* m_adapters;
    QPushButton* m_activate;
    QPushButton* m_baseModel;
    LearningCurveView* m_curve;
    QPushButton* m_exportCurve;
    QString m_activeFile;
    bool m_running = false;
};

} // namespace delineate::ui
