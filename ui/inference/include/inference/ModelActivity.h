#pragma once
// What the model thread is working on (SamService::activityChanged), for the "waiting" feedback at the
// prompt and in the status bar. Slice numbers are 0-based indices along `axis` of the study's volume.

#include "image/Slice.h"

#include <QMetaType>
#include <QString>

#include <cstdint>

namespace delineate::ui {

struct ModelActivity {
    enum class Kind { Idle, Loading, Embedding, Decoding };
    Kind kind = Kind::Idle;
    QString model;   // Loading: the checkpoint's file name (or variant)
    QString studyId; // Embedding / Decoding: the slice's study
    image::SliceAxis axis = image::SliceAxis::K;
    std::int64_t slice = -1;
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::ModelActivity)
