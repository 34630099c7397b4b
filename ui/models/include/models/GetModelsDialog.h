#pragma once
// Model > Get Models...: the catalogue as a table (model, size, licence with non-commercial licences
// flagged, state in the models folder), what the selected model is for and where its SHA-256 comes
// from, and Download / Cancel / Load / Official Page / Choose Local File. Nothing is downloaded until
// the user presses Download. Downloads go to the models folder (QStandardPaths::AppDataLocation +
// "/models") through ModelDownload (resumable, verified before the file appears). A file is verified
// against the catalogue's SHA-256 before its first use; one whose hash differs is refused in one line
// and never loaded. Without network a local file can still be chosen (verified when the catalogue
// knows its name). Loading is the caller's: loadRequested(path).

#include "models/ModelCatalogue.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QSet>

#include <functional>

class QLabel;
class QMenu;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace delineate::ui {

class ModelDownload;

class GetModelsDialog : public QDialog {
    Q_OBJECT

public:
    enum Column { TitleColumn, SizeColumn, LicenceColumn, StateColumn, ColumnCount };

    GetModelsDialog(ModelCatalogue catalogue, QString folder, QWidget* parent = nullptr);

    // Adds "Get Models..." to `menu`; the dialog (one per `parent`) reads ":/models/catalogue.json" and
    // calls `load` with a verified checkpoint's path.
    static QAction* addTo(QMenu* menu, QWidget* parent, std::function<void(const QString&)> load);
    [[nodiscard]] static QString defaultFolder();

    [[nodiscard]] QString folder() const { return m_folder; }
    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QString statusText() const;
    void selectModel(const QString& id);

public Q_SLOTS:
    void download();
    void cancelDownload();
    void loadSelected();
    // Verifies `path` when the catalogue knows its file name, then asks to load it.
    void useLocalFile(const QString& path);

Q_SIGNALS:
    void loadRequested(const QString& path);

private:
    struct Verdict {
        QString hex;
        QString error;
    };

    void connectButtons(QPushButton* local, QPushButton* close);
    void connectDownload();
    void fillTable();
    void refreshRow(int row);
    void showSelected();
    void setStatus(const QString& text, bool error = false);
    void verifyThenLoad(const QString& path, const CatalogueModel& model, bool ownFile);
    void onVerified();
    [[nodiscard]] const CatalogueModel* selected() const;
    [[nodiscard]] QString pathOf(const CatalogueModel& model) const;

    ModelCatalogue m_catalogue;
    QString m_folder;
    QNetworkAccessManager* m_network;
    ModelDownload* m_download;
    QString m_downloadId; // the model being downloaded
    QFutureWatcher<Verdict> m_verifier;
    QString m_verifyPath;
    QString m_verifyExpected;
    bool m_verifyOwnFile = false;
    QSet<QString> m_verified; // paths whose SHA-256 matched in this session
    QTableWidget* m_table;
    QLabel* m_details;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_downloadButton;
    QPushButton* m_cancelButton;
    QPushButton* m_loadButton;
    QPushButton* m_pageButton;
};

} // namespace delineate::ui
