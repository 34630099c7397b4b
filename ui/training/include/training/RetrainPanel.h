#pragma once
// The Retrain dock: which label retrains on how many reviewed slices, the preset, Retrain / Cancel,
// live progress (iteration, loss, held-out Dice), the last result (Dice before → after) and the
// project's adapter versions with their stored metrics side by side (compare), the active one
// marked; Activate and Use Base Model switch the inference model. A passive view: it shows what the
// controller tells it and emits what the user asks for.

#include "training/AdapterMetadata.h"
#include "training/LearningCurveView.h"

#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace delineate::ui {

struct AdapterRow {
    QString file; // as stored in the project (relative), the row's id
    QString name;
    QString created;
    AdapterMetadata metadata; // empty when the file cannot be read
    QString error;            // why the metadata is missing
};

class RetrainPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr const char* kQuickPreset = "quick_cpu";
    static constexpr const char* kBestPreset = "best_gpu";

    explicit RetrainPanel(QWidget* parent = nullptr);

    // "liver: 6 reviewed slices" (name empty: no label).
    void setLabel(const QString& name, int reviewedSlices);
    // Retrain enabled or not; `reason` goes into the tooltip (and the hint line) when disabled.
    void setRetrainAvailable(bool available, const QString& reason = {});
    void setRunning(bool running);
    void showProgress(int iteration, int maxIterations, double loss, double heldOutDice);
    void showResult(const QString& text);
    void setAdapters(const std::vector<AdapterRow>& rows, const QString& activeFile);
    // The project's learning curve (one point per retrain, oldest first); Export CSV is enabled with points.
    void setLearningCurve(std::vector<CurvePoint> points);

    [[nodiscard]] QString presetId() const;
    void setPresetId(const QString& id);

    // For tests and screenshots.
    [[nodiscard]] QPushButton* retrainButton() const { return m_retrain; }
    [[nodiscard]] QPushButton* cancelButton() const { return m_cancel; }
    [[nodiscard]] QPushButton* activateButton() const { return m_activate; }
    [[nodiscard]] QPushButton* baseModelButton() const { return m_baseModel; }
    [[nodiscard]] QTreeWidget* adapterList() const { return m_adapters; }
    [[nodiscard]] LearningCurveView* learningCurve() const { return m_curve; }
    [[nodiscard]] QPushButton* exportCurveButton() const { return m_exportCurve; }
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
    QPushButton* m_retrain;
    QPushButton* m_cancel;
    QLabel* m_hint;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    QLabel* m_result;
    QTreeWidget* m_adapters;
    QPushButton* m_activate;
    QPushButton* m_baseModel;
    LearningCurveView* m_curve;
    QPushButton* m_exportCurve;
    QString m_activeFile;
    bool m_running = false;
};

} // namespace delineate::ui
