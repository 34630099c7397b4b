#pragma once
// One resumable, verified download of a catalogue checkpoint into the models folder.
//
//   <folder>/<file>.part  the bytes received so far. Kept when the user cancels or the connection
//                         drops: the next start() asks only for the rest ("Range: bytes=<size>-"); a
//                         server that answers 200 instead of 206 sends the whole file again.
//   <folder>/<file>       appears only after the complete .part's SHA-256 (base/Sha256.h, computed off
//                         the GUI thread) equals the catalogue's: the .part is flushed to disk and renamed.
//                         A .part whose size or hash differs is deleted and never renamed or used.
//
//   auto* download = new ModelDownload(network, this);
//   connect(download, &ModelDownload::progress, bar, ...);         // bytes of the whole file
//   connect(download, &ModelDownload::finished, this, &X::load);   // the verified checkpoint's path
//   connect(download, &ModelDownload::failed, status, &QLabel::setText);  // one line
//   download->start(model.url, folder + "/" + model.file, model.sha256, model.sizeBytes);
//
// States: Idle -> Downloading -> Verifying -> Finished | Failed | Cancelled (start() again resumes).

#include <QFile>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace delineate::ui {

class ModelDownload : public QObject {
    Q_OBJECT

public:
    enum class State { Idle, Downloading, Verifying, Finished, Failed, Cancelled };

    explicit ModelDownload(QNetworkAccessManager* network, QObject* parent = nullptr);
    ~ModelDownload() override;

    // `destination` is the final path (its folder is created); `expectedSha256` lower-case hex.
    void start(const QUrl& url, const QString& destination, const QString& expectedSha256,
               qint64 expectedSize);
    // Stops the transfer and keeps the .part for a later start(); no effect once verifying or done.
    void cancel();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString destination() const { return m_destination; }
    // Bytes the .part held when start() last asked the server (0: from the beginning).
    [[nodiscard]] qint64 resumedFrom() const { return m_resumedFrom; }
    // Size of the .part beside `destination` (0: none).
    [[nodiscard]] static qint64 partialBytes(const QString& destination);
    [[nodiscard]] static QString partPath(const QString& destination)
    {
        return destination + QStringLiteral(".part");
    }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void verifying();
    void finished(const QString& path);
    void failed(const QString& message);
    void cancelled();

private:
    struct HashOutcome {
        QString hex;
        QString error;
    };

    void onMetaData();
    void onReadyRead();
    void onFinished();
    void verify();
    void onVerified();
    void fail(const QString& message, bool removePart);
    [[nodiscard]] QString name() const;

    QNetworkAccessManager* m_network;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    QFutureWatcher<HashOutcome> m_hashWatcher;
    State m_state = State::Idle;
    QString m_destination;
    QString m_expectedSha256;
    qint64 m_expectedSize = 0;
    qint64 m_received = 0; // bytes in the .part
    qint64 m_resumedFrom = 0;
    bool m_statusChecked = false;
};

} // namespace delineate::ui
