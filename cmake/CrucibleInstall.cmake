# `cmake --install`: the crucible program, the in-tree plugins where it searches for them
# (../lib/crucible/plugins), the SDK headers, and the CMake package that out-of-tree plugins
# build with:
#
#   find_package(Crucible 0.1 REQUIRED)
#   crucible_add_plugin(myplugin SOURCES myplugin.cpp)
#
# The package's crucible::sdk carries the SDK's include path and its header dependencies
# (nlohmann_json, RapidCheck's headers). A plugin never links RapidCheck: its symbols resolve
# from the crucible executable when the plugin is loaded (crucible_add_plugin arranges it).
include(CMakePackageConfigHelpers)

install(TARGETS crucible RUNTIME DESTINATION bin)
foreach(_workload ${CRUCIBLE_WORKLOADS})
  if(TARGET ${_workload})
    install(TARGETS ${_workload} LIBRARY DESTINATION lib/crucible/plugins)
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/harness/include/crucible DESTINATION include)
install(TARGETS crucible_sdk EXPORT CrucibleTargets)
install(EXPORT CrucibleTargets NAMESPACE crucible:: DESTINATION lib/cmake/Crucible)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/CrucibleConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/CrucibleConfig.cmake INSTALL_DESTINATION lib/cmake/Crucible)
# 0.x: a minor version may change the plugin ABI, so only the same minor version matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/CrucibleConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/CrucibleConfig.cmake ${PROJECT_BINARY_DIR}/CrucibleConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/CruciblePlugin.cmake
        DESTINATION lib/cmake/Crucible)
