// Creating a real organisation with its first officer from the command line.
#pragma once

#include <string>

#include "store/database.hpp"

namespace coproduce::app {

// Creates an organisation and its first officer in one transaction; throws
// core::Error naming the field when the slug or email is taken or invalid.
void create_organisation_with_officer(store::Database& db, const std::string& slug,
                                      const std::string& name, const std::string& locale,
                                      const std::string& officer_email,
                                      const std::string& officer_name,
                                      const std::string& password);

}  // namespace coproduce::app
