// Package servicecleanup stops the services of a test environment in
// parallel.
//
// What goes wrong: Cleanup adds len(services) to the WaitGroup up front
// but skips the nil entries without a goroutine, so the counter never
// reaches zero and wg.Wait() blocks forever. Stop errors are printed and
// then lost, and a panic in one Stop takes the whole process down instead
// of reaching the caller.
package servicecleanup

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// Service is a dependency started for a test run.
type Service interface {
	Name() string
	Stop(ctx context.Context) error
}

// Cleanup stops every service, giving each one grace to shut down.
func Cleanup(services []Service, grace time.Duration, log io.Writer) {
	var wg sync.WaitGroup
	wg.Add(len(services))
	for _, s := range services {
		if s == nil {
			continue
		}
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if err := s.Stop(ctx); err != nil {
				fmt.Fprintf(log, "stop %s: %v\n", s.Name(), err)
			}
		}()
	}
	wg.Wait()
}
