// core/fewshot: training examples from a study (the SAM input mapping, the label mask, slice checks),
// the held-out split, slice lists, label evaluation against hand-computed Dice/NSD, and prompt-free
// segmentation of a study and its mean prompt-free confidence with the fixture vit_t (skipped without
// ../shared).
#include "fewshot/LabelEvaluation.h"
#include "fewshot/StudyConfidence.h"
#include "fewshot/StudySegmentation.h"
#include "fewshot/TrainingSet.h"
#include "support/TestData.h"

#include <QtTest>

#include <filesystem>

using namespace delineate;

namespace {

const std::string kFixture = delineate::test::samFixture("vit_t.pth");

// 40 x 30 x 6 volume (spacing 1 x 2 x 3 mm): intensity 100 + 10*k, a 10 x 8 block of 500 in every
// slice; labels: value 3 on the block in slices 1..4, value 7 on one voxel row of slice 5.
struct Fixture {
    image::Volume volume;
    image::LabelMap labels;
};

Fixture makeFixture()
{
    image::Geometry g;
    g.size = {40, 30, 6};
    g.spacing = {1.0, 2.0, 3.0};
    Fixture f;
    f.volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 30; ++j)
            for (std::int64_t i = 0; i < 40; ++i) {
                const bool block = i >= 10 && i < 20 && j >= 5 && j < 13;
                f.volume.at(i, j, k) = block ? 500.0f : 100.0f + 10.0f * float(k);
            }
    f.labels = image::LabelMap::createFor(f.volume).value();
    for (std::int64_t k = 1; k <= 4; ++k)
        for (std::int64_t j = 5; j < 13; ++j)
            for (std::int64_t i = 10; i < 20; ++i)
                f.labels.at(i, j, k) = 3;
    for (std::int64_t i = 0; i < 40; ++i)
        f.labels.at(i, 0, 5) = 7;
    return f;
}

train::TrainingSlice blank(const std::string& name)
{
    train::TrainingSlice s;
    s.description = name;
    return s;
}

} // namespace

class TestFewShot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainingSlicesCarrySamInputAndMask()
    {
        const Fixture f = makeFixture();
        auto slices = fewshot::makeTrainingSlices(f.volume, f.labels, 3, {{image::SliceAxis::K, 2}});
        QVERIFY(slices.ok());
        QCOMPARE(slices->size(), std::size_t(1));
        const train::TrainingSlice& s = slices->front();
        QCOMPARE(s.width, 40);
        QCOMPARE(s.height, 30);
        QCOMPARE(s.rgb.size(), std::size_t(40 * 30 * 3));
        // Slice min-max to 0..255 (samInputWindow): background 120 -> 0, block 500 -> 255, grey in 3
        // channels.
        QCOMPARE(int(s.rgb[0]), 0);
        const std::size_t block = (std::size_t(6) * 40 + 12) * 3;
        QCOMPARE(int(s.rgb[block]), 255);
        QCOMPARE(int(s.rgb[block + 2]), 255);
        QCOMPARE(int(s.mask[std::size_t(6) * 40 + 12]), 1);
        QCOMPARE(int(s.mask[0]), 0);
        int ones = 0;
        for (auto v : s.mask)
            ones += v;
        QCOMPARE(ones, 80);
        QCOMPARE(QString::fromStdString(s.description), QStringLiteral("K 2"));
        // The same image the predictor path gets.
        QCOMPARE(fewshot::samInputSlice(f.volume, {image::SliceAxis::K, 2}).rgb, s.rgb);
    }

    void badSlicesAndGridsAreRefused()
    {
        const Fixture f = makeFixture();
        auto outside = fewshot::makeTrainingSlices(f.volume, f.labels, 3, {{image::SliceAxis::K, 6}});
        QVERIFY(!outside.ok());
        QVERIFY(QString::fromStdString(outside.error().message()).contains(QStringLiteral("K 6")));
        QVERIFY(!fewshot::makeTrainingSlices(f.volume, f.labels, 0, {{image::SliceAxis::K, 1}}).ok());
        image::Geometry other = f.volume.geometry();
        other.size[0] = 41;
        const image::LabelMap wrong = image::LabelMap::create(other).value();
        QVERIFY(!fewshot::makeTrainingSlices(f.volume, wrong, 3, {{image::SliceAxis::K, 1}}).ok());
    }

    void slicesContainingALabel()
    {
        const Fixture f = makeFixture();
        QCOMPARE(fewshot::slicesContaining(f.labels, 3, image::SliceAxis::K),
                 (std::vector<std::int64_t>{1, 2, 3, 4}));
        QCOMPARE(fewshot::slicesContaining(f.labels, 3, image::SliceAxis::J),
                 (std::vector<std::int64_t>{5, 6, 7, 8, 9, 10, 11, 12}));
        QCOMPARE(fewshot::slicesContaining(f.labels, 7, image::SliceAxis::K), (std::vector<std::int64_t>{5}));
        QVERIFY(fewshot::slicesContaining(f.labels, 9, image::SliceAxis::K).empty());
    }

    void heldOutSplit()
    {
        auto make = [](int n) {
            std::vector<train::TrainingSlice> v;
            for (int i = 0; i < n; ++i)
                v.push_back(blank(std::to_string(i)));
            return v;
        };
        // Five shots: everything trains.
        auto five = fewshot::splitTrainingSlices(make(5));
        QCOMPARE(five.training.size(), std::size_t(5));
        QVERIFY(five.heldOut.empty());
        // Six: one held out, from the middle; never fewer than five training slices.
        auto six = fewshot::splitTrainingSlices(make(6));
        QCOMPARE(six.training.size(), std::size_t(5));
        QCOMPARE(six.heldOut.size(), std::size_t(1));
        QVERIFY(six.heldOut[0].description != "0" && six.heldOut[0].description != "5");
        // Twenty: a quarter held out, spread, first and last train.
        auto twenty = fewshot::splitTrainingSlices(make(20));
        QCOMPARE(twenty.heldOut.size(), std::size_t(5));
        QCOMPARE(twenty.training.front().description, std::string("0"));
        QCOMPARE(twenty.training.back().description, std::string("19"));
    }

    void sliceLists()
    {
        auto list = fewshot::parseSliceList("12,3,20-22,12");
        QVERIFY(list.ok());
        QCOMPARE(*list, (std::vector<std::int64_t>{3, 12, 20, 21, 22}));
        for (const char* bad : {"", "a", "3-1", "1,,2", "-4", "2-", "1.5"})
            QVERIFY2(!fewshot::parseSliceList(bad).ok(), bad);
    }

    void evaluationMatchesHandComputedValues()
    {
        // Reference: the 10 x 8 block in slices 1..4 (320 voxels). Prediction: the same block shifted by one
        // column (i 11..20): overlap 9 x 8 x 4 = 288 -> Dice = 2*288/640 = 0.9.
        const Fixture f = makeFixture();
        image::LabelMap predicted = image::LabelMap::createFor(f.volume).value();
        for (std::int64_t k = 1; k <= 4; ++k)
            for (std::int64_t j = 5; j < 13; ++j)
                for (std::int64_t i = 11; i < 21; ++i)
                    predicted.at(i, j, k) = 5;
        auto score = fewshot::evaluateLabel(predicted, 5, f.labels, 3, 1.0);
        QVERIFY(score.ok());
        QCOMPARE(score->referenceVoxels, std::int64_t(320));
        QCOMPARE(score->predictedVoxels, std::int64_t(320));
        QVERIFY(std::abs(score->dice - 0.9) < 1e-12);
        // Per axial slice: 72 overlap of 80 + 80 -> 0.9 on slices 1..4 only.
        QCOMPARE(score->slices.size(), std::size_t(4));
        QCOMPARE(score->slices.front().index, std::int64_t(1));
        QVERIFY(std::abs(score->meanSliceDice - 0.9) < 1e-12);
        // A one-voxel (1 mm) shift along i is within a 1 mm tolerance everywhere: NSD 1; at 0 mm it is not.
        QVERIFY(std::abs(score->nsd - 1.0) < 1e-12);
        auto strict = fewshot::evaluateLabel(predicted, 5, f.labels, 3, 0.0);
        QVERIFY(strict.ok() && strict->nsd < 1.0);
        // Identical maps: 1 / 1.
        auto same = fewshot::evaluateLabel(f.labels, 3, f.labels, 3, 0.0);
        QVERIFY(same.ok() && same->dice == 1.0 && same->nsd == 1.0);
        // Grid mismatch and a negative tolerance are refused.
        image::Geometry other = f.volume.geometry();
        other.size[2] = 7;
        QVERIFY(!fewshot::evaluateLabel(image::LabelMap::create(other).value(), 3, f.labels, 3, 1.0).ok());
        QVERIFY(!fewshot::evaluateLabel(predicted, 5, f.labels, 3, -1.0).ok());
    }

    void segmentStudyWritesEveryRequestedSlice()
    {
        DELINEATE_REQUIRE_FILE(QString::fromStdString(kFixture));
        const Fixture f = makeFixture();
        sam::SamOptions options;
        options.threads = 2;
        auto predictor = sam::SamPredictor::fromCheckpoint(kFixture, options);
        QVERIFY2(predictor.ok(), predictor.ok() ? "" : predictor.error().message().c_str());
        image::LabelMap labels = f.labels;
        fewshot::SegmentationOptions seg;
        seg.slices = {1, 2};
        seg.value = 9;
        std::vector<int> progress;
        seg.progress = [&](int done, int total) {
            QCOMPARE(total, 2);
            progress.push_back(done);
        };
        auto done = fewshot::segmentStudy(*predictor, f.volume, labels, seg);
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().message().c_str());
        QCOMPARE(*done, 2);
        QCOMPARE(progress, (std::vector<int>{1, 2}));
        // The written voxels are exactly the automatic mask of each slice; other slices untouched.
        for (std::int64_t k : {1, 2}) {
            auto mask = fewshot::automaticMask(*predictor, f.volume, {image::SliceAxis::K, k});
            QVERIFY(mask.ok());
            const auto plane = image::extractLabelSlice(labels, image::SliceAxis::K, k);
            for (std::size_t p = 0; p < plane.pixels.size(); ++p)
                QVERIFY(((*mask)[p] != 0) == (plane.pixels[p] == 9));
        }
        for (std::int64_t k : {0, 3, 4, 5})
            QCOMPARE(image::extractLabelSlice(labels, image::SliceAxis::K, k).pixels,
                     image::extractLabelSlice(f.labels, image::SliceAxis::K, k).pixels);
        // Cancel before the first slice.
        std::atomic<bool> cancel{true};
        seg.cancel = &cancel;
        seg.progress = nullptr;
        auto cancelled = fewshot::segmentStudy(*predictor, f.volume, labels, seg);
        QVERIFY(!cancelled.ok() && cancelled.error().code == ErrorCode::Cancelled);
        // Out-of-range slice.
        seg.cancel = nullptr;
        seg.slices = {6};
        QVERIFY(!fewshot::segmentStudy(*predictor, f.volume, labels, seg).ok());
    }

    // The slices the confidence samples: centres of equal parts, by hand: floor((2i + 1) * n / (2 * s)).
    void confidenceSlicesSpreadEvenly()
    {
        QCOMPARE(fewshot::confidenceSlices(9, 8), (std::vector<std::int64_t>{0, 1, 2, 3, 5, 6, 7, 8}));
        QCOMPARE(fewshot::confidenceSlices(100, 4), (std::vector<std::int64_t>{12, 37, 62, 87}));
        QCOMPARE(fewshot::confidenceSlices(3, 8), (std::vector<std::int64_t>{0, 1, 2}));
        QVERIFY(fewshot::confidenceSlices(0, 8).empty());
    }

    // The study's confidence is the mean of the prompt-free predicted IoU on those slices (a composition
    // check: the per-slice IoU comes from the predictor itself, the sampling and the mean by hand).
    void confidenceIsTheMeanPromptFreeIou()
    {
        DELINEATE_REQUIRE_FILE(QString::fromStdString(kFixture));
        const Fixture f = makeFixture();
        sam::SamOptions options;
        options.threads = 2;
        auto predictor = sam::SamPredictor::fromCheckpoint(kFixture, options);
        QVERIFY2(predictor.ok(), predictor.ok() ? "" : predictor.error().message().c_str());
        fewshot::ConfidenceOptions confidence;
        confidence.sampleCount = 3; // of 6 slices: 1, 3, 5
        auto mean = fewshot::meanPromptFreeConfidence(*predictor, f.volume, confidence);
        QVERIFY2(mean.ok(), mean.ok() ? "" : mean.error().message().c_str());
        double sum = 0.0;
        for (std::int64_t k : {1, 3, 5}) {
            const train::TrainingSlice input = fewshot::samInputSlice(f.volume, {image::SliceAxis::K, k});
            QVERIFY(predictor->setImage({input.rgb.data(), input.width, input.height, 3}).ok());
            auto prediction = predictor->predictAutomatic();
            QVERIFY(prediction.ok());
            QCOMPARE(prediction->iouScores.size(), std::size_t(1));
            sum += double(prediction->iouScores.front());
        }
        QCOMPARE(*mean, sum / 3.0);
        std::atomic<bool> cancel{true};
        confidence.cancel = &cancel;
        auto cancelled = fewshot::meanPromptFreeConfidence(*predictor, f.volume, confidence);
        QVERIFY(!cancelled.ok() && cancelled.error().code == ErrorCode::Cancelled);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestFewShot)
#include "tst_fewshot.moc"
