// Package cputime reads the CPU time the process has used, for the
// benchmarks that report it beside wall time: on a shared machine CPU time
// moves less from run to run than wall time.
package cputime
