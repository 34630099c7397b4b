#pragma once
// Label names as labels.json holds them: UTF-8. The tables of other tools are not always UTF-8: ITK-SNAP on
// Windows writes the 8-bit system encoding, and MRIcron names files and FreeSurfer / Slicer tables made on
// such systems do the same. A name that is not strict UTF-8 (RFC 3629) is read as Latin-1, so that it
// reaches labels.json unchanged rather than with U+FFFD in place of its letters (internal).

#include <string>

namespace delineate::labels::detail {

// `name` itself when it is UTF-8, else its bytes read as Latin-1 and written as UTF-8.
[[nodiscard]] std::string utf8Name(const std::string& name);

} // namespace delineate::labels::detail
