#include "gui/RetrainController.h"

#include "RetrainJobs.h"
#include "RetrainProjectData.h"
#include "feedback/ErrorPresenter.h"
#include "fewshot/ProjectDataset.h"
#include "fewshot/TrainingSet.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/VerticalScrollArea.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "project/LearningCurve.h"
#include "training/RetrainPanel.h"
#include "training/TrainingService.h"
#include "viewer/SliceView.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace delineate::app {
namespace {

QString joinedIds(const std::vector<std::string>& ids)
{
    QStringList names;
    for (const std::string& id : ids)
        names << QString::fromStdString(id);
    return names.join(QStringLiteral(", "));
}

} // namespace

RetrainController::RetrainController(ui::LabelSession* session, ProjectController* project,
                                     ModelController* models, ui::SamService* sam,
                                     ui::SamAssistant* assistant, ui::SliceView* view, QMainWindow* window)
    : QObject(window), m_session(session), m_project(project), m_models(models), m_sam(sam),
      m_assistant(assistant), m_view(view), m_panel(new ui::RetrainPanel),
      m_dock(new QDockWidget(tr("Retrain"), window)), m_training(new ui::TrainingService(this)),
      m_refreshTimer(new QTimer(this))
{
    m_dock->setObjectName(QStringLiteral("retrainDock"));
    // Scrolling up and down: the dock's height does not add the panel's whole height to the window's minimum
    // (1280 x 800 laptops), and the wrapped result text gets the height it needs.
    auto* scroll = new VerticalScrollArea(m_panel);
    scroll->setObjectName(QStringLiteral("retrainScroll"));
    m_dock->setWidget(scroll);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(150); // label edits come in bursts
    connect(m_refreshTimer, &QTimer::timeout, this, &RetrainController::refresh);

    connect(m_panel, &ui::RetrainPanel::retrainRequested, this, &RetrainController::retrain);
    connect(m_panel, &ui::RetrainPanel::cancelRequested, this, &RetrainController::cancel);
    connect(m_panel, &ui::RetrainPanel::activateRequested, this, &RetrainController::activate);
    connect(m_panel, &ui::RetrainPanel::baseModelRequested, this, &RetrainController::useBaseModel);
    connect(m_panel, &ui::RetrainPanel::exportCurveRequested, this, &RetrainController::exportLearningCurve);
    connect(m_panel->scopeBox(), &QComboBox::currentIndexChanged, this, &RetrainController::refresh);

    connect(m_training, &ui::TrainingService::progress, this,
            [this](int iteration, double loss, double heldOutDice, double elapsedSeconds, int maxIterations) {
                m_panel->showProgress(iteration, maxIterations, loss, heldOutDice, elapsedSeconds);
            });
    connect(m_training, &ui::TrainingService::finished, this, &RetrainController::finished);
    connect(m_training, &ui::TrainingService::cancelled, this, [this] {
        m_panel->setRunning(false);
        m_panel->showResult(tr("Cancelled; the active model is unchanged."));
        refresh();
    });
    connect(m_training, &ui::TrainingService::failed, this, [this](const Error& error) {
        const QString text = ui::ErrorPresenter::present(error, ui::ErrorAction::Retrain, m_runLabel).text();
        m_panel->setRunning(false);
        m_panel->showResult(text);
        Q_EMIT message(text);
        refresh();
    });

    // The study the retrain learns from is closed: the run stops (no adapter is written) and says so.
    connect(m_project, &ProjectController::studyClosed, this, [this] {
        if (!m_training->isRunning())
            return;
        m_training->cancel();
        Q_EMIT message(tr("Retraining cancelled: the study was closed."));
    });
    auto later = [this] { m_refreshTimer->start(); };
    connect(m_session, &ui::LabelSession::activeLabelChanged, this, later);
    connect(m_session, &ui::LabelSession::activeLabelChanged, this, &RetrainController::refreshAdapters);
    connect(m_session, &ui::LabelSession::tableChanged, this, &RetrainController::refreshAdapters);
    connect(m_session, &ui::LabelSession::labelsChanged, this, later);
    connect(m_session, &ui::LabelSession::labelsReplaced, this, later);
    connect(m_session, &ui::LabelSession::tableChanged, this, later);
    connect(m_project, &ProjectController::reviewedChanged, this, later);
    connect(m_project, &ProjectController::studiesChanged, this, &RetrainController::refreshAdapters);
    connect(m_project, &ProjectController::adaptersChanged, this, [this, later] {
        refreshAdapters();
        later();
    });
    connect(m_models, &ModelController::statusChanged, this, later);
    connect(m_sam, &ui::SamService::modelLoaded, this, &RetrainController::modelLoaded);
    refresh();
    refreshAdapters();
}

RetrainController::~RetrainController() = default;

int RetrainController::reviewedSlicesWithActiveLabel() const
{
    if (!m_session->isOpen())
        return 0;
    return static_cast<int>(
        reviewedWithLabel(*m_project, *m_session->labels(), m_session->activeLabel()).size());
}

QString RetrainController::unavailableReason(int slices) const
{
    if (!m_session->isOpen() || !m_project->study())
        return tr("Open a study to retrain on its reviewed slices.");
    if (m_project->folder().isEmpty())
        return tr("Save the project first (File \u2192 Save Project): adapter versions are stored in the "
                  "project folder.");
    if (m_models->checkpoint().isEmpty() || !m_sam->hasModel())
        return tr("Load a SAM checkpoint first (Model \u2192 Choose Checkpoint\u2026).");
    if (slices < kMinimumSlices)
        return tr("Retrain needs the active label on at least %1 reviewed slices (now %2). Correct a slice, "
                  "then mark it reviewed (M).")
            .arg(kMinimumSlices)
            .arg(slices);
    return {};
}

void RetrainController::refresh()
{
    const labels::LabelEntry* label =
        m_session->isOpen() ? m_session->table().find(m_session->activeLabel()) : nullptr;
    int slices = reviewedSlicesWithActiveLabel();
    int studies = 1;
    if (wholeProject()) {
        const auto [elsewhere, others] = reviewedElsewhere(*m_project);
        slices += static_cast<int>(elsewhere);
        studies += others;
    }
    m_panel->setLabel(label ? QString::fromStdString(label->name) : QString(), slices, studies);
    const QString reason = unavailableReason(slices);
    m_panel->setRetrainAvailable(reason.isEmpty() && !m_training->isRunning(), reason);
}

void RetrainController::refreshAdapters()
{
    m_panel->setAdapters(adapterRows(*m_project), m_project->activeAdapter(activeLabelName()));
    m_panel->setLearningCurve(learningCurve(m_project->session().project()));
}

void RetrainController::exportLearningCurve()
{
    const QString path = QFileDialog::getSaveFileName(
        m_panel, tr("Export Learning Curve"),
        QDir(m_project->folder()).filePath(QStringLiteral("learning-curve.csv")), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto written = project::writeLearningCurveCsv(m_project->session().project(), path.toStdString());
        !written)
        Q_EMIT message(
            ui::ErrorPresenter::present(written.error(), ui::ErrorAction::ExportProject, path).text());
    else
        Q_EMIT message(tr("Learning curve saved to %1.").arg(QDir::toNativeSeparators(path)));
}

bool RetrainController::wholeProject() const
{
    return m_panel->wholeProject() && m_project->session().project().studies.size() > 1;
}

void RetrainController::retrain()
{
    if (m_training->isRunning())
        return;
    const auto study = m_project->study();
    const std::vector<fewshot::SliceRef> refs =
        m_session->isOpen() ? reviewedWithLabel(*m_project, *m_session->labels(), m_session->activeLabel())
                            : std::vector<fewshot::SliceRef>{};
    const int available = static_cast<int>(refs.size()) +
                          (wholeProject() ? static_cast<int>(reviewedElsewhere(*m_project).first) : 0);
    if (const QString reason = unavailableReason(available); !reason.isEmpty() || !study) {
        m_panel->showResult(reason);
        return;
    }
    auto slices =
        fewshot::makeTrainingSlices(study->volume, *m_session->labels(), m_session->activeLabel(), refs);
    const labels::LabelEntry* label = m_session->table().find(m_session->activeLabel());
    m_runLabel = label ? QString::fromStdString(label->name) : QStringLiteral("label");
    if (!slices) {
        m_panel->showResult(
            ui::ErrorPresenter::present(slices.error(), ui::ErrorAction::Retrain, m_runLabel).text());
        return;
    }
    const project::StudyEntry* entry = m_project->session().current();
    m_runStudy = entry ? entry->id : std::string("study");
    ui::TrainingRequest request;
    request.settings = m_panel->presetId() == QLatin1String(ui::RetrainPanel::kBestPreset)
                           ? train::TrainingSettings::bestGpu()
                           : train::TrainingSettings::quickCpu();
    // Leave a core to the GUI and the inference thread.
    request.settings.threads = std::max(1, QThread::idealThreadCount() - 1);
    if (m_adjust)
        m_adjust(request.settings);
    if (wholeProject()) {
        fewshot::StudyExamples current{m_runStudy, std::move(slices).value()};
        for (train::TrainingSlice& slice :
             current.slices) // "<study id> <axis> <index>", as the other studies'
            slice.description = m_runStudy + " " + slice.description;
        request.prepare = projectExamples(
            fewshot::projectStudies(m_project->folder().toStdString(), m_project->session().project()),
            std::move(current), m_session->activeLabel());
    } else {
        for (const fewshot::SliceRef& ref : refs)
            request.sliceDescriptions.push_back(fewshot::describeSlice(ref));
        fewshot::TrainingSplit split = fewshot::splitTrainingSlices(std::move(slices).value());
        request.training = std::move(split.training);
        request.heldOut = std::move(split.heldOut);
        request.extraMetadata["study"] =
            QFileInfo(QString::fromStdString(study->sourcePath)).fileName().toStdString();
    }
    m_runFile = nextAdapterFile(*m_project, m_runLabel);
    m_runCheckpoint = m_models->checkpoint();
    m_runFolder = m_project->folder();
    m_runStrategy = train::strategyName(request.settings);
    request.checkpointPath = m_runCheckpoint;
    request.evaluatePrompts = promptEvaluation(m_runCheckpoint, request.settings.threads);
    request.label = m_runLabel;
    request.outputPath = m_project->absolutePath(m_runFile);
    request.extraMetadata["label_value"] = std::to_string(m_session->activeLabel());
    if (!m_training->start(std::move(request)))
        return;
    m_panel->setRunning(true);
    refresh();
    Q_EMIT message(tr("Retraining \u201c%1\u201d in the background\u2026").arg(m_runLabel));
}

void RetrainController::cancel()
{
    m_training->cancel();
}

void RetrainController::finished(const ui::TrainingResult& result)
{
    m_panel->setRunning(false);
    m_panel->showResult(resultText(result));
    m_panel->offerRepropagate(true);
    if (m_project->folder() != m_runFolder) { // the project changed while training
        Q_EMIT message(
            tr("The project changed during retraining; the adapter is in %1").arg(result.adapterPath));
        refresh();
        return;
    }
    project::AdapterEntry entry;
    entry.file = m_runFile.toStdString();
    entry.name = QFileInfo(m_runFile).completeBaseName().toStdString();
    entry.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    entry.label = m_runLabel.toStdString();
    if (const Result<void> added = m_project->addAdapter(entry); !added)
        Q_EMIT message(
            ui::ErrorPresenter::present(added.error(), ui::ErrorAction::UpdateProject, m_project->folder())
                .text());
    if (const Result<void> recorded =
            m_project->addRetrain(retrainRecord(result, {m_runFile, m_runLabel, m_runStrategy, m_runStudy}));
        !recorded)
        Q_EMIT message(
            ui::ErrorPresenter::present(recorded.error(), ui::ErrorAction::UpdateProject, m_project->folder())
                .text());
    // The adapter serves its label (active at once when that label still is); the checkpoint it was
    // trained on is loaded again if another was chosen meanwhile.
    m_suggestAfterLoad = m_models->applyContext(m_runCheckpoint);
    Q_EMIT message(
        tr("Adapter %1 is active for label \u201c%2\u201d").arg(QFileInfo(m_runFile).fileName(), m_runLabel));
    refresh();
}

QString RetrainController::resultText(const ui::TrainingResult& result) const
{
    const QString where = result.diceOnHeldOut ? tr("held-out, %1 slices").arg(result.diceSlices)
                                               : tr("training slices, no held-out set");
    // Two measures (tst_adapter_roundtrip): the trainer's, a mean of the slices' Dice in the 256x256 model
    // frame, and eval-model's, Dice pooled over the slices at full resolution.
    QStringList lines{tr("Dice %1 \u2192 %2 (%3; trainer's low-res mean)")
                          .arg(ui::formatDice(result.diceBefore), ui::formatDice(result.diceAfter), where)};
    if (!result.trainingStudies.empty())
        lines << tr("Trained on %1; held out: %2")
                     .arg(joinedIds(result.trainingStudies),
                          result.heldOutStudies.empty() ? tr("none") : joinedIds(result.heldOutStudies));
    if (std::isfinite(result.adapterPromptDice[0]))
        lines
            << tr("Held-out Dice, full resolution, pooled: base \u2192 adapter prompt-free %1 \u2192 %2, box "
                  "%3 \u2192 %4, point %5 \u2192 %6")
                   .arg(ui::formatDice(result.basePromptDice[0]), ui::formatDice(result.adapterPromptDice[0]),
                        ui::formatDice(result.basePromptDice[1]), ui::formatDice(result.adapterPromptDice[1]),
                        ui::formatDice(result.basePromptDice[2]),
                        ui::formatDice(result.adapterPromptDice[2]));
    QStringList reasons;
    for (const std::string& skipped : result.skipped) { // "<study id>: <why>", the why in the tooltip
        const QString text = QString::fromStdString(skipped);
        lines << tr("Skipped %1").arg(text.section(QStringLiteral(": "), 0, 0));
        reasons << text;
    }
    m_panel->setResultDetails(reasons.join(QLatin1Char('\n')));
    return lines.join(QLatin1Char('\n'));
}

void RetrainController::modelLoaded()
{
    refresh();
    if (!m_suggestAfterLoad)
        return;
    m_suggestAfterLoad = false;
    if (!m_session->isOpen() || !m_project->study())
        return;
    // Fresh suggestion for the slice in view unless the annotator already vouched for it.
    const image::SliceAxis axis = m_view->viewTransform().normalAxis();
    if (!m_project->isReviewed(axis, m_view->sliceIndex()) && !m_assistant->hasProposal())
        m_assistant->suggestCurrentSlice();
}

void RetrainController::activate(const QString& file)
{
    const QString label = activeLabelName();
    if (label.isEmpty())
        return;
    if (const Result<void> set = m_project->setActiveAdapter(label, file); !set) {
        Q_EMIT message(
            ui::ErrorPresenter::present(set.error(), ui::ErrorAction::UpdateProject, m_project->folder())
                .text());
        return;
    }
    m_suggestAfterLoad = m_models->applyContext();
}

void RetrainController::useBaseModel()
{
    activate({});
}

QString RetrainController::activeLabelName() const
{
    const labels::LabelEntry* label =
        m_session->isOpen() ? m_session->table().find(m_session->activeLabel()) : nullptr;
    return label ? QString::fromStdString(label->name) : QString();
}

} // namespace delineate::app
