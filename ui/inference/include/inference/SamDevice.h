#pragma once
// Where the SAM model runs (Model > Device): Auto (CUDA device 0 when this LibTorch can use a GPU, else
// the CPU), the CPU, or CUDA device `index`. `id()` is the settings value ("auto", "cpu", "cuda:1").
//
//   SamDevice device = SamDevice::fromId(settings.value("sam/device").toString());
//   service.setDevice(device); // applies to the next loadModel

#include <QString>

namespace delineate::ui {

struct SamDevice {
    enum class Kind { Auto, Cpu, Cuda };
    Kind kind = Kind::Auto;
    int index = 0; // CUDA device index (Kind::Cuda only)

    [[nodiscard]] QString id() const
    {
        switch (kind) {
        case Kind::Cpu:
            return QStringLiteral("cpu");
        case Kind::Cuda:
            return QStringLiteral("cuda:%1").arg(index);
        case Kind::Auto:
            break;
        }
        return QStringLiteral("auto");
    }
    // Unknown or empty text: Auto.
    [[nodiscard]] static SamDevice fromId(const QString& id)
    {
        if (id == QLatin1String("cpu"))
            return {Kind::Cpu, 0};
        if (id.startsWith(QLatin1String("cuda"))) {
            bool ok = true;
            const int index = id.size() > 5 ? id.mid(5).toInt(&ok) : 0;
            if (ok && index >= 0)
                return {Kind::Cuda, index};
        }
        return {};
    }
    friend bool operator==(const SamDevice&, const SamDevice&) = default;
};

// Test hook (SamService::injectDeviceFault, or DELINEATE_INJECT_DEVICE_FAULT=oom|driver at start): the next
// model job fails as a CUDA device failure would, so that the CPU fallback can be tested without a GPU.
//   OutOfMemory    the next embedding, decode or segment-everything run fails with CUDA's out-of-memory
//                  error
//   DriverMissing  the next model load fails as LibTorch does without an NVIDIA driver
enum class DeviceFault { None, OutOfMemory, DriverMissing };

} // namespace delineate::ui
