// Package racecopy forwards the stdout and stderr of a job to one log.
//
// What goes wrong: Forward copies both streams on their own goroutines and
// returns as soon as the first copy ends. The other goroutine then blocks
// forever on its send to the unbuffered done channel, and until its stream
// ends it keeps writing to the log after Forward has returned.
package racecopy

import (
	"io"
	"sync"
)

// lockedWriter serialises writes from the two copies.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Forward copies stdout and stderr to log until one of them ends.
func Forward(stdout, stderr io.Reader, log io.Writer) error {
	w := &lockedWriter{w: log}
	done := make(chan error)
	go func() {
		_, err := io.Copy(w, stdout)
		done <- err
	}()
	go func() {
		_, err := io.Copy(w, stderr)
		done <- err
	}()
	return <-done
}
