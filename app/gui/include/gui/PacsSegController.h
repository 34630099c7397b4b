#pragma once
// The File menu's team entries: Export Labels as DICOM SEG…, Import DICOM SEG…, Open from PACS…, Send Labels
// to PACS…, PACS Nodes…. Reads the shown study and its labels (LabelSession); opening a retrieved series
// goes back to the window through openRequested. Labels that received accepted SAM proposals in this session
// are offered as Semi-automatic with the loaded model named (SegExportDialog).

#include "base/Result.h"
#include "dicomseg/SegmentationWriter.h"
#include "gui/LoadedStudy.h"

#include <QObject>
#include <QString>

#include <functional>
#include <set>

class QAction;
class QMenu;
class QWidget;

namespace delineate::ui {
class LabelSession;
}

namespace delineate::app {

class PacsSegController : public QObject {
    Q_OBJECT

public:
    using StudyGetter = std::function<const LoadedStudy&()>;
    using AlgorithmGetter = std::function<QString()>; // the model and adapter in use, for SEG provenance

    PacsSegController(ui::LabelSession* session, StudyGetter study, AlgorithmGetter algorithm,
                      QWidget* window);

    // Writes <SEG file>.provenance.json beside an exported SEG (ProjectController::exportProvenance);
    // without one no provenance file is written.
    using ProvenanceWriter = std::function<Result<void>(const QString& segPath)>;
    void setProvenanceWriter(ProvenanceWriter writer) { m_provenanceWriter = std::move(writer); }

    void fillFileMenu(QMenu* file);
    // Enables the actions that need a study from DICOM; call when a study opened or closed.
    void studyChanged();

    // The steps behind the dialogs (tests drive these): error text, empty on success. exportSeg writes
    // the provenance file too; importSeg ends in labelsImported().
    [[nodiscard]] QString exportSeg(const QString& path,
                                    const dicomseg::SegmentationExportOptions& options) const;
    [[nodiscard]] QString importSeg(const QString& path);
    [[nodiscard]] const std::set<std::uint16_t>& labelsFromModel() const { return m_fromModel; }

public Q_SLOTS:
    void exportSegDialog();
    void importSegDialog();
    void openFromPacsDialog();
    void sendToPacsDialog();
    void nodesDialog();

Q_SIGNALS:
    void openRequested(const QString& folder);
    void message(const QString& text);
    // A SEG's labels replaced the session's.
    void labelsImported();

private:
    [[nodiscard]] bool dicomStudyShown() const;
    // Asks for the export choices; false when cancelled.
    bool askOptions(dicomseg::SegmentationExportOptions& options);

    ui::LabelSession* m_session;
    ProvenanceWriter m_provenanceWriter;
    StudyGetter m_study;
    AlgorithmGetter m_algorithm;
    QWidget* m_window;
    std::set<std::uint16_t> m_fromModel;
    QAction* m_exportSeg;
    QAction* m_importSeg;
    QAction* m_openFromPacs;
    QAction* m_sendToPacs;
    QAction* m_nodes;
};

} // namespace delineate::app
