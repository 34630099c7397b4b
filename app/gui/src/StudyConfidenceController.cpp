#include "gui/StudyConfidenceController.h"

#include "fewshot/StudyConfidence.h"
#include "gui/ModelController.h"
#include "gui/ProjectController.h"
#include "gui/StudyOpener.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "sam/SamPredictor.h"
#include "training/StudyListPanel.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <thread>
#include <vector>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace delineate::app {
namespace {

struct Target {
    std::string id;
    std::string path;
    io::LoadOptions options;
};

std::string studyKey(const std::string& id)
{
    return StudyConfidenceController::kStudyKeyPrefix + id;
}

} // namespace

// One background run: a thread with its own predictor; it only reads its arguments and posts results.
struct StudyConfidenceController::Job {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::shared_ptr<std::atomic<bool>> finished = std::make_shared<std::atomic<bool>>(false);
};

StudyConfidenceController::StudyConfidenceController(ProjectController* project, ModelController* models,
                                                     ui::SamService* sam, StudyOpener* opener,
                                                     QMainWindow* window)
    : QObject(window), m_project(project), m_models(models), m_sam(sam), m_opener(opener),
      m_panel(new ui::StudyListPanel), m_dock(new QDockWidget(tr("Studies"), window))
{
    m_dock->setObjectName(QStringLiteral("studiesDock"));
    m_dock->setWidget(m_panel);
    connect(m_panel, &ui::StudyListPanel::cancelRequested, this, &StudyConfidenceController::cancel);
    connect(m_panel, &ui::StudyListPanel::openRequested, this, [this](int index) {
        const auto studies = m_project->studies();
        if (index >= 0 && static_cast<std::size_t>(index) < studies.size() &&
            !studies[std::size_t(index)].current)
            m_opener->openStudy(studies[std::size_t(index)].path, {}, studies[std::size_t(index)].options);
    });
    connect(m_sam, &ui::SamService::modelLoaded, this, &StudyConfidenceController::update);
    connect(m_project, &ProjectController::studiesChanged, this, [this] {
        refreshList();
        if (!m_running)
            update();
    });
    connect(m_project, &ProjectController::reviewedChanged, this, &StudyConfidenceController::refreshList);
    refreshList();
}

StudyConfidenceController::~StudyConfidenceController()
{
    retire();
    for (const auto& job : m_retired)
        job->thread.join(); // at most one slice each: cancel is polled before every slice
}

void StudyConfidenceController::retire()
{
    if (m_job) {
        m_job->cancel->store(true);
        m_retired.push_back(std::move(m_job));
    }
    std::erase_if(m_retired, [](const std::unique_ptr<Job>& job) {
        if (!job->finished->load())
            return false;
        job->thread.join(); // returns at once: the thread has left its function
        return true;
    });
}

QString StudyConfidenceController::modelKey() const
{
    if (!m_sam->hasModel() || m_models->checkpoint().isEmpty())
        return {};
    return QFileInfo(m_models->checkpoint()).absoluteFilePath() + QLatin1Char('|') +
           QFileInfo(m_models->adapter()).fileName();
}

void StudyConfidenceController::refreshList()
{
    const QString key = modelKey();
    const auto& settings = m_project->session().project().settings;
    const auto model = settings.find(kModelKey);
    const bool cached =
        !key.isEmpty() && model != settings.end() && QString::fromStdString(model->second) == key;
    const auto summaries = m_project->studies();
    const auto& entries = m_project->session().project().studies;
    std::vector<ui::StudyRow> rows;
    for (std::size_t i = 0; i < summaries.size(); ++i) {
        ui::StudyRow row;
        row.name = summaries[i].name;
        row.path = summaries[i].path;
        row.reviewed = static_cast<int>(summaries[i].reviewed);
        row.current = summaries[i].current;
        if (i < entries.size()) {
            const auto value = settings.find(studyKey(entries[i].id));
            if (cached && value != settings.end())
                row.confidence = std::strtod(value->second.c_str(), nullptr);
            if (const auto problem = m_problems.find(entries[i].id); problem != m_problems.end())
                row.problem = problem->second;
        }
        rows.push_back(row);
    }
    m_panel->setStudies(rows);
    if (!m_running && key.isEmpty())
        m_panel->setStatus(tr("Load a SAM model to see how confident it is on each study."), false);
}

void StudyConfidenceController::update()
{
    const QString key = modelKey();
    if (key.isEmpty() || m_project->folder().isEmpty() || !m_automatic ||
        m_project->session().project().studies.size() < 2) {
        refreshList();
        return;
    }
    auto settings = m_project->session().project().settings;
    if (const auto model = settings.find(kModelKey);
        model == settings.end() || model->second != key.toStdString()) {
        std::map<std::string, std::string> changes{{kModelKey, key.toStdString()}};
        for (const auto& [name, value] : settings) // figures of another model or adapter
            if (name.rfind(kStudyKeyPrefix, 0) == 0 && name != kModelKey)
                changes[name] = {};
        (void)m_project->session().setSettings(changes); // the cache only: a failed write costs a recount
        m_problems.clear();
        settings = m_project->session().project().settings;
    } else if (m_running) {
        return; // the run under way measures this model already
    }
    std::vector<Target> targets;
    const auto summaries = m_project->studies();
    const auto& entries = m_project->session().project().studies;
    for (std::size_t i = 0; i < summaries.size() && i < entries.size(); ++i)
        if (!settings.count(studyKey(entries[i].id)) && !m_problems.count(entries[i].id))
            targets.push_back({entries[i].id, summaries[i].path.toStdString(), summaries[i].options});
    refreshList();
    retire(); // a run for another model stops; its late results are ignored
    m_running = false;
    if (targets.empty()) {
        m_panel->setStatus(tr("Confidence of %1.")
                               .arg(key.section(QLatin1Char('|'), 0, 0).section(QLatin1Char('/'), -1) +
                                    (m_models->adapter().isEmpty() ? QString() : tr(" + adapter"))),
                           false);
        return;
    }
    const int generation = ++m_generation;
    m_total = static_cast<int>(targets.size());
    m_done = 0;
    m_running = true;
    m_panel->setStatus(tr("Measuring confidence: %1 of %2 studies\u2026").arg(0).arg(m_total), true);
    m_job = std::make_unique<Job>();
    m_job->cancel = std::make_shared<std::atomic<bool>>(false);
    const std::string checkpoint = m_models->checkpoint().toStdString();
    const std::string adapter = m_models->adapter().toStdString();
    const int threads = std::max(1, QThread::idealThreadCount() / 2);
    const int samples = m_sampleCount;
    m_job->thread = std::thread([this, generation, checkpoint, adapter, threads, samples, targets,
                                 cancel = m_job->cancel, finished = m_job->finished] {
        struct Leaving { // says the thread is done, whichever way it returns
            std::atomic<bool>& flag;
            ~Leaving() { flag.store(true); }
        } leaving{*finished};
#ifdef __linux__
        (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10); // annotation first
#endif
        auto post = [this](auto f) { QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection); };
        const double none = std::numeric_limits<double>::quiet_NaN();
        sam::SamOptions options;
        options.threads = threads;
        auto predictor = sam::SamPredictor::fromCheckpoint(checkpoint, options);
        Result<void> ready = predictor ? Result<void>{} : Result<void>{predictor.error()};
        if (ready && !adapter.empty())
            ready = predictor->loadPeftWeights(adapter);
        for (const Target& target : targets) {
            if (cancel->load())
                return post([this, generation] { done(generation, true); });
            Result<double> confidence = ready ? Result<double>{0.0} : Result<double>{ready.error()};
            if (ready) {
                auto study = io::loadStudy(target.path, target.options);
                fewshot::ConfidenceOptions measure;
                measure.cancel = cancel.get();
                measure.sampleCount = samples;
                confidence = study ? fewshot::meanPromptFreeConfidence(*predictor, study->volume, measure)
                                   : Result<double>{study.error()};
            }
            if (!confidence && confidence.error().code == ErrorCode::Cancelled)
                return post([this, generation] { done(generation, true); });
            post([this, generation, id = target.id, value = confidence ? *confidence : none,
                  problem = confidence ? QString() : QString::fromStdString(confidence.error().message())] {
                measured(generation, id, value, problem);
            });
        }
        post([this, generation] { done(generation, false); });
    });
}

void StudyConfidenceController::measured(int generation, const std::string& id, double confidence,
                                         const QString& problem)
{
    if (generation != m_generation)
        return;
    ++m_done;
    if (std::isfinite(confidence)) {
        char text[32];
        std::snprintf(text, sizeof text, "%.6f", confidence);
        (void)m_project->session().setSettings({{studyKey(id), text}});
    } else {
        m_problems[id] = problem;
    }
    m_panel->setStatus(tr("Measuring confidence: %1 of %2 studies\u2026").arg(m_done).arg(m_total), true);
    refreshList();
    Q_EMIT studyMeasured(QString::fromStdString(id), confidence);
}

void StudyConfidenceController::done(int generation, bool cancelled)
{
    if (generation != m_generation)
        return;
    m_running = false;
    retire(); // it has posted its last message and is leaving
    refreshList();
    if (cancelled)
        m_panel->setStatus(tr("Cancelled: confidence measured on %1 of %2 studies.").arg(m_done).arg(m_total),
                           false);
    else
        m_panel->setStatus(
            tr("Confidence measured on %1 studies; sort by it to open the least confident next.").arg(m_done),
            false);
    Q_EMIT finished(cancelled);
}

void StudyConfidenceController::cancel()
{
    if (m_job)
        m_job->cancel->store(true);
}

} // namespace delineate::app
