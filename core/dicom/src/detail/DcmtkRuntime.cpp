#include "detail/DcmtkRuntime.h"

#include "detail/DecoderWarnings.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcobject.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace delineate::dicom::detail {

void ensureDcmtkReady()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK logs warnings and errors to stderr by default; the CLI must print only its own lines.
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        installDecoderWarningCapture(); // the decoders' warnings go to DecoderWarnings collectors only
        // Nothing after the top-level Pixel Data is read: files padded with zeros or garbage behind it
        // (seen: 2.5 MB of zeros after a 128 kB image) otherwise parse as hundreds of thousands of empty
        // elements, 0.4 s a file.
        dcmStopParsingAfterElement.set(DCM_PixelData);
        // Decoders stay registered for the life of the process (DCMTK keeps a global codec list).
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
        // The data dictionary loads on first use; load it here, before files are parsed on several threads.
        (void)dcmDataDict.rdlock();
        dcmDataDict.rdunlock();
    });
}

} // namespace delineate::dicom::detail
