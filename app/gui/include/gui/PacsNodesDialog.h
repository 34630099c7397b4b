#pragma once
// File > PACS Nodes…: the list of PACS nodes (name, called AE title, host, port, our AE title, timeout,
// optional TLS with CA / certificate / key file paths), each testable with C-ECHO. OK stores them
// (PacsNodeStore); nothing secret is entered or kept.

#include "pacs/PacsNode.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace delineate::app {

class PacsNodesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PacsNodesDialog(std::vector<pacs::PacsNode> nodes, QWidget* parent = nullptr);

    [[nodiscard]] const std::vector<pacs::PacsNode>& nodes() const { return m_nodes; }
    // Runs C-ECHO against the selected node; the result shows under the form.
    void testSelected();
    [[nodiscard]] QString testResult() const;

Q_SIGNALS:
    void testFinished(bool ok);

private:
    void addNode();
    void removeNode();
    void showNode(int row);
    void storeForm();
    void accept() override;

    std::vector<pacs::PacsNode> m_nodes;
    int m_current = -1;
    QListWidget* m_list;
    QLineEdit* m_name;
    QLineEdit* m_aeTitle;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_callingAe;
    QSpinBox* m_timeout;
    QCheckBox* m_tls;
    QLineEdit* m_ca;
    QLineEdit* m_certificate;
    QLineEdit* m_key;
    QPushButton* m_test;
    QLabel* m_result;
};

} // namespace delineate::app
