#pragma once
// The text a slice view draws over the image: patient orientation letters on the four edges (from the
// view transform's screen directions), the slice or frame number with the reviewed mark, and the window.

#include "image/Intensity.h"
#include "viewer/SliceViewTransform.h"

#include <QCoreApplication>
#include <QRect>

class QPainter;

namespace delineate::ui {

class SliceCaption {
    Q_DECLARE_TR_FUNCTIONS(SliceCaption)

public:
    struct Content {
        bool cine = false;
        qint64 slice = 0; // 0-based
        qint64 count = 0;
        bool reviewed = false;
        bool missing = false; // a slice no image filled (image::Volume::missingSlices)
        image::Window window;
    };

    static void paint(QPainter& painter, const QRect& area, const SliceViewTransform& transform,
                      const Content& content);
};

} // namespace delineate::ui
