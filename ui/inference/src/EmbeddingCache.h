#pragma once
// LRU cache of image embeddings with a memory cap. Keys name study, plane, slice, model and adapter
// version (see SliceKey::cacheKey). Used only by the model thread: not thread-safe.

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

namespace delineate::ui {

template <typename Value> class EmbeddingCache {
public:
    explicit EmbeddingCache(std::size_t capacityBytes) : m_capacity(capacityBytes) {}

    void setCapacity(std::size_t bytes)
    {
        m_capacity = bytes;
        evict();
    }
    [[nodiscard]] std::size_t capacity() const { return m_capacity; }
    [[nodiscard]] std::size_t bytesUsed() const { return m_used; }
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }

    // Returns the value and marks it most recently used.
    std::optional<Value> get(const std::string& key)
    {
        auto it = m_index.find(key);
        if (it == m_index.end())
            return std::nullopt;
        m_entries.splice(m_entries.begin(), m_entries, it->second);
        return it->second->value;
    }
    [[nodiscard]] bool contains(const std::string& key) const { return m_index.count(key) != 0; }

    void put(const std::string& key, Value value, std::size_t bytes)
    {
        remove(key);
        m_entries.push_front({key, std::move(value), bytes});
        m_index[key] = m_entries.begin();
        m_used += bytes;
        evict();
    }

    void remove(const std::string& key)
    {
        auto it = m_index.find(key);
        if (it == m_index.end())
            return;
        m_used -= it->second->bytes;
        m_entries.erase(it->second);
        m_index.erase(it);
    }

    // Drops every entry whose key starts with `prefix` (e.g. all slices of a model after retraining).
    void removePrefix(const std::string& prefix)
    {
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (it->key.rfind(prefix, 0) == 0) {
                m_used -= it->bytes;
                m_index.erase(it->key);
                it = m_entries.erase(it);
            } else {
                ++it;
            }
        }
    }

    void clear()
    {
        m_entries.clear();
        m_index.clear();
        m_used = 0;
    }

private:
    struct Entry {
        std::string key;
        Value value;
        std::size_t bytes;
    };

    void evict()
    {
        // Keep at least the most recent entry, even when it alone exceeds the cap.
        while (m_used > m_capacity && m_entries.size() > 1) {
            m_used -= m_entries.back().bytes;
            m_index.erase(m_entries.back().key);
            m_entries.pop_back();
        }
    }

    std::size_t m_capacity;
    std::size_t m_used = 0;
    std::list<Entry> m_entries;
    std::unordered_map<std::string, typename std::list<Entry>::iterator> m_index;
};

} // namespace delineate::ui
