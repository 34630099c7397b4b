#pragma once
// A small option parser for the sub-commands: `--name value` options (optionally repeatable),
// `--flag` switches and positional arguments. Unknown options, missing values and repeated
// non-repeatable options are InvalidArgument errors naming the option.

#include "base/Result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace delineate::cli {

struct OptionSpec {
    std::string name; // with the dashes: "--model"
    bool takesValue = true;
    bool repeatable = false;
};

class CommandOptions {
public:
    static Result<CommandOptions> parse(const std::vector<std::string>& arguments,
                                        const std::vector<OptionSpec>& specs);

    [[nodiscard]] bool has(const std::string& name) const { return m_values.count(name) != 0; }
    [[nodiscard]] std::string value(const std::string& name, const std::string& fallback = {}) const;
    [[nodiscard]] const std::vector<std::string>& values(const std::string& name) const;
    [[nodiscard]] const std::vector<std::string>& positional() const { return m_positional; }

    // Typed access; an unparsable value is an InvalidArgument error naming the option.
    Result<std::optional<double>> number(const std::string& name, double minimum, double maximum) const;
    Result<std::optional<std::int64_t>> integer(const std::string& name, std::int64_t minimum,
                                                std::int64_t maximum) const;
    // Errors unless every name in `names` was given.
    Result<void> require(const std::vector<std::string>& names, const std::string& command) const;

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positional;
};

} // namespace delineate::cli
