#include "base/AllocatorTuning.h"

#include <climits>
#include <malloc.h>

namespace delineate {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_MAX, 0);                       // large blocks from the heap, not from fresh mappings
    mallopt(M_TRIM_THRESHOLD, INT_MAX);           // keep freed heap for the next image
#endif
}

} // namespace delineate
