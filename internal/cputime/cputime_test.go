package cputime

import (
	"runtime"
	"testing"
)

func TestProcessGrows(t *testing.T) {
	before, ok := Process()
	if !ok {
		if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
			t.Fatal("CPU time not read on a Unix system")
		}
		t.Skip("no CPU time on this system")
	}
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	after, _ := Process()
	if after <= before {
		t.Errorf("CPU time %v after %v of busy work (%d)", after, before, x)
	}
}
