// Damaged inputs must give typed errors, never a crash or a hang: truncated and garbled copies of real
// NIfTI files (gzip and plain, big-endian, NIfTI-2), MetaImage and NRRD (compressed and raw), PNG and
// JPEG, plus hand-corrupted NIfTI header fields that would make a naive reader allocate or divide badly.

#include "io/StudyLoader.h"
#include "support/TestData.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstring>
#include <random>
#include <zlib.h>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A small int16 volume as raw MetaImage / raw NRRD text headers followed by the voxels.
QByteArray rawVoxels()
{
    QByteArray voxels(16 * 12 * 5 * 2, '\0');
    for (int n = 0; n < voxels.size() / 2; ++n) {
        const qint16 value = qint16((n * 37) % 2000 - 1000);
        std::memcpy(voxels.data() + 2 * n, &value, 2);
    }
    return voxels;
}

QByteArray rawMetaImage()
{
    return QByteArray("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
                      "DimSize = 16 12 5\nElementSpacing = 0.5 0.5 2\nElementType = MET_SHORT\n"
                      "ElementDataFile = LOCAL\n") +
           rawVoxels();
}

QByteArray rawNrrd()
{
    return QByteArray("NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 16 12 5\n"
                      "space directions: (0.5,0,0) (0,0.5,0) (0,0,2)\nspace origin: (1,2,3)\nendian: little\n"
                      "encoding: raw\n\n") +
           rawVoxels();
}

template <typename T> void patch(QByteArray& bytes, int offset, T value, bool bigEndian)
{
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));
    if (bigEndian)
        std::reverse(raw, raw + sizeof(T));
    std::memcpy(bytes.data() + offset, raw, sizeof(T));
}

} // namespace

class TestIoFuzz : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sources = {
            {"nifti_gz", kData + "/nifti_orientation_edgecases/natbrainlab.nii.gz", true},
            {"nifti_plain_big_endian", kData + "/nifti_orientation_edgecases/anatomical.nii", true},
            {"nifti2_gz", kData + "/nifti_orientation_edgecases/example_nifti2.nii.gz", true},
            {"jpeg", kData + "/photo_fundus/skimage_retina.jpg", false},
        };
        for (const Source& source : m_sources)
            DELINEATE_REQUIRE_FILE(source.path);
        // Formats made here: compressed MetaImage/NRRD written by us, raw ones by hand, a PNG by OpenCV.
        auto anatomical =
            io::loadStudy((kData + "/nifti_orientation_edgecases/anatomical.nii").toStdString());
        QVERIFY(anatomical.ok());
        for (const char* name : {"compressed.mha", "compressed.nrrd"})
            QVERIFY(io::saveVolume(anatomical->volume, m_dir.filePath(name).toStdString()).ok());
        QVERIFY(writeAll(m_dir.filePath("raw.mha"), rawMetaImage()));
        QVERIFY(writeAll(m_dir.filePath("raw.nrrd"), rawNrrd()));
        cv::Mat picture(48, 64, CV_8UC3);
        cv::randu(picture, cv::Scalar::all(0), cv::Scalar::all(255));
        QVERIFY(cv::imwrite(m_dir.filePath("picture.png").toStdString(), picture));
        m_sources.append({"mha_compressed", m_dir.filePath("compressed.mha"), true});
        m_sources.append({"nrrd_compressed", m_dir.filePath("compressed.nrrd"), true});
        m_sources.append({"mha_raw", m_dir.filePath("raw.mha"), true});
        m_sources.append({"nrrd_raw", m_dir.filePath("raw.nrrd"), true});
        m_sources.append({"png", m_dir.filePath("picture.png"), true});
        for (const Source& source : m_sources) {
            auto intact = io::loadStudy(source.path.toStdString());
            QVERIFY2(intact.ok(),
                     qPrintable(source.name + ": " +
                                QString::fromStdString(intact.ok() ? "" : intact.error().message())));
        }
    }

    // Every prefix length that cuts a header, the data, or the last byte: always an error, except a JPEG,
    // whose decoder may legitimately deliver a grey-padded partial picture.
    void truncatedCopiesFail()
    {
        for (const Source& source : m_sources) {
            const QByteArray bytes = readAll(source.path);
            const qsizetype size = bytes.size();
            for (qsizetype length : {qsizetype(0), qsizetype(1), qsizetype(4), qsizetype(100), qsizetype(200),
                                     qsizetype(347), qsizetype(348), qsizetype(352), qsizetype(540), size / 4,
                                     size / 2, size - 100, size - 9, size - 1}) {
                if (length < 0 || length >= size)
                    continue;
                const QString copy = m_dir.filePath("truncated_" + QFileInfo(source.path).fileName());
                QVERIFY(writeAll(copy, bytes.left(length)));
                auto study = io::loadStudy(copy.toStdString());
                if (source.mustFailWhenTruncated)
                    QVERIFY2(!study.ok(), qPrintable(QString("%1 cut to %2 of %3 bytes loaded")
                                                         .arg(source.name)
                                                         .arg(length)
                                                         .arg(size)));
                else if (study.ok())
                    QVERIFY(!study->volume.empty());
                if (!study.ok()) {
                    QVERIFY(!study.error().detail.empty());
                    QVERIFY(QString::fromStdString(study.error().message()).contains("truncated_"));
                }
            }
        }
    }

    // Random byte damage in the header region and anywhere: errors or valid volumes, never a crash.
    void garbledCopiesNeverCrash()
    {
        std::mt19937 random(20240229);
        for (const Source& source : m_sources) {
            const QByteArray bytes = readAll(source.path);
            for (int trial = 0; trial < 24; ++trial) {
                QByteArray damaged = bytes;
                const bool headerOnly = trial % 2 == 0;
                const int span = headerOnly ? std::min<int>(600, int(bytes.size())) : int(bytes.size());
                const int flips = 1 + trial % 6;
                for (int f = 0; f < flips; ++f) {
                    const int at = int(random() % unsigned(span));
                    damaged[at] = char(random() % 256);
                }
                const QString copy = m_dir.filePath("garbled_" + QFileInfo(source.path).fileName());
                QVERIFY(writeAll(copy, damaged));
                auto study = io::loadStudy(copy.toStdString());
                if (study.ok())
                    QVERIFY(!study->volume.empty());
                else
                    QVERIFY(!study.error().detail.empty());
            }
        }
    }

    void corruptNiftiHeaderFields_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("width"); // 2 = int16, 4 = float
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("code");
        QTest::newRow("huge dims") << 42 << 2 << 32767.0 << int(ErrorCode::CorruptData);
        QTest::newRow("negative dim") << 44 << 2 << -5.0 << int(ErrorCode::CorruptData);
        QTest::newRow("zero dim") << 46 << 2 << 0.0 << int(ErrorCode::CorruptData);
        QTest::newRow("dim0 = 9") << 40 << 2 << 9.0 << int(ErrorCode::CorruptData);
        QTest::newRow("complex datatype") << 70 << 2 << 32.0 << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("unknown datatype") << 70 << 2 << 9999.0 << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("bitpix mismatch") << 72 << 2 << 64.0 << int(ErrorCode::CorruptData);
        QTest::newRow("data offset beyond the file") << 108 << 4 << 1.0e9 << int(ErrorCode::CorruptData);
        QTest::newRow("nan data offset") << 108 << 4 << std::nan("") << int(ErrorCode::CorruptData);
        QTest::newRow("negative data offset") << 108 << 4 << -400.0 << int(ErrorCode::CorruptData);
        QTest::newRow("nan voxel size") << 80 << 4 << std::nan("") << int(ErrorCode::CorruptData);
        QTest::newRow("nan sform") << 280 << 4 << std::nan("") << int(ErrorCode::InvalidGeometry);
        QTest::newRow("zero sform column") << 280 << 4 << 0.0 << int(ErrorCode::InvalidGeometry);
        QTest::newRow("qform code 99") << 252 << 2 << 99.0 << int(ErrorCode::CorruptData);
    }
    void corruptNiftiHeaderFields()
    {
        QFETCH(int, offset);
        QFETCH(int, width);
        QFETCH(double, value);
        QFETCH(int, code);
        QByteArray bytes = readAll(kData + "/nifti_orientation_edgecases/anatomical.nii"); // big-endian
        QVERIFY(bytes.size() > 352);
        if (width == 2)
            patch<qint16>(bytes, offset, qint16(value), true);
        else
            patch<float>(bytes, offset, float(value), true);
        if (QByteArray(QTest::currentDataTag()) == "zero sform column") {
            patch<float>(bytes, 296, 0.0f, true); // srow_y[0]
            patch<float>(bytes, 312, 0.0f, true); // srow_z[0]
        }
        const QString copy = m_dir.filePath("corrupt.nii");
        QVERIFY(writeAll(copy, bytes));
        auto study = io::loadStudy(copy.toStdString());
        QVERIFY(!study.ok());
        QVERIFY2(int(study.error().code) == code, study.error().message().c_str());
    }

    // A compressed NIfTI whose header promises gigabytes is refused before any allocation.
    void compressedHeaderPromisingTooMuch()
    {
        QByteArray header = readAll(kData + "/nifti_orientation_edgecases/anatomical.nii").left(352);
        QVERIFY(header.size() == 352);
        for (int d = 1; d <= 3; ++d)
            patch<qint16>(header, 40 + 2 * d, qint16(1500), true); // 3.4e9 voxels: under kMaxElements
        const QString path = m_dir.filePath("promises_too_much.nii.gz");
        gzFile file = gzopen(path.toLocal8Bit().constData(), "wb");
        QVERIFY(file);
        gzwrite(file, header.constData(), unsigned(header.size()));
        gzclose(file);
        auto study = io::loadStudy(path.toStdString());
        QVERIFY(!study.ok());
        QCOMPARE(study.error().code, ErrorCode::CorruptData);
    }

private:
    struct Source {
        QString name;
        QString path;
        bool mustFailWhenTruncated = true;
    };
    QTemporaryDir m_dir;
    QList<Source> m_sources;
};

DELINEATE_TEST_GUILESS_MAIN(TestIoFuzz)
#include "tst_io_fuzz.moc"
