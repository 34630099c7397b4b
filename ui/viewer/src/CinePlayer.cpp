#include "CinePlayer.h"

#include "viewer/SliceView.h"

#include <algorithm>
#include <cmath>

namespace delineate::ui {

CinePlayer::CinePlayer(SliceView* view, QObject* parent) : QObject(parent), m_view(view)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CinePlayer::step);
}

bool CinePlayer::canPlay() const
{
    return m_view && m_view->volume() && m_view->volume()->frameKind == image::FrameKind::Temporal &&
           m_view->sliceCount() > 1;
}

void CinePlayer::setFramesPerSecond(double framesPerSecond)
{
    m_framesPerSecond = std::clamp(framesPerSecond, 1.0, 120.0);
    if (isPlaying())
        m_timer.setInterval(frameIntervalMs());
}

int CinePlayer::frameIntervalMs() const
{
    double interval = 1000.0 / m_framesPerSecond;
    if (m_view && m_view->volume() && m_view->volume()->frameTimeMs > 0.0)
        interval = m_view->volume()->frameTimeMs;
    return std::clamp(int(std::lround(interval)), 8, 2000);
}

void CinePlayer::play()
{
    if (isPlaying() || !canPlay())
        return;
    m_timer.start(frameIntervalMs());
    Q_EMIT playingChanged(true);
}

void CinePlayer::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

void CinePlayer::setPlaying(bool playing)
{
    playing ? play() : pause();
}

void CinePlayer::step()
{
    if (!canPlay()) {
        pause();
        return;
    }
    m_view->setSliceIndex((m_view->sliceIndex() + 1) % m_view->sliceCount());
}

} // namespace delineate::ui
