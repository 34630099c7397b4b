#pragma once
// Tells the user what failed and why, in the interface language (ui/feedback's ErrorPresenter): the
// headline names what failed, the informative text the reason in plain words; the path and the core's
// own (English) message are behind "Show Details…". Non-modal, so the user can keep working (or open
// something else) while it shows; deletes itself when closed.

#include "base/Error.h"
#include "feedback/ErrorPresenter.h"

#include <QMessageBox>

namespace delineate::app {

class ErrorDialog : public QMessageBox {
    Q_OBJECT

public:
    // `subject` names what the action was about (usually its path; empty: the error's path); `note`,
    // when given, is added after the reason (e.g. what the window did about it).
    ErrorDialog(const Error& error, ui::ErrorAction action, const QString& subject, QWidget* parent,
                const QString& note = {});

    // Creates, shows and returns a dialog (owned by `parent`, deleted on close).
    static ErrorDialog* showFor(const Error& error, ui::ErrorAction action, const QString& subject,
                                QWidget* parent, const QString& note = {});

    [[nodiscard]] const Error& error() const { return m_error; }

private:
    Error m_error;
};

} // namespace delineate::app
