#!/usr/bin/env python3
"""Seed corpus of one fuzz target, made at run time from the shared data (never copied into the project).

    make-corpus.py TARGET OUT_FOLDER [--shared ../shared] [--max-len BYTES]
    make-corpus.py --write-seeds tests/fuzz/seeds    (re-makes the small hand-made seeds kept in the project)
    make-corpus.py --make-patch INPUT BASE OUT.patch (a found input that is a mutated shared file, kept as a patch)

A regression input that the fuzzer made by mutating a file of ../shared/data is kept in
tests/fuzz/regressions/TARGET/ as NAME.patch, never as bytes (the project holds no copies of shared files):
"base PATH" (relative to ../shared/data), then "copy OFFSET LENGTH" (bytes of the base) and "bytes HEX" lines,
and the "size" and "sha256 HEX" of the result. tst_replay_TARGET (ReplayMain.cpp) rebuilds it; so does this script for fuzz.sh.

TARGET is nifti, dicom, unpickler, zip, safetensors, labels or colour_tables. Real files are picked from ../shared/data and
../shared/fixtures and cut to --max-len: NIfTI volumes are shrunk (dims clipped, data cut) so that a seed is a
whole small volume; checkpoints are rebuilt as small zip archives around their real data.pkl. Synthetic seeds
(a tiny torch.save-style checkpoint and safetensors files) are written by this script; the python standard
library is all it needs (no torch).
"""
import argparse
import collections
import gzip
import hashlib
import io
import json
import pathlib
import pickle
import struct
import sys
import types
import zipfile


def put(out, data, max_len):
    data = data[:max_len]
    name = hashlib.sha1(data).hexdigest()
    (out / name).write_bytes(data)


def shrink_nifti(raw):
    """A NIfTI-1/2 image with dims clipped to at most 12x12x4 (x2 frames) and its data cut to match."""
    for endian in "<>":
        size = struct.unpack_from(endian + "i", raw, 0)[0]
        if size == 348:
            dims = list(struct.unpack_from(endian + "8h", raw, 40))
            bitpix = struct.unpack_from(endian + "h", raw, 72)[0]
            vox = int(struct.unpack_from(endian + "f", raw, 108)[0])
            dim_format, dim_offset = endian + "8h", 40
            break
        if size == 540:
            dims = list(struct.unpack_from(endian + "8q", raw, 16))
            bitpix = struct.unpack_from(endian + "h", raw, 14)[0]
            vox = struct.unpack_from(endian + "q", raw, 168)[0]
            dim_format, dim_offset = endian + "8q", 16
            break
    else:
        return None
    limits = [7, 12, 12, 4, 2, 1, 1, 1]
    new_dims = [dims[0]] + [max(1, min(d, limit)) for d, limit in zip(dims[1:], limits[1:])]
    voxels = 1
    for d in new_dims[1:max(1, min(dims[0], 7)) + 1]:
        voxels *= d
    header = bytearray(raw[:vox])
    struct.pack_into(dim_format, header, dim_offset, *new_dims)
    return bytes(header) + raw[vox:vox + voxels * max(bitpix, 8) // 8]


def nifti(shared, out, max_len):
    for path in sorted((shared / "data").rglob("*.nii*")):
        if not (path.name.endswith(".nii") or path.name.endswith(".nii.gz")):
            continue
        raw = path.read_bytes()
        if path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        small = raw if len(raw) <= max_len else shrink_nifti(raw)
        if small is None:
            continue
        put(out, small, max_len)
        put(out, gzip.compress(small, mtime=0), max_len)


def dicom(shared, out, max_len):
    for path in sorted((shared / "data").rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".txt", ".psv", ".json", ".nii", ".gz", ".jpg") \
                or path.name.startswith("COPYRIGHT"):
            continue
        head = path.read_bytes()[:max_len]
        if head[128:132] == b"DICM" or path.suffix in (".dcm", ".dicom") or path.name == "DICOMDIR":
            put(out, head, max_len)


def fake_torch_pickle(tensors):
    """data.pkl as torch.save writes it for an OrderedDict of tensors, made without torch."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")
    def _rebuild_tensor_v2(*args):
        raise NotImplementedError
    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    saved = {name: sys.modules.get(name) for name in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = torch, utils

    class Storage:
        def __init__(self, kind, key, numel):
            self.kind, self.key, self.numel = kind, key, numel

    class Tensor:
        def __init__(self, storage, sizes):
            self.storage, self.sizes = storage, sizes

        def __reduce__(self):
            strides, step = [], 1
            for size in reversed(self.sizes):
                strides.insert(0, step)
                step *= size
            return (_rebuild_tensor_v2,
                    (self.storage, 0, tuple(self.sizes), tuple(strides), False, collections.OrderedDict()))

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, Storage):
                return ("storage", obj.kind, obj.key, "cpu", obj.numel)
            return None

    try:
        state, records = collections.OrderedDict(), {}
        for index, (name, kind_name, sizes, element_size) in enumerate(tensors):
            kind = type(kind_name, (), {})
            kind.__module__, kind.__qualname__ = "torch", kind_name
            setattr(torch, kind_name, kind)
            numel = 1
            for size in sizes:
                numel *= size
            state[name] = Tensor(Storage(kind, str(index), numel), sizes)
            records[str(index)] = bytes((index * 7 + i) % 256 for i in range(numel * element_size))
        buffer = io.BytesIO()
        Pickler(buffer, protocol=2).dump(state)
        return buffer.getvalue(), records
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def checkpoint_zip(pkl, records, archive="archive"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr(archive + "/data.pkl", pkl)
        z.writestr(archive + "/byteorder", "little")
        for key, data in records.items():
            z.writestr(archive + "/data/" + key, data)
        z.writestr(archive + "/version", "3\n")
    return buffer.getvalue()


SMALL_STATE = [("mask_decoder.iou_token.weight", "FloatStorage", [1, 8], 4),
               ("image_encoder.neck.0.weight", "HalfStorage", [4, 2, 1, 1], 2),
               ("step", "LongStorage", [], 8)]


def fixture_pickles(shared):
    for path in sorted((shared / "fixtures").rglob("*.pt*")):
        try:
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith("/data.pkl"):
                        yield path, z, name
        except zipfile.BadZipFile:
            continue


def unpickler(shared, out, max_len):
    for _, z, name in fixture_pickles(shared):
        put(out, z.read(name), max_len)
    put(out, fake_torch_pickle(SMALL_STATE)[0], max_len)


def zip_target(shared, out, max_len):
    for _, z, name in fixture_pickles(shared):
        archive = name[: -len("/data.pkl")]
        records = {n[len(archive) + 6:]: z.read(n)[:64] for n in z.namelist()
                   if n.startswith(archive + "/data/")}
        small = checkpoint_zip(z.read(name), dict(list(records.items())[:8]), archive)
        if len(small) <= max_len:  # a cut archive has no directory: nothing past the first bytes is reached
            put(out, small, max_len)
    pkl, records = fake_torch_pickle(SMALL_STATE)
    put(out, checkpoint_zip(pkl, records), max_len)


def safetensors_file(tensors, metadata=None):
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, element_size in tensors:
        numel = 1
        for size in shape:
            numel *= size
        chunk = bytes((len(data) + i) % 251 for i in range(numel * element_size))
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(chunk)]}
        data += chunk
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors(shared, out, max_len):
    dtypes = [("F64", 8), ("F32", 4), ("F16", 2), ("BF16", 2), ("I64", 8), ("I32", 4), ("I16", 2),
              ("I8", 1), ("U8", 1), ("BOOL", 1)]
    put(out, safetensors_file([("w" + d, d, [2, 3], s) for d, s in dtypes], {"format": "pt"}), max_len)
    put(out, safetensors_file([("scalar", "F32", [], 4), ("empty", "F32", [0, 4], 4)]), max_len)
    storage_dtypes = {"FloatStorage": ("F32", 4), "HalfStorage": ("F16", 2), "BFloat16Storage": ("BF16", 2),
                      "DoubleStorage": ("F64", 8), "LongStorage": ("I64", 8), "IntStorage": ("I32", 4),
                      "ByteStorage": ("U8", 1), "BoolStorage": ("BOOL", 1)}
    for _, z, name in fixture_pickles(shared):  # real key names, dtypes and ranks, shapes clipped to 3
        tensors = []
        for key, (kind, sizes) in list(fixture_tensors(z.read(name)).items())[:24]:
            dtype, element_size = storage_dtypes.get(kind, ("F32", 4))
            tensors.append((key, dtype, [min(size, 3) for size in sizes], element_size))
        if tensors:
            put(out, safetensors_file(tensors, {"source": name}), max_len)


def fixture_tensors(pkl):
    """{key: (storage type name, sizes)} of a torch.save state dict, read without torch or running code."""
    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "collections" and name == "OrderedDict":
                return collections.OrderedDict
            if name.startswith("_rebuild_tensor") or name.startswith("_rebuild_parameter"):
                return lambda storage, offset=0, size=(), *rest: (storage[1].__name__, list(size)) \
                    if isinstance(storage, tuple) else storage
            return type(name, (), {})

        def persistent_load(self, pid):
            return pid

    state = Unpickler(io.BytesIO(pkl)).load()
    for nested in ("model", "state_dict"):
        if isinstance(state, dict) and isinstance(state.get(nested), dict):
            state = state[nested]
    return {k: v for k, v in state.items() if isinstance(v, tuple) and len(v) == 2} \
        if isinstance(state, dict) else {}


def labels(shared, out, max_len):
    folder = shared / "data" / "mri_brain_colin27_aal"
    names = folder / "aal.nii.txt"
    lut = folder / "aal.nii.lut"
    if not names.exists() or not lut.exists():
        return
    colours = lut.read_bytes()  # 256 reds, then 256 greens, then 256 blues
    rows = []
    for line in names.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            value = int(parts[0])
            rows.append((value, parts[1], [colours[value], colours[256 + value], colours[512 + value]]))
    itk = ["# ITK-SNAP Label Description File", "    0     0    0    0        0  0  0    \"Clear Label\""]
    itk += ['%5d %5d %4d %4d %8.2f %2d %2d    "%s"' % (v, *c, 1.0, 1, 1, n) for v, n, c in rows]
    put(out, ("\n".join(itk) + "\n").encode(), max_len)
    table = {"format": "delineate-labels", "version": 1,
             "labels": [{"value": v, "name": n, "colour": c, "visible": True, "locked": v % 2 == 0,
                         "opacity": 1.0 if v % 3 else 0.5} for v, n, c in rows]}
    put(out, json.dumps(table, indent=1).encode(), max_len)


def colour_tables(shared, out, max_len):
    """MRIcron's names file and binary LUT of the AAL atlas as they are (the hand-written seeds of the other
    formats are in tests/fuzz/seeds/colour_tables)."""
    folder = shared / "data" / "mri_brain_colin27_aal"
    for name in ("aal.nii.txt", "aal.nii.lut", "brodmann.nii.lut"):
        if (folder / name).exists():
            put(out, (folder / name).read_bytes(), max_len)


TARGETS = {"nifti": nifti, "dicom": dicom, "unpickler": unpickler, "zip": zip_target,
           "safetensors": safetensors, "labels": labels, "colour_tables": colour_tables}


def make_patch(found, base_path, shared):
    """The text form of `found` as edits of the shared file base_path (relative to shared/data)."""
    import difflib
    data, base = found.read_bytes(), (shared / "data" / base_path).read_bytes()
    lines = ["base " + base_path, "size %d" % len(data), "sha256 " + hashlib.sha256(data).hexdigest()]
    for op, b0, b1, d0, d1 in difflib.SequenceMatcher(None, base, data, autojunk=False).get_opcodes():
        if op == "equal":
            lines.append("copy %d %d" % (b0, b1 - b0))
        elif d1 > d0:
            lines.append("bytes " + data[d0:d1].hex())
    return "\n".join(lines) + "\n"


def apply_patch(text, shared):
    base, out, digest = None, bytearray(), None
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        if word == "base":
            base = (shared / "data" / rest).read_bytes()
        elif word == "copy":
            offset, length = map(int, rest.split())
            out += base[offset:offset + length]
        elif word == "bytes":
            out += bytes.fromhex(rest)
        elif word == "sha256":
            digest = rest
        elif word == "size":
            pass  # for ReplayMain.cpp, which has no SHA-256; checked here by the digest
    if digest and hashlib.sha256(out).hexdigest() != digest:
        raise SystemExit("make-corpus: a patch does not rebuild its input (is ../shared/data the expected one?)")
    return bytes(out)


def regression_patches(target, shared, out, max_len):
    folder = pathlib.Path(__file__).resolve().parent / "regressions" / target
    for patch in sorted(folder.glob("*.patch")) if folder.is_dir() else []:
        put(out, apply_patch(patch.read_text(), shared), max_len)


def write_seeds(folder):
    """The small synthetic seeds kept in tests/fuzz/seeds/ (replayed by tst_replay_<target>)."""
    pkl, records = fake_torch_pickle(SMALL_STATE)
    files = {"unpickler/small_state_dict.pkl": pkl,
             "zip/small_checkpoint.pth": checkpoint_zip(pkl, records),
             "safetensors/small.safetensors": safetensors_file(
                 [("a", "F32", [2, 3], 4), ("b", "I64", [2], 8), ("c", "BF16", [], 2)], {"format": "pt"})}
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", choices=sorted(TARGETS))
    parser.add_argument("out", nargs="?", type=pathlib.Path)
    parser.add_argument("--shared", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[3] / "shared")
    parser.add_argument("--max-len", type=int, default=65536)
    parser.add_argument("--write-seeds", type=pathlib.Path)
    parser.add_argument("--make-patch", nargs=3, metavar=("INPUT", "BASE", "OUT"))
    args = parser.parse_args()
    if args.make_patch:
        found, base, target = args.make_patch
        pathlib.Path(target).write_text(make_patch(pathlib.Path(found), base, args.shared))
        return 0
    if args.write_seeds:
        write_seeds(args.write_seeds)
        return 0
    if args.target is None or args.out is None:
        parser.error("TARGET and OUT_FOLDER are needed")
    args.out.mkdir(parents=True, exist_ok=True)
    TARGETS[args.target](args.shared, args.out, args.max_len)
    regression_patches(args.target, args.shared, args.out, args.max_len)
    print("make-corpus: %s: %d seeds in %s" % (args.target, len(list(args.out.iterdir())), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
