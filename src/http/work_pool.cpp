#include "http/work_pool.hpp"

#include <algorithm>

#include "http/access_log.hpp"

namespace coproduce::http {

WorkPool::WorkPool(int threads, std::size_t max_queued) : max_queued_(std::max<std::size_t>(1, max_queued)) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

WorkPool::~WorkPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

bool WorkPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= max_queued_) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

std::size_t WorkPool::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void WorkPool::run() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      write_error_log("-", std::string("uncaught in a worker: ") + e.what());
    } catch (...) {
      write_error_log("-", "uncaught in a worker");
    }
  }
}

}  // namespace coproduce::http
