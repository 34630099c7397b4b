#pragma once
// The in-app retraining loop: correct → mark reviewed → Retrain → the new adapter becomes the one of
// its label (issue 16.5: active while that label is) → fresh suggestions. Activate and Use Base Model
// choose the active label's adapter; ModelController::applyContext loads it. Wires the Retrain dock
// (ui/training/RetrainPanel) to the label session, the project (reviewed slices, adapter versions), the
// training thread (ui/training/TrainingService) and the inference model (ModelController / SamService). Owns
// no model: training runs on TrainingService's thread with its own copy, inference on SamService's thread.
//
// Retrain is available when a project folder exists (adapters are versioned inside it as
// adapters/<label>-v<N>.safetensors), a SAM checkpoint is loaded and the active label is present on
// at least kMinimumSlices reviewed slices (any axis of the current study; with "whole project", the
// reviewed slices of the other studies count too, read from the manifest without loading them).
//
// "Whole project" (a project of two or more studies) trains on the reviewed slices of the active label
// in every study, whole studies held out (RetrainJobs.h); every retrain is recorded in the project's
// learning curve with the held-out prompt-free / box / point Dice of the base model and the adapter
// (measured on the training thread), which the dock shows per version. After a retrain the dock offers
// the SAM menu's "Re-propagate with the New Adapter" (MainWindow hands the action to the panel).

#include "project/Project.h"
#include "train/TrainingSettings.h"

#include <QObject>
#include <QString>

#include <functional>
#include <string>

class QDockWidget;
class QMainWindow;
class QTimer;

namespace delineate::ui {
class LabelSession;
class RetrainPanel;
class SamAssistant;
class SamService;
class SliceView;
class TrainingService;
struct TrainingResult;
} // namespace delineate::ui

namespace delineate::app {

class ModelController;
class ProjectController;

class RetrainController : public QObject {
    Q_OBJECT

public:
    static constexpr int kMinimumSlices = 5;

    RetrainController(ui::LabelSession* session, ProjectController* project, ModelController* models,
                      ui::SamService* sam, ui::SamAssistant* assistant, ui::SliceView* view,
                      QMainWindow* window);
    ~RetrainController() override;

    [[nodiscard]] QDockWidget* dock() const { return m_dock; }
    [[nodiscard]] ui::RetrainPanel* panel() const { return m_panel; }
    [[nodiscard]] ui::TrainingService* trainingService() const { return m_training; }
    // Reviewed slices (all axes) on which the active label is present.
    [[nodiscard]] int reviewedSlicesWithActiveLabel() const;
    // The panel asks for the whole project and the project has more than one study.
    [[nodiscard]] bool wholeProject() const;
    // Adjusts the preset's settings before every run (tests: a tiny iteration budget).
    void setSettingsAdjuster(std::function<void(train::TrainingSettings&)> adjust)
    {
        m_adjust = std::move(adjust);
    }

public Q_SLOTS:
    void retrain();
    void cancel();
    void activate(const QString& file);
    void useBaseModel();
    void refresh();
    // Export CSV of the Retrain dock's learning curve (asks for the file).
    void exportLearningCurve();

Q_SIGNALS:
    void message(const QString& text);

private:
    void refreshAdapters();
    void finished(const ui::TrainingResult& result);
    void modelLoaded();
    [[nodiscard]] QString unavailableReason(int slices) const;
    [[nodiscard]] QString resultText(const ui::TrainingResult& result) const;
    // The active label's name, which picks the project's adapter ("" without a study).
    [[nodiscard]] QString activeLabelName() const;

    ui::LabelSession* m_session;
    ProjectController* m_project;
    ModelController* m_models;
    ui::SamService* m_sam;
    ui::SamAssistant* m_assistant;
    ui::SliceView* m_view;
    ui::RetrainPanel* m_panel;
    QDockWidget* m_dock;
    ui::TrainingService* m_training;
    QTimer* m_refreshTimer;
    std::function<void(train::TrainingSettings&)> m_adjust;
    QString m_runCheckpoint;
    QString m_runLabel;
    QString m_runFile;
    QString m_runFolder;
    std::string m_runStudy;
    std::string m_runStrategy;
    bool m_suggestAfterLoad = false;
};

} // namespace delineate::app
