#include "http/work_pool.hpp"

#include <algorithm>

#include "http/access_log.hpp"

namespace coproduce::http {

// Idle workers wait on their own condition, and the most recently idle one is
// woken first (a stack): the same few threads keep the work, warm.
struct WorkPool::Idle {
  std::condition_variable wake;
  bool has_job = false;
};

WorkPool::WorkPool(int threads, std::size_t max_queued, int max_running)
    : max_queued_(std::max<std::size_t>(1, max_queued)),
      max_running_(max_running > 0 ? max_running
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

WorkPool::~WorkPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto* idle : idle_) idle->wake.notify_one();
  }
  for (auto& t : threads_) t.join();
}

void WorkPool::wake_one() {
  if (jobs_.empty() || idle_.empty() || running_ >= max_running_) return;
  Idle* worker = idle_.back();
  idle_.pop_back();
  worker->has_job = true;
  ++running_;  // counted now, so a burst does not wake more than may run
  worker->wake.notify_one();
}

bool WorkPool::try_submit(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (stopping_ || jobs_.size() >= max_queued_) return false;
  jobs_.push_back(std::move(job));
  wake_one();
  return true;
}

std::size_t WorkPool::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void WorkPool::enter_blocking() {
  std::lock_guard lock(mutex_);
  --running_;
  wake_one();
}

void WorkPool::leave_blocking() {
  std::lock_guard lock(mutex_);
  ++running_;
}

void WorkPool::run() {
  core::set_blocking_observer(this);
  Idle me;
  std::unique_lock lock(mutex_);
  bool counted = false;  // whether this worker is in running_
  while (true) {
    bool may_run = counted || running_ < max_running_;
    if (jobs_.empty() || !may_run) {
      if (counted) {
        --running_;
        counted = false;
        wake_one();
      }
      if (stopping_ && jobs_.empty()) return;
      me.has_job = false;
      idle_.push_back(&me);
      me.wake.wait(lock, [&] { return me.has_job || stopping_; });
      if (me.has_job) {
        counted = true;  // wake_one counted us
      } else {
        idle_.erase(std::remove(idle_.begin(), idle_.end(), &me), idle_.end());
        if (jobs_.empty()) return;
        ++running_;  // stopping: run what is left regardless of the limit
        counted = true;
      }
      continue;
    }
    if (!counted) {
      ++running_;
      counted = true;
    }
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (const std::exception& e) {
      write_error_log("-", std::string("uncaught in a worker: ") + e.what());
    } catch (...) {
      write_error_log("-", "uncaught in a worker");
    }
    lock.lock();
  }
}

}  // namespace coproduce::http
