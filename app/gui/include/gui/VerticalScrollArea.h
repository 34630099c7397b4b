#pragma once
// A dock's content that scrolls up and down, never sideways: the content is as wide as the view and as
// tall as it needs at that width (its heightForWidth, so wrapped labels get their lines), with a vertical
// scroll bar where the view is lower. Its minimum width is the content's minimum width plus that scroll
// bar, kept up to date when the content's layout changes (a longer label name, another language); its
// minimum height is a few lines, so that a dock holding it does not add the content's whole height to
// the window's minimum size (issue 16: the window fits a 1280 x 800 laptop screen).
//
//   auto* scroll = new VerticalScrollArea(panel);
//   dock->setWidget(scroll);

#include <QScrollArea>

namespace delineate::app {

class VerticalScrollArea : public QScrollArea {
    Q_OBJECT

public:
    // Takes `content` (owned from here on).
    explicit VerticalScrollArea(QWidget* content, QWidget* parent = nullptr);

    [[nodiscard]] QSize minimumSizeHint() const override;
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace delineate::app
