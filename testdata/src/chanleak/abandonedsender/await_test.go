package abandonedsender

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWithinValue(t *testing.T) {
	gate := make(chan struct{})
	close(gate)
	v, err := within(context.Background(), time.Hour, gate)
	if err != nil || v != 43 {
		t.Errorf("within = %d, %v; want 43, nil", v, err)
	}
}

func TestWithinTimeout(t *testing.T) {
	// The gate never opens, so only the deadline ends the wait.
	_, err := within(context.Background(), time.Nanosecond, make(chan struct{}))
	if !errors.Is(err, errTimeout) {
		t.Errorf("within error = %v, want %v", err, errTimeout)
	}
}

func TestUntilDoneValue(t *testing.T) {
	gate := make(chan struct{})
	close(gate)
	n, err := untilDone(context.Background(), gate)
	if err != nil || n != 42 {
		t.Errorf("untilDone = %d, %v; want 42, nil", n, err)
	}
}

func TestUntilDoneCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n, err := untilDone(ctx, make(chan struct{}))
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("untilDone = %d, %v; want 0, %v", n, err, context.Canceled)
	}
}

func TestFetch(t *testing.T) {
	v, err := fetch(time.Hour)
	if err != nil || v != 42 {
		t.Errorf("fetch = %d, %v; want 42, nil", v, err)
	}
}

func TestFetchCtx(t *testing.T) {
	v, err := fetchCtx(context.Background())
	if err != nil || v != 42 {
		t.Errorf("fetchCtx = %d, %v; want 42, nil", v, err)
	}
}

func TestTimerOverStopCtx(t *testing.T) {
	gate := make(chan struct{})
	close(gate)
	if got := timerOverStopCtx(time.Hour, gate); got != 42 {
		t.Errorf("timerOverStopCtx = %d, want 42", got)
	}
	// The gate never opens, so only the deadline ends the wait.
	if got := timerOverStopCtx(time.Nanosecond, make(chan struct{})); got != 0 {
		t.Errorf("timerOverStopCtx with an expired deadline = %d, want 0", got)
	}
}

func TestSignalled(t *testing.T) {
	gate := make(chan struct{})
	close(gate)
	if !signalled(context.Background(), gate) {
		t.Errorf("signalled with an open gate = false, want true")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if signalled(ctx, make(chan struct{})) {
		t.Errorf("signalled with a cancelled context = true, want false")
	}
}
