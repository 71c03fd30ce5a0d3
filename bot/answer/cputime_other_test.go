//go:build !linux

package answer_test

import "time"

// threadCPU is not available here: the benchmarks report wall times only.
func threadCPU() (time.Duration, bool) { return 0, false }
