#pragma once
// The project's learning curve in the Retrain dock: held-out Dice (y, 0..1) against the number of
// reviewed training slices (x) of every retrain, one line per prompt kind (prompt-free, box, point),
// each point marked with its version (v1, v2, ...); the base model's held-out Dice of the latest retrain
// as dashed lines. Not-measured figures (NaN) are left out. A passive view: setPoints() replaces what
// it shows.

#include <QString>
#include <QWidget>

#include <vector>

namespace delineate::ui {

struct CurvePoint {
    QString version; // "v1"
    int reviewedSlices = 0;
    int studies = 0;
    double dice[3] = {0, 0, 0}; // prompt-free, box, point (NaN: not measured)
    double baseDice[3] = {0, 0, 0};
};

class LearningCurveView : public QWidget {
    Q_OBJECT
public:
    explicit LearningCurveView(QWidget* parent = nullptr);
    void setPoints(std::vector<CurvePoint> points);
    [[nodiscard]] const std::vector<CurvePoint>& points() const { return m_points; }
    [[nodiscard]] QSize sizeHint() const override { return {340, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<CurvePoint> m_points;
};

} // namespace delineate::ui
