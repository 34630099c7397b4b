#include "feedback/ErrorPresenter.h"

#include <QDir>
#include <QFileInfo>

namespace delineate::ui {

PresentedError ErrorPresenter::present(const Error& error, ErrorAction action, const QString& subject)
{
    const QString about = subject.isEmpty() ? QString::fromStdString(error.path) : subject;
    const QString name =
        action == ErrorAction::Retrain || action == ErrorAction::UseGpu ? about : displayName(about);
    if (action == ErrorAction::UseGpu)
        return {title(action), headline(action, name), gpuReason(error), details(error)};
    return {title(action), headline(action, name), reason(error.code, action), details(error)};
}

QString ErrorPresenter::gpuReason(const Error& error)
{
    const std::string& detail = error.detail;
    if (detail.find("out of memory") != std::string::npos)
        return tr("The GPU ran out of memory. Close other programs that use it, or choose Model \u2192 "
                  "Device \u2192 CPU.");
    if (detail.find("driver") != std::string::npos || detail.find("not available") != std::string::npos)
        return tr("No working NVIDIA driver was found. Install or update the driver, or choose Model \u2192 "
                  "Device \u2192 CPU.");
    return tr("The GPU reported an error. Your prompts are kept and answered on the CPU.");
}

QString ErrorPresenter::displayName(const QString& path)
{
    const QString cleaned = QDir::cleanPath(path);
    const QString name = QFileInfo(cleaned).fileName();
    return name.isEmpty() ? path : name;
}

QString ErrorPresenter::title(ErrorAction action)
{
    switch (action) {
    case ErrorAction::OpenStudy:
        return tr("Could Not Open Study");
    case ErrorAction::OpenLabelMap:
        return tr("Could Not Open Label Map");
    case ErrorAction::OpenProject:
        return tr("Could Not Open Project");
    case ErrorAction::SaveProject:
        return tr("Could Not Save Project");
    case ErrorAction::UpdateProject:
        return tr("Could Not Update Project");
    case ErrorAction::ExportLabels:
    case ErrorAction::ExportProject:
        return tr("Could Not Export Labels");
    case ErrorAction::Autosave:
        return tr("Autosave Failed");
    case ErrorAction::LoadModel:
        return tr("Could Not Load SAM Model");
    case ErrorAction::Suggest:
        return tr("No SAM Suggestion");
    case ErrorAction::Retrain:
        return tr("Retraining Failed");
    case ErrorAction::ImportLabelDescriptions:
        return tr("Could Not Import Label Descriptions");
    case ErrorAction::ExportLabelDescriptions:
        return tr("Could Not Export Label Descriptions");
    case ErrorAction::UseGpu:
        return tr("SAM Runs on the CPU");
    }
    return tr("Error");
}

QString ErrorPresenter::headline(ErrorAction action, const QString& name)
{
    switch (action) {
    case ErrorAction::OpenStudy:
        return tr("The study “%1” could not be opened.").arg(name);
    case ErrorAction::OpenLabelMap:
        return tr("The label map “%1” could not be opened.").arg(name);
    case ErrorAction::OpenProject:
        return tr("The project “%1” could not be opened.").arg(name);
    case ErrorAction::SaveProject:
        return tr("The project could not be saved in “%1”.").arg(name);
    case ErrorAction::UpdateProject:
        return tr("The project “%1” could not be updated.").arg(name);
    case ErrorAction::ExportLabels:
        return tr("The labels could not be exported to “%1”.").arg(name);
    case ErrorAction::ExportProject:
        return tr("The studies' labels could not be exported to “%1”.").arg(name);
    case ErrorAction::Autosave:
        return tr("The edits could not be autosaved to “%1”.").arg(name);
    case ErrorAction::LoadModel:
        return tr("The SAM model “%1” could not be loaded.").arg(name);
    case ErrorAction::Suggest:
        return tr("SAM could not make a suggestion.");
    case ErrorAction::Retrain:
        return tr("Retraining for “%1” failed; the active model is unchanged.").arg(name);
    case ErrorAction::ImportLabelDescriptions:
        return tr("The label descriptions “%1” could not be imported.").arg(name);
    case ErrorAction::ExportLabelDescriptions:
        return tr("The label descriptions could not be exported to “%1”.").arg(name);
    case ErrorAction::UseGpu:
        return tr("SAM could not use %1 and now runs on the CPU.").arg(name);
    }
    return tr("Something failed.");
}

QString ErrorPresenter::reason(ErrorCode code, ErrorAction action)
{
    const bool model = action == ErrorAction::LoadModel || action == ErrorAction::Retrain;
    const bool project = action == ErrorAction::OpenProject || action == ErrorAction::UpdateProject;
    switch (code) {
    case ErrorCode::FileNotFound:
        return tr("The file or folder does not exist.");
    case ErrorCode::ReadFailed:
        return tr("The file could not be read. Check that you may read it and that the disk is available.");
    case ErrorCode::WriteFailed:
        return tr(
            "The file could not be written. Check that the folder is writable and the disk is not full.");
    case ErrorCode::UnsupportedFormat:
        if (model)
            return tr("This is not a SAM checkpoint or adapter Delineate can read.");
        if (project)
            return tr("This is not a Delineate project, or one written by a newer version.");
        return tr(
            "This is not a format Delineate can open. Supported: DICOM files and folders, NIfTI, MetaImage, "
            "NRRD, PNG, JPEG, TIFF and BMP.");
    case ErrorCode::UnsupportedTransferSyntax:
        return tr("The DICOM images use a compression Delineate cannot decode.");
    case ErrorCode::CorruptData:
        if (model)
            return tr("The checkpoint is damaged, incomplete or holds invalid weights.");
        if (project)
            return tr("The project file is damaged or incomplete.");
        return tr("The file is damaged or incomplete.");
    case ErrorCode::InvalidGeometry:
        return tr(
            "The images do not form a regular volume (missing or irregular slices, mixed orientations).");
    case ErrorCode::SizeMismatch:
        if (model)
            return tr("The weights do not fit the model (their shapes differ).");
        return tr("The label map does not lie on the grid of the open image.");
    case ErrorCode::TooLarge:
        if (model)
            return tr("The checkpoint declares sizes too large to load.");
        return tr("The image is too large to load into memory.");
    case ErrorCode::InvalidArgument:
        if (action == ErrorAction::SaveProject || action == ErrorAction::ExportProject ||
            action == ErrorAction::Retrain)
            return tr("Save the labels as a project first.");
        return tr("Delineate cannot do this with the given input.");
    case ErrorCode::Unsafe:
        return tr("The file asks to run code Delineate does not allow; it was not loaded.");
    case ErrorCode::Cancelled:
        return tr("It was cancelled.");
    case ErrorCode::Internal:
        break;
    }
    return tr("An unexpected error occurred.");
}

QString ErrorPresenter::details(const Error& error)
{
    QString text;
    if (!error.path.empty())
        text += tr("Path: %1").arg(QString::fromStdString(error.path)) + QLatin1Char('\n');
    text += tr("Technical detail (English): %1 [%2]")
                .arg(QString::fromStdString(error.detail.empty() ? error.message() : error.detail),
                     QString::fromLatin1(errorCodeName(error.code)));
    return text;
}

} // namespace delineate::ui
