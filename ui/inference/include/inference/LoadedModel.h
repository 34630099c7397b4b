#pragma once
// What the model thread has loaded (SamService::modelReady): the one description the SAM dock, the
// status bar and the Model menu read (through app/gui's ModelController).

#include <QMetaType>
#include <QString>

namespace delineate::ui {

struct LoadedModel {
    QString checkpoint;      // file it came from ("" for random weights)
    QString adapter;         // PEFT adapter file on top ("" = base model)
    QString variant;         // registry name: "vit_t", "vit_b", ... (sam::variantName)
    QString device;          // where it runs: "cpu", "cuda:0" (sam::SamPredictor::deviceName)
    QString sha256;          // SHA-256 (hex) of the checkpoint file ("" for random weights)
    QString requestedDevice; // SamDevice::id() asked for; differs from `device` after a fallback
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::LoadedModel)
