#pragma once
// One-time DCMTK set-up shared by the scanner and the loader: silence DCMTK's own logging (the core
// reports typed errors instead) and register the JPEG, JPEG-LS and RLE decoders.

namespace delineate::dicom::detail {

// Idempotent and thread-safe; call before touching any DCMTK object.
void ensureDcmtkReady();

} // namespace delineate::dicom::detail
