#include "detail/DecoderWarnings.h"

#include <dcmtk/oflog/appender.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/oflog/spi/logevent.h>

namespace delineate::dicom::detail {

namespace {

thread_local std::vector<std::string>* t_collector = nullptr;

// Appends each logged message to the collector of the thread that logs it (appenders run synchronously
// on the logging thread); messages on threads without a collector are dropped.
class CollectingAppender : public dcmtk::log4cplus::Appender {
public:
    ~CollectingAppender() override { destructorImpl(); }
    void close() override {}

protected:
    void append(const dcmtk::log4cplus::spi::InternalLoggingEvent& event) override
    {
        if (t_collector)
            t_collector->emplace_back(event.getMessage().c_str());
    }
};

bool reportsLostPixels(const std::string& message)
{
    static const char* const kDamage[] = {
        "Corrupt JPEG data: premature end of data segment", // IJG JWRN_HIT_MARKER: rest of the scan is grey
        "Corrupt JPEG data: bad Huffman code",              // JWRN_HUFF_BAD_CODE
        "instead of RST",                                   // JWRN_MUST_RESYNC: lost restart interval
        "Premature end of JPEG file",                       // JWRN_JPEG_EOF
        "produced insufficient data",                       // DCMTK RLE decoder, "filling remaining pixels"
    };
    for (const char* damage : kDamage)
        if (message.find(damage) != std::string::npos)
            return true;
    return false;
}

} // namespace

void installDecoderWarningCapture()
{
    const dcmtk::log4cplus::SharedAppenderPtr appender(new CollectingAppender);
    for (const char* name : {"dcmtk.dcmdata", "dcmtk.dcmjpeg", "dcmtk.dcmjpls"}) {
        OFLogger logger = OFLog::getLogger(name);
        logger.setAdditivity(false); // nothing reaches the (silenced) root logger's console
        logger.removeAllAppenders();
        logger.addAppender(appender);
        logger.setLogLevel(OFLogger::WARN_LOG_LEVEL);
    }
}

DecoderWarnings::DecoderWarnings() : m_previous(t_collector)
{
    t_collector = &m_messages;
}

std::optional<std::string> DecoderWarnings::damage() const
{
    for (const std::string& message : m_messages)
        if (reportsLostPixels(message))
            return message;
    return std::nullopt;
}

DecoderWarnings::~DecoderWarnings()
{
    t_collector = m_previous;
}

} // namespace delineate::dicom::detail
