#pragma once
// Runs independent pieces of work (one per file of a DICOM series, ...) on a few threads. Each index runs
// exactly once; results go to per-index slots the caller prepares, so the outcome does not depend on the
// scheduling. An exception thrown by the work is rethrown in the caller (the first one by index) after
// every thread has finished.

#include <cstddef>
#include <functional>

namespace delineate {

// `threads` 0 = one per hardware thread (at most 8: file parsing gains little beyond); fewer items than
// threads use fewer threads; a single item or a single thread runs inline.
void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work, unsigned threads = 0);

} // namespace delineate
