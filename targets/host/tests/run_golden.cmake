# Runs na_host on a golden WAV and compares its stdout with the expected JSON byte for byte.
#   cmake -DNA_HOST=... -DMODEL=... -DWAV=... -DEXPECTED=... -P run_golden.cmake
foreach(var NA_HOST MODEL WAV EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_golden.cmake needs -D${var}=...")
  endif()
endforeach()
execute_process(COMMAND "${NA_HOST}" --model "${MODEL}" "${WAV}"
  OUTPUT_VARIABLE actual ERROR_VARIABLE messages RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "na_host --model ${MODEL} ${WAV} exited with ${status}:\n${messages}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT actual STREQUAL expected)
  string(LENGTH "${actual}" actual_length)
  string(LENGTH "${expected}" expected_length)
  message(FATAL_ERROR "na_host --model ${MODEL} ${WAV}: the output differs from ${EXPECTED}\n"
    "expected (${expected_length} chars):\n${expected}\nactual (${actual_length} chars):\n${actual}\nstderr:\n${messages}")
endif()
message(STATUS "${MODEL} on ${WAV}: output equals ${EXPECTED}")
