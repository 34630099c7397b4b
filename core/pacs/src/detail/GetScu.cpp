#include "detail/GetScu.h"

#include <dcmtk/dcmtls/tlsscu.h>

namespace delineate::pacs::detail {

template <class Base>
OFCondition GetScu<Base>::handleSTORERequest(const T_ASC_PresentationContextID presID,
                                             DcmDataset* incomingObject, OFBool& continueCGETSession,
                                             Uint16& cStoreReturnStatus)
{
    if (m_cancelled) {
        continueCGETSession = OFFalse;
        cStoreReturnStatus = STATUS_STORE_Refused_OutOfResources;
        delete incomingObject;
        return EC_Normal;
    }
    const OFCondition stored =
        Base::handleSTORERequest(presID, incomingObject, continueCGETSession, cStoreReturnStatus);
    if (stored.good() && cStoreReturnStatus == STATUS_Success)
        ++m_received;
    if (!report())
        continueCGETSession = OFFalse;
    return stored;
}

template <class Base>
OFCondition GetScu<Base>::handleCGETResponse(const T_ASC_PresentationContextID presID,
                                             RetrieveResponse* response, OFBool& continueCGETSession)
{
    const OFCondition handled = Base::handleCGETResponse(presID, response, continueCGETSession);
    if (response) {
        const int total = int(response->m_numberOfRemainingSubops + response->m_numberOfCompletedSubops +
                              response->m_numberOfFailedSubops + response->m_numberOfWarningSubops);
        if (total > m_expected)
            m_expected = total;
        m_failed = int(response->m_numberOfFailedSubops);
    }
    if (m_cancelled)
        continueCGETSession = OFFalse;
    return handled;
}

template class GetScu<DcmSCU>;
template class GetScu<DcmTLSSCU>;

} // namespace delineate::pacs::detail
