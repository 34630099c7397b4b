#pragma once
// One line from an exception (internal): LibTorch's c10::Error carries a C++ stack trace and
// "Exception raised from ..." lines after its message; errors in core are one line each.

#include <c10/util/Exception.h>

#include <exception>
#include <string>

namespace delineate::sam::detail {

inline std::string exceptionText(const std::exception& e)
{
    const auto* torchError = dynamic_cast<const c10::Error*>(&e);
    std::string text = torchError ? torchError->what_without_backtrace() : e.what();
    const std::size_t newline = text.find('\n');
    if (newline != std::string::npos)
        text.erase(newline);
    while (!text.empty() && (text.back() == ' ' || text.back() == '.' || text.back() == '\r'))
        text.pop_back();
    return text.empty() ? std::string("unexpected error") : text;
}

} // namespace delineate::sam::detail
