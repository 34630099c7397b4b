#pragma once
// Sub-commands of delineate-cli. Each takes the arguments after its name and returns the exit code.
// Errors are printed as one line on stderr: "delineate-cli: <file>: <reason>".

#include "base/Result.h"
#include "io/StudyLoader.h"

#include <string>
#include <vector>

namespace delineate::cli {

using Arguments = std::vector<std::string>;

// Positional arguments and the options every study-reading command shares (--series, --frame).
struct StudyArguments {
    std::vector<std::string> positional;
    io::LoadOptions load;
    bool json = false;
};
// Parses `arguments`; `allowJson` accepts --json. Unknown options are an InvalidArgument error.
Result<StudyArguments> parseStudyArguments(const Arguments& arguments, bool allowJson);

// Every command that reads a study loads it through these: each warning of the loader (a file of the series
// that could not be read, a DICOMDIR entry without its file) is printed on stderr as one line naming the
// file; under --strict (setStrict) a study with warnings is refused instead (ErrorCode::CorruptData), so
// nothing is written.
void setStrict(bool strict);
Result<io::Study> loadStudyReporting(const std::string& path, const io::LoadOptions& options = {});
Result<io::Study> loadStudyReporting(const io::SeriesListing& listing, const io::LoadOptions& options);

int runInfo(const Arguments& arguments);
// info --devices [--json]: LibTorch's CUDA, the driver's GPUs, the CPU's bfloat16 support
// (DevicesCommand.cpp).
int runDevices(bool json);
int runConvert(const Arguments& arguments);
int runPredict(const Arguments& arguments);
int runTrain(const Arguments& arguments);
int runSegment(const Arguments& arguments);
int runEval(const Arguments& arguments);
int runExportSeg(const Arguments& arguments);
int runImportSeg(const Arguments& arguments);
int runPacs(const Arguments& arguments);
int runPropagate(const Arguments& arguments);
int runEvalModel(const Arguments& arguments);
int runExportNnUnet(const Arguments& arguments);
int runLearningCurve(const Arguments& arguments);
int runEverything(const Arguments& arguments);

// Prints the one-line error and returns the exit code for it.
int fail(const Error& error);
int failUsage(const std::string& message);

} // namespace delineate::cli
