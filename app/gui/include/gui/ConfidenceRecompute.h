#pragma once
// After a retrain (or any other change of the loaded model or adapter), SAM's confidences behind the
// slice strip and N come from a model that is no longer loaded. This recomputes them in the background
// on the model thread (SamService::decodeSlices: Batch priority, so clicks and the shown slice go first
// and an embedding gives way to them between encoder blocks): for every record of the provenance log
// with a predicted IoU whose slice still holds its label, the slice is decoded with the new model as it
// was suggested and its predicted IoU kept: a prompt-free suggestion (source "prompt_free") without a
// prompt, every other one (click, box, propagation, everything) with the label's bounding box on that
// slice (slice pixels, XYXY). Until the batch ends the confidences are stale (isStale(), staleChanged):
// the strip shows so. A new model change restarts it; cancel() (another study, Close) drops it and the
// confidences stay stale.

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace delineate::project {
class ProvenanceLog;
}
namespace delineate::ui {
class LabelSession;
class SamAssistant;
class SamService;
struct MaskProposal;
} // namespace delineate::ui

namespace delineate::app {

class ConfidenceRecompute : public QObject {
    Q_OBJECT

public:
    using Log = std::function<const project::ProvenanceLog&()>;
    using Model = std::function<std::pair<QString, QString>()>; // checkpoint, adapter now loaded

    ConfidenceRecompute(ui::SamService* service, ui::SamAssistant* assistant, ui::LabelSession* session,
                        Log log, Model model, QObject* parent = nullptr);

    [[nodiscard]] bool isStale() const { return m_stale; }
    [[nodiscard]] bool isRunning() const { return m_batchId != 0; }
    // The confidence the loaded model gave (label, slice) on plane `axis` (0..2), if recomputed.
    [[nodiscard]] std::optional<double> confidence(int axis, std::uint16_t label, std::int64_t slice) const;
    // Slices the running (or last) recomputation asked for.
    [[nodiscard]] int requested() const { return m_requested; }

public Q_SLOTS:
    // Starts a recomputation for the model now loaded (cancels a running one); false when there is
    // nothing to recompute (the confidences are then current).
    bool start();
    void cancel();
    // A new study: no confidence of the old one means anything.
    void forget();

Q_SIGNALS:
    void staleChanged(bool stale);
    // New confidences arrived (a slice, or the end of the batch).
    void updated();

private:
    using Key = std::tuple<int, std::uint16_t, std::int64_t>;
    void modelLoaded();
    void sliceReady(std::uint64_t batchId, const ui::MaskProposal& proposal);
    void finished(std::uint64_t batchId, bool cancelled);
    void setStale(bool stale);

    ui::SamService* m_service;
    ui::SamAssistant* m_assistant;
    ui::LabelSession* m_session;
    Log m_log;
    Model m_model;
    std::pair<QString, QString> m_loaded; // the model the confidences were last computed or recorded with
    bool m_anyLoaded = false;
    bool m_stale = false;
    std::uint64_t m_batchId = 0;
    int m_requested = 0;
    // The running batch's records in request order; results arrive in that order (one batchProgress per
    // request, after its batchSliceReady when it succeeded).
    std::vector<Key> m_order;
    std::size_t m_next = 0;
    std::map<Key, double> m_confidence; // recomputed with the loaded model
};

} // namespace delineate::app
