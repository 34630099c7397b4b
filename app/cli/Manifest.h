#pragma once
// Batch work over a manifest of studies: `--manifest FILE [--task-index N]` on segment, train and
// export-seg picks row N (0-based; default: the SLURM_ARRAY_TASK_ID of a Slurm array job) and adds its
// columns as options, so one `sbatch --array=0-(rows-1)` job runs the command once per study.
//
// CSV: a header row of option names without dashes (image,out,slices,...), then one row per study; fields
// may be double-quoted ("a,b" and "" for a quote). JSON: an array of objects with the same keys, string or
// number values. Relative paths in the path columns (image, out, labels, adapter, model, label-table, seg,
// prediction, reference)
// are taken relative to the manifest's folder. The folder of `out` is created. An option given both on the
// command line and in the row is an error, as is a row index outside the manifest.

#include "Commands.h"

namespace delineate::cli {

// `arguments` without --manifest / --task-index are returned unchanged.
[[nodiscard]] Result<Arguments> expandManifest(const Arguments& arguments);

} // namespace delineate::cli
