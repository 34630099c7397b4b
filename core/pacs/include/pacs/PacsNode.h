#pragma once
// A DICOM node (PACS) to talk to over DIMSE, and how we present ourselves to it.
//
// No credentials: DIMSE identifies peers by AE title, host and port. TLS (DICOM's secure transport
// connection profile, DCMTK's dcmtls) authenticates with certificate files named here by path; their
// private keys stay in the user's files and never go into Delineate's settings.

#include "base/Result.h"

#include <string>

namespace delineate::pacs {

struct TlsFiles {
    bool enabled = false;
    std::string caCertificate; // PEM: the certificates we trust for the peer (required with TLS)
    std::string certificate;   // PEM: our certificate, when the peer asks for one
    std::string privateKey;    // PEM: its unencrypted private key
};

struct PacsNode {
    std::string name;    // shown to the user, e.g. "Hospital PACS"
    std::string aeTitle; // called AE title, at most 16 characters
    std::string host;
    int port = 104;
    TlsFiles tls;
    std::string callingAeTitle = "DELINEATE"; // ours
    int timeoutSeconds = 30;                  // connection, association and each DIMSE message
};

// "AE@host:port" (as DCMTK's tools write it) → node; InvalidArgument naming the text otherwise.
[[nodiscard]] Result<PacsNode> parseNodeAddress(const std::string& text);

// InvalidArgument when an AE title is empty, longer than 16 or has a backslash / control character, the
// host is empty, the port outside 1..65535, or TLS lacks its CA file.
[[nodiscard]] Result<void> validateNode(const PacsNode& node);

} // namespace delineate::pacs
