#include "gui/MainStatusBar.h"

#include "gui/AutosaveStatus.h"
#include "gui/ElidingLabel.h"
#include "gui/EverythingController.h"
#include "gui/ModelController.h"
#include "gui/PromptWaitIndicator.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceView.h"

#include <QFileInfo>
#include <QFontMetrics>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QStringList>
#include <QToolButton>

namespace delineate::app {

MainStatusBar::MainStatusBar(QStatusBar* bar, const Sources& sources, QObject* parent) : QObject(parent)
{
    m_batchProgress = new QProgressBar(bar);
    m_batchProgress->setMaximumWidth(260);
    m_batchProgress->hide();
    m_batchCancel = new QToolButton(bar);
    m_batchCancel->setText(tr("Cancel"));
    m_batchCancel->setToolTip(
        tr("Cancel the running SAM suggestions or propagation (Esc cancels a propagation)"));
    m_batchCancel->hide();
    connect(m_batchCancel, &QToolButton::clicked, sources.assistant, &ui::SamAssistant::cancelBatch);
    connect(m_batchCancel, &QToolButton::clicked, sources.everything, &EverythingController::clear);
    m_samTiming = new QLabel(bar);
    m_samStatus = new ElidingLabel(40, bar);
    m_samStatus->setObjectName(QStringLiteral("samStatus"));
    ModelController* models = sources.models;
    auto showModelStatus = [this, models] {
        m_samStatus->setFullText(models->briefStatusText(), models->statusText());
    };
    showModelStatus();
    m_readout = new ElidingLabel(56, bar);
    m_studyWarning = new QLabel(bar);
    m_studyWarning->setObjectName(QStringLiteral("studyWarning"));
    m_studyWarning->setStyleSheet(QStringLiteral("QLabel { color: #b00000; font-weight: bold; }"));
    m_studyWarning->hide();
    bar->addPermanentWidget(m_studyWarning);
    bar->addPermanentWidget(new AutosaveStatus(sources.autosave, bar));
    bar->addPermanentWidget(m_batchProgress);
    bar->addPermanentWidget(m_batchCancel);
    bar->addPermanentWidget(m_samTiming);
    bar->addPermanentWidget(m_samStatus);
    bar->addPermanentWidget(m_readout);
    connect(models, &ModelController::statusChanged, m_samStatus, showModelStatus);
    m_promptWait = new PromptWaitIndicator(sources.sam, sources.assistant, sources.view, bar, this);
    connect(sources.assistant, &ui::SamAssistant::timingChanged, m_samTiming, &QLabel::setText);
    connect(sources.assistant, &ui::SamAssistant::batchRunningChanged, m_batchProgress, &QWidget::setVisible);
    connect(sources.assistant, &ui::SamAssistant::batchRunningChanged, m_batchCancel, &QWidget::setVisible);
    connect(sources.assistant, &ui::SamAssistant::batchProgress, this, &MainStatusBar::showProgress);
    connect(sources.everything, &EverythingController::runningChanged, m_batchProgress, &QWidget::setVisible);
    connect(sources.everything, &EverythingController::runningChanged, m_batchCancel, &QWidget::setVisible);
    connect(sources.everything, &EverythingController::progress, this, &MainStatusBar::showProgress);
}

void MainStatusBar::showProgress(int done, int total, double remaining)
{
    m_batchProgress->setRange(0, total);
    m_batchProgress->setValue(done);
    m_batchProgress->setFormat(tr("SAM %1/%2, %3 s left").arg(done).arg(total).arg(remaining, 0, 'f', 0));
}

void MainStatusBar::setReadout(const QString& text)
{
    m_readout->setFullText(text);
}

void MainStatusBar::showStudyWarnings(const std::vector<Error>& warnings)
{
    m_studyWarning->setVisible(!warnings.empty());
    if (warnings.empty()) {
        m_studyWarning->clear();
        m_studyWarning->setToolTip({});
        return;
    }
    QStringList all;
    for (const Error& warning : warnings)
        all << QString::fromStdString(warning.message());
    const Error& front = warnings.front();
    const QString first = QFontMetrics(m_studyWarning->font())
                              .elidedText(QFileInfo(QString::fromStdString(front.path)).fileName() +
                                              QStringLiteral(": ") + QString::fromStdString(front.detail),
                                          Qt::ElideRight, 480);
    m_studyWarning->setText(
        tr("⚠ %n warning(s): %1 (File > Study Information)", nullptr, int(warnings.size())).arg(first));
    m_studyWarning->setToolTip(all.join(QLatin1Char('\n')));
}

} // namespace delineate::app
