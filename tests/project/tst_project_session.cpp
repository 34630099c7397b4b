// ProjectSession, RecoveryStore and LabelExport without any GUI: the persistence the application uses
// (save, open plans, autosave into a project or the recovery folder, reviewed slices, adapters, label
// export). Expected values are hand-set label maps read back with the loader, and the files' presence.

#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "labels/LabelTableJson.h"
#include "project/LabelExport.h"
#include "project/ProjectSession.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace delineate;
using namespace delineate::project;
namespace fs = std::filesystem;

namespace {

// The study at a path (no series or frame).
StudyKey studyAt(const std::string& path)
{
    StudyKey key;
    key.path = path;
    return key;
}

std::shared_ptr<const io::Study> writeAndLoadStudy(const std::string& path)
{
    image::Geometry g;
    g.size = {12, 10, 4};
    auto volume = image::Volume::create(g).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float(v % 13);
    if (!io::saveVolume(volume, path))
        return nullptr;
    auto study = io::loadStudy(path);
    return study ? std::make_shared<const io::Study>(std::move(study).value()) : nullptr;
}

// A label map with `count` voxels of value 1 (from voxel 0) and, when `second`, 3 voxels of value 2.
std::shared_ptr<const image::LabelMap> labelsWith(const io::Study& study, int count, bool second = false)
{
    auto labels = image::LabelMap::createFor(study.volume).value();
    for (int v = 0; v < count; ++v)
        labels.data()[v] = 1;
    if (second)
        for (int v = 100; v < 103; ++v)
            labels.data()[v] = 2;
    return std::make_shared<const image::LabelMap>(std::move(labels));
}

labels::LabelTable tableOf(std::initializer_list<std::pair<std::uint16_t, const char*>> entries)
{
    labels::LabelTable table;
    for (const auto& [value, name] : entries) {
        labels::LabelEntry entry;
        entry.value = value;
        entry.name = name;
        (void)table.set(entry);
    }
    return table;
}

std::int64_t countOnDisk(const std::string& path, const io::Study& study, image::LabelMap::Value value)
{
    auto read = io::loadLabelMap(path, study);
    return read ? read->count(value) : -1;
}

void makeOlder(const std::string& path)
{
    fs::last_write_time(path, fs::last_write_time(path) - std::chrono::hours(1));
}

} // namespace

class TestProjectSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->path().toStdString();
        m_study = writeAndLoadStudy(m_root + "/ct.nii.gz");
        QVERIFY(m_study);
    }

    void saveThenOpenPlansTheSavedLabels()
    {
        ProjectSession session(m_root + "/recovery");
        const ProjectSession::Shown shown = session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        QVERIFY(shown.added);
        QVERIFY(!shown.manifestError);
        QVERIFY(session.folder().empty());
        const auto labels = labelsWith(*m_study, 7);
        QVERIFY(session.save(m_root + "/proj", *labels, *m_study, tableOf({{1, "Liver"}})).ok());
        QCOMPARE(session.folder(), m_root + "/proj");
        const std::string saved = m_root + "/proj/studies/study-1/labels.nii.gz";
        QCOMPARE(countOnDisk(saved, *m_study, 1), std::int64_t(7));
        QVERIFY(fs::exists(m_root + "/proj/labels.json"));

        ProjectSession reopened(m_root + "/recovery");
        Result<OpenPlan> plan = reopened.beginOpen(m_root + "/proj");
        QVERIFY2(plan.ok(), plan.ok() ? "" : plan.error().message().c_str());
        QVERIFY(fs::equivalent(plan->study.path, m_root + "/ct.nii.gz"));
        QCOMPARE(plan->labelsPath, saved);
        QVERIFY(!plan->recovered);
        QVERIFY(reopened.opening());
        const auto table = reopened.completeOpen();
        QVERIFY(table && table->find(1) && table->find(1)->name == "Liver");
        QCOMPARE(reopened.folder(), m_root + "/proj");
    }

    void newerAutosaveIsRecoveredInAProject()
    {
        ProjectSession session(m_root + "/recovery");
        (void)session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        QVERIFY(
            session.save(m_root + "/proj", *labelsWith(*m_study, 5), *m_study, tableOf({{1, "Liver"}})).ok());
        makeOlder(m_root + "/proj/studies/study-1/labels.nii.gz");
        const AutosaveJob job =
            session.autosaveJob(labelsWith(*m_study, 9), m_study, tableOf({{1, "Liver"}}));
        QCOMPARE(job.path, m_root + "/proj/autosave/study-1.nii.gz");
        QVERIFY(!job.table); // a project keeps its own table
        QVERIFY(job.write().ok());

        ProjectSession reopened(m_root + "/recovery");
        Result<OpenPlan> plan = reopened.beginOpen(m_root + "/proj");
        QVERIFY(plan.ok());
        QVERIFY(plan->recovered);
        QCOMPARE(plan->labelsPath, job.path);
        QCOMPARE(countOnDisk(plan->labelsPath, *m_study, 1), std::int64_t(9));
        // Saving replaces the autosave.
        (void)reopened.completeOpen();
        (void)reopened.showStudy(plan->study, "");
        QVERIFY(reopened.save({}, *labelsWith(*m_study, 9), *m_study, tableOf({{1, "Liver"}})).ok());
        QVERIFY(!fs::exists(job.path));
    }

    void recoveryWithoutAProject()
    {
        const std::string recovery = m_root + "/recovery";
        const std::string path = m_root + "/ct.nii.gz";
        {
            ProjectSession session(recovery);
            (void)session.showStudy({path, "", 0, 0}, "");
            const AutosaveJob job =
                session.autosaveJob(labelsWith(*m_study, 11), m_study, tableOf({{1, "Tumour"}}));
            QVERIFY(job.table);
            QVERIFY(job.path.rfind(recovery, 0) == 0);
            QVERIFY(job.write().ok());
        } // the session ends without saving (a crash)
        ProjectSession next(recovery);
        const std::vector<OpenPlan> plans = next.plansAt(path);
        QCOMPARE(plans.size(), std::size_t(1));
        QVERIFY(plans[0].recovered);
        QCOMPARE(countOnDisk(plans[0].labelsPath, *m_study, 1), std::int64_t(11));
        auto table = labels::readLabelTableJson(labels::labelTablePathFor(plans[0].labelsPath));
        QVERIFY(table && table->find(1)->name == "Tumour");
        QVERIFY(next.plansAt(m_root + "/other.nii.gz").empty());
        // Discarded: nothing is left to recover.
        (void)next.showStudy(studyAt(path), "");
        next.removeAutosave();
        QVERIFY(next.plansAt(path).empty());
        QVERIFY(fs::is_empty(recovery));
    }

    // Two windows (sessions) on one study shown without a project. Regression: both wrote the same
    // recovery copy, so each autosave overwrote the other window's edits. Now each keeps its own; the next
    // session recovers the newest (one plan), and discarding it leaves nothing behind. The voxel counts
    // are the test's own (5 and 9 set, counted back from the files).
    void twoWindowsOnOneUnsavedStudyKeepTheirOwnRecoveryCopies()
    {
        const std::string recovery = m_root + "/recovery-two-windows";
        const std::string path = m_root + "/ct.nii.gz";
        ProjectSession first(recovery, "w1");
        ProjectSession second(recovery, "w2");
        (void)first.showStudy(studyAt(path), "");
        (void)second.showStudy(studyAt(path), "");
        const AutosaveJob a = first.autosaveJob(labelsWith(*m_study, 5), m_study, tableOf({{1, "Liver"}}));
        const AutosaveJob b = second.autosaveJob(labelsWith(*m_study, 9), m_study, tableOf({{1, "Liver"}}));
        QVERIFY(a.path != b.path);
        QVERIFY(a.write().ok());
        QVERIFY(b.write().ok());
        QCOMPARE(countOnDisk(a.path, *m_study, 1), std::int64_t(5)); // not overwritten by the second window
        QCOMPARE(countOnDisk(b.path, *m_study, 1), std::int64_t(9));
        fs::last_write_time(a.path, fs::last_write_time(b.path) - std::chrono::hours(1)); // b is newer

        ProjectSession next(recovery, "w3"); // a later run of the application
        const std::vector<OpenPlan> plans = next.plansAt(path);
        QCOMPARE(plans.size(), std::size_t(1));
        QCOMPARE(plans[0].labelsPath, b.path);
        (void)next.showStudy(studyAt(path), "", true); // shown with the recovered labels
        const AutosaveJob own = next.autosaveJob(labelsWith(*m_study, 11), m_study, tableOf({{1, "Liver"}}));
        QVERIFY(own.path != a.path && own.path != b.path);
        QVERIFY(own.write().ok());
        next.removeAutosave(); // saved or discarded: no copy of the study is recovered again
        QVERIFY(next.plansAt(path).empty());
        QVERIFY(fs::is_empty(recovery));
    }

    void damagedRecoveryFilesAreIgnored()
    {
        const std::string recovery = m_root + "/recovery";
        fs::create_directories(recovery);
        std::ofstream(recovery + "/0123456789abcdef.study.json") << "{\"path\": ";   // truncated
        std::ofstream(recovery + "/1123456789abcdef.study.json") << "{\"path\": 5}"; // wrong type
        std::ofstream(recovery + "/2123456789abcdef.study.json")
            << "{\"path\": \"" + m_root + "/ct.nii.gz\", \"stack\": \"x\"}";
        std::ofstream(recovery + "/2123456789abcdef.nii.gz") << "x";
        std::ofstream(recovery + "/3123456789abcdef.study.json")
            << "{\"path\": \"" + m_root + "/ct.nii.gz\"}"; // no labels
        QVERIFY(RecoveryStore(recovery).find(m_root + "/ct.nii.gz").empty());
    }

    void truncatedManifestIsRefusedAndTheOpenProjectStays()
    {
        ProjectSession session(m_root + "/recovery");
        (void)session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        QVERIFY(
            session.save(m_root + "/proj", *labelsWith(*m_study, 3), *m_study, tableOf({{1, "Liver"}})).ok());
        fs::create_directories(m_root + "/broken");
        std::string manifest;
        {
            std::ifstream in(m_root + "/proj/project.json");
            manifest.assign(std::istreambuf_iterator<char>(in), {});
        }
        std::ofstream(m_root + "/broken/project.json") << manifest.substr(0, manifest.size() / 2);
        Result<OpenPlan> plan = session.beginOpen(m_root + "/broken");
        QVERIFY(!plan.ok());
        QCOMPARE(plan.error().code, ErrorCode::CorruptData);
        QVERIFY(plan.error().message().find("project.json") != std::string::npos);
        QVERIFY(!session.opening());
        QCOMPARE(session.folder(), m_root + "/proj");
        QVERIFY(session.current());

        std::ofstream(m_root + "/broken/project.json") << R"({"format_version": 1, "studies": []})";
        plan = session.beginOpen(m_root + "/broken");
        QVERIFY(!plan.ok());
        QCOMPARE(plan.error().code, ErrorCode::CorruptData);
    }

    void reviewedSlicesAndAdaptersGoIntoTheManifest()
    {
        ProjectSession session(m_root + "/recovery");
        (void)session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        QCOMPARE(session.addAdapter({"adapters/a.safetensors", "a", "", "Liver"}).error().code,
                 ErrorCode::InvalidArgument);
        RetrainRecord retrain;
        retrain.adapter = "adapters/a.safetensors";
        retrain.reviewedSlices = 7;
        retrain.diceBox = 0.625;
        QCOMPARE(session.addRetrain(retrain).error().code, ErrorCode::InvalidArgument);
        QVERIFY(session.setReviewed(2, 3, true).ok()); // in memory before the first save
        QVERIFY(
            session.save(m_root + "/proj", *labelsWith(*m_study, 3), *m_study, tableOf({{1, "Liver"}})).ok());
        QVERIFY(session.setReviewed(2, 1, true).ok());
        QVERIFY(session.addAdapter({"adapters/a.safetensors", "a", "", "Liver"}).ok());
        QVERIFY(session.addAdapter({"adapters/b.safetensors", "b", "", "Spleen"}).ok());
        QVERIFY(session.addRetrain(retrain).ok());
        QCOMPARE(session.setActiveAdapter("Liver", "adapters/none.safetensors").error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(session.setActiveAdapter("", "adapters/a.safetensors").error().code,
                 ErrorCode::InvalidArgument);
        QVERIFY(session.setActiveAdapter("Spleen", "").ok()); // Spleen back to the base model
        auto manifest = ProjectStore(m_root + "/proj").load();
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->studies.at(0).reviewed.at(2), (std::set<std::int64_t>{1, 3}));
        // Each added adapter became its label's; Spleen's was then set back to none.
        QCOMPARE(manifest->activeAdapterFor("Liver"), std::string("adapters/a.safetensors"));
        QCOMPARE(manifest->activeAdapterFor("Spleen"), std::string());
        QCOMPARE(manifest->retrains.size(), std::size_t(1)); // the learning curve is written at once
        QCOMPARE(manifest->retrains.front().reviewedSlices, std::size_t(7));
        QCOMPARE(manifest->retrains.front().diceBox, 0.625);
        QCOMPARE(session.project().retrains.size(), std::size_t(1));
        QVERIFY(session.setSettings({{"study_confidence.study-1", "0.5"}, {"other", "x"}}).ok());
        QVERIFY(session.setSettings({{"other", ""}}).ok()); // removed
        manifest = ProjectStore(m_root + "/proj").load();
        QCOMPARE(manifest->settings.at("study_confidence.study-1"), std::string("0.5"));
        QCOMPARE(manifest->settings.count("other"), std::size_t(0));
        QCOMPARE(session.reviewedCount(), std::size_t(2));
        QCOMPARE(session.absolutePath("adapters/a.safetensors"), m_root + "/proj/adapters/a.safetensors");
    }

    // Regression (issue 16): active_adapters is keyed by the label's name, so renaming "Liver" left its
    // adapter behind under the old name and the renamed label used the base model.
    void renamedLabelKeepsItsAdapter()
    {
        ProjectSession session(m_root + "/recovery");
        (void)session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        QVERIFY(
            session.save(m_root + "/proj", *labelsWith(*m_study, 3), *m_study, tableOf({{1, "Liver"}})).ok());
        QVERIFY(session.addAdapter({"adapters/a.safetensors", "a", "", "Liver"}).ok());
        QVERIFY(session.addAdapter({"adapters/b.safetensors", "b", "", "Spleen"}).ok());
        RetrainRecord retrain;
        retrain.adapter = "adapters/a.safetensors";
        retrain.label = "Liver";
        QVERIFY(session.addRetrain(retrain).ok());

        QVERIFY(session.renameLabel("Liver", "Hepar").ok());
        QCOMPARE(session.project().activeAdapterFor("Hepar"), std::string("adapters/a.safetensors"));
        QCOMPARE(session.project().activeAdapterFor("Liver"), std::string());
        QCOMPARE(session.project().adapters.at(0).label, std::string("Hepar"));
        QCOMPARE(session.project().adapterLabel("adapters/a.safetensors"), std::string("Hepar"));
        QCOMPARE(session.project().retrains.at(0).label, std::string("Hepar"));
        // Written with the renamed table by save(); read back from the manifest.
        QVERIFY(
            session.save(m_root + "/proj", *labelsWith(*m_study, 3), *m_study, tableOf({{1, "Hepar"}})).ok());
        const auto manifest = ProjectStore(m_root + "/proj").load();
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->activeAdapterFor("Hepar"), std::string("adapters/a.safetensors"));
        QCOMPARE(manifest->activeAdapterFor("Liver"), std::string());
        QCOMPARE(manifest->adapters.at(0).label, std::string("Hepar"));

        // A name whose adapter is in use is not taken over: nothing changes.
        QCOMPARE(session.renameLabel("Hepar", "Spleen").error().code, ErrorCode::InvalidArgument);
        QCOMPARE(session.project().activeAdapterFor("Hepar"), std::string("adapters/a.safetensors"));
        QCOMPARE(session.project().activeAdapterFor("Spleen"), std::string("adapters/b.safetensors"));
        QVERIFY(session.renameLabel("Kidney", "Ren").ok()); // no adapter: nothing to carry
        QCOMPARE(session.project().activeAdapterFor("Ren"), std::string());
    }

    void failedSaveLeavesTheSessionAsItWas()
    {
        ProjectSession session(m_root + "/recovery");
        (void)session.showStudy(studyAt(m_root + "/ct.nii.gz"), "");
        std::ofstream(m_root + "/file") << "not a folder";
        const Result<void> saved =
            session.save(m_root + "/file", *labelsWith(*m_study, 3), *m_study, tableOf({{1, "L"}}));
        QVERIFY(!saved.ok());
        QVERIFY(session.folder().empty());
        QVERIFY(session.current());
        QCOMPARE(session.save({}, *labelsWith(*m_study, 3), *m_study, {}).error().code,
                 ErrorCode::InvalidArgument);
    }

    void exportPerLabelWritesOneBinaryMapEach()
    {
        const auto labels = labelsWith(*m_study, 6, true);
        const std::string target = m_root + "/out/labels.nii.gz";
        fs::create_directories(m_root + "/out");
        auto files = exportPerLabel(*labels, *m_study, tableOf({{1, "Liver"}, {2, "Kidney left"}}), target);
        QVERIFY(files.ok());
        QCOMPARE(files->size(), std::size_t(2));
        QCOMPARE(files->at(1), m_root + "/out/2-Kidney_left.nii.gz");
        QCOMPARE(countOnDisk(files->at(0), *m_study, 1), std::int64_t(6));
        QCOMPARE(countOnDisk(files->at(1), *m_study, 1), std::int64_t(3));
        QCOMPARE(countOnDisk(files->at(1), *m_study, 2), std::int64_t(0));
        QVERIFY(exportLabelMap(*labels, *m_study, tableOf({{1, "Liver"}}), target).ok());
        QVERIFY(fs::exists(m_root + "/out/labels.json"));
        QCOMPARE(countOnDisk(target, *m_study, 2), std::int64_t(3));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_root;
    std::shared_ptr<const io::Study> m_study;
};

DELINEATE_TEST_MAIN(TestProjectSession)
#include "tst_project_session.moc"
