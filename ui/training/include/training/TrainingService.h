#pragma once
// GUI-side handle of the training thread. One std::thread per service owns a train::Trainer and with
// it a private copy of the model being trained; the inference model stays on SamService's thread and
// is never touched here (after training, the caller loads the saved adapter there). The GUI only
// posts a value-type request and receives value-type results as queued signals; it never waits on
// the training thread, except in the destructor (cancel, then join: cancel is polled once per
// iteration and between phases, so at most one iteration or one Dice evaluation). The training thread
// runs at a lower priority (nice 10 on Linux) so that annotation and inference keep the CPU.
//
// One run at a time: start() while running is refused. Each run loads the base checkpoint, measures
// Dice before (held-out slices, or the training slices when none are held out), trains, measures
// Dice after and saves the trained weights with metadata (Trainer::saveWeights plus dice_before,
// dice_after, dice_slices, base_checkpoint) to `outputPath` (written to a temporary name first).
// With `prepare` the examples are cut on the training thread first; with `evaluatePrompts` and held-out
// slices the base model and the saved adapter are also measured per prompt kind (cancelling then
// removes the adapter again).

#include "base/Error.h"
#include "base/Result.h"
#include "train/TrainingSettings.h"
#include "train/TrainingSlice.h"

#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace delineate::ui {

// Examples cut on the training thread (a retrain over the whole project loads its other studies there).
struct PreparedExamples {
    std::vector<train::TrainingSlice> training;
    std::vector<train::TrainingSlice> heldOut;
    std::vector<std::string> sliceDescriptions;       // training slices (metadata)
    std::map<std::string, std::string> extraMetadata; // added to the request's
    std::vector<std::string> trainingStudies;         // study ids
    std::vector<std::string> heldOutStudies;
    std::vector<std::string> skipped; // "<study id>: <why>", studies that could not be loaded
};

// Held-out Dice of one model per prompt kind: [0] prompt-free, [1] box, [2] point (NaN: not measured).
using PromptDice = std::array<double, 3>;
[[nodiscard]] PromptDice unmeasuredPromptDice();

struct TrainingRequest {
    QString checkpointPath; // base SAM checkpoint (.pth)
    train::TrainingSettings settings;
    std::vector<train::TrainingSlice> training;
    std::vector<train::TrainingSlice> heldOut; // may be empty
    QString label;                             // label name (metadata)
    QString outputPath;                        // .safetensors to write
    std::vector<std::string> sliceDescriptions;
    std::map<std::string, std::string> extraMetadata;
    // Optional, run on the training thread first: replaces training, heldOut and sliceDescriptions.
    // `cancel` is set when the run is cancelled (return a Cancelled error then).
    std::function<Result<PreparedExamples>(const std::atomic<bool>& cancel)> prepare;
    // Optional, run on the training thread when there are held-out slices: the prompt-free / box / point
    // Dice of the base model (adapterPath empty, before training) and of the saved adapter (after).
    std::function<Result<PromptDice>(const QString& adapterPath,
                                     const std::vector<train::TrainingSlice>& heldOut,
                                     const std::atomic<bool>& cancel)>
        evaluatePrompts;
};

struct TrainingResult {
    QString adapterPath;
    train::TrainingReport report;
    double diceBefore = 0.0;
    double diceAfter = 0.0;
    bool diceOnHeldOut = false; // false: measured on the training slices
    int diceSlices = 0;         // how many slices the Dice is measured on
    int trainingSlices = 0;
    int heldOutSlices = 0;
    std::vector<std::string> trainingStudies; // from PreparedExamples (empty without `prepare`)
    std::vector<std::string> heldOutStudies;
    std::vector<std::string> skipped;
    PromptDice basePromptDice = unmeasuredPromptDice();    // held out, base model
    PromptDice adapterPromptDice = unmeasuredPromptDice(); // held out, the new adapter
};

class TrainingService : public QObject {
    Q_OBJECT
public:
    explicit TrainingService(QObject* parent = nullptr);
    ~TrainingService() override;

    // Queues a run; false (and nothing happens) while one is running or when the request is empty.
    bool start(TrainingRequest request);
    // Asks the running run to stop after its current iteration; cancelled() follows (no file written).
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

Q_SIGNALS:
    // After every iteration. heldOutDice is NaN until the first held-out evaluation.
    void progress(int iteration, double loss, double heldOutDice, double elapsedSeconds, int maxIterations);
    void finished(const delineate::ui::TrainingResult& result);
    void cancelled();
    void failed(const delineate::Error& error); // typed: ui/feedback words it for the user

private:
    struct Worker;
    std::unique_ptr<Worker> m_worker;
    bool m_running = false;
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::TrainingResult)
