#include "gui/PacsNodesDialog.h"

#include "pacs/DimseClient.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QtConcurrent/QtConcurrentRun>

namespace delineate::app {

namespace {

QLineEdit* fileField(QWidget* parent, QFormLayout* form, const QString& label, const QString& filter)
{
    auto* edit = new QLineEdit(parent);
    auto* browse = new QPushButton(PacsNodesDialog::tr("Browse…"), parent);
    QObject::connect(browse, &QPushButton::clicked, parent, [parent, edit, filter] {
        const QString path =
            QFileDialog::getOpenFileName(parent, PacsNodesDialog::tr("Choose File"), edit->text(), filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(edit);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

} // namespace

PacsNodesDialog::PacsNodesDialog(std::vector<pacs::PacsNode> nodes, QWidget* parent)
    : QDialog(parent), m_nodes(std::move(nodes)), m_list(new QListWidget(this)), m_name(new QLineEdit(this)),
      m_aeTitle(new QLineEdit(this)), m_host(new QLineEdit(this)), m_port(new QSpinBox(this)),
      m_callingAe(new QLineEdit(this)), m_timeout(new QSpinBox(this)),
      m_tls(new QCheckBox(tr("Use TLS"), this)),
      m_test(new QPushButton(tr("Test Connection (C-ECHO)"), this)), m_result(new QLabel(this))
{
    setWindowTitle(tr("PACS Nodes"));
    m_port->setRange(1, 65535);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_aeTitle->setMaxLength(16);
    m_callingAe->setMaxLength(16);
    m_result->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("AE title:"), m_aeTitle);
    form->addRow(tr("Host:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Our AE title:"), m_callingAe);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(QString(), m_tls);
    const QString pem = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    m_ca = fileField(this, form, tr("CA certificate:"), pem);
    m_certificate = fileField(this, form, tr("Our certificate:"), pem);
    m_key = fileField(this, form, tr("Our private key:"), pem);
    form->addRow(QString(), m_test);
    form->addRow(QString(), m_result);
    auto* add = new QPushButton(tr("Add"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(listButtons);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(form, 2);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(new QLabel(tr("Nothing secret is stored: DIMSE has no passwords, and TLS keys stay in "
                                    "the files named here."),
                                 this));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PacsNodesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, &PacsNodesDialog::addNode);
    connect(remove, &QPushButton::clicked, this, &PacsNodesDialog::removeNode);
    connect(m_test, &QPushButton::clicked, this, &PacsNodesDialog::testSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, &PacsNodesDialog::showNode);
    for (const pacs::PacsNode& node : m_nodes)
        m_list->addItem(QString::fromStdString(node.name));
    if (m_nodes.empty())
        addNode();
    m_list->setCurrentRow(0);
    resize(760, 460);
}

void PacsNodesDialog::addNode()
{
    storeForm();
    pacs::PacsNode node;
    node.name = tr("New node").toStdString();
    node.aeTitle = "ORTHANC";
    node.host = "localhost";
    node.port = 4242;
    m_nodes.push_back(node);
    m_list->addItem(QString::fromStdString(node.name));
    m_list->setCurrentRow(int(m_nodes.size()) - 1);
}

void PacsNodesDialog::removeNode()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    m_current = -1; // the form's contents belong to the node going away
    m_nodes.erase(m_nodes.begin() + row);
    delete m_list->takeItem(row);
}

void PacsNodesDialog::showNode(int row)
{
    storeForm();
    m_current = row;
    const bool valid = row >= 0 && row < int(m_nodes.size());
    for (QWidget* w : std::initializer_list<QWidget*>{m_name, m_aeTitle, m_host, m_port, m_callingAe,
                                                      m_timeout, m_tls, m_ca, m_certificate, m_key, m_test})
        w->setEnabled(valid);
    if (!valid)
        return;
    const pacs::PacsNode& node = m_nodes[std::size_t(row)];
    m_name->setText(QString::fromStdString(node.name));
    m_aeTitle->setText(QString::fromStdString(node.aeTitle));
    m_host->setText(QString::fromStdString(node.host));
    m_port->setValue(node.port);
    m_callingAe->setText(QString::fromStdString(node.callingAeTitle));
    m_timeout->setValue(node.timeoutSeconds);
    m_tls->setChecked(node.tls.enabled);
    m_ca->setText(QString::fromStdString(node.tls.caCertificate));
    m_certificate->setText(QString::fromStdString(node.tls.certificate));
    m_key->setText(QString::fromStdString(node.tls.privateKey));
    m_result->clear();
}

void PacsNodesDialog::storeForm()
{
    if (m_current < 0 || m_current >= int(m_nodes.size()))
        return;
    pacs::PacsNode& node = m_nodes[std::size_t(m_current)];
    node.name = m_name->text().trimmed().toStdString();
    node.aeTitle = m_aeTitle->text().trimmed().toStdString();
    node.host = m_host->text().trimmed().toStdString();
    node.port = m_port->value();
    node.callingAeTitle = m_callingAe->text().trimmed().toStdString();
    node.timeoutSeconds = m_timeout->value();
    node.tls.enabled = m_tls->isChecked();
    node.tls.caCertificate = m_ca->text().trimmed().toStdString();
    node.tls.certificate = m_certificate->text().trimmed().toStdString();
    node.tls.privateKey = m_key->text().trimmed().toStdString();
    if (QListWidgetItem* item = m_list->item(m_current))
        item->setText(QString::fromStdString(node.name));
}

void PacsNodesDialog::testSelected()
{
    storeForm();
    if (m_current < 0)
        return;
    const pacs::PacsNode node = m_nodes[std::size_t(m_current)];
    if (auto valid = pacs::validateNode(node); !valid) {
        m_result->setText(QString::fromStdString(valid.error().message()));
        Q_EMIT testFinished(false);
        return;
    }
    m_test->setEnabled(false);
    m_result->setText(tr("Testing…"));
    auto* watcher = new QFutureWatcher<Result<void>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const Result<void> echoed = watcher->result();
        watcher->deleteLater();
        m_test->setEnabled(true);
        m_result->setText(echoed.ok()
                              ? tr("The node answers.")
                              : tr("No answer: %1").arg(QString::fromStdString(echoed.error().message())));
        Q_EMIT testFinished(echoed.ok());
    });
    watcher->setFuture(QtConcurrent::run([node] { return pacs::DimseClient(node).echo(); }));
}

QString PacsNodesDialog::testResult() const
{
    return m_result->text();
}

void PacsNodesDialog::accept()
{
    storeForm();
    for (const pacs::PacsNode& node : m_nodes)
        if (auto valid = pacs::validateNode(node); !valid) {
            m_result->setText(QString::fromStdString(node.name) + ": " +
                              QString::fromStdString(valid.error().message()));
            return;
        }
    QDialog::accept();
}

} // namespace delineate::app
