// Package pollready waits until a pod of a job reports the Running phase.
//
// What goes wrong: the polling goroutine sleeps with time.Sleep and never
// checks the context. When the job is cancelled, WaitRunning returns but
// the goroutine keeps polling the cluster until the pod runs or its
// status call fails, which may be never.
package pollready

import (
	"context"
	"time"
)

// StatusClient reads the phase of a pod.
type StatusClient interface {
	Phase(pod string) (string, error)
}

// WaitRunning polls every interval until pod is Running.
func WaitRunning(ctx context.Context, c StatusClient, pod string, interval time.Duration) error {
	ready := make(chan error, 1)
	go func() {
		for {
			phase, err := c.Phase(pod)
			if err != nil {
				ready <- err
				return
			}
			if phase == "Running" {
				ready <- nil
				return
			}
			time.Sleep(interval)
		}
	}()
	select {
	case err := <-ready:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
