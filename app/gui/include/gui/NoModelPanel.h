#pragma once
// What the window shows while no SAM model is loaded: exactly how to install one, from the model
// catalogue (models/catalogue.json, shipped as the resource :/models/catalogue.json): which file to
// download from where, its size, SHA-256 and licence, and a button to choose it. Non-modal.

#include <QString>
#include <QWidget>

class QLabel;

namespace delineate::app {

class NoModelPanel : public QWidget {
    Q_OBJECT

public:
    explicit NoModelPanel(QWidget* parent = nullptr);

    // The instructions as rich text (built from the catalogue; a short fallback if it is unreadable).
    [[nodiscard]] static QString instructions();
    void setError(const QString& error); // the last failed load, shown above the instructions

Q_SIGNALS:
    void chooseCheckpointRequested();

private:
    QLabel* m_error = nullptr;
};

} // namespace delineate::app
