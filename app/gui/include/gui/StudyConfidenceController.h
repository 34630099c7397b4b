#pragma once
// Which study next (issue 19.4): the Studies dock lists the project's studies with the mean prompt-free
// confidence of the loaded model (checkpoint + adapter) per study (fewshot::meanPromptFreeConfidence),
// sortable so the annotator opens the study the model understands least.
//
// The figures are computed in the background, on a thread of this controller with a predictor of its
// own (the inference model on SamService's thread is never touched), whenever a model is loaded and a
// study of the project has no figure for it; Cancel stops after the current slice. They are cached in
// the project (Project::settings: "study_confidence.model" = "<checkpoint file>|<adapter file>",
// "study_confidence.<study id>" = the figure) and dropped when the model or its adapter changes. A
// study that cannot be loaded shows why in its tooltip. Results of a run overtaken by another model are
// ignored (each run has a generation number); the GUI never waits for a run: one overtaken is told to
// stop and joined once it has (or when the controller goes). Runs start only for a project of two or
// more studies (ranking one study says nothing) and while automatic() is on.

#include <QObject>
#include <QString>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

class QDockWidget;
class QMainWindow;

namespace delineate::ui {
class SamService;
class StudyListPanel;
} // namespace delineate::ui

namespace delineate::app {

class ModelController;
class ProjectController;
class StudyOpener;

class StudyConfidenceController : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kModelKey = "study_confidence.model";
    static constexpr const char* kStudyKeyPrefix = "study_confidence.";

    StudyConfidenceController(ProjectController* project, ModelController* models, ui::SamService* sam,
                              StudyOpener* opener, QMainWindow* window);
    ~StudyConfidenceController() override;

    [[nodiscard]] QDockWidget* dock() const { return m_dock; }
    [[nodiscard]] ui::StudyListPanel* panel() const { return m_panel; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    // Slices sampled per study (fewshot::ConfidenceOptions::sampleCount; tests use fewer).
    void setSampleCount(int count) { m_sampleCount = count; }
    // Whether a loaded model starts a run by itself (on by default; tests of other features turn it off).
    void setAutomatic(bool automatic) { m_automatic = automatic; }
    // "/models/vit_t.pth|label-1-v1.safetensors" for the model loaded now (empty: none).
    [[nodiscard]] QString modelKey() const;

public Q_SLOTS:
    // Computes the figures missing for the model loaded now (after dropping those of another model).
    void update();
    void cancel();
    void refreshList();

Q_SIGNALS:
    // One study's figure arrived (or failed: NaN); finished() after the last one or a cancel.
    void studyMeasured(const QString& studyId, double confidence);
    void finished(bool cancelled);

private:
    struct Job;
    void retire();
    void measured(int generation, const std::string& id, double confidence, const QString& problem);
    void done(int generation, bool cancelled);

    ProjectController* m_project;
    ModelController* m_models;
    ui::SamService* m_sam;
    StudyOpener* m_opener;
    ui::StudyListPanel* m_panel;
    QDockWidget* m_dock;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::unique_ptr<Job> m_job;
    std::vector<std::unique_ptr<Job>> m_retired; // told to stop; joined once finished
    std::map<std::string, QString> m_problems;   // study id -> why it could not be measured
    int m_generation = 0;
    int m_sampleCount = 8;
    int m_total = 0;
    int m_done = 0;
    bool m_running = false;
    bool m_automatic = true;
};

} // namespace delineate::app
