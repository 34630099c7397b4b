#include "RetrainProjectData.h"

#include "gui/ProjectController.h"
#include "image/Slice.h"
#include "training/AdapterMetadata.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace delineate::app {
namespace {

QString fileSafe(const QString& name)
{
    QString safe = name.trimmed().toLower();
    safe.replace(QRegularExpression(QStringLiteral("[^a-z0-9_-]+")), QStringLiteral("-"));
    return safe.isEmpty() ? QStringLiteral("label") : safe;
}

} // namespace

std::vector<fewshot::SliceRef> reviewedWithLabel(const ProjectController& project,
                                                 const image::LabelMap& labels, image::LabelMap::Value value)
{
    std::vector<fewshot::SliceRef> refs;
    if (value == 0)
        return refs;
    for (const auto& [axis, slices] : project.reviewedSlices()) {
        const auto sliceAxis = static_cast<image::SliceAxis>(axis);
        const std::int64_t count = image::sliceCount(labels.geometry(), sliceAxis);
        for (const std::int64_t slice : slices) {
            if (slice < 0 || slice >= count)
                continue;
            const auto plane = image::extractLabelSlice(labels, sliceAxis, slice);
            if (std::find(plane.pixels.begin(), plane.pixels.end(), value) != plane.pixels.end())
                refs.push_back({sliceAxis, slice});
        }
    }
    return refs;
}

std::pair<std::size_t, int> reviewedElsewhere(const ProjectController& project)
{
    const project::StudyEntry* current = project.session().current();
    std::size_t slices = 0;
    int studies = 0;
    for (const project::StudyEntry& study : project.session().project().studies) {
        if (current && study.id == current->id)
            continue;
        std::size_t count = 0;
        for (const auto& [axis, indices] : study.reviewed)
            count += indices.size();
        slices += count;
        studies += count > 0 ? 1 : 0;
    }
    return {slices, studies};
}

QString nextAdapterFile(const ProjectController& project, const QString& label)
{
    const QString stem = fileSafe(label);
    const QRegularExpression pattern(
        QStringLiteral("^%1-v(\\d+)\\.safetensors$").arg(QRegularExpression::escape(stem)));
    int highest = 0;
    auto consider = [&](const QString& fileName) {
        if (const auto match = pattern.match(fileName); match.hasMatch())
            highest = std::max(highest, match.captured(1).toInt());
    };
    for (const project::AdapterEntry& entry : project.adapters())
        consider(QFileInfo(QString::fromStdString(entry.file)).fileName());
    for (const QString& file : QDir(project.adaptersFolder()).entryList(QDir::Files)) // never overwrite
        consider(file);
    return QStringLiteral("adapters/%1-v%2.safetensors").arg(stem).arg(highest + 1);
}

std::vector<ui::AdapterRow> adapterRows(const ProjectController& project)
{
    std::vector<ui::AdapterRow> rows;
    for (const project::AdapterEntry& entry : project.adapters()) {
        ui::AdapterRow row;
        row.file = QString::fromStdString(entry.file);
        row.name = QString::fromStdString(entry.name);
        row.created = QString::fromStdString(entry.created);
        if (auto metadata = ui::readAdapterMetadata(project.absolutePath(row.file), &row.error))
            row.metadata = *metadata;
        for (const project::RetrainRecord& r : project.session().project().retrains)
            if (r.adapter == entry.file) { // the retrain that made this version
                row.baseDice = {r.baseDicePromptFree, r.baseDiceBox, r.baseDicePoint};
                row.dice = {r.dicePromptFree, r.diceBox, r.dicePoint};
            }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<ui::CurvePoint> learningCurve(const project::Project& project)
{
    std::vector<ui::CurvePoint> curve;
    for (const project::RetrainRecord& r : project.retrains) {
        ui::CurvePoint point;
        point.version = QStringLiteral("v%1").arg(curve.size() + 1);
        point.reviewedSlices = static_cast<int>(r.reviewedSlices);
        point.studies = static_cast<int>(r.studies.size());
        const double dice[3] = {r.dicePromptFree, r.diceBox, r.dicePoint};
        const double base[3] = {r.baseDicePromptFree, r.baseDiceBox, r.baseDicePoint};
        std::copy(dice, dice + 3, point.dice);
        std::copy(base, base + 3, point.baseDice);
        curve.push_back(point);
    }
    return curve;
}

project::RetrainRecord retrainRecord(const ui::TrainingResult& result, const RetrainRun& run)
{
    project::RetrainRecord r;
    r.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    r.adapter = run.file.toStdString();
    r.label = run.label.toStdString();
    r.strategy = run.strategy;
    r.reviewedSlices = static_cast<std::size_t>(result.trainingSlices);
    r.studies = result.trainingStudies.empty() ? std::vector<std::string>{run.study} : result.trainingStudies;
    r.heldOutStudies = result.heldOutStudies;
    r.heldOutSlices = static_cast<std::size_t>(result.heldOutSlices);
    r.seconds = result.report.seconds;
    r.baseDicePromptFree = result.basePromptDice[0];
    r.baseDiceBox = result.basePromptDice[1];
    r.baseDicePoint = result.basePromptDice[2];
    r.dicePromptFree = result.adapterPromptDice[0];
    r.diceBox = result.adapterPromptDice[1];
    r.dicePoint = result.adapterPromptDice[2];
    return r;
}

} // namespace delineate::app
