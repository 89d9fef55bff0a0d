// libFuzzer entry point: any byte string must give an Instance or a ParseError (never a
// crash, hang or other exception), and every accepted input must survive write + parse.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "commission/pb/constraints.hpp"
#include "commission/pb/parser.hpp"
#include "commission/pb/writer.hpp"

using namespace coproduce::commission::pb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Instance instance;
  try {
    instance = parse_pb(text, "fuzz.pb");
  } catch (const ParseError&) {
    return 0;
  }
  check_ballots(instance, ballot_constraints(instance));
  Instance again = parse_pb(write_pb(instance), "fuzz.pb");
  if (!(again == instance)) std::abort();  // the writer lost or changed something
  return 0;
}
