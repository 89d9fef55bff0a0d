// The JSON form of processes and results, shared by the API and `coproduce pb results --json`.
#pragma once

#include <boost/json.hpp>

#include "commission/process/process.hpp"

namespace coproduce::commission::process {

boost::json::object process_json(const Process& process);
// The process, the selected codes in selection order, every project with its
// votes and the engine's explanation, and the whole outcome as `pb run --json` prints it.
boost::json::object result_json(const Process& process, const Result& result);

}  // namespace coproduce::commission::process
