# delineate_torch_from_python(<python>): find_package(Torch) then finds the LibTorch inside <python>'s torch
# package (PyPI's torch wheel is an official LibTorch 2.x with CUDA and the cxx11 ABI). A missing interpreter or
# torch package stops the configure with one line saying how to make it.
function(delineate_torch_from_python python)
  execute_process(
    COMMAND "${python}" -c "import os, torch; print(os.path.dirname(torch.__file__)); print(torch.__version__)"
    OUTPUT_VARIABLE torch_info ERROR_VARIABLE torch_error RESULT_VARIABLE torch_status
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT torch_status EQUAL 0)
    message(FATAL_ERROR "DELINEATE_TORCH_PYTHON=${python} has no usable torch package: make it with "
                        "packaging/install-deps.sh --cuda (packaging/torch-venv.sh), or configure without the "
                        "cuda preset for the system's LibTorch")
  endif()
  string(REPLACE "\n" ";" torch_info "${torch_info}")
  list(GET torch_info 0 torch_root)
  list(GET torch_info 1 version)
  message(STATUS "LibTorch from ${python}: torch ${version} in ${torch_root}")
  # The package's folder as a prefix: its share/cmake/Torch config, and its lib/ for the libraries that
  # TorchConfig.cmake looks up by name (libtorch.so), before a system LibTorch in /usr/lib.
  list(PREPEND CMAKE_PREFIX_PATH "${torch_root}")
  set(CMAKE_PREFIX_PATH "${CMAKE_PREFIX_PATH}" PARENT_SCOPE)
  # No GPU probe while configuring (torch's CMake otherwise compiles and runs a program to list the GPUs'
  # architectures); the project has no CUDA sources of its own, this only names the architectures.
  set(CMAKE_CUDA_ARCHITECTURES OFF CACHE STRING "torch's CMake takes TORCH_CUDA_ARCH_LIST instead")
  if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    set(ENV{TORCH_CUDA_ARCH_LIST} "8.0;8.6;8.9;9.0")
  endif()
endfunction()
