// core/project: the learning curve of a project (retrain records in the manifest) and its CSV export;
// the expected CSV is written out by hand from the records below.
#include "project/LearningCurve.h"
#include "project/ProjectStore.h"
#include "support/QtTestMain.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace delineate;

namespace {

project::RetrainRecord record(std::size_t slices, double dice)
{
    project::RetrainRecord r;
    r.created = "2026-12-06T08:00:00Z";
    r.adapter = "adapters/brain-v" + std::to_string(slices) + ".safetensors";
    r.label = "brain";
    r.strategy = "decoder+adapter+prompt_free";
    r.reviewedSlices = slices;
    r.studies = {"study-1", "study-2"};
    r.heldOutStudies = {"study-3"};
    r.heldOutSlices = 4;
    r.seconds = 12.3;
    r.baseDicePromptFree = 0.1;
    r.baseDiceBox = 0.5;
    r.baseDicePoint = std::nan("");
    r.dicePromptFree = dice;
    r.diceBox = 0.75;
    r.dicePoint = std::nan("");
    return r;
}

} // namespace

class TestLearningCurve : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordsAreAppendedAndReadBack()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        const project::ProjectStore store(folder);
        project::Project p;
        p.name = "demo";
        p.addStudy("/data/one.nii.gz");
        QVERIFY(store.save(p).ok());
        QVERIFY(project::appendRetrain(folder, record(3, 0.5)).ok());
        auto after = project::appendRetrain(folder, record(5, 0.625));
        QVERIFY(after.ok());
        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->retrains.size(), std::size_t(2));
        const project::RetrainRecord& second = loaded->retrains[1];
        QCOMPARE(second.reviewedSlices, std::size_t(5));
        QCOMPARE(second.dicePromptFree, 0.625);
        QCOMPARE(second.studies, (std::vector<std::string>{"study-1", "study-2"}));
        QCOMPARE(second.heldOutStudies, (std::vector<std::string>{"study-3"}));
        QVERIFY(std::isnan(second.dicePoint)); // stored as null
        QCOMPARE(loaded->studies.size(), std::size_t(1));
    }

    // A retrain that wrote its adapter inside the project (delineate-cli train --project) lists that version
    // once, as the app's own retrains do; a second record naming the same file adds no second entry.
    void adapterOfARetrainIsListedOnce()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        const project::ProjectStore store(folder);
        project::Project p;
        p.name = "demo";
        QVERIFY(store.save(p).ok());
        const project::AdapterEntry v1{"adapters/brain-v1.safetensors", "brain-v1", "2026-12-06T16:00:00Z",
                                       "brain"};
        QVERIFY(project::appendRetrain(folder, record(3, 0.5), v1).ok());
        QVERIFY(project::appendRetrain(folder, record(5, 0.625), v1).ok());
        QVERIFY(project::appendRetrain(folder, record(8, 0.7)).ok());
        auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->retrains.size(), std::size_t(3));
        QCOMPARE(loaded->adapters.size(), std::size_t(1));
        QCOMPARE(loaded->adapters[0].file, v1.file);
        QCOMPARE(loaded->adapters[0].name, v1.name);
        QCOMPARE(loaded->adapters[0].label, v1.label);
    }

    void csvHasOneRowPerRetrain()
    {
        project::Project p;
        p.retrains = {record(3, 0.5), record(5, 0.625)};
        p.retrains[1].label = "brain, left";
        const std::string expected =
            "version,created,label,strategy,reviewed_slices,studies,held_out_studies,held_out_slices,seconds,"
            "base_dice_prompt_free,base_dice_box,base_dice_point,dice_prompt_free,dice_box,dice_point,"
            "adapter\n"
            "1,2026-12-06T08:00:00Z,brain,decoder+adapter+prompt_free,3,study-1;study-2,study-3,4,12.3,0."
            "1000,"
            "0.5000,,0.5000,0.7500,,adapters/brain-v3.safetensors\n"
            "2,2026-12-06T08:00:00Z,\"brain, "
            "left\",decoder+adapter+prompt_free,5,study-1;study-2,study-3,4,12.3,"
            "0.1000,0.5000,,0.6250,0.7500,,adapters/brain-v5.safetensors\n";
        QCOMPARE(project::learningCurveCsv(p), expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath("curve.csv").toStdString();
        QVERIFY(project::writeLearningCurveCsv(p, path).ok());
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        QCOMPARE(text.str(), expected);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestLearningCurve)
#include "tst_learning_curve.moc"
