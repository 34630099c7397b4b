#pragma once
// File > Open from PACS…: query a configured node for studies (patient name, patient ID, study date or
// range, modality, description: C-FIND), list a study's series on expanding it, retrieve the chosen series
// (C-GET) into the local cache with progress and Cancel, then hand its folder to the caller to open. Every
// network call runs on a worker thread; the dialog stays responsive.

#include "pacs/DimseClient.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace delineate::app {

class PacsBrowserDialog : public QDialog {
    Q_OBJECT

public:
    PacsBrowserDialog(std::vector<pacs::PacsNode> nodes, QString cacheFolder, QWidget* parent = nullptr);
    ~PacsBrowserDialog() override;

    // The query fields and the result list, for tests and screenshots.
    void setQuery(const pacs::StudyQuery& query);
    void search();
    [[nodiscard]] QTreeWidget* results() const { return m_results; }
    // Retrieves the series of `item` (a series row); seriesRetrieved follows, or an error shows.
    void retrieve(QTreeWidgetItem* item);
    void cancelRetrieval() { m_cancel = true; }
    [[nodiscard]] QString status() const;

Q_SIGNALS:
    void searchFinished(int studies);
    void seriesListed(QTreeWidgetItem* study);
    void seriesRetrieved(const QString& folder);
    void retrievalFailed(const QString& message);

private:
    [[nodiscard]] pacs::PacsNode currentNode() const;
    void listSeries(QTreeWidgetItem* study);
    void setBusy(bool busy);
    void reject() override;

    std::vector<pacs::PacsNode> m_nodes;
    QString m_cache;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    std::atomic<bool>& m_cancel;
    QComboBox* m_node;
    QLineEdit* m_patient;
    QLineEdit* m_patientId;
    QLineEdit* m_date;
    QLineEdit* m_modality;
    QLineEdit* m_description;
    QPushButton* m_search;
    QTreeWidget* m_results;
    QPushButton* m_retrieve;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QLabel* m_status;
};

} // namespace delineate::app
