#pragma once
// Opening an association with a node through a DcmSCU (or a subclass): AE titles, peer, timeouts, TLS,
// presentation contexts, negotiation. Errors name the node ("AE@host:port") and DCMTK's reason.

#include "base/Result.h"
#include "pacs/PacsNode.h"

#include <memory>
#include <string>
#include <vector>

class DcmSCU;

namespace delineate::pacs::detail {

struct Context {
    std::string abstractSyntax;
    std::vector<std::string> transferSyntaxes;
    bool scpRole = false; // we accept this SOP class as the storage SCP (C-GET sub-operations)
};

// "AE@host:port"
[[nodiscard]] std::string describe(const PacsNode& node);

// A DcmSCU, or DcmTLSSCU when the node uses TLS.
[[nodiscard]] std::unique_ptr<DcmSCU> makeScu(const PacsNode& node);

// Configures `scu` (a DcmTLSSCU for a TLS node: makeScu, or GetScu<DcmTLSSCU>) for `node` and negotiates
// the contexts. Fails (ReadFailed) when the node cannot be reached or rejects the association.
[[nodiscard]] Result<void> openAssociation(DcmSCU& scu, const PacsNode& node,
                                           const std::vector<Context>& contexts);

// Explicit and implicit VR little endian: what every node accepts.
[[nodiscard]] std::vector<std::string> uncompressedTransferSyntaxes();

} // namespace delineate::pacs::detail
