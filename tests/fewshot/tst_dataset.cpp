// core/fewshot at the level of a data set: the simulated box / point prompts against the seed's rules
// (finetune-SAM, utils/funcs.py: MaskToBoxSimple, get_top_boxes, get_first_prompt -- read at
// github.com/mazurowski-lab/finetune-SAM; every expected value below is worked out by hand from those
// rules), the leave-studies-out split (hand-written expectations) and the gathering of reviewed slices
// across the studies of a project written by the test.
#include "fewshot/DatasetSplit.h"
#include "fewshot/ProjectDataset.h"
#include "fewshot/PromptSimulation.h"
#include "io/StudyLoader.h"
#include "labels/LabelTable.h"
#include "labels/LabelTableJson.h"
#include "project/Project.h"
#include "project/ProjectStore.h"
#include "support/QtTestMain.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>

using namespace delineate;

namespace {

std::vector<std::uint8_t> rectangle(int width, int height, int x0, int y0, int x1, int y1,
                                    std::vector<std::uint8_t> mask = {})
{
    if (mask.empty())
        mask.assign(static_cast<std::size_t>(width * height), 0);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            mask[static_cast<std::size_t>(y * width + x)] = 1;
    return mask;
}

train::TrainingSlice named(const std::string& name)
{
    train::TrainingSlice s;
    s.description = name;
    return s;
}

fewshot::StudyExamples study(const std::string& id, int slices)
{
    fewshot::StudyExamples s{id, {}};
    for (int i = 0; i < slices; ++i)
        s.slices.push_back(named(id + "/" + std::to_string(i)));
    return s;
}

std::vector<std::string> descriptions(const std::vector<train::TrainingSlice>& slices)
{
    std::vector<std::string> out;
    for (const auto& s : slices)
        out.push_back(s.description);
    return out;
}

// A 20 x 16 x 6 study at `path` (NIfTI): intensity 100 + i; label `value` on columns 4..9, rows 3..7 of
// slices 1..4 (30 voxels per axial slice), saved at `labelsPath`.
void writeStudy(const std::string& path, const std::string& labelsPath, image::LabelMap::Value value)
{
    image::Geometry g;
    g.size = {20, 16, 6};
    g.spacing = {1.0, 1.5, 2.0};
    image::Volume volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 16; ++j)
            for (std::int64_t i = 0; i < 20; ++i)
                volume.at(i, j, k) = 100.0f + float(i);
    QVERIFY(io::saveVolume(volume, path).ok());
    auto loaded = io::loadStudy(path);
    QVERIFY(loaded.ok());
    image::LabelMap labels = image::LabelMap::createFor(loaded->volume).value();
    for (std::int64_t k = 1; k <= 4; ++k)
        for (std::int64_t j = 3; j <= 7; ++j)
            for (std::int64_t i = 4; i <= 9; ++i)
                labels.at(i, j, k) = value;
    std::filesystem::create_directories(std::filesystem::path(labelsPath).parent_path());
    QVERIFY(io::saveLabelMap(labels, *loaded, labelsPath).ok());
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boxWithoutNoiseIsTheLargestRegionsInclusiveBounds()
    {
        // 12 x 10: a 5 x 5 block (columns 2..6, rows 3..7) and a 2 x 2 block (columns 10..11, rows 0..1).
        const auto mask = rectangle(12, 10, 10, 0, 11, 1, rectangle(12, 10, 2, 3, 6, 7));
        std::mt19937_64 random(1);
        const auto box = fewshot::simulatedBox(mask, 12, 10, {0.0, 0.1}, random);
        QVERIFY(box.has_value());
        QCOMPARE(box->x0, 2.0);
        QCOMPARE(box->y0, 3.0);
        QCOMPARE(box->x1, 6.0); // MaskToBoxSimple: max index, not max + 1
        QCOMPARE(box->y1, 7.0);
    }

    void boxNoiseGrowsEachSideByUpToTheFractionOfTheExtent()
    {
        const auto mask = rectangle(12, 10, 2, 3, 6, 7);
        std::mt19937_64 random(7);
        std::mt19937_64 same(7);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const double u0 = unit(same), u1 = unit(same), u2 = unit(same), u3 = unit(same);
        const auto box = fewshot::simulatedBox(mask, 12, 10, {0.5, 0.1}, random);
        QVERIFY(box.has_value());
        // Extents 4 and 4, noise 0.5: each side moves out by 2 * u (draws in the order x0, x1, y0, y1).
        QCOMPARE(box->x0, 2.0 - 2.0 * u0);
        QCOMPARE(box->x1, 6.0 + 2.0 * u1);
        QCOMPARE(box->y0, 3.0 - 2.0 * u2);
        QCOMPARE(box->y1, 7.0 + 2.0 * u3);
    }

    void boxIsClampedToTheFrame()
    {
        // Columns 0..9 of a 10-wide frame, rows 0..4 of 5: every move outwards hits the clamp [0, 10] / [0,
        // 5].
        const auto mask = rectangle(10, 5, 0, 0, 9, 4);
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            std::mt19937_64 random(seed);
            const auto box = fewshot::simulatedBox(mask, 10, 5, {1.0, 0.1}, random);
            QVERIFY(box->x0 == 0.0 && box->y0 == 0.0);
            QVERIFY(box->x1 >= 9.0 && box->x1 <= 10.0);
            QVERIFY(box->y1 >= 4.0 && box->y1 <= 5.0);
        }
    }

    void equalRegionsTieToTheLaterOne()
    {
        // Two 2 x 2 blocks: the reference sorts (ratio, id) pairs and reverses, so the later id wins.
        const auto mask = rectangle(10, 4, 6, 1, 7, 2, rectangle(10, 4, 1, 1, 2, 2));
        std::mt19937_64 random(3);
        const auto box = fewshot::simulatedBox(mask, 10, 4, {0.0, 0.1}, random);
        QCOMPARE(box->x0, 6.0);
        QCOMPARE(box->x1, 7.0);
    }

    void chamferDistanceUsesOpenCvsMaskFiveWeights()
    {
        // 9 x 9 ones with one zero at the centre (4, 4); outside the frame is background.
        std::vector<std::uint8_t> mask(81, 1);
        mask[4 * 9 + 4] = 0;
        const auto d = fewshot::chamferDistance(mask, 9, 9);
        auto at = [&](int x, int y) { return d[static_cast<std::size_t>(y * 9 + x)]; };
        QCOMPARE(at(4, 4), 0.0f);
        QCOMPARE(at(4, 3), 1.0f);    // orthogonal step
        QCOMPARE(at(3, 3), 1.4f);    // diagonal step
        QCOMPARE(at(2, 3), 2.1969f); // knight step (the frame is 3 away)
        QCOMPARE(at(2, 2), 2.8f);    // two diagonal steps (the frame is 3 away)
        QCOMPARE(at(0, 0), 1.0f);    // the frame's outside
    }

    void pointLiesInTheDeepestTenthAtLeastOneFromTheEdge()
    {
        // 5 x 5 block (columns/rows 2..6) in a 9 x 9 frame: distances 1 on the outer ring, 2 on the next,
        // 3 at the centre. 25 pixels > 0, index int(0.1 * 25) = 2 of [3, 2, 2, ...] -> threshold 2: the
        // candidates are the 9 pixels of columns/rows 3..5.
        const auto mask = rectangle(9, 9, 2, 2, 6, 6);
        std::set<std::pair<int, int>> seen;
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            std::mt19937_64 random(seed);
            const auto point = fewshot::simulatedPoint(mask, 9, 9, {}, random);
            QVERIFY(point.has_value());
            QCOMPARE(point->label, 1);
            QVERIFY(point->x >= 3 && point->x <= 5 && point->y >= 3 && point->y <= 5);
            seen.insert({int(point->x), int(point->y)});
        }
        QCOMPARE(seen.size(), std::size_t(9));
    }

    void thinRegionsUseThresholdOne()
    {
        // A 1-pixel line (columns 1..8 of row 2): every distance is 1, the threshold max(1, 1) = 1, any
        // pixel.
        const auto mask = rectangle(10, 5, 1, 2, 8, 2);
        std::mt19937_64 random(5);
        const auto point = fewshot::simulatedPoint(mask, 10, 5, {}, random);
        QVERIFY(point.has_value());
        QCOMPARE(point->y, 2.0);
        QVERIFY(point->x >= 1 && point->x <= 8);
    }

    void emptyMaskHasNoPrompt()
    {
        const std::vector<std::uint8_t> mask(20, 0);
        std::mt19937_64 random(1);
        QVERIFY(!fewshot::simulatedBox(mask, 5, 4, {}, random).has_value());
        QVERIFY(!fewshot::simulatedPoint(mask, 5, 4, {}, random).has_value());
    }

    void lastStudiesAreHeldOut()
    {
        // A (2), B (1), C (3), D (none): S = 3, h = min(2, max(1, round(0.75))) = 1 -> C held out.
        auto split = fewshot::splitByStudy({study("A", 2), study("B", 1), study("C", 3), study("D", 0)});
        QVERIFY(split.ok());
        QVERIFY(split->leaveStudiesOut);
        QCOMPARE(split->trainingStudies, (std::vector<std::string>{"A", "B"}));
        QCOMPARE(split->heldOutStudies, (std::vector<std::string>{"C"}));
        QCOMPARE(descriptions(split->training), (std::vector<std::string>{"A/0", "A/1", "B/0"}));
        QCOMPARE(descriptions(split->heldOut), (std::vector<std::string>{"C/0", "C/1", "C/2"}));
    }

    void heldOutStudyCountGrowsWithTheDataSet()
    {
        // S = 2: h = min(1, max(1, round(0.5) = 1)) = 1; S = 8: round(2.0) = 2 -> the last two.
        auto two = fewshot::splitByStudy({study("A", 1), study("B", 1)});
        QCOMPARE(two->heldOutStudies, (std::vector<std::string>{"B"}));
        std::vector<fewshot::StudyExamples> eight;
        for (char c = 'A'; c <= 'H'; ++c)
            eight.push_back(study(std::string(1, c), 1));
        auto split = fewshot::splitByStudy(std::move(eight));
        QCOMPARE(split->heldOutStudies, (std::vector<std::string>{"G", "H"}));
        QCOMPARE(split->training.size(), std::size_t(6));
    }

    void namedHeldOutStudies()
    {
        auto split = fewshot::splitByStudy({study("A", 2), study("B", 1), study("C", 3)}, {"A"});
        QCOMPARE(split->heldOutStudies, (std::vector<std::string>{"A"}));
        QCOMPARE(split->trainingStudies, (std::vector<std::string>{"B", "C"}));
        auto unknown = fewshot::splitByStudy({study("A", 2), study("B", 1)}, {"Z"});
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().detail.find("'Z'") != std::string::npos);
        auto everything = fewshot::splitByStudy({study("A", 2)}, {"A"});
        QVERIFY(!everything.ok());
    }

    void oneStudySplitsBySlice()
    {
        // n = 8 > 5: h = min(3, max(1, round(2))) = 2 at round(7/3) = 2 and round(14/3) = 5.
        auto split = fewshot::splitByStudy({study("A", 8)});
        QVERIFY(!split->leaveStudiesOut);
        QCOMPARE(descriptions(split->heldOut), (std::vector<std::string>{"A/2", "A/5"}));
        QCOMPARE(split->training.size(), std::size_t(6));
    }

    void reviewedSlicesAreGatheredAcrossTheProject()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const std::string folder = root + "/project";
        const project::ProjectStore store(folder);
        QVERIFY(store.create().ok());
        project::Project p;
        p.addStudy(root + "/one.nii.gz");
        p.addStudy(root + "/two.nii.gz");
        p.addStudy(root + "/gone.nii.gz");
        p.addStudy(root + "/three.nii.gz");
        auto& one = p.studies[0];
        auto& two = p.studies[1];
        auto& gone = p.studies[2];
        auto& unreviewed = p.studies[3];
        one.labelFile = two.labelFile = gone.labelFile = unreviewed.labelFile = "labels.nii.gz";
        one.reviewed[2] = {1, 3};
        two.reviewed[2] = {2};
        two.reviewed[1] = {5};
        gone.reviewed[2] = {1};
        writeStudy(root + "/one.nii.gz", store.labelMapPath(one), 4);
        writeStudy(root + "/two.nii.gz", store.labelMapPath(two), 4);
        writeStudy(root + "/three.nii.gz", store.labelMapPath(unreviewed), 4);
        const std::string goneId = gone.id;
        QVERIFY(store.save(p).ok());
        auto loaded = store.load();
        QVERIFY(loaded.ok());

        const auto studies = fewshot::projectStudies(folder, *loaded);
        QCOMPARE(studies.size(), std::size_t(4));
        auto gathered = fewshot::gatherExamples(studies, 4);
        QVERIFY(gathered.ok());
        QCOMPARE(gathered->studies.size(), std::size_t(2));
        QCOMPARE(gathered->sliceCount(), std::size_t(4));
        const auto& first = gathered->studies[0];
        const auto& second = gathered->studies[1];
        QCOMPARE(descriptions(first.slices), (std::vector<std::string>{one.id + " K 1", one.id + " K 3"}));
        // Axis order of the reviewed map: J (1) before K (2).
        QCOMPARE(descriptions(second.slices), (std::vector<std::string>{two.id + " J 5", two.id + " K 2"}));
        auto ones = [](const train::TrainingSlice& s) { return std::count(s.mask.begin(), s.mask.end(), 1); };
        QCOMPARE(ones(first.slices[0]), 30); // 6 columns x 5 rows, 20 x 16 plane
        QCOMPARE(first.slices[0].width, 20);
        QCOMPARE(second.slices[0].width, 20); // J plane: 20 columns x 6 slices
        QCOMPARE(second.slices[0].height, 6);
        QCOMPARE(ones(second.slices[0]), 24); // row 5 holds the label on columns 4..9 of slices 1..4
        QCOMPARE(gathered->skipped.size(), std::size_t(1));
        QCOMPARE(gathered->skipped[0].studyId, goneId);
        QVERIFY(gathered->skipped[0].error.message().find("gone.nii.gz") != std::string::npos);

        // The held-out slices of a study nobody reviewed: of the labelled axial slices 1..4, the centres of
        // two equal parts (list positions 1 and 3).
        fewshot::SelectionOptions all{fewshot::SliceSelection::AllLabelled, image::SliceAxis::K, 2};
        auto labelled = fewshot::gatherExamples({studies[3]}, 4, all);
        QCOMPARE(descriptions(labelled->studies.at(0).slices),
                 (std::vector<std::string>{unreviewed.id + " K 2", unreviewed.id + " K 4"}));
    }

    void labelsAreFoundByName()
    {
        labels::LabelTable table;
        QVERIFY(table.set({3, "brain", {}, true, false, 1.0}).ok());
        QVERIFY(table.set({5, "skull", {}, true, false, 1.0}).ok());
        QCOMPARE(int(fewshot::labelValueByName(table, "skull").value()), 5);
        auto missing = fewshot::labelValueByName(table, "liver");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().detail.find("brain, skull") != std::string::npos);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
