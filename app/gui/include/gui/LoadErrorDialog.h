#pragma once
// Tells the user why a study could not be opened: what was being opened, the reason in plain words and
// the loader's own detail. Non-modal, so the user can keep working (or open something else) while it
// shows; deletes itself when closed.

#include "base/Error.h"

#include <QMessageBox>

namespace delineate::app {

class LoadErrorDialog : public QMessageBox {
    Q_OBJECT

public:
    // `what` names the kind of thing being opened ("study", "label map") for the title and text.
    LoadErrorDialog(const Error& error, const QString& path, const QString& what, QWidget* parent);

    // Creates, shows and returns a dialog (owned by `parent`, deleted on close).
    static LoadErrorDialog* showFor(const Error& error, const QString& path, const QString& what,
                                    QWidget* parent);

    // The plain-words reason for an error code, e.g. "The file or folder does not exist."
    [[nodiscard]] static QString reason(ErrorCode code);
};

} // namespace delineate::app
