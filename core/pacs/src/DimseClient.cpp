#include "pacs/DimseClient.h"

#include "detail/Association.h"
#include "detail/GetScu.h"
#include "detail/StagingFolder.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/dcmtls/tlsscu.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace delineate::pacs {

namespace {

using detail::describe;

std::string text(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value.c_str();
}

int number(DcmItem& item, const DcmTagKey& tag)
{
    try {
        return std::stoi(text(item, tag));
    } catch (...) {
        return 0;
    }
}

Error networkError(const PacsNode& node, const std::string& what, const OFCondition& condition)
{
    return makeError(ErrorCode::ReadFailed, describe(node), what + ": " + condition.text());
}

// C-FIND on the study root model; the responses' identifiers.
Result<std::vector<std::unique_ptr<DcmDataset>>> find(const PacsNode& node, DcmDataset& keys)
{
    const auto owned = detail::makeScu(node);
    DcmSCU& scu = *owned;
    const char* model = UID_FINDStudyRootQueryRetrieveInformationModel;
    if (auto open = detail::openAssociation(scu, node, {{model, detail::uncompressedTransferSyntaxes()}});
        !open)
        return open.error();
    const T_ASC_PresentationContextID context = scu.findPresentationContextID(model, "");
    if (context == 0) {
        scu.abortAssociation();
        return makeError(ErrorCode::UnsupportedFormat, describe(node),
                         "the node does not offer C-FIND (study root)");
    }
    OFList<QRResponse*> responses;
    const OFCondition sent = scu.sendFINDRequest(context, &keys, &responses);
    std::vector<std::unique_ptr<DcmDataset>> identifiers;
    Uint16 finalStatus = 0;
    for (QRResponse* response : responses) {
        if (response->m_dataset)
            identifiers.emplace_back(response->m_dataset), response->m_dataset = nullptr;
        finalStatus = response->m_status;
        delete response;
    }
    scu.releaseAssociation();
    if (sent.bad())
        return networkError(node, "C-FIND failed", sent);
    if (finalStatus != STATUS_Success && !DICOM_PENDING_STATUS(finalStatus))
        return makeError(ErrorCode::ReadFailed, describe(node),
                         "C-FIND refused with status 0x" + std::to_string(finalStatus));
    return identifiers;
}

} // namespace

Result<void> DimseClient::echo() const
{
    const auto owned = detail::makeScu(m_node);
    DcmSCU& scu = *owned;
    if (auto open = detail::openAssociation(
            scu, m_node, {{UID_VerificationSOPClass, detail::uncompressedTransferSyntaxes()}});
        !open)
        return open;
    const OFCondition echoed = scu.sendECHORequest(0);
    scu.releaseAssociation();
    if (echoed.bad())
        return networkError(m_node, "C-ECHO failed", echoed);
    return {};
}

Result<std::vector<StudyMatch>> DimseClient::findStudies(const StudyQuery& query) const
{
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
    keys.putAndInsertString(DCM_StudyInstanceUID, "");
    keys.putAndInsertString(DCM_PatientName, query.patientName.c_str());
    keys.putAndInsertString(DCM_PatientID, query.patientId.c_str());
    keys.putAndInsertString(DCM_StudyDate, query.studyDate.c_str());
    keys.putAndInsertString(DCM_StudyDescription, query.description.c_str());
    keys.putAndInsertString(DCM_ModalitiesInStudy, query.modality.c_str());
    keys.putAndInsertString(DCM_AccessionNumber, "");
    keys.putAndInsertString(DCM_NumberOfStudyRelatedSeries, "");
    auto found = find(m_node, keys);
    if (!found.ok())
        return found.error();
    std::vector<StudyMatch> studies;
    for (const auto& identifier : *found) {
        StudyMatch match;
        match.studyInstanceUid = text(*identifier, DCM_StudyInstanceUID);
        match.patientName = text(*identifier, DCM_PatientName);
        match.patientId = text(*identifier, DCM_PatientID);
        match.studyDate = text(*identifier, DCM_StudyDate);
        match.studyDescription = text(*identifier, DCM_StudyDescription);
        match.accessionNumber = text(*identifier, DCM_AccessionNumber);
        match.modalities = text(*identifier, DCM_ModalitiesInStudy);
        match.seriesCount = number(*identifier, DCM_NumberOfStudyRelatedSeries);
        if (!match.studyInstanceUid.empty())
            studies.push_back(std::move(match));
    }
    return studies;
}

Result<std::vector<SeriesMatch>> DimseClient::findSeries(const std::string& studyInstanceUid) const
{
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.c_str());
    keys.putAndInsertString(DCM_SeriesInstanceUID, "");
    keys.putAndInsertString(DCM_Modality, "");
    keys.putAndInsertString(DCM_SeriesDescription, "");
    keys.putAndInsertString(DCM_SeriesNumber, "");
    keys.putAndInsertString(DCM_NumberOfSeriesRelatedInstances, "");
    auto found = find(m_node, keys);
    if (!found.ok())
        return found.error();
    std::vector<SeriesMatch> series;
    for (const auto& identifier : *found) {
        SeriesMatch match;
        match.studyInstanceUid = studyInstanceUid;
        match.seriesInstanceUid = text(*identifier, DCM_SeriesInstanceUID);
        match.modality = text(*identifier, DCM_Modality);
        match.seriesDescription = text(*identifier, DCM_SeriesDescription);
        match.seriesNumber = number(*identifier, DCM_SeriesNumber);
        match.instanceCount = number(*identifier, DCM_NumberOfSeriesRelatedInstances);
        if (!match.seriesInstanceUid.empty())
            series.push_back(std::move(match));
    }
    return series;
}

namespace {

template <class Base>
Result<RetrievedSeries> getSeries(const PacsNode& node, const std::string& studyUid,
                                  const std::string& seriesUid, detail::StagingFolder& staging,
                                  const Progress& progress, int expected)
{
    detail::GetScu<Base> scu(progress, expected);
    scu.setStorageDir(staging.path().c_str());
    std::vector<detail::Context> contexts{
        {UID_GETStudyRootQueryRetrieveInformationModel, detail::uncompressedTransferSyntaxes()}};
    for (int n = 0; n < numberOfDcmLongSCUStorageSOPClassUIDs; ++n)
        contexts.push_back({dcmLongSCUStorageSOPClassUIDs[n], detail::uncompressedTransferSyntaxes(), true});
    if (auto open = detail::openAssociation(scu, node, contexts); !open)
        return open.error();
    const T_ASC_PresentationContextID context =
        scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
    if (context == 0) {
        scu.abortAssociation();
        return makeError(ErrorCode::UnsupportedFormat, describe(node),
                         "the node does not offer C-GET (study root)");
    }
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
    keys.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
    OFList<RetrieveResponse*> responses;
    const OFCondition got = scu.sendCGETRequest(context, &keys, &responses);
    for (RetrieveResponse* response : responses)
        delete response;
    if (scu.cancelled()) {
        scu.abortAssociation();
        return makeError(ErrorCode::Cancelled, describe(node),
                         "retrieval of series " + seriesUid + " cancelled");
    }
    scu.releaseAssociation();
    if (got.bad())
        return networkError(node, "C-GET failed", got);
    if (scu.received() == 0)
        return makeError(ErrorCode::FileNotFound, describe(node), "series " + seriesUid + " sent no images");
    RetrievedSeries result;
    result.failed = scu.failed();
    return result;
}

} // namespace

Result<RetrievedSeries> DimseClient::retrieveSeries(const std::string& studyInstanceUid,
                                                    const std::string& seriesInstanceUid,
                                                    const std::string& cacheFolder, const Progress& progress,
                                                    int expectedInstances) const
{
    if (studyInstanceUid.empty() || seriesInstanceUid.empty())
        return makeError(ErrorCode::InvalidArgument, describe(m_node),
                         "C-GET needs a study and a series UID");
    auto staging = detail::StagingFolder::begin(
        (std::filesystem::path(cacheFolder) / studyInstanceUid / seriesInstanceUid).string());
    if (!staging.ok())
        return staging.error();
    auto result = m_node.tls.enabled ? getSeries<DcmTLSSCU>(m_node, studyInstanceUid, seriesInstanceUid,
                                                            *staging, progress, expectedInstances)
                                     : getSeries<DcmSCU>(m_node, studyInstanceUid, seriesInstanceUid,
                                                         *staging, progress, expectedInstances);
    if (!result.ok())
        return result.error();
    if (auto committed = staging->commit(); !committed)
        return committed.error();
    result->folder = staging->destination();
    for (const auto& entry : std::filesystem::directory_iterator(result->folder))
        if (entry.is_regular_file())
            result->files.push_back(entry.path().string());
    std::sort(result->files.begin(), result->files.end());
    return result;
}

Result<void> DimseClient::store(const std::vector<std::string>& files, const Progress& progress) const
{
    // One presentation context per SOP class and transfer syntax found in the files.
    std::map<std::pair<std::string, std::string>, bool> wanted;
    std::vector<std::pair<std::string, std::string>> classOf;
    for (const std::string& file : files) {
        DcmFileFormat header;
        if (header.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096).bad())
            return makeError(ErrorCode::UnsupportedFormat, file, "not a readable DICOM file");
        const std::string sopClass = text(*header.getDataset(), DCM_SOPClassUID);
        const std::string syntax = DcmXfer(header.getDataset()->getOriginalXfer()).getXferID();
        if (sopClass.empty())
            return makeError(ErrorCode::CorruptData, file, "no SOP Class UID");
        classOf.emplace_back(sopClass, syntax);
        wanted[{sopClass, syntax}] = true;
    }
    std::vector<detail::Context> contexts;
    for (const auto& [key, unused] : wanted) {
        std::vector<std::string> syntaxes{key.second};
        for (const std::string& plain : detail::uncompressedTransferSyntaxes())
            if (plain != key.second)
                syntaxes.push_back(plain);
        contexts.push_back({key.first, syntaxes});
    }
    const auto owned = detail::makeScu(m_node);
    DcmSCU& scu = *owned;
    if (auto open = detail::openAssociation(scu, m_node, contexts); !open)
        return open;
    for (std::size_t n = 0; n < files.size(); ++n) {
        if (progress && !progress(int(n), int(files.size()))) {
            scu.releaseAssociation();
            return makeError(ErrorCode::Cancelled, describe(m_node), "sending cancelled");
        }
        const T_ASC_PresentationContextID context =
            scu.findAnyPresentationContextID(classOf[n].first.c_str(), classOf[n].second.c_str());
        Uint16 status = 0;
        const OFCondition sent = context == 0
                                     ? OFCondition(EC_IllegalCall)
                                     : scu.sendSTORERequest(context, files[n].c_str(), nullptr, status);
        if (context == 0 || sent.bad() || (status != STATUS_Success && (status & 0xf000) != 0xb000)) {
            scu.abortAssociation();
            return makeError(ErrorCode::WriteFailed, files[n],
                             describe(m_node) + " did not store it (" +
                                 (context == 0 ? std::string("SOP class not accepted")
                                  : sent.bad() ? sent.text()
                                               : "status " + std::to_string(status)) +
                                 ")");
        }
    }
    if (progress)
        progress(int(files.size()), int(files.size()));
    scu.releaseAssociation();
    return {};
}

} // namespace delineate::pacs
