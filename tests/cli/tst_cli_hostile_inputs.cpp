// delineate-cli against hostile inputs (issue 14, points 3 and 5), run as a child process whose peak
// memory is read from wait4()'s rusage: `info` on a 1 MB .nii.gz declaring 1024^3 voxels reads the
// header only; loading refuses a volume larger than the memory available (one line naming the file
// and --allow-large); loading a float64 NIfTI peaks within 2x the decoded float32 volume; a bad NIfTI
// magic, a rotated grid in eval and an absent label are reported in one line; MetaImage / NRRD headers and
// a DICOM series declaring more than the memory available are refused like the NIfTI one; `<command> --help`
// works for every command. The files are written here byte by byte from the NIfTI-1 specification
// (nifti1.h field offsets), not by delineate_io. DELINEATE_CLI_UNDER_TEST runs another build's CLI
// (how these tests were shown to fail on main).

#include "support/QtTestMain.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>

extern char** environ;

namespace {

struct Measured {
    int exitCode = -1;
    long maxRssKb = 0;
    QString out;
    QString err;
};

QString cliPath()
{
    return qEnvironmentVariable("DELINEATE_CLI_UNDER_TEST", QStringLiteral(DELINEATE_CLI));
}

// Runs the CLI with `arguments` (stdout/stderr to files in `folder`, an optional address-space limit)
// and returns its exit code and peak resident memory from wait4().
Measured runMeasured(const QStringList& arguments, const QString& folder,
                     const QStringList& extraEnvironment = {}, rlim_t addressSpaceLimit = RLIM_INFINITY)
{
    const QByteArray outPath = (folder + "/child.out").toLocal8Bit();
    const QByteArray errPath = (folder + "/child.err").toLocal8Bit();
    std::vector<QByteArray> storage{cliPath().toLocal8Bit()};
    for (const QString& argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (char** e = environ; *e; ++e)
        envStorage.emplace_back(*e);
    for (const QString& item : extraEnvironment)
        envStorage.push_back(item.toLocal8Bit());
    std::vector<char*> envp;
    for (QByteArray& item : envStorage)
        envp.push_back(item.data());
    envp.push_back(nullptr);
    Measured result;
    const pid_t pid = fork();
    if (pid < 0)
        return result;
    if (pid == 0) { // only async-signal-safe calls until execve
        const int out = open(outPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(126);
        if (addressSpaceLimit != RLIM_INFINITY) {
            const rlimit limit{addressSpaceLimit, addressSpaceLimit};
            if (setrlimit(RLIMIT_AS, &limit) != 0)
                _exit(126);
        }
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid)
        return result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    result.maxRssKb = usage.ru_maxrss;
    QFile out(QString::fromLocal8Bit(outPath)), err(QString::fromLocal8Bit(errPath));
    if (out.open(QIODevice::ReadOnly))
        result.out = QString::fromUtf8(out.readAll());
    if (err.open(QIODevice::ReadOnly))
        result.err = QString::fromUtf8(err.readAll());
    return result;
}

template <typename T> void put(QByteArray& bytes, int offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
}

// A NIfTI-1 single-file header (nifti1.h: dim at 40, datatype 70, bitpix 72, pixdim 76, vox_offset 108,
// sform_code 254, srow_x/y/z 280/296/312, magic 344). `rotationDegrees` turns the sform about x.
QByteArray niftiHeader(std::int16_t nx, std::int16_t ny, std::int16_t nz, std::int16_t datatype,
                       std::int16_t bitpix, double rotationDegrees = 0)
{
    QByteArray h(352, '\0');
    put<std::int32_t>(h, 0, 348);
    const std::int16_t dim[8] = {3, nx, ny, nz, 1, 1, 1, 1};
    for (int i = 0; i < 8; ++i)
        put<std::int16_t>(h, 40 + 2 * i, dim[i]);
    put<std::int16_t>(h, 70, datatype);
    put<std::int16_t>(h, 72, bitpix);
    for (int i = 0; i < 8; ++i)
        put<float>(h, 76 + 4 * i, 1.0f);
    put<float>(h, 108, 352.0f);
    put<std::int16_t>(h, 254, 1);
    const double a = rotationDegrees * M_PI / 180.0;
    const float rows[3][4] = {{1, 0, 0, 0},
                              {0, float(std::cos(a)), float(-std::sin(a)), 0},
                              {0, float(std::sin(a)), float(std::cos(a)), 0}};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            put<float>(h, 280 + 16 * r + 4 * c, rows[r][c]);
    std::memcpy(h.data() + 344, "n+1\0", 4);
    return h;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// One data element in Explicit VR Little Endian (DICOM PS3.5 7.1.2): OB/OW/UN/SQ/UT have 2 reserved bytes
// and a 32-bit length, the others a 16-bit length. Values are padded to even length (UI with NUL).
void putElement(QByteArray& out, std::uint16_t group, std::uint16_t element, const char* vr, QByteArray value)
{
    if (value.size() % 2)
        value.append(qstrcmp(vr, "UI") == 0 ? '\0' : ' ');
    QByteArray head(4, '\0');
    put<std::uint16_t>(head, 0, group);
    put<std::uint16_t>(head, 2, element);
    head.append(vr, 2);
    const bool longForm = qstrcmp(vr, "OB") == 0 || qstrcmp(vr, "OW") == 0;
    QByteArray length(longForm ? 6 : 2, '\0');
    if (longForm)
        put<std::uint32_t>(length, 2, std::uint32_t(value.size()));
    else
        put<std::uint16_t>(length, 0, std::uint16_t(value.size()));
    out += head + length + value;
}

QByteArray uint16Value(std::uint16_t value)
{
    QByteArray bytes(2, '\0');
    put<std::uint16_t>(bytes, 0, value);
    return bytes;
}

// A single-frame 8-bit MR image of one series, written by hand (PS3.10 file: preamble, "DICM", group 2;
// PS3.3 Image Pixel and Plane modules), whose pixel data is a hole of rows x columns bytes (a sparse file).
void writeSparseDicomSlice(const QString& path, int index, std::uint16_t rows, std::uint16_t columns)
{
    const QByteArray sopClass = "1.2.840.10008.5.1.4.1.1.4"; // MR Image Storage
    const QByteArray sopInstance = "1.2.826.0.1.3680043.2.1143.14.2." + QByteArray::number(index + 1);
    QByteArray meta;
    putElement(meta, 0x0002, 0x0001, "OB", QByteArray("\0\1", 2));
    putElement(meta, 0x0002, 0x0002, "UI", sopClass);
    putElement(meta, 0x0002, 0x0003, "UI", sopInstance);
    putElement(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1"); // Explicit VR Little Endian
    QByteArray metaLength(4, '\0');
    put<std::uint32_t>(metaLength, 0, std::uint32_t(meta.size()));
    QByteArray bytes(128, '\0');
    bytes += "DICM";
    putElement(bytes, 0x0002, 0x0000, "UL", metaLength);
    bytes += meta;
    putElement(bytes, 0x0008, 0x0016, "UI", sopClass);
    putElement(bytes, 0x0008, 0x0018, "UI", sopInstance);
    putElement(bytes, 0x0008, 0x0060, "CS", "MR");
    putElement(bytes, 0x0020, 0x000d, "UI", "1.2.826.0.1.3680043.2.1143.14.0");
    putElement(bytes, 0x0020, 0x000e, "UI", "1.2.826.0.1.3680043.2.1143.14.1");
    putElement(bytes, 0x0020, 0x0013, "IS", QByteArray::number(index + 1));
    putElement(bytes, 0x0020, 0x0032, "DS", "0\\0\\" + QByteArray::number(index));
    putElement(bytes, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
    putElement(bytes, 0x0028, 0x0002, "US", uint16Value(1));
    putElement(bytes, 0x0028, 0x0004, "CS", "MONOCHROME2");
    putElement(bytes, 0x0028, 0x0010, "US", uint16Value(rows));
    putElement(bytes, 0x0028, 0x0011, "US", uint16Value(columns));
    putElement(bytes, 0x0028, 0x0030, "DS", "1\\1");
    putElement(bytes, 0x0028, 0x0100, "US", uint16Value(8));
    putElement(bytes, 0x0028, 0x0101, "US", uint16Value(8));
    putElement(bytes, 0x0028, 0x0102, "US", uint16Value(7));
    putElement(bytes, 0x0028, 0x0103, "US", uint16Value(0));
    const qint64 pixels = qint64(rows) * columns;
    QByteArray pixelHead;
    putElement(pixelHead, 0x7fe0, 0x0010, "OB", QByteArray());
    put<std::uint32_t>(pixelHead, 8, std::uint32_t(pixels));
    bytes += pixelHead;
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    QVERIFY(file.resize(bytes.size() + pixels));
}

void checkOneLine(const Measured& run, const QString& file)
{
    QVERIFY2(run.exitCode > 0, qPrintable(run.err));
    const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 1, qPrintable(run.err));
    QVERIFY2(lines[0].contains(file), qPrintable(run.err));
}

} // namespace

class TestCliHostileInputs : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    long m_baselineKb = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_folder.isValid());
        const Measured help = runMeasured({"--help"}, m_folder.path());
        QCOMPARE(help.exitCode, 0);
        m_baselineKb = help.maxRssKb;
        qInfo("baseline peak RSS (delineate-cli --help): %ld kB", m_baselineKb);
    }

    void infoReadsTheHeaderOnly()
    {
        // 1024^3 uint8 voxels of zeros: about 1 MB of gzip, 1 GiB stored, 4 GiB as float32.
        const QString path = m_folder.filePath("declares_1024_cubed.nii.gz");
        gzFile gz = gzopen(path.toLocal8Bit().constData(), "wb9");
        QVERIFY(gz);
        const QByteArray header = niftiHeader(1024, 1024, 1024, 2, 8);
        QCOMPARE(gzwrite(gz, header.constData(), unsigned(header.size())), int(header.size()));
        const std::vector<char> zeros(1 << 24, 0);
        for (int n = 0; n < 64; ++n)
            QCOMPARE(gzwrite(gz, zeros.data(), unsigned(zeros.size())), int(zeros.size()));
        QCOMPARE(gzclose(gz), Z_OK);
        QVERIFY(QFileInfo(path).size() < 2 * 1024 * 1024);

        const Measured run = runMeasured({"info", path}, m_folder.path());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("1024 x 1024 x 1024"), qPrintable(run.out));
        qInfo("info peak RSS %ld kB (baseline %ld kB)", run.maxRssKb, m_baselineKb);
        // Decoding would take >= 1 GiB; the header alone leaves the peak near the baseline.
        QVERIFY2(run.maxRssKb - m_baselineKb < 64 * 1024, qPrintable(QString::number(run.maxRssKb)));
    }

    void loadingRefusesVolumesBeyondTheMemoryAvailable()
    {
        // 2048 x 2048 x 512 uint8 voxels: a sparse 2 GiB file whose float32 volume takes 8 GiB, run with
        // an 8 GiB address-space limit (so the result does not depend on this machine's memory).
        const QString path = m_folder.filePath("declares_8_gib.nii");
        writeFile(path, niftiHeader(2048, 2048, 512, 2, 8));
        QFile file(path);
        QVERIFY(file.resize(352 + (qint64(1) << 31)));
        const rlim_t limit = rlim_t(8) << 30;
        const QString out = m_folder.filePath("never.nii");
        for (const QStringList& arguments :
             {QStringList{"convert", path, out}, QStringList{"info", path, "--values"}}) {
            const Measured run = runMeasured(arguments, m_folder.path(), {}, limit);
            checkOneLine(run, path);
            QVERIFY2(run.err.contains("--allow-large") && run.err.contains("2048x2048x512"),
                     qPrintable(run.err));
            QVERIFY2(run.maxRssKb - m_baselineKb < 64 * 1024, qPrintable(QString::number(run.maxRssKb)));
        }
        QVERIFY(!QFile::exists(out));
        // The override skips the check: the allocation itself then fails under the limit, still in one line.
        const Measured forced =
            runMeasured({"info", path, "--values"}, m_folder.path(), {"DELINEATE_ALLOW_LARGE=1"}, limit);
        checkOneLine(forced, path);
        QVERIFY2(!forced.err.contains("--allow-large"), qPrintable(forced.err));
        const Measured option =
            runMeasured({"info", path, "--values", "--allow-large"}, m_folder.path(), {}, limit);
        checkOneLine(option, path);
        QVERIFY2(!option.err.contains("--allow-large"), qPrintable(option.err));
    }

    // MetaImage and NRRD headers written by hand (MetaIO and NRRD0004 specifications) that declare
    // 2048 x 2048 x 512 uint8 voxels followed by 2 GiB of data (a sparse file; 8 GiB as float32): refused
    // with the NIfTI message before ITK reads anything; the override skips the check (the allocation then
    // fails under the limit, in one line).
    void itkFormatsRefuseVolumesBeyondTheMemoryAvailable_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("mha") << "declares_8_gib.mha"
                             << QByteArray("ObjectType = Image\nNDims = 3\nDimSize = 2048 2048 512\n"
                                           "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n");
        QTest::newRow("nrrd") << "declares_8_gib.nrrd"
                              << QByteArray("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2048 2048 512\n"
                                            "encoding: raw\n\n");
    }
    void itkFormatsRefuseVolumesBeyondTheMemoryAvailable()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, header);
        const QString path = m_folder.filePath(name);
        writeFile(path, header);
        QFile file(path);
        QVERIFY(file.resize(header.size() + (qint64(1) << 31)));
        const rlim_t limit = rlim_t(8) << 30;
        const QString out = m_folder.filePath("never.nii");
        for (const QStringList& arguments :
             {QStringList{"convert", path, out}, QStringList{"info", path, "--values"}}) {
            const Measured run = runMeasured(arguments, m_folder.path(), {}, limit);
            checkOneLine(run, path);
            QVERIFY2(run.err.contains("--allow-large") && run.err.contains("2048x2048x512"),
                     qPrintable(run.err));
            QVERIFY2(run.maxRssKb - m_baselineKb < 64 * 1024, qPrintable(QString::number(run.maxRssKb)));
        }
        QVERIFY(!QFile::exists(out));
        const Measured forced =
            runMeasured({"info", path, "--values", "--allow-large"}, m_folder.path(), {}, limit);
        checkOneLine(forced, path);
        QVERIFY2(!forced.err.contains("--allow-large"), qPrintable(forced.err));
    }

    // A DICOM series of 12 files of 16384 x 16384 8-bit pixels (sparse files: holes on disk): 3 GiB of
    // pixel data, 12 GiB as float32. Refused from the headers (rows x columns x frames of all files) before
    // a file is read whole.
    void dicomSeriesRefusedBeyondTheMemoryAvailable()
    {
        const QString folder = m_folder.filePath("huge_series");
        QVERIFY(QDir().mkpath(folder));
        for (int n = 0; n < 12; ++n)
            writeSparseDicomSlice(folder + QStringLiteral("/slice%1.dcm").arg(n), n, 16384, 16384);
        const rlim_t limit = rlim_t(8) << 30;
        const QString out = m_folder.filePath("never.nii");
        for (const QStringList& arguments :
             {QStringList{"convert", folder, out}, QStringList{"info", folder, "--values"}}) {
            const Measured run = runMeasured(arguments, m_folder.path(), {}, limit);
            checkOneLine(run, folder);
            QVERIFY2(run.err.contains("--allow-large") && run.err.contains("16384x16384x12"),
                     qPrintable(run.err));
            QVERIFY2(run.maxRssKb - m_baselineKb < 64 * 1024, qPrintable(QString::number(run.maxRssKb)));
        }
        QVERIFY(!QFile::exists(out));
        const Measured forced =
            runMeasured({"info", folder, "--values"}, m_folder.path(), {"DELINEATE_ALLOW_LARGE=1"}, limit);
        checkOneLine(forced, folder);
        QVERIFY2(!forced.err.contains("--allow-large"), qPrintable(forced.err));
    }

    void loadingPeaksWithinTwiceTheDecodedVolume()
    {
        // 256^3 float64 voxels: 128 MiB stored, 64 MiB decoded as float32.
        const QString path = m_folder.filePath("float64.nii");
        QByteArray bytes = niftiHeader(256, 256, 256, 64, 64);
        const qint64 voxels = qint64(256) * 256 * 256;
        bytes.resize(352 + voxels * 8);
        auto* values = reinterpret_cast<double*>(bytes.data() + 352);
        for (qint64 n = 0; n < voxels; ++n)
            values[n] = double(n % 1000) * 0.5;
        writeFile(path, bytes);
        bytes = QByteArray();
        const Measured run = runMeasured({"info", path, "--values"}, m_folder.path());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("0 .. 499.5"), qPrintable(run.out));
        const long decodedKb = long(voxels * 4 / 1024);
        qInfo("load peak RSS %ld kB over a baseline of %ld kB; decoded volume %ld kB", run.maxRssKb,
              m_baselineKb, decodedKb);
        QVERIFY2(run.maxRssKb - m_baselineKb <= 2 * decodedKb, qPrintable(QString::number(run.maxRssKb)));
    }

    void badMagicNamesTheFile()
    {
        const QString path = m_folder.filePath("bad_magic.nii");
        QByteArray bytes = niftiHeader(4, 4, 4, 2, 8);
        std::memcpy(bytes.data() + 344, "xy1\0", 4);
        writeFile(path, bytes + QByteArray(64, '\0'));
        const Measured run = runMeasured({"info", path}, m_folder.path());
        checkOneLine(run, path);
        QVERIFY2(run.err.contains("bad NIfTI magic") && !run.err.contains(".img"), qPrintable(run.err));
    }

    void evalShowsHowRotatedGridsDiffer()
    {
        const QString reference = m_folder.filePath("reference.nii");
        const QString rotated = m_folder.filePath("rotated.nii");
        QByteArray voxels(8 * 8 * 4, '\0');
        voxels[10] = 1;
        writeFile(reference, niftiHeader(8, 8, 4, 2, 8) + voxels);
        writeFile(rotated, niftiHeader(8, 8, 4, 2, 8, 1.0) + voxels);
        const Measured run =
            runMeasured({"eval", "--prediction", rotated, "--reference", reference}, m_folder.path());
        checkOneLine(run, rotated);
        // 1 degree about x turns axes 1 and 2 by 1 degree: the message must say so.
        QVERIFY2(run.err.contains("direction of axis ") && run.err.contains("rotated by 1 degrees"),
                 qPrintable(run.err));
    }

    void evalOfALabelAbsentFromBothMapsIsEmpty()
    {
        const QString map = m_folder.filePath("labels.nii");
        QByteArray voxels(8 * 8 * 4, '\0');
        voxels[10] = 1;
        writeFile(map, niftiHeader(8, 8, 4, 2, 8) + voxels);
        const Measured run =
            runMeasured({"eval", "--prediction", map, "--reference", map, "--label", "2"}, m_folder.path());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY2(json.value("dice").isNull() && json.value("empty").toBool(), qPrintable(run.out));
        QCOMPARE(run.err.split('\n', Qt::SkipEmptyParts).size(), 1);
        // Label 1, present in both and identical: Dice 1 by hand.
        const Measured present =
            runMeasured({"eval", "--prediction", map, "--reference", map, "--label", "1"}, m_folder.path());
        const QJsonObject scored = QJsonDocument::fromJson(present.out.toUtf8()).object();
        QCOMPARE(scored.value("dice").toDouble(), 1.0);
        QVERIFY(!scored.value("empty").toBool());
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* command : {"info", "convert", "predict", "train", "segment", "eval", "export-seg",
                                    "import-seg", "pacs", "propagate"})
            QTest::newRow(command) << QString(command);
    }

    void everyCommandHasHelp()
    {
        QFETCH(QString, command);
        const Measured run = runMeasured({command, "--help"}, m_folder.path());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.startsWith("usage: delineate-cli " + command + " "), qPrintable(run.out));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        const Measured shortForm = runMeasured({command, "-h"}, m_folder.path());
        QCOMPARE(shortForm.exitCode, 0);
        QCOMPARE(shortForm.out, run.out);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliHostileInputs)
#include "tst_cli_hostile_inputs.moc"
