#pragma once
// What DCMTK's pixel decoders say while they decode. DCMTK logs data damage it works around as warnings
// and reports success: a JPEG or JPEG-lossless stream that ends early or hits a marker inside the coded
// data ("Corrupt JPEG data: premature end of data segment": the rest of the frame is grey), an RLE
// segment that decodes to fewer bytes than the frame needs ("filling remaining pixels"). The loader
// collects those warnings around each decode and refuses the file instead of showing invented pixels.
//
//   DecoderWarnings warnings;               // collects on this thread while it lives
//   ... DicomImage image(...) ...
//   if (auto damage = warnings.damage()) ... // e.g. "Corrupt JPEG data: premature end of data segment"
//
// Not every warning means damage: IJG's "Invalid SOS parameters for sequential JPEG" comes with correctly
// decoded 12-bit extended files, "N extraneous bytes before marker" with padding some writers put before
// EOI. damage() picks the messages that say pixels were lost: IJG's "Corrupt JPEG data: premature end of
// data segment" / "bad Huffman code" / "found marker ... instead of RST", "Premature end of JPEG file",
// and DCMTK's RLE "produced insufficient data".
//
// Only the loggers of the decoders (dcmdata: RLE, dcmjpeg: JPEG baseline/extended/lossless, dcmjpls:
// JPEG-LS) at warning level and above are collected; everything else DCMTK logs stays silent as before.
// Collectors are per thread, so files decoding in parallel never see each other's warnings.

#include <optional>
#include <string>
#include <vector>

namespace delineate::dicom::detail {

// Routes the decoders' loggers to the per-thread collectors; called once by ensureDcmtkReady().
void installDecoderWarningCapture();

class DecoderWarnings {
public:
    DecoderWarnings();
    ~DecoderWarnings();
    DecoderWarnings(const DecoderWarnings&) = delete;
    DecoderWarnings& operator=(const DecoderWarnings&) = delete;

    [[nodiscard]] const std::vector<std::string>& messages() const { return m_messages; }
    // The first message that reports lost pixels (see above), if any.
    [[nodiscard]] std::optional<std::string> damage() const;

private:
    std::vector<std::string> m_messages;
    std::vector<std::string>* m_previous = nullptr;
};

} // namespace delineate::dicom::detail
