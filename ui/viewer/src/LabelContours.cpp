#include "viewer/LabelContours.h"

#include <algorithm>

namespace delineate::ui {
namespace {

// Walks the edges between neighbouring pixels a = before(t), b = after(t) along one boundary line and
// hands runs of equal (a, b) pairs with a != b to `report(a, b, start, end)`.
template <typename Before, typename After, typename Report>
void mergeRuns(int length, Before before, After after, Report report)
{
    int start = 0;
    for (int t = 1; t <= length; ++t) {
        const bool runEnds = t == length || before(t) != before(start) || after(t) != after(start);
        if (!runEnds)
            continue;
        if (before(start) != after(start))
            report(before(start), after(start), start, t);
        start = t;
    }
}

} // namespace

QList<QLineF>& LabelContours::segmentsOf(Value label)
{
    auto it = std::lower_bound(m_outlines.begin(), m_outlines.end(), label,
                               [](const Outline& o, Value v) { return o.label < v; });
    if (it == m_outlines.end() || it->label != label)
        it = m_outlines.insert(it, Outline{label, {}});
    return it->segments;
}

LabelContours LabelContours::trace(const image::Image2D<Value>& labels)
{
    LabelContours contours;
    const int w = labels.width;
    const int h = labels.height;
    if (w <= 0 || h <= 0)
        return contours;
    auto at = [&](int x, int y) -> Value {
        return x < 0 || y < 0 || x >= w || y >= h ? Value(0) : labels.pixels[std::size_t(y) * w + x];
    };
    auto addBoth = [&](Value a, Value b, const QLineF& line) {
        if (a != 0)
            contours.segmentsOf(a).append(line);
        if (b != 0)
            contours.segmentsOf(b).append(line);
    };
    // Horizontal edges: boundary y lies between rows y-1 and y.
    for (int y = 0; y <= h; ++y)
        mergeRuns(
            w, [&](int x) { return at(x, y - 1); }, [&](int x) { return at(x, y); },
            [&](Value a, Value b, int x0, int x1) { addBoth(a, b, QLineF(x0, y, x1, y)); });
    // Vertical edges: boundary x lies between columns x-1 and x.
    for (int x = 0; x <= w; ++x)
        mergeRuns(
            h, [&](int y) { return at(x - 1, y); }, [&](int y) { return at(x, y); },
            [&](Value a, Value b, int y0, int y1) { addBoth(a, b, QLineF(x, y0, x, y1)); });
    return contours;
}

qsizetype LabelContours::segmentCount() const
{
    qsizetype count = 0;
    for (const Outline& outline : m_outlines)
        count += outline.segments.size();
    return count;
}

} // namespace delineate::ui
