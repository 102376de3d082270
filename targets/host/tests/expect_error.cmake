# Runs na_host on an input it must reject: expects the exit code EXPECT_EXIT, nothing on stdout, and exactly one line
# on stderr matching the regular expression EXPECT_MESSAGE.
#   cmake -DNA_HOST=... -DMODEL=... -DWAV=... -DEXPECT_EXIT=2 -DEXPECT_MESSAGE=regex -P expect_error.cmake
foreach(var NA_HOST MODEL WAV EXPECT_EXIT EXPECT_MESSAGE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_error.cmake needs -D${var}=...")
  endif()
endforeach()
execute_process(COMMAND "${NA_HOST}" --model "${MODEL}" "${WAV}"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "na_host --model ${MODEL} ${WAV}: exit ${status}, expected ${EXPECT_EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "na_host --model ${MODEL} ${WAV}: printed a result for rejected input:\n${out}")
endif()
string(REGEX MATCHALL "\n" newlines "${err}")
list(LENGTH newlines lines)
if(NOT lines EQUAL 1 OR NOT err MATCHES "${EXPECT_MESSAGE}")
  message(FATAL_ERROR "na_host --model ${MODEL} ${WAV}: expected one line matching\n  ${EXPECT_MESSAGE}\ngot:\n${err}")
endif()
message(STATUS "rejected as expected: ${err}")
