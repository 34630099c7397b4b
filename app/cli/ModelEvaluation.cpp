#include "ModelEvaluation.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace delineate::cli {
namespace {

nlohmann::json number(double value)
{
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

nlohmann::json scoresJson(const std::vector<fewshot::PromptScore>& scores)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& s : scores)
        out[fewshot::promptKindName(s.kind)] = {{"dice", number(s.dice())},
                                                {"nsd", number(s.nsd())},
                                                {"slices", s.slices},
                                                {"predicted_pixels", s.predicted},
                                                {"reference_pixels", s.reference}};
    return out;
}

std::string row(const std::string& name, int slices, const std::vector<fewshot::PromptScore>& scores)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%-20s %6d", name.c_str(), slices);
    std::string line = buffer;
    for (const auto& s : scores) {
        std::snprintf(buffer, sizeof buffer, "   %6.4f / %6.4f", s.dice(), s.nsd());
        line += buffer;
    }
    return line + "\n";
}

} // namespace

void EvaluationTable::add(StudyEvaluation study)
{
    if (pooled.empty())
        for (fewshot::PromptKind kind : kinds)
            pooled.push_back({kind});
    for (std::size_t k = 0; k < pooled.size() && k < study.scores.size(); ++k)
        pooled[k].add(study.scores[k]);
    studies.push_back(std::move(study));
}

double EvaluationTable::pooledDice(fewshot::PromptKind kind) const
{
    for (const auto& s : pooled)
        if (s.kind == kind)
            return s.dice();
    return std::numeric_limits<double>::quiet_NaN();
}

Result<EvaluationTable> evaluateExamples(sam::SamPredictor& predictor,
                                         const std::vector<fewshot::StudyExamples>& studies,
                                         const fewshot::PromptEvaluationOptions& options)
{
    EvaluationTable table;
    table.kinds = options.kinds;
    for (std::size_t i = 0; i < studies.size(); ++i) {
        fewshot::PromptEvaluationOptions perStudy = options;
        perStudy.seed = options.seed + i;
        auto scores = fewshot::evaluatePrompts(predictor, studies[i].slices, perStudy);
        if (!scores)
            return scores.error();
        table.add({studies[i].studyId, std::move(scores).value()});
    }
    return table;
}

nlohmann::json evaluationJson(const EvaluationTable& table)
{
    nlohmann::json kinds = nlohmann::json::array();
    for (auto kind : table.kinds)
        kinds.push_back(fewshot::promptKindName(kind));
    nlohmann::json studies = nlohmann::json::array();
    for (const auto& s : table.studies)
        studies.push_back({{"id", s.studyId},
                           {"slices", s.scores.empty() ? 0 : s.scores.front().slices},
                           {"scores", scoresJson(s.scores)}});
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& s : table.skipped)
        skipped.push_back({{"id", s.studyId}, {"error", s.error.message()}});
    return {
        {"prompts", kinds}, {"studies", studies}, {"pooled", scoresJson(table.pooled)}, {"skipped", skipped}};
}

std::string evaluationText(const EvaluationTable& table)
{
    std::string text = "study                slices";
    for (auto kind : table.kinds) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "   %-17s",
                      (std::string(fewshot::promptKindName(kind)) + " Dice/NSD").c_str());
        text += buffer;
    }
    text += "\n";
    for (const auto& s : table.studies)
        text += row(s.studyId, s.scores.empty() ? 0 : s.scores.front().slices, s.scores);
    text += row("pooled", table.pooled.empty() ? 0 : table.pooled.front().slices, table.pooled);
    for (const auto& s : table.skipped)
        text += "skipped " + s.studyId + ": " + s.error.message() + "\n";
    return text;
}

} // namespace delineate::cli
