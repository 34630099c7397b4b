#pragma once
// Test helpers for the tensorio tests: whole-file I/O, a tiny pickle
// writer (protocol 2 opcodes as torch.save emits them) and a zip writer for stored records,
// optionally in Zip64 form and with torch-style 64-byte data alignment.

#include "support/TemporaryFolder.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>
#include <zlib.h>

namespace tensorio_test {

using delineate::test::TemporaryFolder;

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline void appendLittleEndian(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// Emits pickle opcodes; names follow Lib/pickletools.py.
class PickleBuilder {
public:
    PickleBuilder& proto(int version) { return op(0x80).byte(version); }
    PickleBuilder& global(const std::string& module, const std::string& name)
    {
        return op('c').text(module + "\n" + name + "\n");
    }
    PickleBuilder& stackGlobal() { return op(0x93); }
    PickleBuilder& unicode(const std::string& s)
    {
        op('X');
        appendLittleEndian(m_bytes, s.size(), 4);
        return text(s);
    }
    PickleBuilder& integer(std::int64_t v)
    {
        if (v >= 0 && v < 256)
            return op('K').byte(static_cast<int>(v));
        if (v >= 0 && v < 65536) {
            op('M');
            appendLittleEndian(m_bytes, static_cast<std::uint64_t>(v), 2);
            return *this;
        }
        op(0x8a).byte(8);
        appendLittleEndian(m_bytes, static_cast<std::uint64_t>(v), 8);
        return *this;
    }
    PickleBuilder& mark() { return op('('); }
    PickleBuilder& tuple() { return op('t'); }
    PickleBuilder& tuple1() { return op(0x85); }
    PickleBuilder& emptyTuple() { return op(')'); }
    PickleBuilder& emptyDict() { return op('}'); }
    PickleBuilder& setItem() { return op('s'); }
    PickleBuilder& setItems() { return op('u'); }
    PickleBuilder& reduce() { return op('R'); }
    PickleBuilder& build() { return op('b'); }
    PickleBuilder& persistentId() { return op('Q'); }
    PickleBuilder& newFalse() { return op(0x89); }
    PickleBuilder& put(int index) { return op('q').byte(index); }
    PickleBuilder& get(int index) { return op('h').byte(index); }
    PickleBuilder& stop() { return op('.'); }
    PickleBuilder& raw(const std::string& bytes) { return text(bytes); }

    PickleBuilder& integerTuple(std::initializer_list<std::int64_t> values)
    {
        mark();
        for (const std::int64_t v : values)
            integer(v);
        return tuple();
    }
    PickleBuilder& integerTuple(const std::vector<std::int64_t>& values)
    {
        mark();
        for (const std::int64_t v : values)
            integer(v);
        return tuple();
    }
    PickleBuilder& orderedDict() { return global("collections", "OrderedDict").emptyTuple().reduce(); }

    // torch._utils._rebuild_tensor_v2(storage, offset, sizes, strides, False, OrderedDict())
    PickleBuilder& tensor(const std::string& storageType, const std::string& key, std::int64_t numel,
                          std::int64_t offset, std::initializer_list<std::int64_t> sizes,
                          std::initializer_list<std::int64_t> strides)
    {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark()
            .unicode("storage")
            .global("torch", storageType)
            .unicode(key)
            .unicode("cpu")
            .integer(numel)
            .tuple();
        persistentId();
        integer(offset).integerTuple(sizes).integerTuple(strides).newFalse().orderedDict();
        return tuple().reduce();
    }

    PickleBuilder& tensor(const std::string& storageType, const std::string& key, std::int64_t numel,
                          std::int64_t offset, const std::vector<std::int64_t>& sizes,
                          const std::vector<std::int64_t>& strides)
    {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark()
            .unicode("storage")
            .global("torch", storageType)
            .unicode(key)
            .unicode("cpu")
            .integer(numel)
            .tuple();
        persistentId();
        integer(offset).integerTuple(sizes).integerTuple(strides).newFalse().orderedDict();
        return tuple().reduce();
    }

    [[nodiscard]] const std::string& bytes() const { return m_bytes; }

private:
    PickleBuilder& op(int code) { return byte(code); }
    PickleBuilder& byte(int value)
    {
        m_bytes.push_back(static_cast<char>(value));
        return *this;
    }
    PickleBuilder& text(const std::string& s)
    {
        m_bytes += s;
        return *this;
    }
    std::string m_bytes;
};

struct ZipRecord {
    std::string name;
    std::string data;
    std::uint16_t method = 0; // claimed compression method (data is stored as is)
};

// A zip archive of stored records, data aligned to 64 bytes via a local "FB" extra field like
// torch.save; with zip64 = true every size and offset goes through the Zip64 extensions.
inline std::string buildZip(const std::vector<ZipRecord>& records, bool zip64 = false)
{
    std::string out;
    std::string directory;
    for (const ZipRecord& record : records) {
        const std::uint64_t offset = out.size();
        const auto crc = ::crc32_z(::crc32_z(0, nullptr, 0),
                                   reinterpret_cast<const Bytef*>(record.data.data()), record.data.size());
        const std::uint64_t size = record.data.size();
        std::string localExtra;
        if (zip64) {
            appendLittleEndian(localExtra, 0x0001, 2);
            appendLittleEndian(localExtra, 16, 2);
            appendLittleEndian(localExtra, size, 8);
            appendLittleEndian(localExtra, size, 8);
        }
        const std::uint64_t unpadded = offset + 30 + record.name.size() + localExtra.size() + 4;
        const std::uint64_t padding = (64 - unpadded % 64) % 64;
        appendLittleEndian(localExtra, 0x4246, 2); // "FB" padding, as torch.save writes
        appendLittleEndian(localExtra, padding, 2);
        localExtra.append(padding, 'Z');

        appendLittleEndian(out, 0x04034b50, 4);
        appendLittleEndian(out, zip64 ? 45 : 20, 2);
        appendLittleEndian(out, 0, 2);
        appendLittleEndian(out, record.method, 2);
        appendLittleEndian(out, 0, 4); // time, date
        appendLittleEndian(out, crc, 4);
        appendLittleEndian(out, zip64 ? 0xFFFFFFFFu : size, 4);
        appendLittleEndian(out, zip64 ? 0xFFFFFFFFu : size, 4);
        appendLittleEndian(out, record.name.size(), 2);
        appendLittleEndian(out, localExtra.size(), 2);
        out += record.name + localExtra + record.data;

        std::string centralExtra;
        if (zip64) {
            appendLittleEndian(centralExtra, 0x0001, 2);
            appendLittleEndian(centralExtra, 24, 2);
            appendLittleEndian(centralExtra, size, 8);
            appendLittleEndian(centralExtra, size, 8);
            appendLittleEndian(centralExtra, offset, 8);
        }
        appendLittleEndian(directory, 0x02014b50, 4);
        appendLittleEndian(directory, zip64 ? 45 : 20, 2);
        appendLittleEndian(directory, zip64 ? 45 : 20, 2);
        appendLittleEndian(directory, 0, 2);
        appendLittleEndian(directory, record.method, 2);
        appendLittleEndian(directory, 0, 4);
        appendLittleEndian(directory, crc, 4);
        appendLittleEndian(directory, zip64 ? 0xFFFFFFFFu : size, 4);
        appendLittleEndian(directory, zip64 ? 0xFFFFFFFFu : size, 4);
        appendLittleEndian(directory, record.name.size(), 2);
        appendLittleEndian(directory, centralExtra.size(), 2);
        appendLittleEndian(directory, 0, 2); // comment
        appendLittleEndian(directory, 0, 2); // disk
        appendLittleEndian(directory, 0, 2);
        appendLittleEndian(directory, 0, 4);
        appendLittleEndian(directory, zip64 ? 0xFFFFFFFFu : offset, 4);
        directory += record.name + centralExtra;
    }
    const std::uint64_t directoryOffset = out.size();
    out += directory;
    if (zip64) {
        const std::uint64_t recordOffset = out.size();
        appendLittleEndian(out, 0x06064b50, 4);
        appendLittleEndian(out, 44, 8);
        appendLittleEndian(out, 45, 2);
        appendLittleEndian(out, 45, 2);
        appendLittleEndian(out, 0, 4);
        appendLittleEndian(out, 0, 4);
        appendLittleEndian(out, records.size(), 8);
        appendLittleEndian(out, records.size(), 8);
        appendLittleEndian(out, directory.size(), 8);
        appendLittleEndian(out, directoryOffset, 8);
        appendLittleEndian(out, 0x07064b50, 4);
        appendLittleEndian(out, 0, 4);
        appendLittleEndian(out, recordOffset, 8);
        appendLittleEndian(out, 1, 4);
    }
    appendLittleEndian(out, 0x06054b50, 4);
    appendLittleEndian(out, 0, 2);
    appendLittleEndian(out, 0, 2);
    appendLittleEndian(out, zip64 ? 0xFFFF : records.size(), 2);
    appendLittleEndian(out, zip64 ? 0xFFFF : records.size(), 2);
    appendLittleEndian(out, zip64 ? 0xFFFFFFFFu : directory.size(), 4);
    appendLittleEndian(out, zip64 ? 0xFFFFFFFFu : directoryOffset, 4);
    appendLittleEndian(out, 0, 2);
    return out;
}

} // namespace tensorio_test
