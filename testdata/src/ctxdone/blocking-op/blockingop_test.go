package blockingop

import (
	"context"
	"errors"
	"testing"
)

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestProduceCancelled(t *testing.T) {
	if err := Produce(cancelled(), make(chan int), 3); !errors.Is(err, context.Canceled) {
		t.Fatalf("Produce with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestAwaitCancelled(t *testing.T) {
	if err := Await(cancelled(), make(chan struct{})); !errors.Is(err, context.Canceled) {
		t.Fatalf("Await with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestTakeCancelled(t *testing.T) {
	if _, err := Take(cancelled(), make(chan int)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Take with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestTakeValue(t *testing.T) {
	in := make(chan int, 1)
	in <- 7
	if v, err := Take(context.Background(), in); v != 7 || err != nil {
		t.Fatalf("Take = %d, %v, want 7, nil", v, err)
	}
}

func TestSubmitCancelled(t *testing.T) {
	if err := newServer().Submit(cancelled(), "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Submit with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestWatchRunCancelled(t *testing.T) {
	w := newWatch(context.Background())
	errs := w.errs
	go func() { errs <- errors.New("failed") }()
	w.Run() // the error case cancels w.ctx, so the fixed send gives up
}

// Compute with a cancelled context is not tested: its goroutine may still
// hand over the value, since a select picks at random among ready cases.

func TestComputeValue(t *testing.T) {
	if v, err := Compute(context.Background(), func() int { return 5 }); v != 5 || err != nil {
		t.Fatalf("Compute = %d, %v, want 5, nil", v, err)
	}
}
