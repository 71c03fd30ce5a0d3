// Package passagefile reads the passages files that loadbench writes
// (`loadbench passages`): one passage a line, "doc TAB n TAB title TAB
// text", the text in knowledge's search form. The FTS5 yardsticks and
// the start-up probes index them.
package passagefile

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Each calls fn with every passage of the file at path, in order; it stops
// at fn's first error and returns it.
func Each(path string, fn func(doc, n, title, text string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 4)
		if len(fields) != 4 {
			return fmt.Errorf("%s: not doc, n, title, text: %.60q", path, sc.Text())
		}
		if err := fn(fields[0], fields[1], fields[2], fields[3]); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
