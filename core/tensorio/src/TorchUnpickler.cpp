#include "TorchUnpickler.h"

#include "PickleOpcode.h"
#include "TorchGlobalAllowList.h"

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

namespace delineate::tensorio::detail {

namespace {

constexpr std::size_t kMaxStack = std::size_t(1) << 20;
constexpr std::size_t kMaxMemo = std::size_t(1) << 20;
constexpr std::size_t kMaxLine = 256;
constexpr int kMaxProtocol = 5;
constexpr std::size_t kMaxTensorRank = 64;

struct UnpickleFailure {
    Error error;
};

bool isValidStorageKey(const std::string& key)
{
    if (key.empty() || key.size() > 64)
        return false;
    for (const char c : key) {
        const bool ok =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

TorchUnpickler::TorchUnpickler(std::string_view data) : m_data(data)
{
}

void TorchUnpickler::fail(ErrorCode code, const std::string& detail) const
{
    throw UnpickleFailure{
        makeError(code, {}, "data.pkl at byte " + std::to_string(m_position) + ": " + detail)};
}

Result<PickleValue> TorchUnpickler::run()
{
    try {
        while (!m_stopped) {
            if (m_position >= m_data.size())
                fail(ErrorCode::CorruptData, "pickle ends without STOP");
            step(static_cast<unsigned char>(m_data[m_position++]));
        }
        if (m_stack.size() != 1 || !m_marks.empty())
            fail(ErrorCode::CorruptData, "unbalanced stack at STOP");
        return m_stack.back();
    } catch (const UnpickleFailure& failure) {
        return failure.error;
    }
}

// ---- input --------------------------------------------------------------------------------

std::string_view TorchUnpickler::readBytes(std::uint64_t count)
{
    if (count > m_data.size() - m_position)
        fail(ErrorCode::CorruptData, "length " + std::to_string(count) + " runs past the end of the pickle");
    const std::string_view bytes = m_data.substr(m_position, static_cast<std::size_t>(count));
    m_position += static_cast<std::size_t>(count);
    return bytes;
}

std::uint64_t TorchUnpickler::readUnsigned(int byteCount)
{
    const std::string_view bytes = readBytes(static_cast<std::uint64_t>(byteCount));
    std::uint64_t value = 0;
    for (int i = byteCount; i-- > 0;)
        value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    return value;
}

std::string_view TorchUnpickler::readLine()
{
    const std::size_t end = m_data.find('\n', m_position);
    if (end == std::string_view::npos || end - m_position > kMaxLine)
        fail(ErrorCode::CorruptData, "unterminated or overlong text argument");
    const std::string_view line = m_data.substr(m_position, end - m_position);
    m_position = end + 1;
    return line;
}

// ---- stack, memo, objects ------------------------------------------------------------------

void TorchUnpickler::push(PickleValue value)
{
    if (m_stack.size() >= kMaxStack)
        fail(ErrorCode::TooLarge, "pickle stack deeper than " + std::to_string(kMaxStack));
    m_stack.push_back(value);
}

PickleValue TorchUnpickler::pop()
{
    if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
        fail(ErrorCode::CorruptData, "stack underflow");
    const PickleValue value = m_stack.back();
    m_stack.pop_back();
    return value;
}

PickleValue& TorchUnpickler::top()
{
    if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
        fail(ErrorCode::CorruptData, "stack underflow");
    return m_stack.back();
}

std::vector<PickleValue> TorchUnpickler::popToMark()
{
    if (m_marks.empty())
        fail(ErrorCode::CorruptData, "no MARK on the stack");
    const std::size_t mark = m_marks.back();
    m_marks.pop_back();
    std::vector<PickleValue> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
    m_stack.resize(mark);
    return items;
}

ObjectId TorchUnpickler::addObject(PickleObject object)
{
    if (m_objects.size() >= kMaxObjects)
        fail(ErrorCode::TooLarge, "more than " + std::to_string(kMaxObjects) + " pickle objects");
    m_objects.push_back(std::move(object));
    return ObjectId{static_cast<std::uint32_t>(m_objects.size() - 1)};
}

template <typename T> T* TorchUnpickler::objectAs(const PickleValue& value)
{
    const auto* id = std::get_if<ObjectId>(&value);
    return id ? std::get_if<T>(&m_objects[id->index]) : nullptr;
}

template <typename T> const T* TorchUnpickler::objectAs(const PickleValue& value) const
{
    const auto* id = std::get_if<ObjectId>(&value);
    return id ? std::get_if<T>(&m_objects[id->index]) : nullptr;
}

const PickleString* TorchUnpickler::asString(const PickleValue& value) const
{
    return objectAs<PickleString>(value);
}
const PickleDict* TorchUnpickler::asDict(const PickleValue& value) const
{
    return objectAs<PickleDict>(value);
}
const PickleTensor* TorchUnpickler::asTensor(const PickleValue& value) const
{
    return objectAs<PickleTensor>(value);
}
const PickleStorage* TorchUnpickler::asStorage(const PickleValue& value) const
{
    return objectAs<PickleStorage>(value);
}

void TorchUnpickler::memoize(std::uint64_t index)
{
    if (m_memo.size() >= kMaxMemo && m_memo.find(index) == m_memo.end())
        fail(ErrorCode::TooLarge, "more than " + std::to_string(kMaxMemo) + " memo entries");
    m_memo[index] = top();
}

PickleValue TorchUnpickler::memoGet(std::uint64_t index)
{
    const auto it = m_memo.find(index);
    if (it == m_memo.end())
        fail(ErrorCode::CorruptData, "memo entry " + std::to_string(index) + " was never stored");
    return it->second;
}

// ---- operations ----------------------------------------------------------------------------

void TorchUnpickler::pushGlobal(std::string_view module, std::string_view name)
{
    std::optional<PickleGlobal> global = resolveAllowedGlobal(module, name);
    if (!global) {
        fail(ErrorCode::Unsafe, "refusing to load global '" + std::string(module) + "." + std::string(name) +
                                    "' (not in the state-dict allow-list)");
    }
    push(addObject(std::move(*global)));
}

void TorchUnpickler::setItem(PickleDict& dict, PickleValue key, PickleValue value)
{
    std::size_t* slot = nullptr;
    std::size_t next = dict.entries.size();
    if (const auto* text = objectAs<PickleString>(key)) {
        slot = &dict.stringKeyIndex.try_emplace(text->text, next).first->second;
    } else if (const auto* number = std::get_if<std::int64_t>(&key)) {
        slot = &dict.integerKeyIndex.try_emplace(*number, next).first->second;
    }
    if (slot && *slot != next) {
        dict.entries[*slot].second = value; // Python semantics: a repeated key keeps its place
        return;
    }
    dict.entries.emplace_back(key, value);
}

std::int64_t TorchUnpickler::integer(const PickleValue& value, const char* what)
{
    if (const auto* number = std::get_if<std::int64_t>(&value))
        return *number;
    fail(ErrorCode::CorruptData, std::string(what) + " is not an integer");
}

std::vector<std::int64_t> TorchUnpickler::integerTuple(const PickleValue& value, const char* what)
{
    const auto* sequence = objectAs<PickleSequence>(value);
    if (!sequence || !sequence->isTuple)
        fail(ErrorCode::CorruptData, std::string(what) + " is not a tuple");
    if (sequence->items.size() > kMaxTensorRank)
        fail(ErrorCode::CorruptData, std::string(what) + " has more than 64 dimensions");
    std::vector<std::int64_t> result;
    result.reserve(sequence->items.size());
    for (const PickleValue& item : sequence->items)
        result.push_back(integer(item, what));
    return result;
}

PickleValue TorchUnpickler::rebuildTensor(const std::vector<PickleValue>& args)
{
    if (args.size() != 6 && args.size() != 7)
        fail(ErrorCode::UnsupportedFormat,
             "_rebuild_tensor_v2 called with " + std::to_string(args.size()) + " arguments");
    const auto* storageId = std::get_if<ObjectId>(&args[0]);
    if (!storageId || !std::holds_alternative<PickleStorage>(m_objects[storageId->index]))
        fail(ErrorCode::CorruptData, "_rebuild_tensor_v2 argument 0 is not a storage");
    PickleTensor tensor;
    tensor.storage = *storageId;
    tensor.storageOffset = integer(args[1], "tensor storage offset");
    tensor.sizes = integerTuple(args[2], "tensor size");
    tensor.strides = integerTuple(args[3], "tensor stride");
    if (tensor.sizes.size() != tensor.strides.size())
        fail(ErrorCode::CorruptData, "tensor size and stride have different lengths");
    // args[4] requires_grad, args[5] backward_hooks, args[6] metadata: irrelevant for loading.
    return addObject(std::move(tensor));
}

PickleValue TorchUnpickler::call(const PickleGlobal& callable, const std::vector<PickleValue>& args)
{
    switch (callable.kind) {
    case GlobalKind::OrderedDict:
        if (!args.empty())
            fail(ErrorCode::UnsupportedFormat, "OrderedDict constructed with arguments");
        return addObject(PickleDict{{}, {}, {}, true});
    case GlobalKind::RebuildTensorV2:
        return rebuildTensor(args);
    case GlobalKind::RebuildParameter:
    case GlobalKind::RebuildParameterWithState: {
        const std::size_t expected = callable.kind == GlobalKind::RebuildParameter ? 3 : 4;
        if (args.size() != expected || !objectAs<PickleTensor>(args[0]))
            fail(ErrorCode::CorruptData, "bad arguments to " + callable.qualifiedName);
        return args[0]; // a Parameter loads as its data tensor
    }
    case GlobalKind::StorageType:
        break;
    }
    fail(ErrorCode::UnsupportedFormat, "calling " + callable.qualifiedName + " is not supported");
}

PickleValue TorchUnpickler::persistentLoad(const PickleValue& pid)
{
    const auto* tuple = objectAs<PickleSequence>(pid);
    if (!tuple || !tuple->isTuple || tuple->items.size() != 5)
        fail(ErrorCode::UnsupportedFormat,
             "persistent id is not a ('storage', type, key, location, numel) tuple");
    const auto* tag = objectAs<PickleString>(tuple->items[0]);
    const auto* type = objectAs<PickleGlobal>(tuple->items[1]);
    const auto* key = objectAs<PickleString>(tuple->items[2]);
    if (!tag || tag->text != "storage")
        fail(ErrorCode::UnsupportedFormat, "persistent id is not a storage");
    if (!type || type->kind != GlobalKind::StorageType)
        fail(ErrorCode::CorruptData, "persistent id has no storage type");
    if (!key || !isValidStorageKey(key->text))
        fail(ErrorCode::CorruptData, "persistent id has an invalid storage key");
    if (!objectAs<PickleString>(tuple->items[3]))
        fail(ErrorCode::CorruptData, "persistent id has no location");
    const std::int64_t numel = integer(tuple->items[4], "storage size");
    if (numel < 0)
        fail(ErrorCode::CorruptData, "negative storage size");
    return addObject(PickleStorage{key->text, type->storageType, numel});
}

// ---- the interpreter -----------------------------------------------------------------------

void TorchUnpickler::step(unsigned char opcode)
{
    const auto op = static_cast<PickleOpcode>(opcode);
    if (stepStackOrGlobal(op) || stepMemo(op) || stepContainer(op) || stepContainerUpdate(op) ||
        stepScalar(op) || stepString(op) || stepObject(op))
        return;
    --m_position;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", opcode);
    fail(ErrorCode::UnsupportedFormat, std::string("unsupported pickle opcode ") + hex);
}

bool TorchUnpickler::stepStackOrGlobal(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::Proto: {
        const auto protocol = readUnsigned(1);
        if (protocol > kMaxProtocol)
            fail(ErrorCode::UnsupportedFormat, "pickle protocol " + std::to_string(protocol));
        return true;
    }
    case PickleOpcode::Frame:
        readUnsigned(8); // frame length: a read-ahead hint only
        return true;
    case PickleOpcode::Stop:
        m_stopped = true;
        return true;
    case PickleOpcode::Mark:
        if (m_marks.size() >= kMaxStack)
            fail(ErrorCode::TooLarge, "too many MARKs");
        m_marks.push_back(m_stack.size());
        return true;
    case PickleOpcode::Pop:
        pop();
        return true;
    case PickleOpcode::PopMark:
        popToMark();
        return true;
    case PickleOpcode::Dup:
        push(top());
        return true;
    case PickleOpcode::Global: {
        const std::string module(readLine());
        const std::string name(readLine());
        pushGlobal(module, name);
        return true;
    }
    case PickleOpcode::StackGlobal: {
        const PickleValue name = pop();
        const PickleValue module = pop();
        const auto* nameText = objectAs<PickleString>(name);
        const auto* moduleText = objectAs<PickleString>(module);
        if (!nameText || !moduleText)
            fail(ErrorCode::CorruptData, "STACK_GLOBAL needs two strings");
        pushGlobal(moduleText->text, nameText->text);
        return true;
    }
    default:
        return false;
    }
}

std::uint64_t TorchUnpickler::readDecimalIndex(const char* opcodeName)
{
    const std::string line(readLine());
    char* end = nullptr;
    const unsigned long long index = std::strtoull(line.c_str(), &end, 10);
    if (line.empty() || *end != '\0')
        fail(ErrorCode::CorruptData, std::string("bad ") + opcodeName + " index");
    return index;
}

bool TorchUnpickler::stepMemo(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::Put:
        memoize(readDecimalIndex("PUT"));
        return true;
    case PickleOpcode::BinPut:
        memoize(readUnsigned(1));
        return true;
    case PickleOpcode::LongBinPut:
        memoize(readUnsigned(4));
        return true;
    case PickleOpcode::Memoize:
        memoize(m_memo.size());
        return true;
    case PickleOpcode::Get:
        push(memoGet(readDecimalIndex("GET")));
        return true;
    case PickleOpcode::BinGet:
        push(memoGet(readUnsigned(1)));
        return true;
    case PickleOpcode::LongBinGet:
        push(memoGet(readUnsigned(4)));
        return true;
    default:
        return false;
    }
}

bool TorchUnpickler::stepContainer(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::EmptyDict:
        push(addObject(PickleDict{}));
        return true;
    case PickleOpcode::EmptyList:
        push(addObject(PickleSequence{{}, false}));
        return true;
    case PickleOpcode::EmptyTuple:
        push(addObject(PickleSequence{{}, true}));
        return true;
    case PickleOpcode::Tuple:
        push(addObject(PickleSequence{popToMark(), true}));
        return true;
    case PickleOpcode::List:
        push(addObject(PickleSequence{popToMark(), false}));
        return true;
    case PickleOpcode::Tuple1:
    case PickleOpcode::Tuple2:
    case PickleOpcode::Tuple3: {
        const std::size_t count =
            static_cast<unsigned char>(op) - static_cast<unsigned char>(PickleOpcode::Tuple1) + 1;
        std::vector<PickleValue> items(count);
        for (std::size_t i = count; i-- > 0;)
            items[i] = pop();
        push(addObject(PickleSequence{std::move(items), true}));
        return true;
    }
    case PickleOpcode::Dict: {
        std::vector<PickleValue> items = popToMark();
        if (items.size() % 2 != 0)
            fail(ErrorCode::CorruptData, "DICT with an odd number of items");
        const ObjectId id = addObject(PickleDict{});
        for (std::size_t i = 0; i < items.size(); i += 2)
            setItem(std::get<PickleDict>(m_objects[id.index]), items[i], items[i + 1]);
        push(id);
        return true;
    }
    default:
        return false;
    }
}

bool TorchUnpickler::stepContainerUpdate(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::SetItem: {
        const PickleValue value = pop();
        const PickleValue key = pop();
        auto* dict = objectAs<PickleDict>(top());
        if (!dict)
            fail(ErrorCode::CorruptData, "SETITEM on a non-dict");
        setItem(*dict, key, value);
        return true;
    }
    case PickleOpcode::SetItems: {
        std::vector<PickleValue> items = popToMark();
        auto* dict = objectAs<PickleDict>(top());
        if (!dict || items.size() % 2 != 0)
            fail(ErrorCode::CorruptData, "bad SETITEMS");
        for (std::size_t i = 0; i < items.size(); i += 2)
            setItem(*dict, items[i], items[i + 1]);
        return true;
    }
    case PickleOpcode::Append: {
        const PickleValue value = pop();
        auto* list = objectAs<PickleSequence>(top());
        if (!list || list->isTuple)
            fail(ErrorCode::CorruptData, "APPEND on a non-list");
        list->items.push_back(value);
        return true;
    }
    case PickleOpcode::Appends: {
        std::vector<PickleValue> items = popToMark();
        auto* list = objectAs<PickleSequence>(top());
        if (!list || list->isTuple)
            fail(ErrorCode::CorruptData, "APPENDS on a non-list");
        list->items.insert(list->items.end(), items.begin(), items.end());
        return true;
    }
    default:
        return false;
    }
}

std::int64_t TorchUnpickler::readLong(PickleOpcode op)
{
    const std::uint64_t length = readUnsigned(op == PickleOpcode::Long1 ? 1 : 4);
    if (length > 8)
        fail(ErrorCode::UnsupportedFormat, "integer wider than 64 bits");
    if (length == 0)
        return 0;
    std::uint64_t raw = readUnsigned(static_cast<int>(length));
    if (length < 8 && (raw >> (8 * length - 1)) & 1u)
        raw |= ~std::uint64_t{0} << (8 * length); // sign-extend two's complement
    return static_cast<std::int64_t>(raw);
}

bool TorchUnpickler::stepScalar(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::BinInt:
        push(static_cast<std::int64_t>(static_cast<std::int32_t>(readUnsigned(4))));
        return true;
    case PickleOpcode::BinInt1:
        push(static_cast<std::int64_t>(readUnsigned(1)));
        return true;
    case PickleOpcode::BinInt2:
        push(static_cast<std::int64_t>(readUnsigned(2)));
        return true;
    case PickleOpcode::Long1:
    case PickleOpcode::Long4:
        push(readLong(op));
        return true;
    case PickleOpcode::BinFloat: {
        std::uint64_t bits = 0;
        for (const char c : readBytes(8))
            bits = (bits << 8) | static_cast<unsigned char>(c); // big-endian
        push(std::bit_cast<double>(bits));
        return true;
    }
    case PickleOpcode::None:
        push(PickleNone{});
        return true;
    case PickleOpcode::NewTrue:
        push(true);
        return true;
    case PickleOpcode::NewFalse:
        push(false);
        return true;
    default:
        return false;
    }
}

bool TorchUnpickler::stepString(PickleOpcode op)
{
    int lengthBytes = 4;
    switch (op) {
    case PickleOpcode::ShortBinUnicode:
    case PickleOpcode::ShortBinString:
    case PickleOpcode::ShortBinBytes:
        lengthBytes = 1;
        break;
    case PickleOpcode::BinUnicode8:
    case PickleOpcode::BinBytes8:
        lengthBytes = 8;
        break;
    case PickleOpcode::BinUnicode:
    case PickleOpcode::BinString:
    case PickleOpcode::BinBytes:
        break;
    default:
        return false;
    }
    const std::uint64_t length = readUnsigned(lengthBytes);
    if (op == PickleOpcode::BinString && (length & 0x80000000u))
        fail(ErrorCode::CorruptData, "negative BINSTRING length");
    const bool isBytes =
        op == PickleOpcode::BinBytes || op == PickleOpcode::ShortBinBytes || op == PickleOpcode::BinBytes8;
    push(addObject(PickleString{std::string(readBytes(length)), isBytes}));
    return true;
}

void TorchUnpickler::reduce(PickleOpcode op)
{
    const PickleValue args = pop();
    const PickleValue callable = pop();
    const auto* global = objectAs<PickleGlobal>(callable);
    const auto* tuple = objectAs<PickleSequence>(args);
    if (!global)
        fail(ErrorCode::UnsupportedFormat, "REDUCE/NEWOBJ of something that is not a global");
    if (!tuple || !tuple->isTuple)
        fail(ErrorCode::CorruptData, "REDUCE/NEWOBJ arguments are not a tuple");
    if (op == PickleOpcode::NewObj && global->kind != GlobalKind::OrderedDict)
        fail(ErrorCode::UnsupportedFormat, "NEWOBJ of " + global->qualifiedName);
    const PickleGlobal callee = *global; // call() may grow m_objects
    const std::vector<PickleValue> arguments = tuple->items;
    push(call(callee, arguments));
}

bool TorchUnpickler::stepObject(PickleOpcode op)
{
    switch (op) {
    case PickleOpcode::Reduce:
    case PickleOpcode::NewObj:
        reduce(op);
        return true;
    case PickleOpcode::Build:
        pop(); // state
        if (!objectAs<PickleDict>(top()))
            fail(ErrorCode::UnsupportedFormat, "BUILD on an object that is not a dict");
        return true; // OrderedDict attributes such as _metadata: ignored
    case PickleOpcode::BinPersId: {
        const PickleValue pid = pop();
        push(persistentLoad(pid));
        return true;
    }
    default:
        return false;
    }
}

} // namespace delineate::tensorio::detail
