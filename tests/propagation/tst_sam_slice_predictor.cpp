// SamSlicePredictor, the engine's SlicePredictor over the SAM façade: a slice reaches SAM as the app feeds it
// (extractSlice + samInputWindow + toRgb8), embeddings are cached and prefetched, and an anchor's mask turns
// into mask-input logits as micro-sam's _compute_logits_from_mask does (checked by hand). A vit_t with random
// weights (sam::SamConfig::vitT) stands in for a checkpoint: nothing here depends on what the model says.
#include "image/Intensity.h"
#include "propagation/SamSlicePredictor.h"
#include "support/QtTestMain.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <vector>

using namespace delineate;

namespace {

// 24 x 16 x 4 voxels, a ramp plus a bright square that moves with k.
image::Volume smallVolume()
{
    image::Geometry g;
    g.size = {24, 16, 4};
    g.spacing = {1.0, 1.0, 1.0};
    image::Volume volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 4; ++k)
        for (std::int64_t j = 0; j < 16; ++j)
            for (std::int64_t i = 0; i < 24; ++i)
                volume.at(i, j, k) =
                    float(i * 10 + j) + (i >= 6 + k && i < 12 + k && j >= 4 && j < 10 ? 500.0f : 0.0f);
    return volume;
}

sam::SamPredictor randomVitT()
{
    sam::SamOptions options;
    options.device = sam::ComputeDevice::Cpu;
    options.threads = 2;
    return sam::SamPredictor::withRandomWeights(sam::SamConfig::vitT(), options, 7).value();
}

} // namespace

class TestSamSlicePredictor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void maskInputFromMaskByHand()
    {
        // A 4 x 8 (h x w) mask, left half inside. ResizeLongestSide(256): 128 x 256, zero padding below.
        // Logits +-L with L = log(0.999 / 0.001) = 6.906755; bilinear (align_corners=False) along x with
        // scale 8 / 256: source x = (o + 0.5) / 32 - 0.5. Columns o <= 111 sample only x <= 3 (+L); o = 112:
        // x = 3.015625, L (1 - 2 * 0.015625); o = 143: x = 3.984375, L (1 - 2 * 0.984375); o >= 144: -L.
        sam::SamPredictor predictor = randomVitT();
        image::Volume volume = smallVolume();
        propagation::SamSlicePredictor slices(predictor, volume);
        std::vector<std::uint8_t> mask(4 * 8, 0);
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x)
                mask[std::size_t(y) * 8 + x] = 1;
        const std::vector<float> logits = slices.maskInputFromMask(mask, 8, 4);
        QCOMPARE(logits.size(), std::size_t(256 * 256));
        const double L = std::log(0.999 / 0.001);
        const auto at = [&](int row, int column) { return double(logits[std::size_t(row) * 256 + column]); };
        for (int row : {0, 60, 127}) {
            QVERIFY(std::abs(at(row, 0) - L) < 1e-5);
            QVERIFY(std::abs(at(row, 111) - L) < 1e-5);
            QVERIFY(std::abs(at(row, 112) - L * (1 - 2 * 0.015625)) < 1e-4);
            QVERIFY(std::abs(at(row, 143) - L * (1 - 2 * 0.984375)) < 1e-4);
            QVERIFY(std::abs(at(row, 144) + L) < 1e-5);
            QVERIFY(std::abs(at(row, 255) + L) < 1e-5);
        }
        for (int column : {0, 128, 255})
            for (int row : {128, 200, 255})
                QCOMPARE(at(row, column), 0.0);
    }

    void slicesReachSamAsTheAppFeedsThem()
    {
        sam::SamPredictor predictor = randomVitT();
        image::Volume volume = smallVolume();
        // By hand, as ui/inference and fewshot::samInputSlice prepare a slice: slice k = 2 along k.
        const image::Image2D<float> plane = image::extractSlice(volume, image::SliceAxis::K, 2);
        const std::vector<std::uint8_t> rgb = image::toRgb8(plane, image::samInputWindow(volume, plane));
        QVERIFY(predictor.setImage({rgb.data(), plane.width, plane.height, 3}).ok());
        const std::vector<float> expected = predictor.embedding().features();

        propagation::SamSlicePredictor slices(predictor, volume, 2);
        QVERIFY(slices.selectSlice(image::SliceAxis::K, 2).ok());
        QCOMPARE(slices.embeddingsComputed(), 1);
        QVERIFY(predictor.embedding().features() == expected);
        // Cached: selecting it again embeds nothing; a prediction has the slice's size.
        QVERIFY(slices.selectSlice(image::SliceAxis::K, 2).ok());
        QCOMPARE(slices.embeddingsComputed(), 1);
        auto prediction = slices.predict({{}, sam::SamBox{6, 4, 14, 10}, {}}, true);
        QVERIFY(prediction.ok());
        QCOMPARE(prediction->width, 24);
        QCOMPARE(prediction->height, 16);
        // Prefetch embeds what is missing only; the cache holds 2 slices, first in first out.
        QVERIFY(slices.prefetch(image::SliceAxis::K, {2, 3}).ok());
        QCOMPARE(slices.embeddingsComputed(), 2);
        QVERIFY(slices.selectSlice(image::SliceAxis::K, 3).ok());
        QCOMPARE(slices.embeddingsComputed(), 2);
        QVERIFY(slices.prefetch(image::SliceAxis::K, {1}).ok()); // evicts 2
        QVERIFY(slices.selectSlice(image::SliceAxis::K, 2).ok());
        QCOMPARE(slices.embeddingsComputed(), 4);
        QVERIFY(predictor.embedding().features() == expected);
        auto outside = slices.selectSlice(image::SliceAxis::K, 4);
        QVERIFY(!outside.ok());
        QVERIFY(QString::fromStdString(outside.error().message())
                    .contains("slice 4 is outside the study (0..3)"));
    }

    // Propagation with a retrained decoder-scope adapter (the Quick preset's: adapters in both two-way
    // blocks, loaded from its safetensors file as delineate-cli propagate and the app load it) runs the image
    // encoder once per slice, as the base model does: decoding box, multimask and mask-input prompts and
    // selecting a cached slice add no encoder pass. Encoder passes are counted independently of
    // SamSlicePredictor's own counter: the predictor's interrupt check is asked once per encoder block.
    void adapterAddsNoEncoderPass()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const std::string adapterPath = folder.filePath(QStringLiteral("adapter.safetensors")).toStdString();
        sam::PeftConfig peft;
        peft.method = sam::PeftMethod::Adapter;
        peft.decoderLayers = {0, 1};
        {
            sam::SamPredictor trained = randomVitT();
            QVERIFY(trained.addPeftLayers(peft).ok());
            QVERIFY(trained.savePeftWeights(adapterPath).ok());
        }
        image::Volume volume = smallVolume();
        sam::SamPredictor base = randomVitT();
        sam::SamPredictor tuned = randomVitT();
        QVERIFY(tuned.loadPeftWeights(adapterPath).ok());
        QCOMPARE(tuned.config().peft.decoderLayers, std::vector<int>({0, 1}));
        QVERIFY(tuned.config().peft.encoderLayers.empty());

        int blocks = 0;
        const auto countBlocks = [&blocks] {
            ++blocks;
            return false;
        };
        base.setInterruptCheck(countBlocks);
        tuned.setInterruptCheck(countBlocks);
        const image::Image2D<float> plane = image::extractSlice(volume, image::SliceAxis::K, 1);
        const std::vector<std::uint8_t> rgb = image::toRgb8(plane, image::samInputWindow(volume, plane));
        QVERIFY(base.setImage({rgb.data(), plane.width, plane.height, 3}).ok());
        const int blocksPerPass = blocks;
        QVERIFY(blocksPerPass > 0);

        blocks = 0;
        propagation::SamSlicePredictor slices(tuned, volume);
        const sam::SamPrompt box{{}, sam::SamBox{6, 4, 14, 10}, {}};
        std::vector<std::uint8_t> mask(std::size_t(24) * 16, 0);
        for (int y = 4; y < 10; ++y)
            for (int x = 6; x < 14; ++x)
                mask[std::size_t(y) * 24 + x] = 1;
        sam::SamPrompt withMask = box;
        withMask.maskInput = slices.maskInputFromMask(mask, 24, 16);
        for (std::int64_t k = 0; k < 4; ++k) {
            QVERIFY(slices.selectSlice(image::SliceAxis::K, k).ok());
            QVERIFY(slices.predict(box, false).ok());
            QVERIFY(slices.predict(box, true).ok());
            QVERIFY(slices.predict(withMask, false).ok());
        }
        QVERIFY(slices.selectSlice(image::SliceAxis::K, 1).ok());
        QVERIFY(slices.predict(box, false).ok());
        QCOMPARE(slices.embeddingsComputed(), 4);
        QCOMPARE(blocks, 4 * blocksPerPass);

        // The adapter is in use: the same slice and box decode differently than with the base model, while
        // the embedding (frozen encoder) is the same.
        QVERIFY(base.embedding().features() == tuned.embedding().features());
        const auto basePrediction = base.predict(box, false);
        const auto tunedPrediction = tuned.predict(box, false);
        QVERIFY(basePrediction.ok() && tunedPrediction.ok());
        QVERIFY(basePrediction->lowResMasks != tunedPrediction->lowResMasks);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestSamSlicePredictor)
#include "tst_sam_slice_predictor.moc"
