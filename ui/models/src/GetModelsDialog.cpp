#include "models/GetModelsDialog.h"

#include "base/Sha256.h"
#include "models/ModelDownload.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

namespace delineate::ui {

namespace {

QString sizeText(qint64 bytes)
{
    if (bytes <= 0)
        return GetModelsDialog::tr("unknown");
    if (bytes >= 1'000'000'000)
        return GetModelsDialog::tr("%1 GB").arg(QLocale().toString(double(bytes) / 1e9, 'f', 2));
    return GetModelsDialog::tr("%1 MB").arg(QLocale().toString(double(bytes) / 1e6, 'f', 0));
}

} // namespace

GetModelsDialog::GetModelsDialog(ModelCatalogue catalogue, QString folder, QWidget* parent)
    : QDialog(parent), m_catalogue(std::move(catalogue)), m_folder(std::move(folder)),
      m_network(new QNetworkAccessManager(this)), m_download(new ModelDownload(m_network, this)),
      m_table(new QTableWidget(this)), m_details(new QLabel(this)), m_status(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_downloadButton(new QPushButton(tr("&Download"), this)),
      m_cancelButton(new QPushButton(tr("&Cancel Download"), this)),
      m_loadButton(new QPushButton(tr("&Load"), this)),
      m_pageButton(new QPushButton(tr("Official &Page"), this))
{
    setWindowTitle(tr("Get Models"));
    setObjectName(QStringLiteral("getModelsDialog"));
    auto* intro = new QLabel(tr("Official SAM checkpoints. Nothing is downloaded until you press Download; "
                                "files go to %1 and are used only after their SHA-256 matches the catalogue.")
                                 .arg(QDir::toNativeSeparators(m_folder)),
                             this);
    intro->setWordWrap(true);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Size"), tr("Licence"), tr("State")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setOpenExternalLinks(true);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_details->setMinimumHeight(90);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->hide();
    auto* local = new QPushButton(tr("Choose &Local File\u2026"), this);
    auto* close = new QPushButton(tr("Close"), this);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_downloadButton, m_cancelButton, m_loadButton, m_pageButton, local})
        buttons->addWidget(button);
    buttons->addStretch(1);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    resize(900, 560);
    connectButtons(local, close);
    connectDownload();
    fillTable();
    if (!m_catalogue.error().isEmpty())
        setStatus(m_catalogue.error(), true);
}

void GetModelsDialog::connectButtons(QPushButton* local, QPushButton* close)
{
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &GetModelsDialog::showSelected);
    connect(m_downloadButton, &QPushButton::clicked, this, &GetModelsDialog::download);
    connect(m_cancelButton, &QPushButton::clicked, this, &GetModelsDialog::cancelDownload);
    connect(m_loadButton, &QPushButton::clicked, this, &GetModelsDialog::loadSelected);
    connect(m_pageButton, &QPushButton::clicked, this, [this] {
        if (const CatalogueModel* model = selected())
            QDesktopServices::openUrl(model->page);
    });
    connect(local, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose SAM Checkpoint"), {},
                                                          tr("SAM checkpoints (*.pth *.pt);;All files (*)"));
        if (!path.isEmpty())
            useLocalFile(path);
    });
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(&m_verifier, &QFutureWatcher<Verdict>::finished, this, &GetModelsDialog::onVerified);
}

void GetModelsDialog::connectDownload()
{
    connect(m_download, &ModelDownload::progress, this, [this](qint64 received, qint64 total) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(received * 1000 / total) : 0);
        m_progress->setFormat(tr("%1 of %2").arg(sizeText(received), sizeText(total)));
    });
    connect(m_download, &ModelDownload::verifying, this, [this] {
        m_progress->setRange(0, 0);
        setStatus(tr("Checking SHA-256\u2026"));
    });
    connect(m_download, &ModelDownload::finished, this, [this](const QString& path) {
        m_verified.insert(path);
        m_progress->hide();
        setStatus(tr("%1 downloaded and verified (SHA-256 matches the catalogue).")
                      .arg(QFileInfo(path).fileName()));
        showSelected();
        Q_EMIT loadRequested(path);
    });
    connect(m_download, &ModelDownload::failed, this, [this](const QString& message) {
        m_progress->hide();
        setStatus(message, true);
        showSelected();
    });
    connect(m_download, &ModelDownload::cancelled, this, [this] {
        m_progress->hide();
        setStatus(tr("Download cancelled; the part received is kept and Resume continues it."));
        showSelected();
    });
}

QAction* GetModelsDialog::addTo(QMenu* menu, QWidget* parent, std::function<void(const QString&)> load)
{
    QAction* action = menu->addAction(tr("&Get Models\u2026"));
    action->setStatusTip(tr("Download an official SAM checkpoint, verified by its SHA-256"));
    auto dialog = std::make_shared<QPointer<GetModelsDialog>>();
    QObject::connect(action, &QAction::triggered, parent, [parent, load = std::move(load), dialog] {
        if (!*dialog) {
            *dialog = new GetModelsDialog(ModelCatalogue::fromFile(QStringLiteral(":/models/catalogue.json")),
                                          defaultFolder(), parent);
            QObject::connect(dialog->data(), &GetModelsDialog::loadRequested, parent, load);
        }
        (*dialog)->show();
        (*dialog)->raise();
        (*dialog)->activateWindow();
    });
    return action;
}

QString GetModelsDialog::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models");
}

QString GetModelsDialog::statusText() const
{
    return m_status->text();
}

void GetModelsDialog::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #d33;") : QString());
}

QString GetModelsDialog::pathOf(const CatalogueModel& model) const
{
    return m_folder + QLatin1Char('/') + model.file;
}

void GetModelsDialog::fillTable()
{
    const QList<CatalogueModel>& models = m_catalogue.models();
    m_table->setRowCount(int(models.size()));
    for (int row = 0; row < models.size(); ++row) {
        const CatalogueModel& model = models[row];
        auto* title = new QTableWidgetItem(model.title);
        title->setData(Qt::UserRole, model.id);
        title->setToolTip(model.goodFor);
        m_table->setItem(row, TitleColumn, title);
        m_table->setItem(row, SizeColumn, new QTableWidgetItem(sizeText(model.sizeBytes)));
        auto* licence = new QTableWidgetItem(
            model.nonCommercial ? tr("%1 \u2014 non-commercial use only").arg(model.licence) : model.licence);
        if (model.nonCommercial) {
            licence->setForeground(QColor(0xd3, 0x33, 0x33));
            licence->setToolTip(tr("This licence forbids commercial use of the model."));
        }
        m_table->setItem(row, LicenceColumn, licence);
        m_table->setItem(row, StateColumn, new QTableWidgetItem);
        refreshRow(row);
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    if (!models.isEmpty())
        m_table->selectRow(0);
}

void GetModelsDialog::refreshRow(int row)
{
    const CatalogueModel& model = m_catalogue.models()[row];
    const QString path = pathOf(model);
    QString state;
    if (m_download->state() == ModelDownload::State::Downloading && m_downloadId == model.id)
        state = tr("Downloading\u2026");
    else if (QFileInfo::exists(path))
        state = m_verified.contains(path) ? tr("Downloaded, verified") : tr("Downloaded");
    else if (const qint64 part = ModelDownload::partialBytes(path); part > 0 && model.sizeBytes > 0)
        state = tr("Partly downloaded (%1 %)").arg(part * 100 / model.sizeBytes);
    else if (model.trainedByUser)
        state = tr("Trained by you: choose a local file");
    else if (model.url.isEmpty())
        state = tr("Download by hand from its page");
    else if (!model.downloadable())
        state = tr("No published SHA-256: choose a local file");
    else
        state = tr("Not downloaded");
    m_table->item(row, StateColumn)->setText(state);
}

const CatalogueModel* GetModelsDialog::selected() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return nullptr;
    return &m_catalogue.models()[items.first()->row()];
}

void GetModelsDialog::selectModel(const QString& id)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, TitleColumn)->data(Qt::UserRole).toString() == id)
            m_table->selectRow(row);
}

void GetModelsDialog::showSelected()
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        refreshRow(row);
    const CatalogueModel* model = selected();
    const bool busy = m_download->state() == ModelDownload::State::Downloading ||
                      m_download->state() == ModelDownload::State::Verifying || m_verifier.isRunning();
    m_cancelButton->setEnabled(m_download->state() == ModelDownload::State::Downloading);
    if (!model) {
        m_details->clear();
        for (QPushButton* button : {m_downloadButton, m_loadButton, m_pageButton})
            button->setEnabled(false);
        return;
    }
    const QString path = pathOf(*model);
    const bool present = QFileInfo::exists(path);
    m_downloadButton->setText(ModelDownload::partialBytes(path) > 0 ? tr("&Resume Download")
                                                                    : tr("&Download"));
    m_downloadButton->setEnabled(!busy && !present && model->downloadable());
    m_loadButton->setEnabled(!busy && present);
    m_pageButton->setEnabled(model->page.isValid() && !model->page.isEmpty());
    const QString hash =
        model->sha256.isEmpty() ? tr("not published") : QStringLiteral("<code>%1</code>").arg(model->sha256);
    m_details->setText(tr("<b>%1</b> (%2, <code>%3</code>)<br>%4<br>SHA-256: %5<br><small>%6</small>")
                           .arg(model->title.toHtmlEscaped(), model->variant.toHtmlEscaped(),
                                model->file.toHtmlEscaped(), model->goodFor.toHtmlEscaped(), hash,
                                model->sha256Source.toHtmlEscaped()));
}

void GetModelsDialog::download()
{
    const CatalogueModel* model = selected();
    if (!model || !model->downloadable() || m_download->state() == ModelDownload::State::Downloading)
        return;
    if (!QDir().mkpath(m_folder)) {
        setStatus(tr("%1: cannot create the models folder").arg(m_folder), true);
        return;
    }
    m_downloadId = model->id;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->show();
    setStatus(tr("Downloading %1 from %2\u2026").arg(model->file, model->url.host()));
    m_download->start(model->url, pathOf(*model), model->sha256, model->sizeBytes);
    showSelected();
}

void GetModelsDialog::cancelDownload()
{
    m_download->cancel();
}

void GetModelsDialog::loadSelected()
{
    if (const CatalogueModel* model = selected(); model && QFileInfo::exists(pathOf(*model)))
        verifyThenLoad(pathOf(*model), *model, true);
}

void GetModelsDialog::useLocalFile(const QString& path)
{
    const CatalogueModel* model = m_catalogue.byFileName(QFileInfo(path).fileName());
    if (!model || model->sha256.isEmpty()) { // not a catalogue file: the user's own checkpoint, as chosen
        setStatus(tr("%1 is not in the catalogue; loading it as chosen.").arg(QFileInfo(path).fileName()));
        Q_EMIT loadRequested(path);
        return;
    }
    verifyThenLoad(path, *model, false);
}

void GetModelsDialog::verifyThenLoad(const QString& path, const CatalogueModel& model, bool ownFile)
{
    if (model.sha256.isEmpty() || m_verified.contains(path)) {
        Q_EMIT loadRequested(path);
        return;
    }
    if (m_verifier.isRunning())
        return;
    m_verifyPath = path;
    m_verifyExpected = model.sha256;
    m_verifyOwnFile = ownFile;
    m_progress->setRange(0, 0);
    m_progress->show();
    setStatus(tr("Checking the SHA-256 of %1 before its first use\u2026").arg(QFileInfo(path).fileName()));
    const std::string file = QFile::encodeName(path).toStdString();
    m_verifier.setFuture(QtConcurrent::run([file] {
        Result<std::string> hash = Sha256::ofFile(file);
        return hash ? Verdict{QString::fromStdString(*hash), {}}
                    : Verdict{{}, QString::fromStdString(hash.error().message())};
    }));
    showSelected();
}

void GetModelsDialog::onVerified()
{
    const Verdict verdict = m_verifier.result();
    m_progress->hide();
    const QString name = QFileInfo(m_verifyPath).fileName();
    if (!verdict.error.isEmpty()) {
        setStatus(verdict.error, true);
    } else if (verdict.hex != m_verifyExpected) {
        // A file in our models folder is set aside (never used again); the user's own file is left alone.
        QString aside;
        if (m_verifyOwnFile) {
            aside = m_verifyPath + QStringLiteral(".rejected");
            QFile::remove(aside);
            std::rename(QFile::encodeName(m_verifyPath).constData(), QFile::encodeName(aside).constData());
        }
        setStatus(m_verifyOwnFile
                      ? tr("%1: SHA-256 %2 differs from the catalogue's %3; not used, moved aside to %4")
                            .arg(name, verdict.hex, m_verifyExpected, QFileInfo(aside).fileName())
                      : tr("%1: SHA-256 %2 differs from the catalogue's %3; not used")
                            .arg(name, verdict.hex, m_verifyExpected),
                  true);
    } else {
        m_verified.insert(m_verifyPath);
        setStatus(tr("%1 verified (SHA-256 matches the catalogue).").arg(name));
        Q_EMIT loadRequested(m_verifyPath);
    }
    showSelected();
}

} // namespace delineate::ui
