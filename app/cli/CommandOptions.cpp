#include "CommandOptions.h"

#include <charconv>
#include <cstdlib>

namespace delineate::cli {

Result<CommandOptions> CommandOptions::parse(const std::vector<std::string>& arguments,
                                             const std::vector<OptionSpec>& specs)
{
    CommandOptions options;
    for (std::size_t n = 0; n < arguments.size(); ++n) {
        const std::string& argument = arguments[n];
        if (argument.size() < 2 || argument[0] != '-') {
            options.m_positional.push_back(argument);
            continue;
        }
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& s : specs)
            if (s.name == argument)
                spec = &s;
        if (!spec)
            return makeError(ErrorCode::InvalidArgument, "", "unknown option '" + argument + "'");
        if (options.has(argument) && !spec->repeatable)
            return makeError(ErrorCode::InvalidArgument, "", argument + " given twice");
        auto& slot = options.m_values[argument];
        if (!spec->takesValue)
            continue;
        if (n + 1 >= arguments.size())
            return makeError(ErrorCode::InvalidArgument, "", argument + " needs a value");
        slot.push_back(arguments[++n]);
    }
    return options;
}

std::string CommandOptions::value(const std::string& name, const std::string& fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& CommandOptions::values(const std::string& name) const
{
    static const std::vector<std::string> none;
    auto it = m_values.find(name);
    return it == m_values.end() ? none : it->second;
}

Result<std::optional<double>> CommandOptions::number(const std::string& name, double minimum,
                                                     double maximum) const
{
    if (!has(name))
        return std::optional<double>();
    const std::string text = value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(v >= minimum && v <= maximum))
        return makeError(ErrorCode::InvalidArgument, "",
                         name + " expects a number in [" + std::to_string(minimum) + ", " +
                             std::to_string(maximum) + "], got '" + text + "'");
    return std::optional<double>(v);
}

Result<std::optional<std::int64_t>> CommandOptions::integer(const std::string& name, std::int64_t minimum,
                                                            std::int64_t maximum) const
{
    if (!has(name))
        return std::optional<std::int64_t>();
    const std::string text = value(name);
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v < minimum || v > maximum)
        return makeError(ErrorCode::InvalidArgument, "",
                         name + " expects an integer in [" + std::to_string(minimum) + ", " +
                             std::to_string(maximum) + "], got '" + text + "'");
    return std::optional<std::int64_t>(v);
}

Result<void> CommandOptions::require(const std::vector<std::string>& names, const std::string& command) const
{
    for (const std::string& name : names)
        if (!has(name))
            return makeError(ErrorCode::InvalidArgument, "", command + " needs " + name);
    return {};
}

} // namespace delineate::cli
