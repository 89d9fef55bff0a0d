#include "core/blocking.hpp"

namespace coproduce::core {
namespace {
thread_local BlockingObserver* current = nullptr;
thread_local int depth = 0;  // nested scopes count once
}  // namespace

void set_blocking_observer(BlockingObserver* observer) { current = observer; }

Blocking::Blocking() : observer_(depth++ == 0 ? current : nullptr) {
  if (observer_) observer_->enter_blocking();
}

Blocking::~Blocking() {
  --depth;
  if (observer_) observer_->leave_blocking();
}

}  // namespace coproduce::core
