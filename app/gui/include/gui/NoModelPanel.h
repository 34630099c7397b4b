#pragma once
// What the SAM dock shows while no SAM model is loaded: that Delineate ships no weights, the two ways to
// get one -- Get Models... (the catalogue dialog, ui/models' GetModelsDialog: download verified by
// SHA-256, nothing downloaded unless asked) and Choose Local File... (a checkpoint the user has) -- and
// a short list of the catalogue's models (title, size, licence with non-commercial ones flagged, what
// each is for; read from the resource :/models/catalogue.json). Every line wraps: the panel never needs
// a horizontal scroll bar, whatever the dock's width or the language (issue 16.6). Non-modal.

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;

namespace delineate::app {

class NoModelPanel : public QWidget {
    Q_OBJECT

public:
    explicit NoModelPanel(QWidget* parent = nullptr);

    // The explanation and the catalogue's models as rich text (a short fallback if it is unreadable).
    [[nodiscard]] static QString instructions();
    void setError(const QString& error); // the last failed load, shown above the instructions
    [[nodiscard]] QScrollArea* scrollArea() const { return m_scroll; }
    [[nodiscard]] QPushButton* getModelsButton() const { return m_getModels; }
    [[nodiscard]] QPushButton* chooseFileButton() const { return m_chooseFile; }

Q_SIGNALS:
    void getModelsRequested();
    void chooseCheckpointRequested();

private:
    QLabel* m_error = nullptr;
    QScrollArea* m_scroll = nullptr;
    QPushButton* m_getModels = nullptr;
    QPushButton* m_chooseFile = nullptr;
};

} // namespace delineate::app
