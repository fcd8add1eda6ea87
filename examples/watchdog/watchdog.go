// Package watchdog runs a job step with a watchdog that reports progress.
//
// What goes wrong: the watchdog goroutine ranges over a ticker channel that
// is never closed, and nothing stops the ticker. The goroutine and its
// ticker outlive Run and keep writing "still running" lines to the log of
// a step that has finished.
package watchdog

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Run runs step and prints a line to log every interval while it runs.
func Run(ctx context.Context, name string, step func(context.Context) error, every time.Duration, log io.Writer) error {
	start := time.Now()
	go func() {
		t := time.NewTicker(every)
		for range t.C {
			fmt.Fprintf(log, "%s still running after %s\n", name, time.Since(start).Round(time.Second))
		}
	}()
	return step(ctx)
}
