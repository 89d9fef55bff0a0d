// A fixed pool of threads for the blocking part of requests (handlers: the
// database, password hashing), so the network threads only parse and write.
// Its queue is bounded: when it is full, try_submit says no at once and the
// server answers 503 with Retry-After instead of queueing without limit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace coproduce::http {

class WorkPool {
 public:
  WorkPool(int threads, std::size_t max_queued);
  ~WorkPool();  // runs what is queued, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // False when `max_queued` jobs already wait: the caller sheds the request.
  bool try_submit(std::function<void()> job);
  std::size_t queued() const;

 private:
  void run();
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace coproduce::http
