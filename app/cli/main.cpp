// delineate-cli: scripting access to Delineate's core: study info, conversion, SAM prediction,
// few-shot retraining, whole-study segmentation and evaluation.

#include "Commands.h"
#include "Manifest.h"
#include "startup/AllocatorTuning.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

namespace delineate::cli {

int fail(const Error& error)
{
    std::fprintf(stderr, "delineate-cli: %s\n", error.message().c_str());
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

int failUsage(const std::string& message)
{
    std::fprintf(stderr, "delineate-cli: %s (see delineate-cli --help)\n", message.c_str());
    return 2;
}

} // namespace delineate::cli

namespace {

const char* kUsage =
    "usage: delineate-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  info PATH [--json] [--series UID [--stack K]] [--frame N] [--values] [--allow-large]\n"
    "        list the series in a file or folder (DICOM, DICOMDIR, NIfTI, MHA, NRRD, PNG, JPEG,\n"
    "        TIFF, BMP) and the geometry of the study it opens (NIfTI: from the header alone unless\n"
    "        --values asks for the value range)\n"
    "  info --devices [--json]\n"
    "        what SAM and retraining can run on: LibTorch's CUDA, the GPUs the NVIDIA driver lists, the\n"
    "        CPU's bfloat16 support, and the device 'auto' picks\n"
    "  convert IN OUT [--series UID [--stack K]] [--frame N] [--allow-large]\n"
    "        write a study as NIfTI (.nii, .nii.gz), MetaImage (.mha) or NRRD (.nrrd), keeping its\n"
    "        geometry (spacing, origin, direction)\n"
    "  predict --model CKPT [--adapter FILE] --image FILE [--slice K] [--point X,Y,1|0]...\n"
    "          [--box X0,Y0,X1,Y1] [--mask-input LOWRES.npy] [--multimask] [--prompt-free]\n"
    "          [--device cpu|cuda] --out MASK.(nii.gz|png) [--logits LOGITS.npy]\n"
    "          [--low-res-logits LOWRES.npy]\n"
    "        one SAM prediction on axial slice K (default: the middle one) of a study; coordinates\n"
    "        are pixels of that slice (x = column, y = row). --logits writes float32 C x H x W mask\n"
    "        logits at the slice size (C = 3 with --multimask); the mask is the best one, thresholded\n"
    "        at 0 (finetune-SAM prompt-free: the class argmax); a label map MASK gets\n"
    "        MASK.provenance.json (the slice: box, click or prompt_free, the model, the predicted IoU)\n"
    "  train --model CKPT --image STUDY --labels LABELS --label V --out ADAPTER.safetensors\n"
    "        (--slices LIST | --auto-slices N) [--held-out LIST | --auto-held-out N] [--axis i|j|k]\n"
    "        [--preset quick|best] [--scope decoder|encoder_decoder] [--method vanilla|adapter|lora]\n"
    "        [--prompts none|box|point] [--iterations N] [--seconds S] [--lr X] [--seed N] [--rank R]\n"
    "        [--patience N] [--eval-every N] [--threads N] [--device cpu|cuda|auto]\n"
    "        [--no-augment] [--name TEXT] [--json]\n"
    "        few-shot retraining on the slices of label V (LIST: 12,15,20-24; --auto-slices picks N\n"
    "        slices spread over those containing the label); writes the adapter (or vanilla weights)\n"
    "        with metadata and prints loss and Dice before/after on training and held-out slices\n"
    "  train --model CKPT (--project FOLDER --label-name NAME | --dataset STUDIES.csv --label V)\n"
    "        --out ADAPTER.safetensors [--held-out-study ID]... [--held-out-max N] [options above]\n"
    "        retraining on the reviewed slices of every study (STUDIES.csv: image,labels,slices[,id]);\n"
    "        whole studies are held out (the last quarter, or those named; a named study without\n"
    "        reviewed slices lends up to N of its labelled slices); prints held-out Dice / NSD of the\n"
    "        base model and the adapter (prompt-free, box, point); --project records the retrain in\n"
    "        the project's learning curve\n"
    "  eval-model --model CKPT [--adapter FILE] (--project FOLDER --label-name NAME |\n"
    "             --dataset STUDIES.csv --label V) [--prompts none,box,point]\n"
    "             [--slices reviewed|all-labelled] [--max-slices N] [--axis i|j|k] [--tolerance MM]\n"
    "             [--seed N] [--json] [--out RESULT.json]\n"
    "        Dice and NSD per study and pooled, prompt-free and with simulated box / point prompts\n"
    "        (finetune-SAM's rules: the box of the mask grown by up to 10 %, a point in its deepest\n"
    "        tenth); a table, or JSON\n"
    "  export-nnunet (--project FOLDER | --dataset STUDIES.csv --label-table labels.json) --out FOLDER\n"
    "                [--id N] [--name NAME] [--studies reviewed|all] [--channel NAME] [--json]\n"
    "        the project as an nnU-Net v2 raw data set: DatasetNNN_NAME/imagesTr/*_0000.nii.gz,\n"
    "        labelsTr/*.nii.gz (labels renumbered 1..N in table order), dataset.json\n"
    "  learning-curve --project FOLDER [--out CURVE.csv]\n"
    "        the project's retrains (reviewed slices, studies, held-out Dice per prompt kind) as CSV\n"
    "  segment --model CKPT [--adapter FILE] --image STUDY --out LABELS.nii.gz [--axis i|j|k]\n"
    "          [--slices LIST] [--value V] [--device cpu|cuda|auto] [--threads N] [--quiet]\n"
    "        prompt-free segmentation of every slice (or LIST) with the model's automatic output\n"
    "        (the one retraining trains) -> label map on the study's grid + LABELS.provenance.json\n"
    "        (every slice holding V: \"prompt_free\", the model and adapter)\n"
    "  eval --prediction PRED --reference REF [--label V | --prediction-label V --reference-label W]\n"
    "       [--tolerance MM] [--axis i|j|k] [--slices LIST] [--per-slice]\n"
    "        Dice and normalised surface distance (tolerance in mm, default 1) as JSON; --slices\n"
    "        restricts both maps to those slices\n"
    "  export-seg --image DICOM --labels LABELS [--label-table labels.json] --out SEG.dcm\n"
    "             [--algorithm V=manual|V=semiautomatic:NAME|V=automatic:NAME]... [--description TEXT]\n"
    "             [--creator NAME] [--provenance-log LOG.json] [--json]\n"
    "        a label map drawn on a DICOM series as a DICOM Segmentation (one segment per label, empty\n"
    "        frames left out, every frame referencing its source image) + SEG.dcm.provenance.json (each\n"
    "        slice's source from the label map's provenance log: LABELS' .provenance-log.json beside it\n"
    "        as a project keeps it, or --provenance-log; none: \"unknown\")\n"
    "  import-seg --image DICOM --seg SEG.dcm --out LABELS.nii.gz\n"
    "        a DICOM Segmentation of the series as a label map (+ labels.json with names and colours,\n"
    "        + LABELS.provenance.json: every slice \"import\")\n"
    "  pacs echo|find|get|store --node AE@HOST:PORT [--calling-ae AE] [--timeout S]\n"
    "       [--tls-ca CA.pem [--tls-cert CERT.pem --tls-key KEY.pem]]\n"
    "       find [--patient NAME] [--patient-id ID] [--date YYYYMMDD[-YYYYMMDD]] [--modality M]\n"
    "            [--description TEXT] [--study UID: its series] [--json]\n"
    "       get --study UID --series UID --cache DIR [--json]   (C-GET into DIR/<study>/<series>)\n"
    "       store FILE...                                       (C-STORE, e.g. a SEG)\n"
    "        a PACS over DIMSE (DCMTK): C-ECHO, C-FIND, C-GET, C-STORE\n"
    "  propagate --model CKPT [--adapter FILE] --image STUDY --labels SEED --label V --out LABELS.nii.gz\n"
    "            [--anchors LIST] [--axis i|j|k] [--projection box|mask|points|box+points]\n"
    "            [--iou-threshold T] [--stability-threshold S] [--stability-offset O] [--margin PX]\n"
    "            [--min-pixels N] [--min-area-ratio R] [--reviewed LIST] [--locked LIST]\n"
    "            [--range FIRST-LAST] [--overwrite] [--single-mask] [--device cpu|cuda|auto] [--threads N]\n"
    "            [--quiet]\n"
    "        SAM propagation of label V from the anchor slices of SEED (default: every slice holding V)\n"
    "        outward slice by slice, each slice prompted by its neighbour's result (default box, IoU\n"
    "        threshold 0.5); stops at low predicted IoU, an empty or vanishing mask, another anchor, a\n"
    "        reviewed or locked slice, the range's end. V on other slices of SEED is dropped, other\n"
    "        labels are kept and not overwritten unless --overwrite. Writes the label map and\n"
    "        OUT.provenance.json (per slice: anchor/propagation, model, adapter, predicted IoU, stability)\n"
    "  everything --model CKPT [--adapter FILE] --image STUDY [--slice K] [--axis i|j|k] --out "
    "LABELS.nii.gz\n"
    "             [--points-per-side N] [--iou-threshold T] [--stability-threshold S] [--stability-offset "
    "O]\n"
    "             [--nms-threshold X] [--crop-layers L] [--crop-nms-threshold X] [--crop-points-downscale "
    "F]\n"
    "             [--device cpu|cuda|auto] [--threads N] [--quiet]\n"
    "        segment everything on one slice (default: the middle one), as segment-anything's automatic "
    "mask\n"
    "        generator (grid 32, IoU 0.88, stability 0.95, NMS 0.7): one label value per mask, 1 = highest\n"
    "        predicted IoU, plus OUT.masks.json (area, bbox, predicted_iou, stability_score, point, crop "
    "box)\n"
    "        and OUT.provenance.json (each value: \"everything\", the model, its IoU and stability)\n"
    "\n"
    "A study is a file or folder; --series UID picks a DICOM series (else the one with the most images),\n"
    "--stack K one stack of a series split by image size or orientation (as info lists it), --frame N one\n"
    "frame of a 4D image (0-based); predict, train and segment take them too.\n"
    "\n"
    "Batch: segment, train and export-seg take --manifest STUDIES.csv|.json [--task-index N] (default\n"
    "$SLURM_ARRAY_TASK_ID): row N's columns (image,out,slices,...) are added as options; see\n"
    "packaging/slurm/README.md.\n"
    "\n"
    "--strict (anywhere, any command) refuses a study the loader has warnings about (a file of the series\n"
    "that could not be read, a DICOMDIR entry without its file); without it each warning is printed on\n"
    "stderr as one line naming the file and the study is used.\n"
    "\n"
    "A NIfTI study whose decoded volume (4 bytes per voxel and component) exceeds the memory available\n"
    "is refused before anything is allocated; --allow-large (or DELINEATE_ALLOW_LARGE=1 in the\n"
    "environment, for every command) loads it anyway.\n"
    "\n"
    "delineate-cli <command> --help prints the usage of that command.\n"
    "Every error exits non-zero with one line naming the file and the reason.\n";

const char* const kCommands[] = {"info",       "convert",       "predict",        "train",     "segment",
                                 "eval",       "export-seg",    "import-seg",     "pacs",      "propagate",
                                 "eval-model", "export-nnunet", "learning-curve", "everything"};

bool isCommand(const std::string& name)
{
    for (const char* command : kCommands)
        if (name == command)
            return true;
    return false;
}

// The lines of kUsage that describe `command` (from "  <command> " to the next command or blank line).
std::string commandUsage(const std::string& command)
{
    const std::string usage = kUsage;
    const std::string start = "\n  " + command + " ";
    std::size_t begin = usage.find(start);
    if (begin == std::string::npos)
        return {};
    begin += 3;
    std::size_t end = begin;
    while (true) {
        end = usage.find('\n', end);
        if (end == std::string::npos || end + 1 >= usage.size())
            break;
        const char* next = usage.c_str() + end + 1;
        if (next[0] == '\n' || (next[0] == ' ' && next[1] == ' ' && next[2] != ' '))
            break;
        ++end;
    }
    std::string text = "usage: delineate-cli " + usage.substr(begin, end - begin) + "\n";
    const std::size_t notes = usage.find("\n\nA study is a file");
    return text + usage.substr(notes + 1);
}

bool asksForHelp(const delineate::cli::Arguments& all)
{
    return std::any_of(all.begin() + 1, all.end(),
                       [](const std::string& a) { return a == "--help" || a == "-h"; });
}

} // namespace

static int runCommandLine(int argc, char** argv)
{
    using namespace delineate::cli;
    delineate::keepFreedMemoryForReuse(); // first, before any thread starts (see AllocatorTuning.h)
    Arguments all(argv + 1, argv + argc);
    const auto strict = std::remove(all.begin(), all.end(), std::string("--strict")); // global, anywhere
    setStrict(strict != all.end());
    all.erase(strict, all.end());
    if (all.empty() || all.front() == "--help" || all.front() == "-h") {
        std::fputs(kUsage, all.empty() ? stderr : stdout);
        return all.empty() ? 2 : 0;
    }
    const std::string command = all.front();
    if (isCommand(command) && asksForHelp(all)) {
        std::fputs(commandUsage(command).c_str(), stdout);
        return 0;
    }
    auto expanded = expandManifest(Arguments(all.begin() + 1, all.end()));
    if (!expanded)
        return fail(expanded.error());
    const Arguments& arguments = *expanded;
    if (command == "info")
        return runInfo(arguments);
    if (command == "convert")
        return runConvert(arguments);
    if (command == "predict")
        return runPredict(arguments);
    if (command == "train")
        return runTrain(arguments);
    if (command == "segment")
        return runSegment(arguments);
    if (command == "eval")
        return runEval(arguments);
    if (command == "export-seg")
        return runExportSeg(arguments);
    if (command == "import-seg")
        return runImportSeg(arguments);
    if (command == "pacs")
        return runPacs(arguments);
    if (command == "propagate")
        return runPropagate(arguments);
    if (command == "eval-model")
        return runEvalModel(arguments);
    if (command == "export-nnunet")
        return runExportNnUnet(arguments);
    if (command == "learning-curve")
        return runLearningCurve(arguments);
    if (command == "everything")
        return runEverything(arguments);
    return failUsage("unknown command '" + command + "'");
}

// What escapes a command (out of memory, a library's exception) ends the program with one line and exit code
// 1, not with std::terminate's abort (clang-tidy: bugprone-exception-escape).
int main(int argc, char** argv)
{
    try {
        return runCommandLine(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "delineate-cli: %s\n", error.what());
    } catch (...) {
        std::fprintf(stderr, "delineate-cli: unknown error\n");
    }
    return 1;
}
