#pragma once
// Plays a cine loop (FrameKind::Temporal) in a SliceView: advances one frame per tick and wraps around.
// The rate is the acquisition's frame time when known, otherwise framesPerSecond().

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace delineate::ui {

class SliceView;

class CinePlayer : public QObject {
    Q_OBJECT

public:
    explicit CinePlayer(SliceView* view, QObject* parent = nullptr);

    [[nodiscard]] bool isPlaying() const { return m_timer.isActive(); }
    // True when the view shows a volume with more than one frame in time.
    [[nodiscard]] bool canPlay() const;
    [[nodiscard]] double framesPerSecond() const { return m_framesPerSecond; }
    // Used when the volume has no frame time of its own; clamped to 1..120.
    void setFramesPerSecond(double framesPerSecond);
    // Milliseconds between frames for the current volume.
    [[nodiscard]] int frameIntervalMs() const;

public Q_SLOTS:
    void play();
    void pause();
    void setPlaying(bool playing);
    void step(); // one frame forward, wrapping

Q_SIGNALS:
    void playingChanged(bool playing);

private:
    QPointer<SliceView> m_view;
    QTimer m_timer;
    double m_framesPerSecond = 20.0;
};

} // namespace delineate::ui
