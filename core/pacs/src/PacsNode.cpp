#include "pacs/PacsNode.h"

#include <charconv>

namespace delineate::pacs {

namespace {

Result<void> checkAeTitle(const std::string& title, const char* what)
{
    if (title.empty() || title.size() > 16)
        return makeError(ErrorCode::InvalidArgument, "",
                         std::string(what) + " '" + title + "' must have 1 to 16 characters");
    for (char c : title)
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20)
            return makeError(ErrorCode::InvalidArgument, "",
                             std::string(what) + " '" + title + "' has a backslash or control character");
    return {};
}

} // namespace

Result<PacsNode> parseNodeAddress(const std::string& text)
{
    const auto at = text.find('@');
    const auto colon = text.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at)
        return makeError(ErrorCode::InvalidArgument, "", "node '" + text + "': expected AE@host:port");
    PacsNode node;
    node.aeTitle = text.substr(0, at);
    node.host = text.substr(at + 1, colon - at - 1);
    const std::string port = text.substr(colon + 1);
    if (std::from_chars(port.data(), port.data() + port.size(), node.port).ec != std::errc())
        return makeError(ErrorCode::InvalidArgument, "",
                         "node '" + text + "': port '" + port + "' is not a number");
    node.name = text;
    if (auto valid = validateNode(node); !valid)
        return valid.error();
    return node;
}

Result<void> validateNode(const PacsNode& node)
{
    if (auto called = checkAeTitle(node.aeTitle, "AE title"); !called)
        return called;
    if (auto calling = checkAeTitle(node.callingAeTitle, "our AE title"); !calling)
        return calling;
    if (node.host.empty())
        return makeError(ErrorCode::InvalidArgument, "", "node '" + node.name + "' has no host");
    if (node.port < 1 || node.port > 65535)
        return makeError(ErrorCode::InvalidArgument, "",
                         "port " + std::to_string(node.port) + " is not in 1..65535");
    if (node.tls.enabled && node.tls.caCertificate.empty())
        return makeError(ErrorCode::InvalidArgument, "", "TLS needs the CA certificate file of the node");
    if (node.tls.enabled && node.tls.certificate.empty() != node.tls.privateKey.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "TLS needs both our certificate and its private key, or neither");
    return {};
}

} // namespace delineate::pacs
