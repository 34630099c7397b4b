// Model > Get Models... (GetModelsDialog), offscreen, against a loopback HTTP server serving the vit_t
// fixture checkpoint and a tampered copy: the shipped catalogue lists every model with size, licence and
// a reason when it cannot be downloaded; non-commercial licences are flagged; nothing is requested until
// Download is clicked; Download shows progress, verifies and asks to load the file; a tampered download
// is refused in one line and never loaded; Cancel offers Resume; a file in the models folder whose hash
// differs is moved aside, not loaded; a local file is verified when the catalogue knows its name.
// DELINEATE_SCREENSHOT_DIR=DIR saves the dialog as DIR/get_models_dialog.png.

#include "FixtureCheckpoint.h"
#include "LoopbackServer.h"
#include "models/GetModelsDialog.h"
#include "models/ModelDownload.h"
#include "support/QtTestMain.h"

#include <QAbstractButton>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace delineate;
using delineate::ui::GetModelsDialog;
using delineate::ui::ModelCatalogue;

class TestGetModelsDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void shippedCatalogueIsComplete();
    void listsModelsAndFlagsNonCommercial();
    void downloadVerifiesAndAsksToLoad();
    void tamperedDownloadIsRefused();
    void cancelOffersResume();
    void tamperedFileInFolderIsSetAside();
    void localFileIsVerifiedByName();

private:
    [[nodiscard]] ModelCatalogue catalogue() const;
    [[nodiscard]] QPushButton* button(GetModelsDialog& dialog, const QString& text) const;

    test::FixtureCheckpoint m_fixture;
    std::unique_ptr<test::LoopbackServer> m_server;
    std::unique_ptr<QTemporaryDir> m_folder;
};

void TestGetModelsDialog::initTestCase()
{
    DELINEATE_REQUIRE_FILE(test::samFixtureFile(QStringLiteral("vit_t.pth")));
    m_fixture = test::readFixtureCheckpoint();
    QVERIFY(!m_fixture.content.isEmpty());
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
}

void TestGetModelsDialog::init()
{
    m_server = std::make_unique<test::LoopbackServer>(m_fixture.content);
    m_folder = std::make_unique<QTemporaryDir>();
}

ModelCatalogue TestGetModelsDialog::catalogue() const
{
    auto entry = [this](const QString& id, const QString& file, const QString& route, const QString& licence,
                        bool nonCommercial) {
        return QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("file"), file},
                           {QStringLiteral("variant"), QStringLiteral("vit_t")},
                           {QStringLiteral("title"), id},
                           {QStringLiteral("url"), m_server->url(route, file)},
                           {QStringLiteral("page"), QStringLiteral("https://example.org/")},
                           {QStringLiteral("sha256"), m_fixture.sha256},
                           {QStringLiteral("sha256_source"), QStringLiteral("fixture manifest")},
                           {QStringLiteral("size_bytes"), double(m_fixture.size)},
                           {QStringLiteral("licence"), licence},
                           {QStringLiteral("non_commercial"), nonCommercial},
                           {QStringLiteral("good_for"), QStringLiteral("tests")}};
    };
    const QJsonArray models{entry(QStringLiteral("good"), QStringLiteral("good.pt"), QStringLiteral("good"),
                                  QStringLiteral("Apache-2.0"), false),
                            entry(QStringLiteral("tampered"), QStringLiteral("tampered.pt"),
                                  QStringLiteral("tampered"), QStringLiteral("CC BY-NC 4.0"), true),
                            entry(QStringLiteral("stall"), QStringLiteral("stall.pt"),
                                  QStringLiteral("stall"), QStringLiteral("MIT"), false)};
    return ModelCatalogue::fromJson(QJsonDocument(QJsonObject{{QStringLiteral("models"), models}}).toJson(),
                                    QStringLiteral("test catalogue"));
}

QPushButton* TestGetModelsDialog::button(GetModelsDialog& dialog, const QString& text) const
{
    for (QPushButton* candidate : dialog.findChildren<QPushButton*>())
        if (candidate->text().remove(QLatin1Char('&')) == text)
            return candidate;
    return nullptr;
}

void TestGetModelsDialog::shippedCatalogueIsComplete()
{
    const ModelCatalogue shipped =
        ModelCatalogue::fromFile(QStringLiteral(DELINEATE_SOURCE_DIR "/models/catalogue.json"));
    QCOMPARE(shipped.error(), QString());
    QStringList ids;
    for (const ui::CatalogueModel& model : shipped.models()) {
        ids << model.id;
        QVERIFY2(!model.title.isEmpty() && !model.licence.isEmpty() && !model.goodFor.isEmpty(),
                 qPrintable(model.id));
        QVERIFY2(model.page.isValid() && !model.page.isEmpty(), qPrintable(model.id));
        // Every hash says where it comes from; every model the app cannot download says why (no URL / hash).
        QVERIFY2(!model.sha256Source.isEmpty(), qPrintable(model.id));
        if (!model.url.isEmpty())
            QVERIFY2(model.downloadable(),
                     qPrintable(model.id + QStringLiteral(": URL without SHA-256 or size")));
    }
    for (const char* id : {"mobilesam-vit-t", "sam-vit-b", "sam-vit-l", "sam-vit-h", "medsam-vit-b"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
}

void TestGetModelsDialog::listsModelsAndFlagsNonCommercial()
{
    GetModelsDialog dialog(catalogue(), m_folder->path());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::qWait(200);
    QCOMPARE(m_server->requests(), 0); // nothing is downloaded without the user asking
    QTableWidget* table = dialog.table();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(0, GetModelsDialog::SizeColumn)->text(), QStringLiteral("41 MB"));
    QCOMPARE(table->item(0, GetModelsDialog::LicenceColumn)->text(), QStringLiteral("Apache-2.0"));
    QVERIFY(
        table->item(1, GetModelsDialog::LicenceColumn)->text().contains(QStringLiteral("non-commercial")));
    QCOMPARE(table->item(1, GetModelsDialog::LicenceColumn)->foreground().color(), QColor(0xd3, 0x33, 0x33));
    QCOMPARE(table->item(0, GetModelsDialog::StateColumn)->text(), QStringLiteral("Not downloaded"));
    QVERIFY(!button(dialog, QStringLiteral("Load"))->isEnabled());
    if (const QByteArray dir = qgetenv("DELINEATE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(dialog.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/get_models_dialog.png")));
}

void TestGetModelsDialog::downloadVerifiesAndAsksToLoad()
{
    GetModelsDialog dialog(catalogue(), m_folder->path());
    dialog.show();
    QSignalSpy load(&dialog, &GetModelsDialog::loadRequested);
    dialog.selectModel(QStringLiteral("good"));
    QTest::mouseClick(button(dialog, QStringLiteral("Download")), Qt::LeftButton);
    QVERIFY(dialog.findChild<QProgressBar*>()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(load.size(), 1, 60000);
    const QString path = m_folder->filePath(QStringLiteral("good.pt"));
    QCOMPARE(load.first().first().toString(), path);
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(dialog.statusText(),
             QStringLiteral("good.pt downloaded and verified (SHA-256 matches the catalogue)."));
    QCOMPARE(dialog.table()->item(0, GetModelsDialog::StateColumn)->text(),
             QStringLiteral("Downloaded, verified"));
    QVERIFY(button(dialog, QStringLiteral("Load"))->isEnabled());
    QTest::mouseClick(button(dialog, QStringLiteral("Load")), Qt::LeftButton); // verified already: at once
    QCOMPARE(load.size(), 2);
}

void TestGetModelsDialog::tamperedDownloadIsRefused()
{
    GetModelsDialog dialog(catalogue(), m_folder->path());
    dialog.show();
    QSignalSpy load(&dialog, &GetModelsDialog::loadRequested);
    dialog.selectModel(QStringLiteral("tampered"));
    QTest::mouseClick(button(dialog, QStringLiteral("Download")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QStringLiteral("differs")), 60000);
    QVERIFY2(dialog.statusText().startsWith(QStringLiteral("tampered.pt: SHA-256 ")),
             qPrintable(dialog.statusText()));
    QTest::qWait(100);
    QCOMPARE(load.size(), 0);
    QVERIFY(!QFileInfo::exists(m_folder->filePath(QStringLiteral("tampered.pt"))));
    QVERIFY(!QFileInfo::exists(m_folder->filePath(QStringLiteral("tampered.pt.part"))));
}

void TestGetModelsDialog::cancelOffersResume()
{
    GetModelsDialog dialog(catalogue(), m_folder->path());
    dialog.show();
    dialog.selectModel(QStringLiteral("stall"));
    QTest::mouseClick(button(dialog, QStringLiteral("Download")), Qt::LeftButton);
    const QString destination = m_folder->filePath(QStringLiteral("stall.pt"));
    QTRY_COMPARE_WITH_TIMEOUT(ui::ModelDownload::partialBytes(destination), m_fixture.size / 2, 60000);
    // 20349424 of 40698849 bytes (the manifest's size, halved by the server): 499.99 per mille, shown as 499
    QTRY_COMPARE(dialog.findChild<QProgressBar*>()->value(), 499);
    QTest::mouseClick(button(dialog, QStringLiteral("Cancel Download")), Qt::LeftButton);
    QVERIFY(dialog.statusText().contains(QStringLiteral("cancelled")));
    QVERIFY(button(dialog, QStringLiteral("Resume Download")) != nullptr);
    QVERIFY(button(dialog, QStringLiteral("Resume Download"))->isEnabled());
    QCOMPARE(dialog.table()->item(2, GetModelsDialog::StateColumn)->text(),
             QStringLiteral("Partly downloaded (49 %)"));
}

void TestGetModelsDialog::tamperedFileInFolderIsSetAside()
{
    QFile copy(m_folder->filePath(QStringLiteral("good.pt")));
    QVERIFY(copy.open(QIODevice::WriteOnly));
    QByteArray content = m_fixture.content;
    content[100] = char(content[100] ^ 1);
    copy.write(content);
    copy.close();
    GetModelsDialog dialog(catalogue(), m_folder->path());
    dialog.show();
    QSignalSpy load(&dialog, &GetModelsDialog::loadRequested);
    dialog.selectModel(QStringLiteral("good"));
    QCOMPARE(dialog.table()->item(0, GetModelsDialog::StateColumn)->text(), QStringLiteral("Downloaded"));
    QTest::mouseClick(button(dialog, QStringLiteral("Load")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QStringLiteral("differs")), 60000);
    QVERIFY2(dialog.statusText().endsWith(QStringLiteral("not used, moved aside to good.pt.rejected")),
             qPrintable(dialog.statusText()));
    QCOMPARE(load.size(), 0);
    QVERIFY(!QFileInfo::exists(m_folder->filePath(QStringLiteral("good.pt"))));
    QVERIFY(QFileInfo::exists(m_folder->filePath(QStringLiteral("good.pt.rejected"))));
}

void TestGetModelsDialog::localFileIsVerifiedByName()
{
    QTemporaryDir elsewhere;
    auto write = [&](const QString& name, const QByteArray& content) {
        QFile file(elsewhere.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    };
    QByteArray tampered = m_fixture.content;
    tampered[7] = char(tampered[7] ^ 1);
    write(QStringLiteral("good.pt"), m_fixture.content);
    write(QStringLiteral("tampered.pt"), tampered);
    write(QStringLiteral("mine.pth"), tampered);
    GetModelsDialog dialog(catalogue(), m_folder->path());
    QSignalSpy load(&dialog, &GetModelsDialog::loadRequested);
    dialog.useLocalFile(elsewhere.filePath(QStringLiteral("good.pt")));
    QTRY_COMPARE_WITH_TIMEOUT(load.size(), 1, 60000);
    QCOMPARE(load.takeFirst().first().toString(), elsewhere.filePath(QStringLiteral("good.pt")));
    dialog.useLocalFile(elsewhere.filePath(QStringLiteral("tampered.pt")));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QStringLiteral("differs")), 60000);
    QVERIFY2(dialog.statusText().endsWith(QStringLiteral("; not used")), qPrintable(dialog.statusText()));
    QVERIFY(QFileInfo::exists(elsewhere.filePath(QStringLiteral("tampered.pt")))); // the user's file stays
    QCOMPARE(load.size(), 0);
    dialog.useLocalFile(elsewhere.filePath(QStringLiteral("mine.pth"))); // not in the catalogue: as chosen
    QCOMPARE(load.size(), 1);
    QCOMPARE(m_server->requests(), 0);
}

DELINEATE_TEST_MAIN(TestGetModelsDialog)
#include "tst_get_models_dialog.moc"
