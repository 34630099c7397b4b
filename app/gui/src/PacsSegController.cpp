#include "gui/PacsSegController.h"

#include "annotation/LabelEditHistory.h"
#include "dicomseg/SegmentationReader.h"
#include "gui/PacsBrowserDialog.h"
#include "gui/PacsNodeStore.h"
#include "gui/PacsNodesDialog.h"
#include "gui/SegExportDialog.h"
#include "labeling/LabelSession.h"
#include "pacs/DimseClient.h"

#include <QAction>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace delineate::app {

namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

PacsSegController::PacsSegController(ui::LabelSession* session, StudyGetter study, AlgorithmGetter algorithm,
                                     QWidget* window)
    : QObject(window), m_session(session), m_study(std::move(study)), m_algorithm(std::move(algorithm)),
      m_window(window), m_exportSeg(new QAction(tr("E&xport Labels as DICOM SEG…"), this)),
      m_importSeg(new QAction(tr("Import DICOM SE&G…"), this)),
      m_openFromPacs(new QAction(tr("Open fro&m PACS…"), this)),
      m_sendToPacs(new QAction(tr("Sen&d Labels to PACS…"), this)),
      m_nodes(new QAction(tr("PACS &Nodes…"), this))
{
    m_exportSeg->setStatusTip(tr("All labels as one DICOM Segmentation referencing the shown DICOM series"));
    m_sendToPacs->setStatusTip(tr("The labels as a DICOM Segmentation, stored on a PACS node (C-STORE)"));
    connect(m_exportSeg, &QAction::triggered, this, &PacsSegController::exportSegDialog);
    connect(m_importSeg, &QAction::triggered, this, &PacsSegController::importSegDialog);
    connect(m_openFromPacs, &QAction::triggered, this, &PacsSegController::openFromPacsDialog);
    connect(m_sendToPacs, &QAction::triggered, this, &PacsSegController::sendToPacsDialog);
    connect(m_nodes, &QAction::triggered, this, &PacsSegController::nodesDialog);
    // Accepted SAM proposals (one undo step each, "SAM proposal") mark the active label as model output.
    connect(m_session, &ui::LabelSession::historyChanged, this, [this] {
        const annotation::LabelEditHistory* history = m_session->history();
        if (history && history->canUndo() && history->undoName().rfind("SAM", 0) == 0)
            m_fromModel.insert(m_session->activeLabel());
    });
    connect(m_session, &ui::LabelSession::labelsReplaced, this, [this] { m_fromModel.clear(); });
    studyChanged();
}

void PacsSegController::fillFileMenu(QMenu* file)
{
    file->addAction(m_openFromPacs);
    file->addAction(m_importSeg);
    file->addAction(m_exportSeg);
    file->addAction(m_sendToPacs);
    file->addAction(m_nodes);
}

bool PacsSegController::dicomStudyShown() const
{
    const LoadedStudy& loaded = m_study();
    return loaded.study && loaded.study->format == "dicom" && m_session->isOpen();
}

void PacsSegController::studyChanged()
{
    for (QAction* action : {m_exportSeg, m_importSeg, m_sendToPacs})
        action->setEnabled(dicomStudyShown());
}

QString PacsSegController::exportSeg(const QString& path,
                                     const dicomseg::SegmentationExportOptions& options) const
{
    if (!dicomStudyShown())
        return tr("A DICOM SEG needs a study opened from DICOM images.");
    auto source = dicomseg::segmentationSourceFor(*m_study().study);
    if (!source.ok())
        return qs(source.error().message());
    auto written = dicomseg::writeSegmentation(*m_session->labels(), m_session->table(), *source, options,
                                               path.toStdString());
    if (!written.ok())
        return qs(written.error().message());
    if (m_provenanceWriter)
        if (auto provenance = m_provenanceWriter(path); !provenance.ok())
            return qs(provenance.error().message());
    return {};
}

QString PacsSegController::importSeg(const QString& path)
{
    if (!dicomStudyShown())
        return tr("Open the DICOM series the segmentation was made for first.");
    auto segmentation = dicomseg::readSegmentation(path.toStdString());
    if (!segmentation.ok())
        return qs(segmentation.error().message());
    auto source = dicomseg::segmentationSourceFor(*m_study().study);
    if (!source.ok())
        return qs(source.error().message());
    auto imported = dicomseg::importSegmentation(*segmentation, *source, &m_session->table());
    if (!imported.ok())
        return qs(imported.error().message());
    m_session->reset(std::move(imported->labels), std::move(imported->table), false);
    Q_EMIT labelsImported();
    QStringList notes;
    for (const std::string& note : segmentation->notes)
        notes << qs(note);
    for (const std::string& note : imported->notes)
        notes << qs(note);
    Q_EMIT message(notes.isEmpty() ? tr("Imported %1").arg(path)
                                   : tr("Imported %1 (%2)").arg(path, notes.join("; ")));
    return {};
}

bool PacsSegController::askOptions(dicomseg::SegmentationExportOptions& options)
{
    SegExportDialog dialog(m_session->table(), m_session->labels()->presentValues(), m_fromModel,
                           m_algorithm(), m_window);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    options = dialog.options();
    return true;
}

void PacsSegController::exportSegDialog()
{
    if (!dicomStudyShown())
        return;
    if (m_session->labels()->presentValues().empty()) {
        QMessageBox::information(m_window, tr("Export Labels as DICOM SEG"),
                                 tr("There are no labelled voxels to export."));
        return;
    }
    dicomseg::SegmentationExportOptions options;
    if (!askOptions(options))
        return;
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export Labels as DICOM SEG"), QStringLiteral("seg.dcm"),
                                     tr("DICOM files (*.dcm);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportSeg(path, options); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Export Labels as DICOM SEG"), error);
    else
        Q_EMIT message(tr("Exported %1").arg(path));
}

void PacsSegController::importSegDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import DICOM SEG"), QString(),
                                                      tr("DICOM files (*.dcm);;All files (*)"));
    if (path.isEmpty())
        return;
    if (m_session->modified() &&
        QMessageBox::question(
            m_window, tr("Import DICOM SEG"),
            tr("The segmentation replaces the labels shown, which have unsaved edits. Go on?")) !=
            QMessageBox::Yes)
        return;
    if (const QString error = importSeg(path); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Import DICOM SEG"), error);
}

void PacsSegController::openFromPacsDialog()
{
    auto* dialog = new PacsBrowserDialog(PacsNodeStore::load(), PacsNodeStore::cacheFolder(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PacsBrowserDialog::seriesRetrieved, this, [this, dialog](const QString& folder) {
        dialog->accept();
        Q_EMIT openRequested(folder);
    });
    dialog->open();
}

void PacsSegController::sendToPacsDialog()
{
    const std::vector<pacs::PacsNode> nodes = PacsNodeStore::load();
    if (!dicomStudyShown())
        return;
    if (nodes.empty()) {
        QMessageBox::information(m_window, tr("Send Labels to PACS"),
                                 tr("No PACS node is configured: File > PACS Nodes…"));
        return;
    }
    QStringList names;
    for (const pacs::PacsNode& node : nodes)
        names << qs(node.name);
    bool chosen = false;
    const QString name =
        QInputDialog::getItem(m_window, tr("Send Labels to PACS"), tr("Node:"), names, 0, false, &chosen);
    dicomseg::SegmentationExportOptions options;
    if (!chosen || !askOptions(options))
        return;
    auto folder = std::make_shared<QTemporaryDir>();
    const QString path = folder->filePath(QStringLiteral("seg.dcm"));
    if (const QString error = exportSeg(path, options); !error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Send Labels to PACS"), error);
        return;
    }
    const pacs::PacsNode& node = nodes[std::size_t(names.indexOf(name))];
    auto* progress = new QProgressDialog(tr("Sending to %1…").arg(name), QString(), 0, 0, m_window);
    progress->setWindowModality(Qt::WindowModal);
    progress->show();
    auto* watcher = new QFutureWatcher<Result<void>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, progress, name, folder] {
        const Result<void> stored = watcher->result();
        watcher->deleteLater();
        progress->deleteLater();
        if (stored.ok())
            Q_EMIT message(tr("The labels are stored on %1.").arg(name));
        else
            QMessageBox::warning(m_window, tr("Send Labels to PACS"), qs(stored.error().message()));
    });
    watcher->setFuture(
        QtConcurrent::run([node, path] { return pacs::DimseClient(node).store({path.toStdString()}); }));
}

void PacsSegController::nodesDialog()
{
    PacsNodesDialog dialog(PacsNodeStore::load(), m_window);
    if (dialog.exec() == QDialog::Accepted)
        PacsNodeStore::save(dialog.nodes());
}

} // namespace delineate::app
