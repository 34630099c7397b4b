# The three floors, checked on every build (cmake -P; the build's `check_layers` step runs it).
#
#   core/  plain C++ (LibTorch, ITK, DCMTK, OpenCV); never Qt, never ui/ or app/ headers
#   ui/    Qt presenters and widgets; core's public headers; never torch, ITK, DCMTK or OpenCV headers
#   app/   wires ui/ and core/ together; never torch, ITK, DCMTK or OpenCV headers
#
# Include paths already keep a library's private headers (src/) away from other targets, and a target
# sees only the public headers (include/<name>/) of what it links; this script adds the rules that
# include paths cannot express, with one line per offence naming the file and the header:
#   - a quoted include "<name>/..." must name a library of the same floor or one below;
#   - Qt headers only in ui/, app/, resources/, translations/ (and tests/benchmarks of those);
#   - torch headers (torch/, ATen/, c10/, caffe2/) only in core/tensorio, core/sam, core/train;
#   - sam's training API (sam/SamModel.h, sam/PromptTensors.h: torch in the interface) only in core/sam
#     and core/train; everything else uses the torch-free sam/SamPredictor.h;
#   - ITK, DCMTK and OpenCV headers only in core/.
#
# Usage: cmake -DSOURCE_DIR=<checkout> [-DFILES=<a;b;...>] [-DSTAMP=<file>] -P CheckLayers.cmake
# FILES (paths relative to SOURCE_DIR) replaces the scan of core/, ui/ and app/ (the test uses it).

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "CheckLayers: SOURCE_DIR not set")
endif()

# Floors: 1 core, 2 ui, 3 app. A library is a folder with include/<name>/ under core/, ui/ or app/.
function(_floor_of_path path out)
  if(path MATCHES "^core/")
    set(${out} 1 PARENT_SCOPE)
  elseif(path MATCHES "^ui/")
    set(${out} 2 PARENT_SCOPE)
  elseif(path MATCHES "^(app|resources|translations)/")
    set(${out} 3 PARENT_SCOPE)
  else()
    set(${out} 0 PARENT_SCOPE)
  endif()
endfunction()

file(GLOB library_includes LIST_DIRECTORIES true RELATIVE "${SOURCE_DIR}"
  "${SOURCE_DIR}/core/*/include/*" "${SOURCE_DIR}/ui/*/include/*" "${SOURCE_DIR}/app/*/include/*"
  "${SOURCE_DIR}/resources/include/*" "${SOURCE_DIR}/translations/include/*")
set(library_names "")
foreach(dir ${library_includes})
  if(IS_DIRECTORY "${SOURCE_DIR}/${dir}")
    get_filename_component(name "${dir}" NAME)
    _floor_of_path("${dir}" floor)
    set(floor_of_${name} ${floor})
    list(APPEND library_names ${name})
  endif()
endforeach()

if(FILES)
  set(files ${FILES})
else()
  file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}"
    "${SOURCE_DIR}/core/*.h" "${SOURCE_DIR}/core/*.cpp"
    "${SOURCE_DIR}/ui/*.h" "${SOURCE_DIR}/ui/*.cpp"
    "${SOURCE_DIR}/app/*.h" "${SOURCE_DIR}/app/*.cpp")
endif()

# Known offences being removed (each names the work that removes it). Keep this list short and dated.
# (Empty: delineate-cli's OpenCV PNG writing moved into core/io, 2026-12-06.)
set(known_offences)

set(offences "")
foreach(file ${files})
  _floor_of_path("${file}" floor)
  file(STRINGS "${SOURCE_DIR}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line ${lines})
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*([<\"])([^>\"]*)[>\"].*$" "\\1\\2" spec "${line}")
    string(SUBSTRING "${spec}" 0 1 delimiter)
    string(SUBSTRING "${spec}" 1 -1 header)
    if(delimiter STREQUAL "\"" AND header MATCHES "^([A-Za-z0-9_]+)/")
      set(name "${CMAKE_MATCH_1}")
      if(DEFINED floor_of_${name} AND floor_of_${name} GREATER floor)
        list(APPEND offences "${file}: includes \"${header}\" from a higher floor")
      endif()
      if(header MATCHES "^sam/(SamModel|PromptTensors)\\.h$" AND NOT file MATCHES "^core/(sam|train)/")
        list(APPEND offences "${file}: includes \"${header}\" (sam's training API: core/train only)")
      endif()
    endif()
    if(delimiter STREQUAL "<")
      if(floor EQUAL 1 AND header MATCHES "^Q[A-Za-z]*(/|$)")
        list(APPEND offences "${file}: includes Qt header <${header}> in core/")
      endif()
      if(header MATCHES "^(torch|ATen|c10|caffe2)/" AND NOT file MATCHES "^core/(tensorio|sam|train)/")
        list(APPEND offences "${file}: includes torch header <${header}> outside core/tensorio, core/sam, core/train")
      endif()
      if(header MATCHES "^(itk[A-Za-z0-9_]*\\.h|dcmtk/|opencv2/)" AND NOT floor EQUAL 1)
        list(APPEND offences "${file}: includes <${header}> (ITK, DCMTK, OpenCV belong to core/)")
      endif()
    endif()
  endforeach()
endforeach()

if(offences AND known_offences)
  list(REMOVE_ITEM offences ${known_offences})
endif()
if(offences)
  list(LENGTH offences count)
  string(REPLACE ";" "\n  " listing "${offences}")
  message(FATAL_ERROR "CheckLayers: ${count} forbidden include(s) across layers:\n  ${listing}")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
