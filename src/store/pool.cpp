// The connection pool (see pool.hpp).
#include "store/pool.hpp"

#include "core/blocking.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace coproduce::store {

constexpr std::chrono::seconds kAcquireTimeout{30};

struct PooledDatabase::State {
  std::mutex mutex;
  std::condition_variable returned;
  std::vector<std::unique_ptr<PooledConnection>> idle;
  int open_count = 0;  // idle + lent out
  int capacity;
  Factory open_connection;

  void give_back(PooledConnection* connection) noexcept {
    std::unique_ptr<PooledConnection> owned(connection);
    bool reusable = owned->recycle();
    {
      std::lock_guard lock(mutex);
      if (reusable) {
        idle.push_back(std::move(owned));
      } else {
        --open_count;
      }
    }
    returned.notify_one();
  }
};

PooledDatabase::PooledDatabase(Dialect dialect, int pool_size, Factory open_connection)
    : dialect_(dialect), state_(std::make_shared<State>()) {
  if (pool_size < 1) throw std::invalid_argument("database pool size must be at least 1");
  state_->capacity = pool_size;
  state_->open_connection = std::move(open_connection);
}

PooledDatabase::~PooledDatabase() = default;

Database::Handle PooledDatabase::acquire() {
  core::Blocking waiting;  // for a connection to come back, or to open one
  std::unique_lock lock(state_->mutex);
  // A long wait means connections are being held, e.g. a thread borrowing a
  // second one while holding the first: better an error naming that than a hang.
  if (!state_->returned.wait_for(lock, kAcquireTimeout, [&] {
        return !state_->idle.empty() || state_->open_count < state_->capacity;
      })) {
    throw DatabaseError("no database connection became free within " +
                        std::to_string(kAcquireTimeout.count()) + " s (pool of " +
                        std::to_string(state_->capacity) +
                        "); is a thread holding one while asking for another?");
  }
  std::unique_ptr<PooledConnection> connection;
  if (!state_->idle.empty()) {
    connection = std::move(state_->idle.back());
    state_->idle.pop_back();
  } else {
    ++state_->open_count;
    lock.unlock();  // opening can take a while; others may still borrow idle ones
    try {
      connection = state_->open_connection();
    } catch (...) {
      lock.lock();
      --state_->open_count;
      lock.unlock();
      state_->returned.notify_one();
      throw;
    }
  }
  std::shared_ptr<State> state = state_;
  return Handle(connection.release(), [state](Connection* returned) {
    state->give_back(static_cast<PooledConnection*>(returned));
  });
}

}  // namespace coproduce::store
