// A pool of threads for the blocking part of requests (handlers: the
// database, password hashing), so the network threads only parse and write.
// About one worker per core runs at a time; a worker waiting inside a
// core::Blocking scope (a query, a sync) does not count, so another starts and
// the cores stay busy without a crowd of runnable threads. The queue is
// bounded: when it is full, try_submit says no at once and the server answers
// 503 with Retry-After instead of queueing without limit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/blocking.hpp"

namespace coproduce::http {

class WorkPool : private core::BlockingObserver {
 public:
  // `threads`: at most this many jobs at once (most of them waiting);
  // `max_running`: at most this many not waiting (0: one per core).
  WorkPool(int threads, std::size_t max_queued, int max_running = 0);
  ~WorkPool() override;  // runs what is queued, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // False when `max_queued` jobs already wait: the caller sheds the request.
  bool try_submit(std::function<void()> job);
  std::size_t queued() const;

 private:
  struct Idle;
  void run();
  void enter_blocking() override;
  void leave_blocking() override;
  void wake_one();  // with the lock held: an idle worker takes a job, if one may run

  mutable std::mutex mutex_;
  std::deque<std::function<void()>> jobs_;
  std::vector<Idle*> idle_;  // waiting workers, the most recently idle last
  std::size_t max_queued_;
  int max_running_;
  int running_ = 0;  // workers in a job and not inside a Blocking scope
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace coproduce::http
