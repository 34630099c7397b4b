#include "WindowPreset.h"

namespace delineate::ui {

image::Window WindowPreset::window(const image::Volume& volume) const
{
    if (ct)
        return image::ctWindow(*ct);
    if (volume.empty())
        return {};
    // defaultWindow picks soft tissue for CT; "auto" means the data's own percentiles there too.
    return volume.modality == "CT" ? image::percentileWindow(volume) : image::defaultWindow(volume);
}

QList<WindowPreset> WindowPreset::all()
{
    auto ctPreset = [](image::CtPreset preset, const QString& title) {
        return WindowPreset{QStringLiteral("ct-") + QString::fromLatin1(image::ctPresetId(preset)), title,
                            preset};
    };
    return {
        WindowPreset{QString::fromLatin1(kAutoId), tr("Auto"), std::nullopt},
        ctPreset(image::CtPreset::Brain, tr("CT brain")),
        ctPreset(image::CtPreset::Bone, tr("CT bone")),
        ctPreset(image::CtPreset::Lung, tr("CT lung")),
        ctPreset(image::CtPreset::SoftTissue, tr("CT soft tissue")),
    };
}

std::optional<WindowPreset> WindowPreset::byId(const QString& id)
{
    for (const WindowPreset& preset : all())
        if (preset.id == id)
            return preset;
    return std::nullopt;
}

QString WindowPreset::defaultId(const image::Volume& volume)
{
    if (volume.modality == "CT")
        return QStringLiteral("ct-") + QString::fromLatin1(image::ctPresetId(image::CtPreset::SoftTissue));
    return QString::fromLatin1(kAutoId);
}

bool WindowPreset::looksLikeHounsfield(const image::Volume& volume)
{
    if (volume.modality == "CT")
        return true;
    if (!volume.modality.empty() || volume.isRgb() || volume.empty())
        return false;
    const auto [minimum, maximum] = volume.range();
    return minimum <= -900.0f && maximum >= 200.0f;
}

} // namespace delineate::ui
