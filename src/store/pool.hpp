// A fixed-size pool of connections shared by both backends: connections are
// opened on first need, `acquire` blocks while all are lent out (throwing
// after 30 s, which only a leaked or nested borrowing can cause), and a
// connection coming back is made clean (open transaction rolled back, broken
// link reset) before anyone else gets it.
#pragma once

#include <functional>
#include <memory>

#include "store/database.hpp"

namespace coproduce::store {

class PooledConnection : public Connection {
 public:
  // Called when the connection returns to the pool. Returns false when it is
  // unusable and should be closed instead of reused. Must not throw.
  virtual bool recycle() noexcept = 0;
};

class PooledDatabase : public Database {
 public:
  using Factory = std::function<std::unique_ptr<PooledConnection>()>;
  // Throws std::invalid_argument when pool_size < 1.
  PooledDatabase(Dialect dialect, int pool_size, Factory open_connection);
  ~PooledDatabase() override;
  Dialect dialect() const override { return dialect_; }
  Handle acquire() override;

 private:
  struct State;
  Dialect dialect_;
  // Shared with every lent handle, so a handle outliving the Database is safe.
  std::shared_ptr<State> state_;
};

}  // namespace coproduce::store
