#pragma once
// File > Study Information (Ctrl+I): what the shown study is and what the loader did to it — source,
// format, series, modality, grid (size, spacing, origin, orientation), value type and range, and the
// loader's notes (gantry tilt straightened, MONOCHROME1 inverted, no physical spacing, slice spacing
// from the first two slices, ...). Read-only; the text can be selected and copied.

#include "io/StudyLoader.h"

#include <QDialog>
#include <QString>

class QTextBrowser;

namespace delineate::app {

class StudyInfoDialog : public QDialog {
    Q_OBJECT

public:
    explicit StudyInfoDialog(QWidget* parent = nullptr);

    // Shows `study` (opened from `path`).
    void setStudy(const io::Study& study, const QString& path);
    // Appends the labels' provenance (ReviewController::summary(), plain lines) below the study.
    void setProvenance(const QString& summary);
    [[nodiscard]] QString text() const;

    // The information as HTML (a table, then the notes as a list).
    [[nodiscard]] static QString describe(const io::Study& study, const QString& path);

private:
    QTextBrowser* m_browser;
    QString m_studyHtml;
};

} // namespace delineate::app
