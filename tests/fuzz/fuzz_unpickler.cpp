// libFuzzer harness: the restricted unpickler of torch.save's data.pkl (tensorio's TorchUnpickler), fed
// the pickle bytes directly, and every value it returns walked through its typed views.
#include "FuzzInput.h"
#include "TorchUnpickler.h"

using delineate::tensorio::detail::TorchUnpickler;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    TorchUnpickler unpickler(delineate::fuzz::asText(data, size));
    auto top = unpickler.run();
    if (!top)
        return 0;
    if (const auto* dict = unpickler.asDict(*top)) {
        for (const auto& [key, value] : dict->entries) {
            (void)unpickler.asString(key);
            if (const auto* tensor = unpickler.asTensor(value))
                (void)unpickler.asStorage(delineate::tensorio::detail::PickleValue{tensor->storage});
        }
    }
    return 0;
}
