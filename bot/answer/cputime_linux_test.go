//go:build linux

package answer_test

import (
	"syscall"
	"time"
)

// rusageThread is Linux's RUSAGE_THREAD, which package syscall does not
// name: the resources used by the calling thread.
const rusageThread = 1

// threadCPU returns the CPU time (user and system) the calling thread has
// used so far, and whether it could be read. The caller locks its
// goroutine to its thread (runtime.LockOSThread) between two readings.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
