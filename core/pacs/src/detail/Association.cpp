#include "detail/Association.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/dcmtls/tlsscu.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace delineate::pacs::detail {

namespace {

Result<void> configureTls(DcmSCU& scu, const PacsNode& node)
{
    auto* tls = dynamic_cast<DcmTLSSCU*>(&scu);
    if (!tls)
        return makeError(ErrorCode::Internal, describe(node), "TLS needs a DcmTLSSCU");
    tls->addTrustedCertFile(node.tls.caCertificate.c_str());
    if (node.tls.certificate.empty())
        tls->disableAuthentication();
    else
        tls->enableAuthentication(node.tls.privateKey.c_str(), node.tls.certificate.c_str(), "");
    // The peer must present a certificate signed by the CA given. DcmTLSSCU makes its TLS layer (with
    // DCMTK's default profile, BCP 195) only in initNetwork(), so nothing more can be set here.
    tls->setPeerCertVerification(DCV_requireCertificate);
    return {};
}

} // namespace

std::string describe(const PacsNode& node)
{
    return node.aeTitle + "@" + node.host + ":" + std::to_string(node.port);
}

std::vector<std::string> uncompressedTransferSyntaxes()
{
    return {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax};
}

std::unique_ptr<DcmSCU> makeScu(const PacsNode& node)
{
    if (node.tls.enabled)
        return std::make_unique<DcmTLSSCU>();
    return std::make_unique<DcmSCU>();
}

Result<void> openAssociation(DcmSCU& scu, const PacsNode& node, const std::vector<Context>& contexts)
{
    // DcmSCU logs every association on the console; errors reach the caller as values instead (as in
    // delineate_dicom's DcmtkRuntime).
    static std::once_flag quiet;
    std::call_once(quiet, [] { OFLog::configure(OFLogger::OFF_LOG_LEVEL); });
    if (auto valid = validateNode(node); !valid)
        return valid;
    const std::string where = describe(node);
    scu.setAETitle(node.callingAeTitle.c_str());
    scu.setPeerAETitle(node.aeTitle.c_str());
    scu.setPeerHostName(node.host.c_str());
    scu.setPeerPort(static_cast<Uint16>(node.port));
    scu.setConnectionTimeout(node.timeoutSeconds);
    scu.setACSETimeout(static_cast<Uint32>(node.timeoutSeconds));
    scu.setDIMSETimeout(static_cast<Uint32>(node.timeoutSeconds));
    scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    for (const Context& context : contexts) {
        OFList<OFString> syntaxes;
        for (const std::string& syntax : context.transferSyntaxes)
            syntaxes.emplace_back(syntax.c_str());
        if (scu.addPresentationContext(context.abstractSyntax.c_str(), syntaxes,
                                       context.scpRole ? ASC_SC_ROLE_SCP : ASC_SC_ROLE_DEFAULT)
                .bad())
            return makeError(ErrorCode::Internal, where, "too many presentation contexts");
    }
    if (node.tls.enabled) {
        if (auto tls = configureTls(scu, node); !tls)
            return tls;
    }
    if (const OFCondition init = scu.initNetwork(); init.bad())
        return makeError(ErrorCode::ReadFailed, where,
                         std::string("cannot set up the network: ") + init.text());
    if (const OFCondition negotiated = scu.negotiateAssociation(); negotiated.bad())
        return makeError(ErrorCode::ReadFailed, where, std::string("no association: ") + negotiated.text());
    return {};
}

} // namespace delineate::pacs::detail
