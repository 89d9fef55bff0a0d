// Marks code that waits for something other than this CPU: a database round
// trip, a disk sync, a lock, a password hash bounded by its own semaphore.
// The server's worker pool keeps about one runnable worker per core; while a
// worker waits inside a Blocking scope it does not count, so another may run.
// Outside a pool worker a Blocking scope does nothing.
#pragma once

namespace coproduce::core {

class BlockingObserver {
 public:
  virtual ~BlockingObserver() = default;
  virtual void enter_blocking() = 0;
  virtual void leave_blocking() = 0;
};

// The calling thread's observer (set by the pool for its workers).
void set_blocking_observer(BlockingObserver* observer);

class Blocking {
 public:
  Blocking();
  ~Blocking();
  Blocking(const Blocking&) = delete;
  Blocking& operator=(const Blocking&) = delete;

 private:
  BlockingObserver* observer_;
};

}  // namespace coproduce::core
