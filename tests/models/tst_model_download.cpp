// ModelDownload against a loopback HTTP server (LoopbackServer.h) serving the vit_t fixture checkpoint:
// a complete download is verified and renamed into place; a tampered copy is refused and deleted; a
// connection dropped half-way keeps the .part and the next start asks for the rest (Range) and finishes
// verified; Cancel keeps the .part and Resume completes it; a server that ignores Range sends the whole
// file again; more bytes than the catalogue's size, and HTTP errors, fail in one line. The expected
// SHA-256 and size are the fixture manifest's (Python hashlib), never our own output.

#include "FixtureCheckpoint.h"
#include "LoopbackServer.h"
#include "base/Sha256.h"
#include "models/ModelDownload.h"
#include "support/QtTestMain.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace delineate;
using delineate::ui::ModelDownload;

class TestModelDownload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void completeDownloadIsVerifiedAndRenamed();
    void tamperedFileIsRefusedAndDeleted();
    void droppedConnectionResumesWithRange();
    void cancelKeepsPartAndResumeCompletes();
    void serverIgnoringRangeSendsWholeFile();
    void moreBytesThanCatalogueFail();
    void httpErrorFailsInOneLine();

private:
    [[nodiscard]] QString destination() const
    {
        return m_folder->filePath(QStringLiteral("models/mobile_sam.pt"));
    }
    // Runs until finished/failed/cancelled; returns the failure message ("" on success).
    QString run(ModelDownload& download, const QString& route);

    test::FixtureCheckpoint m_fixture;
    std::unique_ptr<test::LoopbackServer> m_server;
    std::unique_ptr<QTemporaryDir> m_folder;
    QNetworkAccessManager m_network;
};

void TestModelDownload::initTestCase()
{
    DELINEATE_REQUIRE_FILE(test::samFixtureFile(QStringLiteral("vit_t.pth")));
    m_fixture = test::readFixtureCheckpoint();
    QVERIFY(!m_fixture.content.isEmpty());
    QCOMPARE(qint64(m_fixture.content.size()), m_fixture.size);
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy); // loopback only, whatever http_proxy says
}

void TestModelDownload::init()
{
    m_server = std::make_unique<test::LoopbackServer>(m_fixture.content);
    QVERIFY(m_server->listening());
    m_folder = std::make_unique<QTemporaryDir>();
}

QString TestModelDownload::run(ModelDownload& download, const QString& route)
{
    QSignalSpy finished(&download, &ModelDownload::finished);
    QSignalSpy failed(&download, &ModelDownload::failed);
    QSignalSpy cancelled(&download, &ModelDownload::cancelled);
    download.start(QUrl(m_server->url(route, QStringLiteral("mobile_sam.pt"))), destination(),
                   m_fixture.sha256, m_fixture.size);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() + cancelled.size() == 1, 60000); }();
    return failed.isEmpty() ? QString() : failed.first().first().toString();
}

void TestModelDownload::completeDownloadIsVerifiedAndRenamed()
{
    ModelDownload download(&m_network);
    QSignalSpy progress(&download, &ModelDownload::progress);
    QCOMPARE(run(download, QStringLiteral("good")), QString());
    QCOMPARE(download.state(), ModelDownload::State::Finished);
    QVERIFY(QFileInfo::exists(destination()));
    QVERIFY(!QFileInfo::exists(ModelDownload::partPath(destination())));
    QCOMPARE(QString::fromStdString(*Sha256::ofFile(destination().toStdString())), m_fixture.sha256);
    QCOMPARE(progress.last().at(0).toLongLong(), m_fixture.size);
    QCOMPARE(m_server->ranges(), QList<QByteArray>{QByteArray()});
}

void TestModelDownload::tamperedFileIsRefusedAndDeleted()
{
    ModelDownload download(&m_network);
    const QString message = run(download, QStringLiteral("tampered"));
    QCOMPARE(download.state(), ModelDownload::State::Failed);
    QVERIFY2(message.startsWith(QStringLiteral("mobile_sam.pt: SHA-256 ")), qPrintable(message));
    QVERIFY2(message.contains(m_fixture.sha256) && message.contains(QStringLiteral("not used")),
             qPrintable(message));
    QVERIFY(!message.contains(QLatin1Char('\n')));
    QVERIFY(!QFileInfo::exists(destination()));
    QVERIFY(!QFileInfo::exists(ModelDownload::partPath(destination())));
}

void TestModelDownload::droppedConnectionResumesWithRange()
{
    ModelDownload download(&m_network);
    const QString message = run(download, QStringLiteral("drop"));
    QVERIFY2(message.startsWith(QStringLiteral("mobile_sam.pt: the download stopped at 20.3 of 40.7 MB")),
             qPrintable(message));
    QVERIFY(!QFileInfo::exists(destination()));
    const qint64 half = m_fixture.size / 2;
    QCOMPARE(ModelDownload::partialBytes(destination()), half);

    QCOMPARE(run(download, QStringLiteral("drop")), QString()); // the server now answers Range requests
    QCOMPARE(download.resumedFrom(), half);
    QCOMPARE(m_server->ranges().last(), "bytes=" + QByteArray::number(half) + '-');
    QCOMPARE(QString::fromStdString(*Sha256::ofFile(destination().toStdString())), m_fixture.sha256);
    QVERIFY(!QFileInfo::exists(ModelDownload::partPath(destination())));
}

void TestModelDownload::cancelKeepsPartAndResumeCompletes()
{
    ModelDownload download(&m_network);
    qint64 received = 0;
    connect(&download, &ModelDownload::progress, this, [&](qint64 bytes, qint64) { received = bytes; });
    QSignalSpy cancelled(&download, &ModelDownload::cancelled);
    download.start(QUrl(m_server->url(QStringLiteral("stall"), QStringLiteral("mobile_sam.pt"))),
                   destination(), m_fixture.sha256, m_fixture.size);
    QTRY_COMPARE_WITH_TIMEOUT(received, m_fixture.size / 2, 60000); // the server stalls after half
    download.cancel();
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(download.state(), ModelDownload::State::Cancelled);
    QCOMPARE(ModelDownload::partialBytes(destination()), m_fixture.size / 2);
    QVERIFY(!QFileInfo::exists(destination()));

    QCOMPARE(run(download, QStringLiteral("good")), QString());
    QCOMPARE(download.resumedFrom(), m_fixture.size / 2);
    QCOMPARE(QString::fromStdString(*Sha256::ofFile(destination().toStdString())), m_fixture.sha256);
}

void TestModelDownload::serverIgnoringRangeSendsWholeFile()
{
    QDir().mkpath(QFileInfo(destination()).absolutePath());
    QFile part(ModelDownload::partPath(destination()));
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write(QByteArray(1000, 'x')); // not even the right bytes: a 200 answer must replace them
    part.close();
    ModelDownload download(&m_network);
    QCOMPARE(run(download, QStringLiteral("norange")), QString());
    QCOMPARE(m_server->ranges().last(), QByteArray("bytes=1000-"));
    QCOMPARE(QString::fromStdString(*Sha256::ofFile(destination().toStdString())), m_fixture.sha256);
}

void TestModelDownload::moreBytesThanCatalogueFail()
{
    ModelDownload download(&m_network);
    QSignalSpy failed(&download, &ModelDownload::failed);
    download.start(QUrl(m_server->url(QStringLiteral("good"), QStringLiteral("mobile_sam.pt"))),
                   destination(), m_fixture.sha256, m_fixture.size - 10);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
    const QString message = failed.first().first().toString();
    QVERIFY2(message == QStringLiteral("mobile_sam.pt: the server sent more than the catalogue's %1 bytes; "
                                       "the download was deleted")
                            .arg(m_fixture.size - 10),
             qPrintable(message));
    QVERIFY(!QFileInfo::exists(destination()));
    QVERIFY(!QFileInfo::exists(ModelDownload::partPath(destination())));
}

void TestModelDownload::httpErrorFailsInOneLine()
{
    ModelDownload download(&m_network);
    QSignalSpy failed(&download, &ModelDownload::failed);
    download.start(QUrl(m_server->url(QStringLiteral("missing"), QStringLiteral("mobile_sam.pt"))),
                   destination(), m_fixture.sha256, m_fixture.size);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
    QCOMPARE(failed.first().first().toString(),
             QStringLiteral("mobile_sam.pt: the server answered HTTP 404"));
    QVERIFY(!QFileInfo::exists(destination()));
}

DELINEATE_TEST_GUILESS_MAIN(TestModelDownload)
#include "tst_model_download.moc"
