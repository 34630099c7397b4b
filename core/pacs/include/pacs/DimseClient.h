#pragma once
// Query / retrieve / store against a PACS over DIMSE with DCMTK's dcmnet (DcmSCU): C-ECHO, C-FIND (study
// root: studies, then the series of a study), C-GET of one series into a local cache, C-STORE of files.
//
// Every call opens its own association and closes it before returning; calls block (run them off the GUI
// thread) and are bounded by node.timeoutSeconds per network step. Progress callbacks run on the calling
// thread; returning false from one cancels (C-GET: the association is aborted and nothing is left in the
// cache; C-STORE: files not yet sent are not sent).

#include "base/Result.h"
#include "pacs/PacsNode.h"

#include <functional>
#include <string>
#include <vector>

namespace delineate::pacs {

// C-FIND keys; empty = any. DICOM matching applies: '*' and '?' wildcards in names and descriptions,
// dates as YYYYMMDD or ranges YYYYMMDD-YYYYMMDD (open ends allowed).
struct StudyQuery {
    std::string patientName;
    std::string patientId;
    std::string studyDate;
    std::string modality;    // matched against ModalitiesInStudy
    std::string description; // StudyDescription
};

struct StudyMatch {
    std::string studyInstanceUid, patientName, patientId, studyDate, studyDescription, accessionNumber;
    std::string modalities; // ModalitiesInStudy, '\'-separated
    int seriesCount = 0;
};

struct SeriesMatch {
    std::string studyInstanceUid, seriesInstanceUid, modality, seriesDescription;
    int seriesNumber = 0;
    int instanceCount = 0; // NumberOfSeriesRelatedInstances, 0 when the node does not say
};

struct RetrievedSeries {
    std::string folder; // <cache>/<study UID>/<series UID>
    std::vector<std::string> files;
    int failed = 0; // sub-operations the node reported as failed
};

// (done, total) → keep going? total is 0 when unknown.
using Progress = std::function<bool(int done, int total)>;

class DimseClient {
public:
    explicit DimseClient(PacsNode node) : m_node(std::move(node)) {}

    [[nodiscard]] Result<void> echo() const;
    [[nodiscard]] Result<std::vector<StudyMatch>> findStudies(const StudyQuery& query) const;
    [[nodiscard]] Result<std::vector<SeriesMatch>> findSeries(const std::string& studyInstanceUid) const;

    // C-GET of one series into `cacheFolder`/<study>/<series>: received into a staging folder beside it and
    // renamed into place when complete (replacing an older copy), so a cancelled or failed retrieval leaves
    // nothing behind. `expectedInstances` (e.g. SeriesMatch::instanceCount) only feeds the progress total.
    [[nodiscard]] Result<RetrievedSeries> retrieveSeries(const std::string& studyInstanceUid,
                                                         const std::string& seriesInstanceUid,
                                                         const std::string& cacheFolder,
                                                         const Progress& progress = {},
                                                         int expectedInstances = 0) const;

    // C-STORE of DICOM files (e.g. a SEG). Fails naming the first file the node refused.
    [[nodiscard]] Result<void> store(const std::vector<std::string>& files,
                                     const Progress& progress = {}) const;

    [[nodiscard]] const PacsNode& node() const { return m_node; }

private:
    PacsNode m_node;
};

} // namespace delineate::pacs
