package bench

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU adds a cpu-ns/op metric to b: the CPU time, user and system,
// that the whole process spent per operation. The machine the benchmarks
// run on is shared, so wall time (ns/op) includes waits for other
// processes; CPU time leaves most of those out. Call the returned function
// when the timed loop ends.
func reportCPU(b *testing.B) func() {
	start := processCPU(b)
	return func() {
		b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
	}
}

// processCPU returns the CPU time that the process has used so far.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatalf("getrusage failed: %v", err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}
