# Sourced by the shell tests in tests/pg/: one way to check a result and count failures.
# The test sets fail=0 first and ends with `exit $fail`.

# expect <what> <actual> <expected part>: ok when the actual output contains the expected part.
expect() {
  if [[ "$2" == *"$3"* ]]; then echo "ok $1"; else echo "FAIL $1: expected '$3', got '$2'"; fail=1; fi
}

# expect_not <what> <actual> <forbidden part>: ok when the actual output does not contain it.
expect_not() {
  if [[ "$2" != *"$3"* ]]; then echo "ok $1"; else echo "FAIL $1: found '$3' in '$2'"; fail=1; fi
}
