#pragma once
// Display window presets: the CT presets in Hounsfield units and an automatic (percentile) window for
// everything without calibrated units (MR, US, X-ray, photographs).

#include "image/Intensity.h"
#include "image/Volume.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace delineate::ui {

struct WindowPreset {
    Q_DECLARE_TR_FUNCTIONS(WindowPreset)

public:
    QString id;    // untranslated: "auto", "ct-brain", "ct-bone", "ct-lung", "ct-soft-tissue"
    QString title; // translated
    std::optional<image::CtPreset> ct; // empty for "auto"

    // CT presets only make sense for Hounsfield units; "auto" applies to everything.
    [[nodiscard]] bool appliesTo(bool hounsfieldUnits) const { return !ct || hounsfieldUnits; }
    [[nodiscard]] image::Window window(const image::Volume& volume) const;

    // "auto" first, then the CT presets.
    static QList<WindowPreset> all();
    static std::optional<WindowPreset> byId(const QString& id);
    // CT → soft tissue, everything else → auto.
    static QString defaultId(const image::Volume& volume);
    // CT modality, or no modality but values that only Hounsfield units reach (one pass over the voxels).
    static bool looksLikeHounsfield(const image::Volume& volume);

    static constexpr const char* kAutoId = "auto";
    static constexpr const char* kCustomId = "custom"; // what a manual window/level drag leaves
};

} // namespace delineate::ui
