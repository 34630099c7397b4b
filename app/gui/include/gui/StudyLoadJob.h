#pragma once
// Opens a study (and optionally a label map for it) on a worker thread so the window stays responsive
// while a large DICOM folder is read. One load at a time; results arrive on the GUI thread.

#include "gui/LoadedStudy.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace delineate::app {

class StudyLoadJob : public QObject {
    Q_OBJECT

public:
    explicit StudyLoadJob(QObject* parent = nullptr);
    ~StudyLoadJob() override;

    struct Request {
        QString path;
        QString labelsPath;
        // Which series / stack / frame; unset: a DICOM path holding several series asks
        // (seriesChoiceNeeded) instead of loading.
        std::optional<io::LoadOptions> options;
        // The scan of `path` when it was already listed (the series picker's): no second scan.
        std::optional<io::SeriesListing> listing;
        // Without `labelsPath`: the labels saved for the study at `path`, per series / stack / frame (a
        // project's); the ones matching what was loaded come along.
        struct KnownLabels {
            io::LoadOptions options;
            QString labelsPath;
            bool recovered = false; // an autosave newer than the saved labels
        };
        std::vector<KnownLabels> known;
    };

    [[nodiscard]] bool isRunning() const { return m_watcher.isRunning(); }
    // False (and nothing happens) while another load runs.
    bool start(const Request& request);
    bool start(const QString& path, const QString& labelsPath = {})
    {
        return start(Request{path, labelsPath, {}, {}, {}});
    }
    // Synchronous form of the same work, for the command line and tests.
    struct Outcome {
        std::optional<LoadedStudy> loaded;
        std::optional<io::SeriesListing> choice; // several series and none asked for: the user picks
        std::optional<Error> error;
    };
    [[nodiscard]] static Outcome load(const Request& request);

Q_SIGNALS:
    void loaded(const delineate::app::LoadedStudy& study, const QString& path);
    void failed(const delineate::Error& error, const QString& path);
    void seriesChoiceNeeded(const delineate::io::SeriesListing& listing, const QString& labelsPath);

private:
    QFutureWatcher<Outcome> m_watcher;
    QString m_path;
    QString m_labelsPath;
};

} // namespace delineate::app
