#pragma once
// The model thread's work queue: priorities, supersession and cancellation, without Qt.
//
// Priorities (highest first): decode for the current slice, embedding of the current slice,
// prefetching neighbouring slices, batch work. Within a priority, first in first out.
// A job with a non-empty `supersedeKey` replaces any pending job with the same key (a newer click
// supersedes an older pending one). cancelGroup() drops pending jobs of a batch, cancelPriority() all
// pending jobs of a priority. A job interrupted for more urgent work goes back with requeue(): first of
// its priority, unless it was cancelled (or superseded) since it was taken.
// Thread-safe: the GUI thread pushes, the model thread pops.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace delineate::ui {

enum class JobPriority { Decode = 0, Embed = 1, Prefetch = 2, Batch = 3 };

template <typename Payload> class JobQueue {
public:
    struct Job {
        JobPriority priority = JobPriority::Batch;
        std::string supersedeKey; // empty: never superseded
        std::uint64_t group = 0;  // batch id for cancelGroup (0: none)
        Payload payload;
        std::uint64_t epoch = 0; // internal: cancelPriority() count of its priority when taken
        std::string target{};    // what it works on (a slice's cache key; empty: nothing in particular)
    };

    void push(Job job)
    {
        {
            std::lock_guard lock(m_mutex);
            if (!job.supersedeKey.empty())
                std::erase_if(m_jobs, [&](const Job& j) { return j.supersedeKey == job.supersedeKey; });
            // Insert after the last job of the same or higher priority (stable FIFO within a priority).
            auto it = m_jobs.end();
            while (it != m_jobs.begin() && std::prev(it)->priority > job.priority)
                --it;
            m_jobs.insert(it, std::move(job));
        }
        m_ready.notify_one();
    }

    // Blocks until a job is available or the queue is closed (then returns nothing).
    std::optional<Job> pop()
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return m_closed || !m_jobs.empty(); });
        if (m_jobs.empty())
            return std::nullopt;
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        job.epoch = m_epochs[std::size_t(job.priority)];
        return job;
    }

    // Puts a job taken by pop() back in front of its priority; false (dropped) when its group or its
    // priority was cancelled since, or a newer job with its supersede key is pending.
    bool requeue(Job job)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_closed || job.epoch != m_epochs[std::size_t(job.priority)] ||
                (job.group != 0 && m_cancelledGroups.count(job.group) > 0))
                return false;
            if (!job.supersedeKey.empty() && std::any_of(m_jobs.begin(), m_jobs.end(), [&](const Job& j) {
                    return j.supersedeKey == job.supersedeKey;
                }))
                return false;
            auto it = m_jobs.begin();
            while (it != m_jobs.end() && it->priority < job.priority)
                ++it;
            m_jobs.insert(it, std::move(job));
        }
        m_ready.notify_one();
        return true;
    }

    // True when a pending job outranks `priority` (the running job's): the model thread checks this
    // between encoder blocks to interrupt a prefetch or batch embedding.
    [[nodiscard]] bool hasJobAbove(JobPriority priority) const
    {
        std::lock_guard lock(m_mutex);
        return !m_jobs.empty() && m_jobs.front().priority < priority;
    }

    // True when a pending job matches `predicate` (the model thread between encoder blocks: a click on
    // another slice waiting behind the running embedding).
    [[nodiscard]] bool hasPending(const std::function<bool(const Job&)>& predicate) const
    {
        std::lock_guard lock(m_mutex);
        return std::any_of(m_jobs.begin(), m_jobs.end(), predicate);
    }

    // Removes pending jobs matching `predicate`; returns how many.
    std::size_t removeIf(const std::function<bool(const Job&)>& predicate)
    {
        std::lock_guard lock(m_mutex);
        return std::erase_if(m_jobs, predicate);
    }
    std::size_t cancelGroup(std::uint64_t group)
    {
        {
            std::lock_guard lock(m_mutex);
            m_cancelledGroups.insert(group);
        }
        return removeIf([group](const Job& j) { return j.group == group; });
    }
    std::size_t cancelPriority(JobPriority priority)
    {
        {
            std::lock_guard lock(m_mutex);
            ++m_epochs[std::size_t(priority)];
        }
        return removeIf([priority](const Job& j) { return j.priority == priority; });
    }

    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
            m_jobs.clear();
        }
        m_ready.notify_all();
    }

    [[nodiscard]] std::size_t size() const
    {
        std::lock_guard lock(m_mutex);
        return m_jobs.size();
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Job> m_jobs;
    std::array<std::uint64_t, 4> m_epochs{};
    std::set<std::uint64_t> m_cancelledGroups;
    bool m_closed = false;
};

} // namespace delineate::ui
