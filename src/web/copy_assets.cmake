# Copies the browser assets into the build's assets/ folder, which the server
# serves under /assets/: GOV.UK Frontend's compiled CSS and JS, its fonts and
# images (its CSS refers to /assets/fonts/... and /assets/images/...), and
# src/web/assets/. Run by the build with SOURCE_DIR and DEST set.
set(govuk "${SOURCE_DIR}/node_modules/govuk-frontend/dist/govuk")
if(NOT EXISTS "${govuk}/govuk-frontend.min.css")
  message(FATAL_ERROR "GOV.UK Frontend is missing from ${SOURCE_DIR}/node_modules: "
                      "run scripts/install-deps.sh (it installs the npm packages), then build again.")
endif()
file(MAKE_DIRECTORY "${DEST}")
file(COPY "${govuk}/govuk-frontend.min.css" "${govuk}/govuk-frontend.min.js" DESTINATION "${DEST}")
file(COPY "${govuk}/assets/" DESTINATION "${DEST}")
file(GLOB own_assets "${SOURCE_DIR}/src/web/assets/*")
file(COPY ${own_assets} DESTINATION "${DEST}")
