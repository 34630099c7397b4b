#pragma once
// The project's studies with what the model makes of them: per study its reviewed slices and the mean
// prompt-free confidence of the loaded model (base checkpoint + active adapter), so the annotator can
// open the study the model understands least. The confidence is SAM's predicted IoU averaged over
// slices, an estimate of an overlap: it is shown clamped to [0, 1] (a badly calibrated model, e.g. one
// with random weights, predicts values outside it, -0.68 was seen), with the raw mean in the row's
// tooltip and in kRawConfidenceRole. Sortable by any column (Sort by Confidence: ascending, least
// confident first; the raw mean orders rows whose shown values tie); a study whose confidence is not
// known yet shows a dash and sorts last.
// Double-click (or Open) asks to open a study. A passive view: the controller computes the figures
// (in the background) and tells the panel; Cancel asks it to stop.

#include <QString>
#include <QWidget>

#include <cmath>
#include <vector>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace delineate::ui {

struct StudyRow {
    QString name;
    QString path; // tooltip
    int reviewed = 0;
    bool current = false;
    double confidence = std::nan(""); // raw mean predicted IoU (any real number); NaN: not known (yet)
    QString problem;                  // why the confidence could not be measured (empty: none)
};

class StudyListPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, ReviewedColumn, ConfidenceColumn, ColumnCount };
    // The raw mean of a row (ConfidenceColumn's item data, double; absent when not known).
    static constexpr int kRawConfidenceRole = Qt::UserRole + 2;
    // What the Confidence column shows for a raw mean: clamped to [0, 1]; NaN stays NaN.
    [[nodiscard]] static double shownConfidence(double raw);

    explicit StudyListPanel(QWidget* parent = nullptr);

    // Rows in project order; each row keeps its project index (openRequested) whatever the sorting.
    void setStudies(const std::vector<StudyRow>& rows);
    // "Confidence of vit_t + label-v2: 2 of 5 studies…" while running (Cancel enabled), or the outcome.
    void setStatus(const QString& text, bool running);
    void sortByConfidence();

    [[nodiscard]] QTreeWidget* list() const { return m_list; }
    [[nodiscard]] QPushButton* cancelButton() const { return m_cancel; }
    [[nodiscard]] QPushButton* sortButton() const { return m_sort; }
    [[nodiscard]] QString statusText() const;
    // Project index of the row shown at `position` (after sorting); -1 when out of range.
    [[nodiscard]] int projectIndexAt(int position) const;

Q_SIGNALS:
    void openRequested(int projectIndex);
    void cancelRequested();

private:
    QTreeWidget* m_list;
    QLabel* m_status;
    QPushButton* m_sort;
    QPushButton* m_open;
    QPushButton* m_cancel;
};

} // namespace delineate::ui
