#include "SegmentationLoss.h"

namespace delineate::train {

LossTerms segmentationLoss(const torch::Tensor& logits, const torch::Tensor& target)
{
    constexpr double kSmooth = 1e-5;
    const std::int64_t classes = logits.size(1);
    const torch::Tensor labels = target.dim() == 4 ? target.squeeze(1) : target; // (B, H, W)
    // one_hot → (B, H, W, C) → (B, C, H, W)
    const torch::Tensor oneHot =
        torch::one_hot(labels.to(torch::kLong), classes).permute({0, 3, 1, 2}).to(logits.scalar_type());
    const torch::Tensor probabilities = torch::sigmoid(logits);
    const std::vector<std::int64_t> spatial{2, 3};
    const torch::Tensor intersection = (probabilities * oneHot).sum(spatial);
    const torch::Tensor groundSquared = (oneHot * oneHot).sum(spatial);
    const torch::Tensor predictionSquared = (probabilities * probabilities).sum(spatial);
    const torch::Tensor dicePerItem =
        1.0 - (2.0 * intersection + kSmooth) / (groundSquared + predictionSquared + kSmooth);
    LossTerms terms;
    terms.dice = dicePerItem.mean();
    terms.crossEntropy = torch::nn::functional::cross_entropy(logits, labels.to(torch::kLong));
    terms.total = terms.dice + terms.crossEntropy;
    return terms;
}

LossTerms binarySegmentationLoss(const torch::Tensor& logits, const torch::Tensor& target)
{
    constexpr double kSmooth = 1e-5;
    const torch::Tensor labels = (target.dim() == 4 ? target : target.unsqueeze(1)).to(logits.scalar_type());
    const torch::Tensor probabilities = torch::sigmoid(logits);
    const std::vector<std::int64_t> spatial{1, 2, 3};
    const torch::Tensor intersection = (probabilities * labels).sum(spatial);
    const torch::Tensor denominator =
        (labels * labels).sum(spatial) + (probabilities * probabilities).sum(spatial);
    LossTerms terms;
    terms.dice = (1.0 - (2.0 * intersection + kSmooth) / (denominator + kSmooth)).mean();
    terms.crossEntropy = torch::nn::functional::binary_cross_entropy_with_logits(logits, labels);
    terms.total = terms.dice + terms.crossEntropy;
    return terms;
}

} // namespace delineate::train
