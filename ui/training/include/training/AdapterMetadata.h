#pragma once
// The "__metadata__" of a safetensors file (adapter weights written by train::Trainer), read with Qt
// alone: an 8-byte little-endian header length, then the JSON header. No tensor data is read.

#include <QMap>
#include <QString>

#include <optional>

namespace delineate::ui {

using AdapterMetadata = QMap<QString, QString>;

// Metadata of `path`; nullopt with `error` set when the file is missing or not safetensors.
[[nodiscard]] std::optional<AdapterMetadata> readAdapterMetadata(const QString& path,
                                                                 QString* error = nullptr);

// One line for lists and comparisons: "Dice 0.41 → 0.78 (held-out), 60 it., 6 slices".
[[nodiscard]] QString summarizeAdapterMetadata(const AdapterMetadata& metadata);

// A Dice value as the UI shows it: three decimals ("0.781"), "–" when unknown (not finite).
[[nodiscard]] QString formatDice(double value);
// The same for a metadata value ("–" when the text is missing or not a number).
[[nodiscard]] QString formatDice(const QString& metadataValue);

} // namespace delineate::ui
