#include "models/ModelDownload.h"

#include "base/Sha256.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <unistd.h>

namespace delineate::ui {

namespace {

constexpr int kTransferTimeoutMs = 60'000; // a stalled connection fails (and can resume) after a minute

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

} // namespace

ModelDownload::ModelDownload(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network)
{
    connect(&m_hashWatcher, &QFutureWatcher<HashOutcome>::finished, this, &ModelDownload::onVerified);
}

ModelDownload::~ModelDownload()
{
    if (m_reply)
        m_reply->abort();
    m_hashWatcher.waitForFinished();
}

qint64 ModelDownload::partialBytes(const QString& destination)
{
    const QFileInfo info(partPath(destination));
    return info.isFile() ? info.size() : 0;
}

QString ModelDownload::name() const
{
    return QFileInfo(m_destination).fileName();
}

void ModelDownload::start(const QUrl& url, const QString& destination, const QString& expectedSha256,
                          qint64 expectedSize)
{
    if (m_state == State::Downloading || m_state == State::Verifying)
        return;
    m_destination = destination;
    m_expectedSha256 = expectedSha256.toLower();
    m_expectedSize = expectedSize;
    m_statusChecked = false;
    m_state = State::Downloading;
    QDir().mkpath(QFileInfo(destination).absolutePath());
    m_part.setFileName(partPath(destination));
    m_received = partialBytes(destination);
    if (m_received > m_expectedSize) // not a prefix of the file we want
        m_received = 0;
    const QIODevice::OpenMode mode =
        m_received > 0 ? QIODevice::Append : QIODevice::WriteOnly | QIODevice::Truncate;
    if (!m_part.open(mode))
        return fail(tr("%1: cannot write the download: %2").arg(m_part.fileName(), m_part.errorString()),
                    false);
    m_resumedFrom = m_received;
    Q_EMIT progress(m_received, m_expectedSize);
    if (m_received == m_expectedSize)
        return verify();

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(kTransferTimeoutMs);
    if (m_received > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_received) + '-');
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ModelDownload::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelDownload::onFinished);
}

void ModelDownload::cancel()
{
    if (m_state != State::Downloading)
        return;
    m_state = State::Cancelled;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_part.close();
    Q_EMIT cancelled();
}

void ModelDownload::onMetaData()
{
    if (m_statusChecked || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 || (status >= 300 && status < 400))
        return; // no answer yet, or a redirect Qt follows
    m_statusChecked = true;
    if (status == 200 && m_received > 0) { // the server ignored the Range: start over
        m_part.resize(0);
        m_part.seek(0);
        m_received = 0;
        m_resumedFrom = 0;
    } else if (status == 206) {
        static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-"));
        const QRegularExpressionMatch match =
            range.match(QString::fromLatin1(m_reply->rawHeader("Content-Range")));
        if (!match.hasMatch() || match.captured(1).toLongLong() != m_received)
            return fail(tr("%1: the server resumed at the wrong place; download again").arg(name()), true);
    } else if (status != 200) {
        return fail(tr("%1: the server answered HTTP %2").arg(name()).arg(status), false);
    }
}

void ModelDownload::onReadyRead()
{
    if (m_state != State::Downloading || !m_reply)
        return;
    onMetaData();
    if (m_state != State::Downloading)
        return;
    const QByteArray bytes = m_reply->readAll();
    if (m_received + bytes.size() > m_expectedSize)
        return fail(tr("%1: the server sent more than the catalogue's %2 bytes; the download was deleted")
                        .arg(name())
                        .arg(m_expectedSize),
                    true);
    if (m_part.write(bytes) != bytes.size())
        return fail(tr("%1: cannot write the download: %2").arg(m_part.fileName(), m_part.errorString()),
                    false);
    m_received += bytes.size();
    Q_EMIT progress(m_received, m_expectedSize);
}

void ModelDownload::onFinished()
{
    if (m_state != State::Downloading || !m_reply)
        return;
    onReadyRead();
    if (m_state != State::Downloading)
        return;
    const QNetworkReply::NetworkError error = m_reply->error();
    const QString reason = m_reply->errorString();
    m_reply->deleteLater();
    if (error != QNetworkReply::NoError || m_received != m_expectedSize)
        return fail(tr("%1: the download stopped at %2 of %3 MB (%4); Download resumes it")
                        .arg(name(), megabytes(m_received), megabytes(m_expectedSize),
                             error != QNetworkReply::NoError ? reason : tr("connection closed")),
                    false);
    verify();
}

void ModelDownload::verify()
{
    m_state = State::Verifying;
    m_part.flush();
    ::fsync(m_part.handle()); // the bytes are on disk before the rename makes them the checkpoint
    m_part.close();
    Q_EMIT verifying();
    const std::string path = QFile::encodeName(m_part.fileName()).toStdString();
    m_hashWatcher.setFuture(QtConcurrent::run([path] {
        Result<std::string> hash = Sha256::ofFile(path);
        return hash ? HashOutcome{QString::fromStdString(*hash), {}}
                    : HashOutcome{{}, QString::fromStdString(hash.error().message())};
    }));
}

void ModelDownload::onVerified()
{
    const HashOutcome outcome = m_hashWatcher.result();
    if (!outcome.error.isEmpty())
        return fail(tr("%1: cannot read the download to verify it: %2").arg(name(), outcome.error), false);
    if (outcome.hex != m_expectedSha256)
        return fail(
            tr("%1: SHA-256 %2 differs from the catalogue's %3; the download was deleted and is not used")
                .arg(name(), outcome.hex, m_expectedSha256),
            true);
    if (std::rename(QFile::encodeName(m_part.fileName()).constData(),
                    QFile::encodeName(m_destination).constData()) != 0)
        return fail(tr("%1: cannot move the verified download into place").arg(m_destination), false);
    m_state = State::Finished;
    Q_EMIT finished(m_destination);
}

void ModelDownload::fail(const QString& message, bool removePart)
{
    m_state = State::Failed;
    if (m_reply) { // deleting a reply closes its connection (abort() here could run inside the reply's
                   // signal)
        m_reply->disconnect(this);
        m_reply->deleteLater();
    }
    m_part.close();
    if (removePart)
        QFile::remove(m_part.fileName());
    Q_EMIT failed(message);
}

} // namespace delineate::ui
