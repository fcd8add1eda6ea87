// Package asynctask runs a build step on a goroutine and waits for its
// result with a timeout.
//
// What goes wrong: when the timeout fires first, RunStep returns and the
// goroutine blocks forever on its send to the unbuffered results channel,
// because nobody will ever receive from it (an abandoned sender). The step
// itself also keeps running, since nothing cancels its context.
package asynctask

import (
	"context"
	"fmt"
	"time"
)

// StepResult is the outcome of one build step.
type StepResult struct {
	Name   string
	Output string
	Err    error
}

// RunStep runs the step and gives up after timeout.
func RunStep(ctx context.Context, name string, run func(context.Context) (string, error), timeout time.Duration) (StepResult, error) {
	results := make(chan StepResult)
	go func() {
		out, err := run(ctx)
		results <- StepResult{Name: name, Output: out, Err: err}
	}()
	select {
	case res := <-results:
		return res, res.Err
	case <-time.After(timeout):
		return StepResult{Name: name}, fmt.Errorf("step %s: timed out after %s", name, timeout)
	}
}
