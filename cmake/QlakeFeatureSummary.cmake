# SPDX-License-Identifier: Apache-2.0
# Prints which optional parts of Qlake this configuration builds.
function(qlake_feature_summary)
  message(STATUS "Qlake ${PROJECT_VERSION} features:")
  foreach(opt QLAKE_BUILD_GUI QLAKE_BUILD_TESTS QLAKE_BUILD_BENCH)
    message(STATUS "  ${opt}: ${${opt}}")
  endforeach()
endfunction()
