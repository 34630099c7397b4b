#include "gui/NnUnetExportAction.h"

#include "gui/ProjectController.h"
#include "gui/StudyOpener.h"
#include "labels/LabelTableJson.h"
#include "nnunet/NnUnetExport.h"
#include "project/ProjectStore.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QtConcurrent>

namespace delineate::app {

NnUnetExportAction::NnUnetExportAction(ProjectController* project, StudyOpener* opener, QMainWindow* window)
    : QObject(window), m_project(project), m_opener(opener), m_window(window)
{
}

void NnUnetExportAction::run()
{
    if (m_running || m_project->folder().isEmpty())
        return;
    const QString folder =
        QFileDialog::getExistingDirectory(m_window, tr("Export Project as nnU-Net Dataset"));
    if (folder.isEmpty())
        return;
    QMessageBox ask(QMessageBox::Question, tr("Export Project as nnU-Net Dataset"),
                    tr("Which studies go into the nnU-Net data set?"), QMessageBox::Cancel, m_window);
    ask.setInformativeText(
        tr("nnU-Net takes every unlabelled voxel as background, so a partly annotated study "
           "teaches it wrong. \"Complete only\" exports the studies in which every slice "
           "holding a label is marked reviewed."));
    QPushButton* complete = ask.addButton(tr("Complete Only"), QMessageBox::AcceptRole);
    QPushButton* all = ask.addButton(tr("All Studies with Labels"), QMessageBox::AcceptRole);
    ask.setDefaultButton(complete);
    ask.exec();
    if (ask.clickedButton() != complete && ask.clickedButton() != all)
        return;
    nnunet::ExportOptions options;
    options.outputFolder = folder.toStdString();
    options.name =
        m_project->session().project().name.empty() ? "Delineate" : m_project->session().project().name;
    options.studies =
        ask.clickedButton() == complete ? nnunet::StudyChoice::Complete : nnunet::StudyChoice::All;
    const auto sources =
        nnunet::projectSources(m_project->folder().toStdString(), m_project->session().project());
    // The saved label table goes with the saved label maps.
    const std::string tablePath = project::ProjectStore(m_project->folder().toStdString()).labelTablePath();
    m_running = true;
    m_window->statusBar()->showMessage(tr("Exporting the project as an nnU-Net data set\u2026"));
    auto* watcher = new QFutureWatcher<Result<nnunet::ExportReport>>(this);
    connect(watcher, &QFutureWatcher<Result<nnunet::ExportReport>>::finished, this, [this, watcher, folder] {
        const Result<nnunet::ExportReport> report = watcher->result();
        watcher->deleteLater();
        m_running = false;
        if (!report) {
            m_window->statusBar()->clearMessage();
            m_opener->showError(report.error(), ui::ErrorAction::ExportProject, folder);
            return;
        }
        m_window->statusBar()->showMessage(
            tr("nnU-Net data set written: %1 (%n case(s), %2 left out)", nullptr,
               static_cast<int>(report->cases.size()))
                .arg(QDir::toNativeSeparators(QString::fromStdString(report->datasetFolder)))
                .arg(report->leftOut.size()),
            15000);
    });
    watcher->setFuture(QtConcurrent::run([sources, tablePath, options]() -> Result<nnunet::ExportReport> {
        auto table = labels::readLabelTableJson(tablePath);
        if (!table)
            return table.error();
        return nnunet::exportDataset(sources, *table, options);
    }));
}

} // namespace delineate::app
