# crucible_add_plugin(NAME SOURCES src... [LIBRARIES lib...] [OUTPUT_DIR dir])
#
# Builds a workload plugin: a MODULE library named NAME.so that includes only the SDK
# (crucible::sdk). RapidCheck's symbols stay undefined in the plugin and resolve from the
# crucible executable at load time (Debian's librapidcheck.a is not position-independent).
function(crucible_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CRUCIBLE_PLUGIN_OUTPUT_DIR})
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE crucible::sdk ${ARG_LIBRARIES})
  if(CMAKE_CUDA_ARCHITECTURES)
    # describe() reports it, so that the harness skips CUDA variants on a device this build
    # holds no code for.
    string(REPLACE ";" "," _archs "${CMAKE_CUDA_ARCHITECTURES}")
    target_compile_definitions(${name} PRIVATE CRUCIBLE_CUDA_ARCHITECTURES="${_archs}")
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# crucible_link_rapidcheck(TARGET): for executables that run RapidCheck properties or load
# plugins: the whole archive goes in and the executable exports its symbols to plugins.
function(crucible_link_rapidcheck target)
  target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,rapidcheck>")
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
endfunction()
