#include "gui/LoadErrorDialog.h"

#include <QFileInfo>

namespace delineate::app {

LoadErrorDialog::LoadErrorDialog(const Error& error, const QString& path, const QString& what,
                                 QWidget* parent)
    : QMessageBox(parent)
{
    setIcon(QMessageBox::Warning);
    setWindowTitle(tr("Could not open %1").arg(what));
    const QString name = QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
    setText(tr("The %1 “%2” could not be opened.").arg(what, name.toHtmlEscaped()));
    setInformativeText(reason(error.code));
    setDetailedText(tr("Path: %1\nReason: %2 (%3)")
                        .arg(path, QString::fromStdString(error.message()),
                             QString::fromLatin1(errorCodeName(error.code))));
    setStandardButtons(QMessageBox::Close);
    setWindowModality(Qt::NonModal);
    setAttribute(Qt::WA_DeleteOnClose);
}

LoadErrorDialog* LoadErrorDialog::showFor(const Error& error, const QString& path, const QString& what,
                                          QWidget* parent)
{
    auto* dialog = new LoadErrorDialog(error, path, what, parent);
    dialog->show();
    return dialog;
}

QString LoadErrorDialog::reason(ErrorCode code)
{
    switch (code) {
    case ErrorCode::FileNotFound: return tr("The file or folder does not exist.");
    case ErrorCode::ReadFailed:
        return tr("The file could not be read. Check that you may read it and that the disk is available.");
    case ErrorCode::UnsupportedFormat:
        return tr(
            "This is not a format Delineate can open. Supported: DICOM files and folders, NIfTI, MetaImage, "
            "NRRD, PNG, JPEG, TIFF and BMP.");
    case ErrorCode::UnsupportedTransferSyntax:
        return tr("The DICOM images use a compression Delineate cannot decode.");
    case ErrorCode::CorruptData: return tr("The file is damaged or incomplete.");
    case ErrorCode::InvalidGeometry:
        return tr(
            "The images do not form a regular volume (missing or irregular slices, mixed orientations).");
    case ErrorCode::SizeMismatch: return tr("The label map does not lie on the grid of the open image.");
    case ErrorCode::TooLarge: return tr("The image is too large to load into memory.");
    case ErrorCode::Cancelled: return tr("Opening was cancelled.");
    case ErrorCode::WriteFailed:
    case ErrorCode::InvalidArgument:
    case ErrorCode::Unsafe:
    case ErrorCode::Internal: break;
    }
    return tr("An unexpected error occurred.");
}

} // namespace delineate::app
