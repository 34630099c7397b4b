#pragma once
// A restricted unpickler for the data.pkl record of torch.save files (pickle protocol 2, as
// torch.save writes by default; the protocol 3/4 framing, MEMOIZE and STACK_GLOBAL opcodes are
// understood too).
//
// It never executes anything. GLOBAL/STACK_GLOBAL names are checked against the allow-list of
// TorchGlobalAllowList.h (OrderedDict, _rebuild_tensor_v2, _rebuild_parameter[_with_state],
// torch.<Type>Storage) the moment they are read.
// Any other global (os.system, posix.system, builtins.eval, torch.storage._load_from_bytes, ...)
// stops the run with ErrorCode::Unsafe naming it. REDUCE/NEWOBJ of an allowed global builds the
// corresponding PickleObject (an empty dict, a PickleTensor, ...); BUILD on a dict (the
// OrderedDict `_metadata` attribute) is accepted and ignored. BINPERSID accepts only torch's
// ('storage', <StorageType>, key, location, numel) tuples.
//
// Opcodes: PROTO FRAME STOP MARK POP POP_MARK DUP GLOBAL STACK_GLOBAL PUT BINPUT LONG_BINPUT
// MEMOIZE GET BINGET LONG_BINGET EMPTY_DICT DICT EMPTY_LIST LIST EMPTY_TUPLE TUPLE TUPLE1-3
// SETITEM SETITEMS APPEND APPENDS BININT BININT1 BININT2 LONG1 LONG4 BINFLOAT NONE NEWTRUE
// NEWFALSE BINUNICODE SHORT_BINUNICODE BINUNICODE8 BINSTRING SHORT_BINSTRING BINBYTES
// SHORT_BINBYTES BINBYTES8 REDUCE NEWOBJ BUILD BINPERSID. Anything else is UnsupportedFormat.
//
// Every length is checked against the remaining input, and the number of objects, memo entries
// and stack slots is capped, so a garbled or hostile stream ends in CorruptData / TooLarge
// rather than a crash or a huge allocation. Errors carry no path; the caller adds it.

#include "PickleObject.h"
#include "PickleOpcode.h"
#include "base/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace delineate::tensorio::detail {

class TorchUnpickler {
public:
    // `data` must stay alive while run() executes.
    explicit TorchUnpickler(std::string_view data);

    // Interprets the stream up to STOP and returns the top-level value.
    [[nodiscard]] Result<PickleValue> run();

    // Objects created by run(); ids stay valid as long as the unpickler lives.
    [[nodiscard]] const PickleObject& object(ObjectId id) const { return m_objects[id.index]; }

    // Typed views of a value (nullptr when the value has another type).
    [[nodiscard]] const PickleString* asString(const PickleValue& value) const;
    [[nodiscard]] const PickleDict* asDict(const PickleValue& value) const;
    [[nodiscard]] const PickleTensor* asTensor(const PickleValue& value) const;
    [[nodiscard]] const PickleStorage* asStorage(const PickleValue& value) const;

    // Object count limit (each object is at most ~150 bytes).
    static constexpr std::size_t kMaxObjects = std::size_t(1) << 20;

private:
    // One opcode: step() hands it to the group that knows it (each answers false for the others).
    void step(unsigned char opcode);
    bool stepStackOrGlobal(PickleOpcode op);   // PROTO FRAME STOP MARK POP POP_MARK DUP GLOBAL STACK_GLOBAL
    bool stepMemo(PickleOpcode op);            // PUT BINPUT LONG_BINPUT MEMOIZE GET BINGET LONG_BINGET
    bool stepContainer(PickleOpcode op);       // EMPTY_DICT DICT EMPTY_LIST LIST EMPTY_TUPLE TUPLE TUPLE1-3
    bool stepContainerUpdate(PickleOpcode op); // SETITEM SETITEMS APPEND APPENDS
    bool stepScalar(PickleOpcode op); // BININT BININT1 BININT2 LONG1 LONG4 BINFLOAT NONE NEWTRUE NEWFALSE
    bool stepString(PickleOpcode op); // the BINUNICODE, BINSTRING and BINBYTES families
    bool stepObject(PickleOpcode op); // REDUCE NEWOBJ BUILD BINPERSID

    // Input
    std::string_view readBytes(std::uint64_t count);
    std::uint64_t readUnsigned(int byteCount);
    std::string_view readLine();
    std::uint64_t readDecimalIndex(const char* opcodeName); // PUT / GET: a decimal line
    std::int64_t readLong(PickleOpcode op);                 // LONG1 / LONG4: little-endian two's complement

    // Stack
    void push(PickleValue value);
    PickleValue pop();
    PickleValue& top();
    std::vector<PickleValue> popToMark();

    // Objects
    ObjectId addObject(PickleObject object);
    template <typename T> T* objectAs(const PickleValue& value);
    template <typename T> const T* objectAs(const PickleValue& value) const;
    void memoize(std::uint64_t index);
    PickleValue memoGet(std::uint64_t index);

    // Operations
    void pushGlobal(std::string_view module, std::string_view name);
    void reduce(PickleOpcode op); // REDUCE / NEWOBJ
    void setItem(PickleDict& dict, PickleValue key, PickleValue value);
    PickleValue call(const PickleGlobal& callable, const std::vector<PickleValue>& args);
    PickleValue rebuildTensor(const std::vector<PickleValue>& args);
    PickleValue persistentLoad(const PickleValue& pid);
    std::vector<std::int64_t> integerTuple(const PickleValue& value, const char* what);
    std::int64_t integer(const PickleValue& value, const char* what);

    [[noreturn]] void fail(ErrorCode code, const std::string& detail) const;

    std::string_view m_data;
    std::size_t m_position = 0;
    bool m_stopped = false;
    std::vector<PickleValue> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint64_t, PickleValue> m_memo;
    std::vector<PickleObject> m_objects;
};

} // namespace delineate::tensorio::detail
