#pragma once
// A DcmSCU for C-GET that counts the instances it receives, reports progress and cancels on request.

#include "pacs/DimseClient.h"

#include <dcmtk/dcmnet/scu.h>

namespace delineate::pacs::detail {

// Base: DcmSCU, or DcmTLSSCU for a TLS node.
template <class Base> class GetScu : public Base {
public:
    GetScu(const Progress& progress, int expected) : m_progress(progress), m_expected(expected) {}

    [[nodiscard]] bool cancelled() const { return m_cancelled; }
    [[nodiscard]] int received() const { return m_received; }
    [[nodiscard]] int failed() const { return m_failed; }

protected:
    OFCondition handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incomingObject,
                                   OFBool& continueCGETSession, Uint16& cStoreReturnStatus) override;
    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& continueCGETSession) override;

private:
    bool report()
    {
        if (m_progress && !m_progress(m_received, m_expected))
            m_cancelled = true;
        return !m_cancelled;
    }

    Progress m_progress;
    int m_expected = 0;
    int m_received = 0;
    int m_failed = 0;
    bool m_cancelled = false;
};

} // namespace delineate::pacs::detail
