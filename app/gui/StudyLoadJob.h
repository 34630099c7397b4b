#pragma once
// Opens a study (and optionally a label map for it) on a worker thread so the window stays responsive
// while a large DICOM folder is read. One load at a time; results arrive on the GUI thread.

#include "gui/LoadedStudy.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <optional>

namespace delineate::app {

class StudyLoadJob : public QObject {
    Q_OBJECT

public:
    explicit StudyLoadJob(QObject* parent = nullptr);
    ~StudyLoadJob() override;

    [[nodiscard]] bool isRunning() const { return m_watcher.isRunning(); }
    // False (and nothing happens) while another load runs.
    bool start(const QString& path, const QString& labelsPath = {});
    // Synchronous form of the same work, for the command line and tests.
    struct Outcome {
        std::optional<LoadedStudy> loaded;
        std::optional<Error> error;
    };
    [[nodiscard]] static Outcome load(const QString& path, const QString& labelsPath);

Q_SIGNALS:
    void loaded(const delineate::app::LoadedStudy& study, const QString& path);
    void failed(const delineate::Error& error, const QString& path);

private:
    QFutureWatcher<Outcome> m_watcher;
    QString m_path;
};

} // namespace delineate::app
