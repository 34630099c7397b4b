#pragma once
// A one-line label for the right side of the status bar: at most `maximumCharacters` average characters
// wide and able to shrink to a few characters, its text elided at the right when it does not fit (the
// whole text in the tooltip), so that it never pushes the status bar's message on the left out of
// sight nor the window wider.

#include <QLabel>
#include <QString>

namespace delineate::app {

class ElidingLabel : public QLabel {
    Q_OBJECT

public:
    explicit ElidingLabel(int maximumCharacters, QWidget* parent = nullptr);

    // The whole text (text() is what is shown, possibly elided).
    [[nodiscard]] const QString& fullText() const { return m_fullText; }
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

public Q_SLOTS:
    // `toolTip`: empty: the whole text.
    void setFullText(const QString& text, const QString& toolTip = {});

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();

    QString m_fullText;
};

} // namespace delineate::app
