// Command genwords writes internal/french/lists_gen.go, the Go tables of
// the word lists internal/french/data/*.txt (package
// internal/french/wordlist parses and checks them), so that package french
// parses nothing when a program starts. Run it with `go generate
// ./internal/french` after editing a list; `go test
// ./internal/french/...` fails while the file is out of date.
//
// Usage, from internal/french (where go generate runs it):
//
//	go run ../tools/genwords [-dir .]
package main
