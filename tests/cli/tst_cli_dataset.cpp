// delineate-cli on a whole data set, run as a user runs it: train --project (reviewed slices of every study,
// a study held out, the retrain recorded in the project), eval-model (prompt-free / box / point, per study
// and pooled) with the fixture vit_t (random weights: the mechanics, not the quality), and export-nnunet,
// read back with nibabel (an independent NIfTI reader) and its dataset.json checked against nnU-Net v2's
// documented fields (documentation/dataset_format.md). The project is written by the test: three 20 x 16 x 6
// studies whose label "brain" (value 4) covers columns 4..9, rows 3..7 of slices 1..4 (30 pixels per axial
// slice), plus one study whose file is missing.
#include "image/LabelMap.h"
#include "image/Volume.h"
#include "io/StudyLoader.h"
#include "labels/LabelTable.h"
#include "labels/LabelTableJson.h"
#include "project/Project.h"
#include "project/ProjectStore.h"
#include "support/CliRun.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace delineate;
using delineate::test::runCli;

namespace {

// Intensity 100 + i + 7 * `shift` outside the label, 400 on it (so the label is visible to a model).
void writeStudy(const std::string& path, const std::string& labelsPath, int shift)
{
    image::Geometry g;
    g.size = {20, 16, 6};
    g.spacing = {1.0, 1.5, 2.0};
    g.origin = {-3.0, 4.0, 10.0};
    image::Volume volume = image::Volume::create(g, 1, image::ComponentType::Int16).value();
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 16; ++j)
            for (std::int64_t i = 0; i < 20; ++i) {
                const bool inside = i >= 4 && i <= 9 && j >= 3 && j <= 7 && k >= 1 && k <= 4;
                volume.at(i, j, k) = inside ? 400.0f : 100.0f + float(i) + 7.0f * float(shift);
            }
    QVERIFY(io::saveVolume(volume, path).ok());
    auto loaded = io::loadStudy(path);
    QVERIFY(loaded.ok());
    image::LabelMap labels = image::LabelMap::createFor(loaded->volume).value();
    for (std::int64_t k = 1; k <= 4; ++k)
        for (std::int64_t j = 3; j <= 7; ++j)
            for (std::int64_t i = 4; i <= 9; ++i)
                labels.at(i, j, k) = 4;
    std::filesystem::create_directories(std::filesystem::path(labelsPath).parent_path());
    QVERIFY(io::saveLabelMap(labels, *loaded, labelsPath).ok());
}

// Studies one (reviewed K 1, 2, 4), two (reviewed K 3), three (nothing reviewed) and a missing one.
std::string makeProject(const std::string& root)
{
    const std::string folder = root + "/project";
    const project::ProjectStore store(folder);
    project::Project p;
    p.name = "demo";
    for (const char* name : {"one", "two", "three", "gone"})
        p.addStudy(root + "/" + name + ".nii.gz");
    for (auto& s : p.studies)
        s.labelFile = "labels.nii.gz";
    p.studies[0].reviewed[2] = {1, 2, 4};
    p.studies[1].reviewed[2] = {3};
    p.studies[3].reviewed[2] = {2};
    for (int n = 0; n < 3; ++n)
        writeStudy(p.studies[std::size_t(n)].path, store.labelMapPath(p.studies[std::size_t(n)]), n);
    labels::LabelTable table;
    if (!table.set({4, "brain", {200, 100, 50}, true, false, 1.0}).ok() || !store.create().ok() ||
        !labels::writeLabelTableJson(table, store.labelTablePath()).ok() || !store.save(p).ok())
        return {};
    return folder;
}

QJsonObject jsonOf(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestCliDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainOnTheWholeProject()
    {
        const QString model = test::samFixtureFile(QStringLiteral("vit_t.pth"));
        DELINEATE_REQUIRE_FILE(model);
        QTemporaryDir dir;
        const std::string folder = makeProject(dir.path().toStdString());
        QVERIFY(!folder.empty());
        const QString adapter = dir.filePath(QStringLiteral("project/adapters/brain-v1.safetensors"));
        // Reviewed: one (3 slices), two (1); three lends its labelled slices as the named held-out study.
        const auto run = runCli({"train", "--model", model, "--project", QString::fromStdString(folder),
                                 "--label-name", "brain", "--held-out-study", "study-3", "--held-out-max",
                                 "2", "--iterations", "2", "--threads", "2", "--out", adapter, "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("skipped study-4: ")) &&
                     run.err.contains(QStringLiteral("gone.nii.gz")),
                 qPrintable(run.err));
        const QJsonObject out = jsonOf(run.out);
        QCOMPARE(out["training_slices"].toInt(), 4);
        QCOMPARE(out["held_out_slices"].toInt(), 2);
        QCOMPARE(out["training_studies"].toArray(), (QJsonArray{"study-1", "study-2"}));
        QCOMPARE(out["held_out_studies"].toArray(), (QJsonArray{"study-3"}));
        for (const char* key : {"prompt_free", "box", "point"}) {
            QVERIFY(out["held_out_base"].toObject()[key].toObject()["dice"].isDouble());
            QVERIFY(out["held_out_adapter"].toObject()[key].toObject()["dice"].isDouble());
        }
        // The adapter's metadata names the studies and slices (safetensors: 8-byte length + JSON header).
        std::ifstream file(adapter.toStdString(), std::ios::binary);
        std::uint64_t length = 0;
        file.read(reinterpret_cast<char*>(&length), 8);
        std::string header(length, '\0');
        file.read(header.data(), static_cast<std::streamsize>(length));
        const QJsonObject metadata = jsonOf(QString::fromStdString(header))["__metadata__"].toObject();
        QCOMPARE(metadata["training_studies"].toString(), QStringLiteral("study-1; study-2"));
        QCOMPARE(metadata["held_out_studies"].toString(), QStringLiteral("study-3"));
        QCOMPARE(metadata["slice_descriptions"].toString(),
                 QStringLiteral("study-1 K 1; study-1 K 2; study-1 K 4; study-2 K 3"));
        QCOMPARE(metadata["skipped_studies"].toString(), QStringLiteral("study-4"));
        // The learning curve in the project.
        auto project = project::ProjectStore(folder).load();
        QVERIFY(project.ok());
        QCOMPARE(project->retrains.size(), std::size_t(1));
        QCOMPARE(project->retrains[0].reviewedSlices, std::size_t(4));
        QCOMPARE(project->retrains[0].adapter, std::string("adapters/brain-v1.safetensors"));
        QCOMPARE(project->retrains[0].label, std::string("brain"));
    }

    void evalModelPerStudyAndPooled()
    {
        const QString model = test::samFixtureFile(QStringLiteral("vit_t.pth"));
        DELINEATE_REQUIRE_FILE(model);
        QTemporaryDir dir;
        const std::string folder = makeProject(dir.path().toStdString());
        QVERIFY(!folder.empty());
        const auto run = runCli({"eval-model", "--model", model, "--project", QString::fromStdString(folder),
                                 "--label-name", "brain", "--slices", "all-labelled", "--max-slices", "2",
                                 "--threads", "2", "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject out = jsonOf(run.out);
        const QJsonArray studies = out["studies"].toArray();
        QCOMPARE(studies.size(), 3);
        qint64 predicted = 0;
        for (const auto& study : studies) {
            const QJsonObject scores = study.toObject()["scores"].toObject();
            QCOMPARE(study.toObject()["slices"].toInt(), 2);
            for (const char* key : {"prompt_free", "box", "point"}) {
                // 2 slices x 30 labelled pixels (hand count of the label written above).
                QCOMPARE(scores[key].toObject()["reference_pixels"].toInteger(), qint64(60));
                const double dice = scores[key].toObject()["dice"].toDouble();
                QVERIFY(dice >= 0.0 && dice <= 1.0);
            }
            predicted += scores["box"].toObject()["predicted_pixels"].toInteger();
        }
        const QJsonObject pooled = out["pooled"].toObject()["box"].toObject();
        QCOMPARE(pooled["reference_pixels"].toInteger(), qint64(180));
        QCOMPARE(pooled["predicted_pixels"].toInteger(), predicted);
        QCOMPARE(out["skipped"].toArray().size(), 1);

        const auto table =
            runCli({"eval-model", "--model", model, "--project", QString::fromStdString(folder),
                    "--label-name", "brain", "--prompts", "none", "--threads", "2"});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY2(table.out.contains(QStringLiteral("prompt_free Dice/NSD")) &&
                     table.out.contains(QStringLiteral("pooled")),
                 qPrintable(table.out));
        const auto wrong = runCli({"eval-model", "--model", model, "--project",
                                   QString::fromStdString(folder), "--label-name", "liver"});
        QCOMPARE(wrong.exitCode, 2); // InvalidArgument
        QVERIFY2(wrong.err.contains(QStringLiteral("no label called 'liver' (labels: brain)")),
                 qPrintable(wrong.err));
    }

    void exportNnUnetReadsBackWithNibabel()
    {
        const QString python = test::pythonWith({QStringLiteral("nibabel"), QStringLiteral("numpy")});
        if (python.isEmpty())
            DELINEATE_SKIP("no python3 with nibabel and numpy (Debian python3-nibabel)");
        QTemporaryDir dir;
        const std::string folder = makeProject(dir.path().toStdString());
        QVERIFY(!folder.empty());
        const QString out = dir.filePath(QStringLiteral("nnunet"));
        const auto run = runCli({"export-nnunet", "--project", QString::fromStdString(folder), "--out", out,
                                 "--id", "7", "--name", "Brain", "--studies", "all", "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject report = jsonOf(run.out);
        QCOMPARE(report["cases"].toArray().size(), 3);
        QCOMPARE(report["left_out"].toArray().size(), 1); // the missing study
        // Only complete studies: one (reviewed 1, 2, 4 of labelled 1..4) is not complete, nor two, nor three.
        const auto reviewed = runCli({"export-nnunet", "--project", QString::fromStdString(folder), "--out",
                                      dir.filePath(QStringLiteral("none"))});
        QCOMPARE(reviewed.exitCode, 2);
        QVERIFY2(reviewed.err.contains(QStringLiteral("no study has complete (reviewed) labels")),
                 qPrintable(reviewed.err));
        // A second export into the same data set folder is refused.
        const auto again = runCli({"export-nnunet", "--project", QString::fromStdString(folder), "--out", out,
                                   "--id", "7", "--name", "Brain", "--studies", "all"});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QStringLiteral("exists already")), qPrintable(again.err));

        // nibabel: every case's image equals its study voxel for voxel with the same affine, its label map is
        // the study's label with 4 renumbered to 1, on the same affine; dataset.json has nnU-Net's fields;
        // no provenance file in the data set (README: provenance stays in the project, delineate_cases
        // links each case to its study).
        const QString script = QStringLiteral(R"(
import json, os, sys, glob
import nibabel as nib, numpy as np
root, project = sys.argv[1], sys.argv[2]
ds = json.load(open(os.path.join(root, 'dataset.json')))
for key in ('channel_names', 'labels', 'numTraining', 'file_ending'):
    assert key in ds, key
assert ds['file_ending'] == '.nii.gz'
assert ds['labels'] == {'background': 0, 'brain': 1}, ds['labels']
assert sorted(ds['labels'].values()) == list(range(len(ds['labels'])))
assert list(ds['channel_names'].keys()) == ['0']
labels = sorted(glob.glob(os.path.join(root, 'labelsTr', '*.nii.gz')))
images = sorted(glob.glob(os.path.join(root, 'imagesTr', '*.nii.gz')))
assert ds['numTraining'] == len(labels) == len(images) == 3, (ds['numTraining'], labels, images)
# Provenance stays in the project: the data set holds nnU-Net's files only, no *.provenance.json; each case
# names the project study (and its image) it came from in dataset.json's delineate_cases.
assert sorted(os.listdir(root)) == ['dataset.json', 'imagesTr', 'labelsTr'], os.listdir(root)
assert not glob.glob(os.path.join(root, '**', '*provenance*'), recursive=True)
studies = {c['case']: c for c in ds['delineate_cases']}
assert sorted(studies) == sorted(os.path.basename(l)[:-len('.nii.gz')] for l in labels), studies
assert all(os.path.isdir(os.path.join(project, 'studies', c['study_id'])) for c in studies.values()), studies
for label in labels:
    case = os.path.basename(label)[:-len('.nii.gz')]
    image = os.path.join(root, 'imagesTr', case + '_0000.nii.gz')
    study = studies[case]
    src = nib.load(study['study_path'])
    src_labels = nib.load(os.path.join(project, 'studies', study['study_id'], 'labels.nii.gz'))
    img, lab = nib.load(image), nib.load(label)
    assert img.shape == src.shape == lab.shape, (img.shape, src.shape, lab.shape)
    assert np.allclose(img.affine, src.affine, atol=1e-4), (img.affine, src.affine)
    assert np.allclose(lab.affine, src.affine, atol=1e-4), (lab.affine, src.affine)
    assert np.array_equal(np.asanyarray(img.dataobj), np.asanyarray(src.dataobj))
    want = np.where(np.asanyarray(src_labels.dataobj) == 4, 1, 0)
    assert np.array_equal(np.asanyarray(lab.dataobj), want)
    assert int(want.sum()) == 4 * 30
print('ok', len(labels))
)");
        QProcess process;
        process.start(python, {QStringLiteral("-c"), script, report["dataset"].toString(),
                               QString::fromStdString(folder)});
        QVERIFY(process.waitForFinished(120000));
        const QString stdoutText = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromUtf8(process.readAllStandardError())));
        QCOMPARE(stdoutText.trimmed(), QStringLiteral("ok 3"));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliDataset)
#include "tst_cli_dataset.moc"
