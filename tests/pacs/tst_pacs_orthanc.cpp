// PACS over DIMSE (core/pacs, delineate-cli pacs) against a real Orthanc (Debian package orthanc) on
// loopback: the real MR series (with fresh UIDs) is uploaded through Orthanc's REST API, found (C-FIND by
// patient, date, modality, description) and retrieved (C-GET, progress, cancel) through our code and opened;
// a SEG made for it is sent back (delineate-cli pacs store, C-STORE) and read back through the REST API:
// the dataset Orthanc holds is byte-identical to the one we wrote. Expected values come from the uploaded
// files (read with DCMTK), not from our client.

#include "../dicomseg/SeriesCopy.h"
#include "../support/CliRun.h"
#include "OrthancServer.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "pacs/DimseClient.h"
#include "support/QtTestMain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/oflog/oflog.h>

using namespace delineate;
using delineate::pacs::test::OrthancServer;

namespace {

std::string tagOf(const QString& file, const DcmTagKey& tag)
{
    DcmFileFormat format;
    OFString value;
    if (format.loadFile(file.toStdString().c_str()).good())
        format.getDataset()->findAndGetOFStringArray(tag, value);
    return value.c_str();
}

// The data set of a DICOM file (no meta header) as explicit VR little endian bytes.
QByteArray datasetBytes(const QString& file, const QString& scratch)
{
    DcmFileFormat format;
    if (format.loadFile(file.toStdString().c_str()).bad() ||
        format.getDataset()->saveFile(scratch.toStdString().c_str(), EXS_LittleEndianExplicit).bad())
        return {};
    QFile out(scratch);
    return out.open(QIODevice::ReadOnly) ? out.readAll() : QByteArray();
}

bool openssl(const QStringList& arguments, const QString& folder)
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start("openssl", arguments);
    return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

// A CA, a server and a client certificate signed by it (for 127.0.0.1), and a second, unrelated CA.
bool makeCertificates(const QString& folder)
{
    QDir().mkpath(folder);
    QFile extension(folder + "/san.ext");
    if (!extension.open(QIODevice::WriteOnly) || extension.write("subjectAltName=IP:127.0.0.1\n") < 0)
        return false;
    extension.close();
    for (const QString& ca : {QString("ca"), QString("other-ca")})
        if (!openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out",
                      ca + ".crt", "-days", "2", "-subj", "/CN=Delineate test " + ca},
                     folder))
            return false;
    for (const QString& name : {QString("server"), QString("client")})
        if (!openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                      "-subj", "/CN=" + name},
                     folder) ||
            !openssl({"x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                      "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", "san.ext"},
                     folder))
            return false;
    return true;
}

} // namespace

class TestPacsOrthanc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
        if (OrthancServer::executable().isEmpty())
            DELINEATE_SKIP("Orthanc is not installed (Debian package orthanc; packaging/install-deps.sh)");
        if (!QFileInfo::exists(dicomseg::test::kMrSeries))
            DELINEATE_SKIP(qPrintable("test data not found: " + dicomseg::test::kMrSeries));
        QVERIFY(m_dir.isValid());
        m_series = m_dir.filePath("series");
        QVERIFY(dicomseg::test::writeSeriesCopy(m_series, 20));
        const QString first = QDir(m_series).entryInfoList(QDir::Files).first().filePath();
        m_studyUid = tagOf(first, DCM_StudyInstanceUID);
        m_seriesUid = tagOf(first, DCM_SeriesInstanceUID);
        m_patientName = tagOf(first, DCM_PatientName);
        m_studyDate = tagOf(first, DCM_StudyDate);
        QString error;
        QDir().mkpath(m_dir.filePath("orthanc"));
        QVERIFY2(m_orthanc.start(m_dir.filePath("orthanc"), error), qPrintable(error));
        QCOMPARE(m_orthanc.upload(m_series), 20);
        m_node = *pacs::parseNodeAddress(m_orthanc.dicomNode().toStdString());
        m_node.timeoutSeconds = 20;
    }

    void echo() { QVERIFY(pacs::DimseClient(m_node).echo().ok()); }

    void findStudies_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("matches");
        QTest::newRow("patient wildcard") << "patient" << true;
        QTest::newRow("date range") << "date" << true;
        QTest::newRow("modality") << "modality" << true;
        QTest::newRow("other patient") << "other patient" << false;
        QTest::newRow("other modality") << "other modality" << false;
    }
    void findStudies()
    {
        QFETCH(QString, field);
        QFETCH(bool, matches);
        pacs::StudyQuery query;
        if (field == "patient")
            query.patientName = m_patientName.substr(0, 3) + "*";
        else if (field == "date")
            query.studyDate = m_studyDate + "-";
        else if (field == "modality")
            query.modality = "MR";
        else if (field == "other patient")
            query.patientName = "NOBODY^HERE";
        else
            query.modality = "US";
        auto found = pacs::DimseClient(m_node).findStudies(query);
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().message().c_str());
        QCOMPARE(found->size(), std::size_t(matches ? 1 : 0));
        if (matches) {
            QCOMPARE(found->front().studyInstanceUid, m_studyUid);
            QCOMPARE(found->front().patientName, m_patientName);
        }
    }

    void findSeries()
    {
        auto series = pacs::DimseClient(m_node).findSeries(m_studyUid);
        QVERIFY2(series.ok(), series.ok() ? "" : series.error().message().c_str());
        QCOMPARE(series->size(), std::size_t(1));
        QCOMPARE(series->front().seriesInstanceUid, m_seriesUid);
        QCOMPARE(series->front().instanceCount, 20);
    }

    void retrieveOpensTheSameStudy()
    {
        std::vector<int> progress;
        auto got = pacs::DimseClient(m_node).retrieveSeries(
            m_studyUid, m_seriesUid, m_dir.filePath("cache").toStdString(),
            [&](int done, int) {
                progress.push_back(done);
                return true;
            },
            20);
        QVERIFY2(got.ok(), got.ok() ? "" : got.error().message().c_str());
        QCOMPARE(got->files.size(), std::size_t(20));
        QCOMPARE(got->failed, 0);
        QVERIFY(!progress.empty() && progress.back() == 20);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        auto retrieved = io::loadStudy(got->folder);
        auto original = io::loadStudy(m_series.toStdString());
        QVERIFY(retrieved.ok() && original.ok());
        QVERIFY(retrieved->volume.geometry().sameGrid(original->volume.geometry()));
        QVERIFY(std::equal(original->volume.data(), original->volume.data() + original->volume.elementCount(),
                           retrieved->volume.data()));
        m_retrieved = QString::fromStdString(got->folder);
    }

    void cancelLeavesNothingBehind()
    {
        const QString cache = m_dir.filePath("cancelled-cache");
        auto got = pacs::DimseClient(m_node).retrieveSeries(m_studyUid, m_seriesUid, cache.toStdString(),
                                                            [](int done, int) { return done < 3; });
        QVERIFY(!got.ok());
        QCOMPARE(got.error().code, ErrorCode::Cancelled);
        const QDir studyFolder(cache + "/" + QString::fromStdString(m_studyUid));
        QVERIFY2(
            studyFolder.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
            qPrintable(
                studyFolder.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).join(", ")));
        // Orthanc still answers afterwards.
        QVERIFY(pacs::DimseClient(m_node).echo().ok());
    }

    void cliFindGetAndStoreSegArrivesIntact()
    {
        using test::runCli;
        const QString node = m_orthanc.dicomNode();
        const auto find = runCli({"pacs", "find", "--node", node, "--modality", "MR", "--json"}, 60000);
        QVERIFY2(find.exitCode == 0, qPrintable(find.err));
        const QJsonArray studies = QJsonDocument::fromJson(find.out.toUtf8()).array();
        QCOMPARE(studies.size(), 1);
        QCOMPARE(studies[0]["study"].toString().toStdString(), m_studyUid);
        const auto get =
            runCli({"pacs", "get", "--node", node, "--study", QString::fromStdString(m_studyUid), "--series",
                    QString::fromStdString(m_seriesUid), "--cache", m_dir.filePath("cli-cache"), "--json"},
                   120000);
        QVERIFY2(get.exitCode == 0, qPrintable(get.err));
        const QString folder = QJsonDocument::fromJson(get.out.toUtf8()).object()["folder"].toString();
        QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 20);

        // A SEG for the retrieved series, sent back.
        auto study = io::loadStudy(folder.toStdString());
        QVERIFY(study.ok());
        auto labels = image::LabelMap::createFor(study->volume);
        for (std::int64_t k = 4; k < 9; ++k)
            for (std::int64_t j = 80; j < 150; ++j)
                for (std::int64_t i = 60; i < 170; ++i)
                    labels->at(i, j, k) = 1;
        const QString labelsPath = m_dir.filePath("labels.nii.gz"), seg = m_dir.filePath("seg.dcm");
        QVERIFY(io::saveLabelMap(*labels, *study, labelsPath.toStdString()).ok());
        const auto exported =
            runCli({"export-seg", "--image", folder, "--labels", labelsPath, "--out", seg}, 120000);
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const auto stored = runCli({"pacs", "store", "--node", node, seg}, 60000);
        QVERIFY2(stored.exitCode == 0, qPrintable(stored.err));

        const auto lookup =
            m_orthanc.post("/tools/lookup", QByteArray::fromStdString(tagOf(seg, DCM_SOPInstanceUID)));
        const QJsonArray hits = QJsonDocument::fromJson(lookup.body).array();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits[0]["Type"].toString(), QString("Instance"));
        const auto file = m_orthanc.get("/instances/" + hits[0]["ID"].toString() + "/file");
        QCOMPARE(file.status, 200);
        QFile copy(m_dir.filePath("from-orthanc.dcm"));
        QVERIFY(copy.open(QIODevice::WriteOnly) && copy.write(file.body) == file.body.size());
        copy.close();
        const QByteArray ours = datasetBytes(seg, m_dir.filePath("ours.raw"));
        const QByteArray theirs = datasetBytes(copy.fileName(), m_dir.filePath("theirs.raw"));
        QVERIFY(!ours.isEmpty());
        QVERIFY2(ours == theirs, "the SEG Orthanc holds differs from the one sent");
        // And Orthanc files it under the study it belongs to.
        const auto series = m_orthanc.get("/instances/" + hits[0]["ID"].toString() + "/study");
        QCOMPARE(QJsonDocument::fromJson(series.body)
                     .object()["MainDicomTags"]
                     .toObject()["StudyInstanceUID"]
                     .toString()
                     .toStdString(),
                 m_studyUid);
    }

    // DICOM TLS (Orthanc's DicomTlsEnabled, client certificate required), certificates made by openssl here.
    void tlsNeedsTheRightCertificates()
    {
        if (QStandardPaths::findExecutable("openssl").isEmpty())
            DELINEATE_SKIP("openssl is not installed (Debian package openssl)");
        const QString tls = m_dir.filePath("tls");
        QVERIFY(makeCertificates(tls));
        OrthancServer secure;
        QString error;
        QDir().mkpath(m_dir.filePath("orthanc-tls"));
        const QJsonObject config{{"DicomTlsEnabled", true},
                                 {"DicomTlsCertificate", tls + "/server.crt"},
                                 {"DicomTlsPrivateKey", tls + "/server.key"},
                                 {"DicomTlsTrustedCertificates", tls + "/ca.crt"},
                                 {"DicomTlsRemoteCertificateRequired", true}};
        QVERIFY2(secure.start(m_dir.filePath("orthanc-tls"), error, {}, config), qPrintable(error));
        pacs::PacsNode node = *pacs::parseNodeAddress(secure.dicomNode().toStdString());
        node.timeoutSeconds = 10;
        node.tls = {true, (tls + "/ca.crt").toStdString(), (tls + "/client.crt").toStdString(),
                    (tls + "/client.key").toStdString()};
        auto echoed = pacs::DimseClient(node).echo();
        QVERIFY2(echoed.ok(), echoed.ok() ? "" : echoed.error().message().c_str());
        QVERIFY(pacs::DimseClient(node).findStudies({}).ok());
        pacs::PacsNode plain = node;
        plain.tls = {};
        QVERIFY(!pacs::DimseClient(plain).echo().ok());
        pacs::PacsNode noCertificate = node;
        noCertificate.tls.certificate.clear();
        noCertificate.tls.privateKey.clear();
        QVERIFY(!pacs::DimseClient(noCertificate).echo().ok());
        pacs::PacsNode otherCa = node;
        otherCa.tls.caCertificate = (tls + "/other-ca.crt").toStdString();
        QVERIFY(!pacs::DimseClient(otherCa).echo().ok());
    }

    void unreachableNodeFailsWithOneLine()
    {
        pacs::PacsNode nowhere = m_node;
        nowhere.port = pacs::test::freeLoopbackPort();
        nowhere.timeoutSeconds = 3;
        auto echoed = pacs::DimseClient(nowhere).echo();
        QVERIFY(!echoed.ok());
        QVERIFY(echoed.error().message().find("ORTHANC@127.0.0.1") != std::string::npos);
        QVERIFY(echoed.error().message().find('\n') == std::string::npos);
        const auto cli = test::runCli(
            {"pacs", "echo", "--node", "X@127.0.0.1:" + QString::number(nowhere.port), "--timeout", "3"},
            60000);
        QCOMPARE(cli.exitCode, 1);
        QVERIFY(cli.err.startsWith("delineate-cli: X@127.0.0.1"));
    }

private:
    QTemporaryDir m_dir;
    OrthancServer m_orthanc;
    pacs::PacsNode m_node;
    QString m_series, m_retrieved;
    std::string m_studyUid, m_seriesUid, m_patientName, m_studyDate;
};

DELINEATE_TEST_GUILESS_MAIN(TestPacsOrthanc)
#include "tst_pacs_orthanc.moc"
