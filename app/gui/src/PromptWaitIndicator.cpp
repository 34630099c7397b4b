#include "gui/PromptWaitIndicator.h"

#include "inference/SamService.h"
#include "labeling/SamAssistant.h"

#include <QLabel>
#include <QStatusBar>
#include <QTimer>

#include <array>

namespace delineate::app {
namespace {

constexpr std::array<char16_t, 4> kSpinner = {u'\u25d0', u'\u25d3', u'\u25d1', u'\u25d2'};

} // namespace

PromptWaitIndicator::PromptWaitIndicator(ui::SamService* service, ui::SamAssistant* assistant, QWidget* view,
                                         QStatusBar* statusBar, QObject* parent)
    : QObject(parent), m_label(new QLabel(view)), m_statusBar(statusBar), m_timer(new QTimer(this))
{
    m_label->setObjectName(QStringLiteral("samWaitIndicator"));
    m_label->setStyleSheet(QStringLiteral("QLabel { background: rgba(20, 20, 20, 200); color: #ffd24a; "
                                          "padding: 4px 8px; border-radius: 4px; }"));
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_label->move(8, 30); // below the slice caption
    m_label->hide();
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, [this] {
        ++m_frame;
        refresh();
    });
    if (service->isLoading())
        m_activity.kind = ui::ModelActivity::Kind::Loading;
    connect(service, &ui::SamService::activityChanged, this, [this](const ui::ModelActivity& activity) {
        m_activity = activity;
        if (m_timer->isActive())
            refresh();
    });
    connect(assistant, &ui::SamAssistant::waitingChanged, this, &PromptWaitIndicator::setWaiting);
}

QString PromptWaitIndicator::describe(const ui::ModelActivity& activity)
{
    switch (activity.kind) {
    case ui::ModelActivity::Kind::Loading:
        return activity.model.isEmpty() ? tr("Loading model\u2026")
                                        : tr("Loading model %1\u2026").arg(activity.model);
    case ui::ModelActivity::Kind::Embedding:
        return tr("Embedding slice %1\u2026").arg(activity.slice + 1);
    case ui::ModelActivity::Kind::Decoding:
        return tr("Decoding slice %1\u2026").arg(activity.slice + 1);
    case ui::ModelActivity::Kind::Idle:
        break;
    }
    return tr("Waiting for the model\u2026");
}

void PromptWaitIndicator::setWaiting(bool waiting)
{
    if (waiting) {
        m_waited.start();
        m_frame = 0;
        m_timer->start();
        m_shownStatus = m_statusBar ? m_statusBar->currentMessage() : QString(); // the wait replaces it
        refresh();
        m_label->show();
        m_label->raise();
        return;
    }
    m_timer->stop();
    m_label->hide();
    m_label->clear();
    if (m_statusBar && !m_shownStatus.isEmpty() && m_statusBar->currentMessage() == m_shownStatus)
        m_statusBar->clearMessage();
    m_shownStatus.clear();
}

void PromptWaitIndicator::refresh()
{
    const QString doing = describe(m_activity);
    m_label->setText(QString(QChar(kSpinner[std::size_t(m_frame) % kSpinner.size()])) + QLatin1Char(' ') +
                     doing);
    m_label->adjustSize();
    if (!m_statusBar)
        return;
    const qint64 seconds = m_waited.elapsed() / 1000;
    const QString status = tr("SAM: %1 (your prompt has waited %n s)", nullptr, int(seconds)).arg(doing);
    if (m_statusBar->currentMessage().isEmpty() || m_statusBar->currentMessage() == m_shownStatus) {
        m_statusBar->showMessage(status);
        m_shownStatus = status;
    }
}

QString PromptWaitIndicator::text() const
{
    return m_label->isVisible() || m_timer->isActive() ? m_label->text() : QString();
}

} // namespace delineate::app
