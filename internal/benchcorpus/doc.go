// Package benchcorpus reads the benchmark corpus (a tar.gz of French
// documents, knowledge/testdata/bench) into an in-memory file system, for
// the benchmarks and tests of several packages.
package benchcorpus
