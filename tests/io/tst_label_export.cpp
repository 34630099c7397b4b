// Exporting label maps: for every real NIfTI edge case the exported .nii.gz must land on the same voxels
// with the same qform/sform (codes and matrices) as its source, when read back by us, by an independent
// raw-header reader and (where installed) by nibabel. Grid mismatches are refused.

#include "RawNiftiHeader.h"
#include "io/StudyLoader.h"
#include "support/TestData.h"

#include <QtTest>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());

// A distinctive, asymmetric pattern: flips or permutations of any axis change it.
image::LabelMap::Value patternValue(std::int64_t i, std::int64_t j, std::int64_t k, bool wide)
{
    const std::int64_t v =
        (i < 5 && j < 3) ? 1 + k % 4 : ((i + 2 * j + 3 * k) % 11 < 4 ? 5 + (i + j + k) % 7 : 0);
    return static_cast<image::LabelMap::Value>(wide && v > 0 ? 250 + v * 37 : v);
}

image::LabelMap makePattern(const image::Geometry& geometry, bool wide)
{
    auto labels = image::LabelMap::create(geometry);
    image::LabelMap map = std::move(labels).value();
    for (std::int64_t k = 0; k < geometry.size[2]; ++k)
        for (std::int64_t j = 0; j < geometry.size[1]; ++j)
            for (std::int64_t i = 0; i < geometry.size[0]; ++i)
                map.at(i, j, k) = patternValue(i, j, k, wide);
    return map;
}

// Same weights as the Python check below.
long long checksum(const image::LabelMap& map)
{
    const auto& size = map.geometry().size;
    long long sum = 0;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                sum += static_cast<long long>(map.at(i, j, k)) * ((i * 31 + j * 17 + k * 7) % 1009);
    return sum;
}

// Reads "source<TAB>export" lines; prints per pair: checksum dtype same-affine same-codes same-sform.
constexpr const char* kNibabelCheck = R"PY(
import sys, numpy as np, nibabel as nib
for line in open(sys.argv[1]):
    source, exported = line.rstrip("\n").split("\t")
    src, out = nib.load(source), nib.load(exported)
    d = np.asarray(out.dataobj)
    i, j, k = np.indices(d.shape[:3])
    w = (i * 31 + j * 17 + k * 7) % 1009
    same = bool(np.array_equal(src.affine, out.affine))
    sq, ss = src.header.get_qform(coded=True)[1], src.header.get_sform(coded=True)[1]
    oq, os_ = out.header.get_qform(coded=True)[1], out.header.get_sform(coded=True)[1]
    print(int((d.astype(np.int64) * w).sum()), str(d.dtype), int(same), int(sq == oq and ss == os_),
          int(np.array_equal(src.header.get_sform(), out.header.get_sform())))
)PY";

} // namespace

class TestLabelExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_python = test::pythonWith({QStringLiteral("nibabel"), QStringLiteral("numpy")});
        if (m_python.isEmpty())
            qInfo("nibabel not found: the independent nibabel check will skip (install python3-nibabel)");
    }

    void exportKeepsGridAndHeader_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("wide");
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("nifti_orientation_edgecases"));
        QStringList files = QDir(kData + "/nifti_orientation_edgecases")
                                .entryList({"*.nii", "*.nii.gz"}, QDir::Files, QDir::Name);
        for (QString& file : files)
            file.prepend("nifti_orientation_edgecases/");
        files << "mri_brain_colin27_aal/ch2.nii.gz"
              << "ct_head_invesalius/ct.nii.gz";
        for (const QString& file : files) {
            QTest::newRow(qPrintable(file + " uint8")) << file << false;
            QTest::newRow(qPrintable(file + " uint16")) << file << true;
        }
    }
    void exportKeepsGridAndHeader()
    {
        QFETCH(QString, path);
        QFETCH(bool, wide);
        const QString source = kData + "/" + path;
        DELINEATE_REQUIRE_FILE(source);
        auto study = io::loadStudy(source.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        const image::LabelMap labels = makePattern(study->volume.geometry(), wide);

        QTemporaryDir dir;
        const QString out = dir.filePath("labels.nii.gz");
        auto saved = io::saveLabelMap(labels, *study, out.toStdString());
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{"labels.nii.gz"});

        // Our reader: identical voxels on the identical grid.
        auto reread = io::loadLabelMap(out.toStdString(), *study);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), reread->data()));

        // Independent raw header reader: same transforms, bit for bit.
        const test::RawNiftiHeader in = test::readRawNiftiHeader(source.toStdString());
        const test::RawNiftiHeader written = test::readRawNiftiHeader(out.toStdString());
        QVERIFY(in.ok && written.ok);
        QCOMPARE(written.version, in.version);
        QCOMPARE(written.qformCode, in.qformCode);
        QCOMPARE(written.sformCode, in.sformCode);
        QVERIFY(written.sameTransforms(in));
        QCOMPARE(written.datatype, wide ? 512 : 2); // uint16 : uint8
        QCOMPARE(written.dim[0], std::int64_t(3));
        for (int d = 1; d <= 3; ++d)
            QCOMPARE(written.dim[d], in.dim[d]);

        // Kept for one nibabel run over every export (see nibabelAgreesWithEveryExport).
        const QString kept = m_exports.filePath(QString("export_%1.nii.gz").arg(m_pending.size()));
        QVERIFY(QFile::copy(out, kept));
        m_pending.append({source, kept, checksum(labels), wide});
    }

    // An independent reader: nibabel must see the source's affine, codes and sform, and the exact voxels.
    void nibabelAgreesWithEveryExport()
    {
        if (m_python.isEmpty())
            DELINEATE_SKIP(
                "nibabel not found for /usr/bin/python3 or python3 (Debian package python3-nibabel)");
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("nifti_orientation_edgecases"));
        QVERIFY2(!m_pending.isEmpty(), "exportKeepsGridAndHeader exported nothing to check");
        QFile list(m_exports.filePath("pairs.tsv"));
        QVERIFY(list.open(QIODevice::WriteOnly));
        for (const Export& e : m_pending)
            list.write((e.source + "\t" + e.exported + "\n").toUtf8());
        list.close();
        QFile script(m_exports.filePath("check.py"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(kNibabelCheck);
        script.close();
        QProcess python;
        python.start(m_python, {script.fileName(), list.fileName()});
        QVERIFY(python.waitForFinished(300000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QStringList lines = QString::fromUtf8(python.readAllStandardOutput()).trimmed().split('\n');
        QCOMPARE(lines.size(), m_pending.size());
        for (int n = 0; n < lines.size(); ++n) {
            const Export& e = m_pending[n];
            const QStringList f = lines[n].split(' ');
            const QString what =
                QFileInfo(e.source).fileName() + (e.wide ? " uint16: " : " uint8: ") + lines[n];
            QVERIFY2(f.size() == 5, qPrintable(what));
            QVERIFY2(f[0].toLongLong() == e.checksum, qPrintable(what));           // same voxels
            QVERIFY2(f[1] == (e.wide ? "uint16" : "uint8"), qPrintable(what));     // narrowest type
            QVERIFY2(f[2] == "1" && f[3] == "1" && f[4] == "1", qPrintable(what)); // same affine/codes/sform
        }
    }

    void otherFormatsRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("nifti plain") << "labels.nii";
        QTest::newRow("metaimage") << "labels.mha";
        QTest::newRow("nrrd") << "labels.nrrd";
    }
    void otherFormatsRoundTrip()
    {
        QFETCH(QString, name);
        const QString source = kData + "/nifti_orientation_edgecases/example4d.nii.gz";
        DELINEATE_REQUIRE_FILE(source);
        auto study = io::loadStudy(source.toStdString());
        QVERIFY(study.ok());
        const image::LabelMap labels = makePattern(study->volume.geometry(), true);
        QTemporaryDir dir;
        const std::string out = dir.filePath(name).toStdString();
        auto saved = io::saveLabelMap(labels, *study, out);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());
        auto reread = io::loadLabelMap(out, *study);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), reread->data()));
    }

    // 2D studies: labels as PNG (8-bit when they fit, else 16-bit), read back onto the picture's grid;
    // a 3D study's labels are not written as PNG.
    void pngLabelsForPictures()
    {
        const QString photo = kData + "/photo_fundus/skimage_retina.jpg";
        const QString ct = kData + "/ct_head_invesalius/ct.nii.gz";
        DELINEATE_REQUIRE_FILE(photo);
        DELINEATE_REQUIRE_FILE(ct);
        auto study = io::loadStudy(photo.toStdString());
        QVERIFY(study.ok());
        QTemporaryDir dir;
        for (const image::LabelMap::Value high : {image::LabelMap::Value(7), image::LabelMap::Value(300)}) {
            image::LabelMap labels = image::LabelMap::createFor(study->volume).value();
            for (std::int64_t y = 100; y < 300; ++y)
                for (std::int64_t x = 50; x < 90; ++x)
                    labels.at(x, y, 0) = y < 200 ? 1 : high;
            const std::string out = dir.filePath(QString("labels%1.png").arg(high)).toStdString();
            QVERIFY(io::saveLabelMap(labels, *study, out).ok());
            auto reread = io::loadLabelMap(out, *study);
            QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
            QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), reread->data()));
            auto picture = io::loadStudy(out);
            QVERIFY(picture.ok());
            QCOMPARE(picture->volume.sourceType,
                     high < 256 ? image::ComponentType::UInt8 : image::ComponentType::UInt16);
        }
        auto volume = io::loadStudy(ct.toStdString());
        QVERIFY(volume.ok());
        const image::LabelMap labels = image::LabelMap::createFor(volume->volume).value();
        auto refused = io::saveLabelMap(labels, *volume, dir.filePath("ct.png").toStdString());
        QVERIFY(!refused.ok());
        QVERIFY(QString::fromStdString(refused.error().message()).contains("2D"));
        QVERIFY(!QFileInfo::exists(dir.filePath("ct.png")));
    }

    void gridMismatchIsRefused()
    {
        const QString ct = kData + "/ct_head_invesalius/ct.nii.gz";
        const QString colin = kData + "/mri_brain_colin27_aal/ch2.nii.gz";
        DELINEATE_REQUIRE_FILE(ct);
        DELINEATE_REQUIRE_FILE(colin);
        auto ctStudy = io::loadStudy(ct.toStdString());
        auto colinStudy = io::loadStudy(colin.toStdString());
        QVERIFY(ctStudy.ok() && colinStudy.ok());
        const image::LabelMap labels = makePattern(ctStudy->volume.geometry(), false);
        QTemporaryDir dir;
        const std::string out = dir.filePath("ct_labels.nii.gz").toStdString();
        QVERIFY(io::saveLabelMap(labels, *ctStudy, out).ok());

        auto refused = io::loadLabelMap(out, *colinStudy);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::SizeMismatch);
        const QString message = QString::fromStdString(refused.error().message());
        QVERIFY2(message.contains("256 x 256 x 108") && message.contains("181 x 217 x 181"),
                 qPrintable(message));

        auto notSaved = io::saveLabelMap(labels, *colinStudy, dir.filePath("wrong.nii.gz").toStdString());
        QVERIFY(!notSaved.ok());
        QCOMPARE(notSaved.error().code, ErrorCode::SizeMismatch);
        QVERIFY(!QFileInfo::exists(dir.filePath("wrong.nii.gz")));

        // The same size but a shifted origin is a different grid too.
        image::Geometry shifted = ctStudy->volume.geometry();
        shifted.origin[2] += 1.5;
        io::Study moved = std::move(ctStudy).value();
        moved.volume.geometry() = shifted;
        auto shiftedRefused = io::loadLabelMap(out, moved);
        QVERIFY(!shiftedRefused.ok());
        QCOMPARE(shiftedRefused.error().code, ErrorCode::SizeMismatch);
    }

    void rejectsNonLabelFilesAndBadPaths()
    {
        const QString anatomical = kData + "/nifti_orientation_edgecases/functional.nii";
        DELINEATE_REQUIRE_FILE(anatomical);
        auto study = io::loadStudy(anatomical.toStdString());
        QVERIFY(study.ok());
        // A 4D scaled intensity image is not a label map.
        auto notLabels = io::loadLabelMap(anatomical.toStdString(), *study);
        QVERIFY(!notLabels.ok());
        const image::LabelMap labels = makePattern(study->volume.geometry(), false);
        auto badExtension = io::saveLabelMap(labels, *study, "/tmp/labels.png");
        QCOMPARE(badExtension.error().code, ErrorCode::UnsupportedFormat);
        auto noFolder = io::saveLabelMap(labels, *study, "/nonexistent-folder/labels.nii.gz");
        QVERIFY(!noFolder.ok());
        QCOMPARE(noFolder.error().code, ErrorCode::WriteFailed);
    }

private:
    struct Export {
        QString source;
        QString exported;
        long long checksum = 0;
        bool wide = false;
    };
    QString m_python;
    QTemporaryDir m_exports;
    QList<Export> m_pending;
};

DELINEATE_TEST_GUILESS_MAIN(TestLabelExport)
#include "tst_label_export.moc"
