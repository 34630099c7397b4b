#pragma once
// Process-wide allocator settings for programs that run neural-network inference.
//
// glibc returns large blocks (the encoder's activations, hundreds of MB) to the kernel with munmap and
// gets them back with mmap on the next image, so every embedding pays page faults on all of its memory:
// measured on the 2-core development VM, a vit_t embedding took 8.3 s of CPU that way and 1.6 s with
// the heap kept. The same holds for a thread's own malloc arena (it unmaps whole free heaps whatever the
// trim threshold), so every thread shares the main arena: a vit_t embedding on the app's model thread
// took 4.2-5.1 s with per-thread arenas and 0.88 s with one (tst_annotation_workflow, no huge pages).
// Call once at the start of main(), before any thread starts (glibc fixes its arena limit when the first
// extra arena is made); the price is that freed memory stays with the process.

namespace delineate {

void keepFreedMemoryForReuse();

// Large blocks on transparent huge pages (2 MB instead of 4 KB): the first touch of the encoder's
// activations then costs ~12x fewer page faults (one `delineate-cli predict` with vit_t on the
// development VM: 158,770 -> 13,156 faults, 3.1 s -> 1.9-2.5 s). glibc (>= 2.35) takes this setting
// only from GLIBC_TUNABLES at process start, so this re-executes the program once with
// glibc.malloc.hugetlb=1 added. Call first thing in main(), before any thread starts. It returns
// normally (and changes nothing) when the setting is already there, when the kernel's THP mode is
// "never", when DELINEATE_NO_HUGE_PAGES is set, or if re-executing fails.
void restartWithHugePages(char** argv);

} // namespace delineate
