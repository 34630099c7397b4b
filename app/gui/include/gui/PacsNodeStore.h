#pragma once
// The PACS nodes the user configured (File > PACS Nodes…), kept in QSettings under "pacs/nodes": name,
// AE titles, host, port, timeout and the paths of TLS certificate files. No passwords or keys are stored:
// DIMSE has none, and TLS key files stay where the user keeps them.

#include "pacs/PacsNode.h"

#include <QString>

#include <vector>

namespace delineate::app {

class PacsNodeStore {
public:
    [[nodiscard]] static std::vector<pacs::PacsNode> load();
    static void save(const std::vector<pacs::PacsNode>& nodes);
    // The cache retrieved series go to: <cache location>/pacs.
    [[nodiscard]] static QString cacheFolder();
};

} // namespace delineate::app
