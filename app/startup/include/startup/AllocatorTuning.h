#pragma once
// Process-wide allocator settings for the programs that run neural-network inference: delineate,
// delineate-cli, the benchmarks and the tests that run models. They change how the whole process
// allocates, so only a program's main() (or a test program's static initialiser) decides them; no library
// calls this.
//
// keepFreedMemoryForReuse() -- call once, first thing in main(), before any thread starts (glibc fixes its
// arena limit when the first extra arena is made). It does three things, all without restarting the
// program (earlier versions re-executed /proc/self/exe with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which
// surprised debuggers, sanitizers and child processes; the heap advice below takes its place with the same
// page-fault counts, benchmarks/sam/bench_sam):
//
// 1. Large blocks come from the heap and freed heap is kept (mallopt M_MMAP_MAX 0, M_TRIM_THRESHOLD
//    INT_MAX). With glibc's defaults the encoder's activations (hundreds of MB) go back to the kernel with
//    munmap and come back with mmap on the next image, so every embedding page-faults all of its memory:
//    vit_t, 1 thread, 2-core VM: 488,091 page faults per embedding with the defaults, 0 with the heap kept
//    (12.9 s -> 1.4 s on an idle VM in an earlier session; 4.1-4.2 s -> 3.2-3.3 s of CPU on a VM under a
//    load of 20 on 2026-12-06 -- bench_sam --threads 1).
// 2. One malloc arena for every thread (M_ARENA_MAX 1): a thread's own arena gives whole free heaps back to
//    the kernel whatever the trim threshold, so the app's model thread page-faulted its activations on every
//    image (vit_t embedding on the model thread: 4.2-5.1 s with per-thread arenas, 0.88 s with one).
// 3. When the kernel gives transparent huge pages only on request (THP mode "madvise"), the heap grows once
//    by 1.5 GiB (address space only: nothing is touched, so no memory is used), that range is freed again
//    (kept, see 1.) and advised MADV_HUGEPAGE. Blocks cut from it later fault in 2 MB at a time: the first
//    vit_t embedding takes 1,085 page faults instead of 120,729. Blocks beyond the 1.5 GiB (vit_b and larger
//    at their peak) use 4 KB pages as before. glibc's own switch (glibc.malloc.hugetlb) is read only from
//    the environment at process start, hence this. In modes "always" and "never" nothing is reserved.
//
// The price: freed memory stays with the process, and 1.5 GiB more of virtual address space. Opt-outs:
// DELINEATE_NO_HUGE_PAGES=1 skips 3.; DELINEATE_DEFAULT_MALLOC=1 keeps glibc's defaults altogether (e.g. to
// compare, or to watch memory go back to the system). A sanitizer build changes nothing (its runtime owns
// the allocator).

namespace delineate {

void keepFreedMemoryForReuse();

} // namespace delineate
