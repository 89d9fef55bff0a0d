// The worker pool: at most max_running jobs run at once unless they wait in a
// core::Blocking scope, a full queue refuses at once, and stopping runs what
// was queued.
#include "http/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace coproduce::http {
namespace {

using namespace std::chrono_literals;

TEST(WorkPool, RunsAboutOneJobPerCoreAndMoreWhileJobsWait) {
  WorkPool pool(8, 100, 2);
  std::atomic<int> now{0}, most{0}, done{0};
  auto busy = [&] {
    int running = ++now;
    int seen = most.load();
    while (running > seen && !most.compare_exchange_weak(seen, running)) {
    }
    auto until = std::chrono::steady_clock::now() + 20ms;
    while (std::chrono::steady_clock::now() < until) {
    }
    --now;
    ++done;
  };
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(pool.try_submit(busy));
  while (done < 12) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(most.load(), 2) << "CPU work: never more running than allowed";

  // Jobs waiting in a Blocking scope do not count: all six wait together.
  std::mutex m;
  std::condition_variable cv;
  int waiting = 0;
  bool release = false;
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(pool.try_submit([&] {
      core::Blocking scope;
      std::unique_lock lock(m);
      ++waiting;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    }));
  {
    std::unique_lock lock(m);
    EXPECT_TRUE(cv.wait_for(lock, 5s, [&] { return waiting == 6; }));
    release = true;
  }
  cv.notify_all();
}

TEST(WorkPool, AFullQueueRefusesAndStoppingRunsWhatWasQueued) {
  std::atomic<int> ran{0};
  {
    WorkPool pool(1, 2, 1);
    std::mutex m;
    std::condition_variable cv;
    bool go = false;
    ASSERT_TRUE(pool.try_submit([&] {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return go; });
      ++ran;
    }));
    std::this_thread::sleep_for(50ms);  // the first job holds the only worker
    EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
    EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
    EXPECT_FALSE(pool.try_submit([&] { ++ran; })) << "two wait already";
    {
      std::lock_guard lock(m);
      go = true;
    }
    cv.notify_all();
  }
  EXPECT_EQ(ran.load(), 3);
}

}  // namespace
}  // namespace coproduce::http
