#include "gui/ErrorDialog.h"

namespace delineate::app {

ErrorDialog::ErrorDialog(const Error& error, ui::ErrorAction action, const QString& subject, QWidget* parent,
                         const QString& note)
    : QMessageBox(parent), m_error(error)
{
    const ui::PresentedError text = ui::ErrorPresenter::present(error, action, subject);
    setIcon(QMessageBox::Warning);
    setWindowTitle(text.title);
    setTextFormat(Qt::PlainText);
    setText(text.headline);
    setInformativeText(note.isEmpty() ? text.reason : text.reason + QLatin1Char('\n') + note);
    setDetailedText(text.details);
    setStandardButtons(QMessageBox::Close);
    setWindowModality(Qt::NonModal);
    setAttribute(Qt::WA_DeleteOnClose);
}

ErrorDialog* ErrorDialog::showFor(const Error& error, ui::ErrorAction action, const QString& subject,
                                  QWidget* parent, const QString& note)
{
    auto* dialog = new ErrorDialog(error, action, subject, parent, note);
    dialog->show();
    return dialog;
}

} // namespace delineate::app
