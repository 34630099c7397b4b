#pragma once
// Process-wide allocator settings for programs that run neural-network inference.
//
// glibc returns large blocks (the encoder's activations, hundreds of MB) to the kernel with munmap and
// gets them back with mmap on the next image, so every embedding pays page faults on all of its memory:
// measured on the 2-core development VM, a vit_t embedding took 8.3 s of CPU that way and 1.6 s with
// the heap kept. Call once at the start of main(); the price is that freed memory stays with the process.

namespace delineate {

void keepFreedMemoryForReuse();

} // namespace delineate
