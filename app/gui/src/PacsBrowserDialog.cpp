#include "gui/PacsBrowserDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace delineate::app {

namespace {

enum Role { StudyUidRole = Qt::UserRole, SeriesUidRole, InstancesRole, ListedRole };

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QString displayDate(const std::string& date)
{
    return date.size() == 8 ? qs(date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2))
                            : qs(date);
}

} // namespace

PacsBrowserDialog::PacsBrowserDialog(std::vector<pacs::PacsNode> nodes, QString cacheFolder, QWidget* parent)
    : QDialog(parent), m_nodes(std::move(nodes)), m_cache(std::move(cacheFolder)),
      m_cancelFlag(std::make_shared<std::atomic<bool>>(false)), m_cancel(*m_cancelFlag),
      m_node(new QComboBox(this)), m_patient(new QLineEdit(this)), m_patientId(new QLineEdit(this)),
      m_date(new QLineEdit(this)), m_modality(new QLineEdit(this)), m_description(new QLineEdit(this)),
      m_search(new QPushButton(tr("Search"), this)), m_results(new QTreeWidget(this)),
      m_retrieve(new QPushButton(tr("Retrieve and Open"), this)),
      m_cancelButton(new QPushButton(tr("Cancel Retrieval"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this))
{
    setWindowTitle(tr("Open from PACS"));
    for (const pacs::PacsNode& node : m_nodes)
        m_node->addItem(QStringLiteral("%1 (%2@%3:%4)")
                            .arg(qs(node.name), qs(node.aeTitle), qs(node.host))
                            .arg(node.port));
    m_patient->setPlaceholderText(tr("e.g. DOE^J*"));
    m_date->setPlaceholderText(tr("YYYYMMDD or YYYYMMDD-YYYYMMDD"));
    m_modality->setPlaceholderText(tr("e.g. CT"));
    auto* form = new QFormLayout;
    form->addRow(tr("Node:"), m_node);
    form->addRow(tr("Patient name:"), m_patient);
    form->addRow(tr("Patient ID:"), m_patientId);
    form->addRow(tr("Study date:"), m_date);
    form->addRow(tr("Modality:"), m_modality);
    form->addRow(tr("Description:"), m_description);
    form->addRow(QString(), m_search);
    m_results->setHeaderLabels(
        {tr("Patient / series"), tr("Date"), tr("Modality"), tr("Description"), tr("Images")});
    m_results->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    m_retrieve->setEnabled(false);
    m_status->setWordWrap(true);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(m_cancelButton);
    bottom->addWidget(m_retrieve);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &PacsBrowserDialog::reject);
    connect(m_search, &QPushButton::clicked, this, &PacsBrowserDialog::search);
    connect(m_retrieve, &QPushButton::clicked, this, [this] { retrieve(m_results->currentItem()); });
    connect(m_cancelButton, &QPushButton::clicked, this, &PacsBrowserDialog::cancelRetrieval);
    connect(m_results, &QTreeWidget::itemExpanded, this, &PacsBrowserDialog::listSeries);
    connect(m_results, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        m_retrieve->setEnabled(item && item->parent() && !m_progress->isVisible());
    });
    connect(m_results, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->parent())
            retrieve(item);
    });
    if (m_nodes.empty())
        m_status->setText(tr("No PACS node is configured: File > PACS Nodes…"));
    m_search->setEnabled(!m_nodes.empty());
    resize(820, 600);
}

PacsBrowserDialog::~PacsBrowserDialog()
{
    m_cancel = true; // a retrieval still running stops at its next image (the flag outlives the dialog)
}

void PacsBrowserDialog::setQuery(const pacs::StudyQuery& query)
{
    m_patient->setText(qs(query.patientName));
    m_patientId->setText(qs(query.patientId));
    m_date->setText(qs(query.studyDate));
    m_modality->setText(qs(query.modality));
    m_description->setText(qs(query.description));
}

pacs::PacsNode PacsBrowserDialog::currentNode() const
{
    const int index = m_node->currentIndex();
    return index >= 0 ? m_nodes[std::size_t(index)] : pacs::PacsNode{};
}

QString PacsBrowserDialog::status() const
{
    return m_status->text();
}

void PacsBrowserDialog::search()
{
    if (m_nodes.empty())
        return;
    const pacs::StudyQuery query{
        m_patient->text().trimmed().toStdString(), m_patientId->text().trimmed().toStdString(),
        m_date->text().trimmed().toStdString(), m_modality->text().trimmed().toStdString(),
        m_description->text().trimmed().toStdString()};
    const pacs::PacsNode node = currentNode();
    m_search->setEnabled(false);
    m_status->setText(tr("Searching…"));
    m_results->clear();
    auto* watcher = new QFutureWatcher<Result<std::vector<pacs::StudyMatch>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto found = watcher->result();
        watcher->deleteLater();
        m_search->setEnabled(true);
        if (!found.ok()) {
            m_status->setText(tr("Search failed: %1").arg(qs(found.error().message())));
            Q_EMIT searchFinished(-1);
            return;
        }
        for (const pacs::StudyMatch& study : *found) {
            auto* item =
                new QTreeWidgetItem(m_results, {qs(study.patientName) + " (" + qs(study.patientId) + ")",
                                                displayDate(study.studyDate), qs(study.modalities),
                                                qs(study.studyDescription), QString()});
            item->setData(0, StudyUidRole, qs(study.studyInstanceUid));
            item->setChildIndicatorPolicy(QTreeWidgetItem::ShowIndicator);
        }
        m_status->setText(tr("Studies found: %1").arg(found->size()));
        Q_EMIT searchFinished(int(found->size()));
    });
    watcher->setFuture(
        QtConcurrent::run([node, query] { return pacs::DimseClient(node).findStudies(query); }));
}

void PacsBrowserDialog::listSeries(QTreeWidgetItem* study)
{
    if (!study || study->parent() || study->data(0, ListedRole).toBool())
        return;
    study->setData(0, ListedRole, true);
    const std::string uid = study->data(0, StudyUidRole).toString().toStdString();
    const pacs::PacsNode node = currentNode();
    auto* watcher = new QFutureWatcher<Result<std::vector<pacs::SeriesMatch>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, uid] {
        const auto found = watcher->result();
        watcher->deleteLater();
        QTreeWidgetItem* row =
            nullptr; // the study found again: a new search may have replaced the rows meanwhile
        for (int n = 0; n < m_results->topLevelItemCount() && !row; ++n)
            if (m_results->topLevelItem(n)->data(0, StudyUidRole).toString() == qs(uid))
                row = m_results->topLevelItem(n);
        if (!row)
            return;
        if (!found.ok()) {
            m_status->setText(tr("Listing the series failed: %1").arg(qs(found.error().message())));
            return;
        }
        for (const pacs::SeriesMatch& series : *found) {
            auto* item = new QTreeWidgetItem(row, {tr("Series %1").arg(series.seriesNumber), QString(),
                                                   qs(series.modality), qs(series.seriesDescription),
                                                   QString::number(series.instanceCount)});
            item->setData(0, StudyUidRole, qs(uid));
            item->setData(0, SeriesUidRole, qs(series.seriesInstanceUid));
            item->setData(0, InstancesRole, series.instanceCount);
        }
        Q_EMIT seriesListed(row);
    });
    watcher->setFuture(QtConcurrent::run([node, uid] { return pacs::DimseClient(node).findSeries(uid); }));
}

void PacsBrowserDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_retrieve->setEnabled(!busy);
    m_search->setEnabled(!busy);
}

void PacsBrowserDialog::retrieve(QTreeWidgetItem* item)
{
    if (!item || !item->parent() || m_progress->isVisible())
        return;
    const std::string study = item->data(0, StudyUidRole).toString().toStdString();
    const std::string series = item->data(0, SeriesUidRole).toString().toStdString();
    const int expected = item->data(0, InstancesRole).toInt();
    const pacs::PacsNode node = currentNode();
    const std::string cache = m_cache.toStdString();
    m_cancel = false;
    setBusy(true);
    m_progress->setRange(0, std::max(expected, 1));
    m_progress->setValue(0);
    m_status->setText(tr("Retrieving…"));
    auto flag = m_cancelFlag;
    QPointer<QProgressBar> bar(m_progress);
    auto progress = [flag, bar](int done, int total) {
        QMetaObject::invokeMethod(bar, [bar, done, total] {
            if (!bar)
                return;
            if (total > 0)
                bar->setMaximum(total);
            bar->setValue(done);
        });
        return !flag->load();
    };
    auto* watcher = new QFutureWatcher<Result<pacs::RetrievedSeries>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto got = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!got.ok()) {
            const QString message = got.error().code == ErrorCode::Cancelled
                                        ? tr("Retrieval cancelled; nothing was kept.")
                                        : tr("Retrieval failed: %1").arg(qs(got.error().message()));
            m_status->setText(message);
            Q_EMIT retrievalFailed(message);
            return;
        }
        m_status->setText(tr("Images retrieved: %1").arg(got->files.size()));
        Q_EMIT seriesRetrieved(qs(got->folder));
    });
    watcher->setFuture(QtConcurrent::run([node, study, series, cache, progress, expected] {
        return pacs::DimseClient(node).retrieveSeries(study, series, cache, progress, expected);
    }));
}

void PacsBrowserDialog::reject()
{
    m_cancel = true;
    QDialog::reject();
}

} // namespace delineate::app
