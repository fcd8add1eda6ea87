// Package logstream scans a job's log for the first error line.
//
// What goes wrong: a producer goroutine sends every line on an unbuffered
// channel, and FirstError stops reading at the first error line. The
// producer then blocks forever on its next send and never closes the
// channel.
package logstream

import (
	"bufio"
	"io"
	"strings"
)

// FirstError returns the first line that contains "ERROR".
func FirstError(r io.Reader) (string, bool) {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for line := range lines {
		if strings.Contains(line, "ERROR") {
			return line, true
		}
	}
	return "", false
}
