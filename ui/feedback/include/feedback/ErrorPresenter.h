#pragma once
// Translated text for the core's typed errors, built at the edge (the one place that does it).
//
// The core reports an Error {code, path, detail} with an English one-line message() for logs and the
// CLI. The user is told, in the interface language:
//   headline  what failed, naming the thing by its file name: "The study “ct.nii.gz” could not be opened."
//   reason    why, in plain words chosen by ErrorCode and the action: "The file is damaged or incomplete."
//   details   the full path and the core's own message (English: it carries the exact cause, e.g. the
//             OS's reason or the offending DICOM tag, which is what a bug report needs), labelled as
//             technical detail. Shown only on request (a dialog's "Show Details…"), never as headline.
//
//   const PresentedError text = ErrorPresenter::present(error, ErrorAction::OpenStudy, path);
//   box.setText(text.headline); box.setInformativeText(text.reason); box.setDetailedText(text.details);

#include "base/Error.h"

#include <QCoreApplication>
#include <QString>

namespace delineate::ui {

// What the user was doing: picks the title, the headline and, for some codes, the reason.
enum class ErrorAction {
    OpenStudy,
    OpenLabelMap,
    OpenProject,
    SaveProject,
    UpdateProject, // the manifest (reviewed slices, adapters, study list) could not be written
    ExportLabels,
    ExportProject,
    Autosave,
    LoadModel,
    Suggest,
    Retrain,
    ImportLabelDescriptions,
    ExportLabelDescriptions,
    UseGpu, // SAM's GPU failed (out of memory, no driver): it goes on on the CPU; the subject names the GPU
};

struct PresentedError {
    QString title;    // window title of a dialog
    QString headline; // one sentence: what failed
    QString reason;   // one or two sentences: why, and what to check
    QString details;  // path and the core's English message, labelled as such

    // headline and reason, for a status bar or a panel.
    [[nodiscard]] QString text() const { return headline + QLatin1Char(' ') + reason; }
};

class ErrorPresenter {
    Q_DECLARE_TR_FUNCTIONS(ErrorPresenter)

public:
    // `subject` names what the action was about (a path: its file name is shown; a label name for
    // Retrain); empty: the error's own path.
    [[nodiscard]] static PresentedError present(const Error& error, ErrorAction action,
                                                const QString& subject = {});

    [[nodiscard]] static QString title(ErrorAction action);
    [[nodiscard]] static QString headline(ErrorAction action, const QString& name);
    [[nodiscard]] static QString reason(ErrorCode code, ErrorAction action);
    [[nodiscard]] static QString details(const Error& error);
    // Why the GPU failed (ErrorAction::UseGpu), from the device's own message.
    [[nodiscard]] static QString gpuReason(const Error& error);
    // The file or folder name of `path` (the path itself when it has none).
    [[nodiscard]] static QString displayName(const QString& path);
};

} // namespace delineate::ui
