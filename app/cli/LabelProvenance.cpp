#include "LabelProvenance.h"

#include "propagation/PropagationProvenance.h"

#include <filesystem>

namespace delineate::cli {

project::ExportContext exportContext(const std::string& command, const std::string& study,
                                     const std::string& out)
{
    project::ExportContext context;
    context.generator = "delineate-cli " + command;
    context.study = study;
    context.labelMap = std::filesystem::path(out).filename().string();
    context.created = propagation::utcTimestamp();
    return context;
}

project::ExportContext exportContext(const CommandOptions& o, const std::string& command)
{
    return exportContext(command, o.value("--image"), o.value("--out"));
}

project::SliceProvenance modelRecord(const std::string& source, const std::string& model,
                                     const std::string& adapter, const std::string& when)
{
    project::SliceProvenance record;
    record.source = source;
    record.model = std::filesystem::path(model).filename().string();
    if (!adapter.empty())
        record.adapter = std::filesystem::path(adapter).filename().string();
    record.recorded = when;
    return record;
}

project::SliceProvenance modelRecord(const CommandOptions& o, const std::string& source,
                                     const std::string& when)
{
    return modelRecord(source, o.value("--model"), o.value("--adapter"), when);
}

Result<void> writeLabelProvenance(const project::ProvenanceLog& log, const image::LabelMap& labels,
                                  const project::ExportContext& context, const std::string& labelMapPath)
{
    return project::exportProvenance(log, labels, {}, context, labelMapPath);
}

} // namespace delineate::cli
