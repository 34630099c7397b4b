#pragma once
// Automatic mixed precision for a scope (torch.autocast in C++), for the engine and for training
// (core/train). Torch in the interface: never included by ui/ or app/.
//
//   {
//       sam::AutocastScope bf16(torch::kCUDA, torch::kBFloat16, settings.mixedPrecision);
//       logits = model(x);   // matrix products and convolutions in bfloat16, the rest as autocast decides
//   }                        // previous autocast state back, cast cache cleared when the outermost scope
//   ends
//
// Ops on the autocast lists (convolution, linear, matmul, bmm, ...) run in `dtype`; results may come out in
// `dtype`, so callers widen what they keep (.to(torch::kFloat)). Disabled (enabled = false): does nothing.
// Works with LibTorch 1.13 (per-device setters) and 2.x (device-type setters).

#include <ATen/autocast_mode.h>
#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>
#include <torch/version.h>

namespace delineate::sam {

class AutocastScope {
public:
    AutocastScope(c10::DeviceType device, c10::ScalarType dtype, bool enabled)
        : m_device(device), m_active(enabled)
    {
        if (!m_active)
            return;
        m_wasEnabled = isEnabled(device);
        m_previousType = dtypeOf(device);
        set(device, true, dtype);
        at::autocast::increment_nesting();
    }
    ~AutocastScope()
    {
        if (!m_active)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        set(m_device, m_wasEnabled, m_previousType);
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    static bool isEnabled(c10::DeviceType device)
    {
        return at::autocast::is_autocast_enabled(device);
    }
    static c10::ScalarType dtypeOf(c10::DeviceType device)
    {
        return at::autocast::get_autocast_dtype(device);
    }
    static void set(c10::DeviceType device, bool enabled, c10::ScalarType dtype)
    {
        at::autocast::set_autocast_enabled(device, enabled);
        at::autocast::set_autocast_dtype(device, dtype);
    }
#else
    static bool isEnabled(c10::DeviceType device)
    {
        return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
    }
    static c10::ScalarType dtypeOf(c10::DeviceType device)
    {
        return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype()
                                              : at::autocast::get_autocast_gpu_dtype();
    }
    static void set(c10::DeviceType device, bool enabled, c10::ScalarType dtype)
    {
        if (device == c10::DeviceType::CPU) {
            at::autocast::set_cpu_enabled(enabled);
            at::autocast::set_autocast_cpu_dtype(dtype);
        } else {
            at::autocast::set_enabled(enabled);
            at::autocast::set_autocast_gpu_dtype(dtype);
        }
    }
#endif

    c10::DeviceType m_device;
    bool m_active;
    bool m_wasEnabled = false;
    c10::ScalarType m_previousType = c10::ScalarType::Float;
};

} // namespace delineate::sam
