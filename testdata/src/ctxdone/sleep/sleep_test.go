package sleep

import (
	"context"
	"errors"
	"testing"
	"time"
)

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestRetryCancelled(t *testing.T) {
	calls := 0
	err := Retry(cancelled(), func() error { calls++; return errors.New("not yet") })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Retry with a cancelled context returned %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Fatalf("Retry called try %d times, want 1", calls)
	}
}

func TestDelayCancelled(t *testing.T) {
	Delay(cancelled(), time.Hour) // returns at once after the fix
}

func TestSettleCancelled(t *testing.T) {
	if got := Settle(cancelled(), time.Hour); got != 0 {
		t.Fatalf("Settle with a cancelled context returned %v, want 0", got)
	}
}

func TestPollUntilReady(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = ctx // the test bounds its later calls with ctx
	ready := func() bool { return true }
	for {
		if ready() {
			break
		}
		time.Sleep(time.Millisecond) // want `polling loop in TestPollUntilReady sleeps with time.Sleep and never checks ctx`
	}
}

func TestWatchCancelled(t *testing.T) {
	ticker := time.NewTicker(time.Hour)
	defer ticker.Stop()
	Watch(cancelled(), ticker, func() bool { return false }) // returns at once after the fix
}

func TestWaitCancelled(t *testing.T) {
	Wait(cancelled(), func() bool { return false }) // returns at once after the fix
}

// slowQuery sleeps only when asked, as a fake driver that simulates a slow
// query does: the loop around it is no polling loop.
func slowQuery(ctx context.Context, rows []int, delay time.Duration) int {
	for {
		if delay > 0 {
			time.Sleep(delay)
		}
		return len(rows)
	}
}

// waitBounded polls at most three times, so its wait has an end even
// though it ignores ctx.
func waitBounded(ctx context.Context, ready func() bool) bool {
	for i := 0; i < 3; i++ {
		if ready() {
			return true
		}
		time.Sleep(time.Second)
	}
	return false
}

func TestPollWithTestContext(t *testing.T) {
	ctx := t.Context() // cancelled only after the test returns, so not tracked
	_ = ctx
	ready := func() bool { return true }
	for {
		if ready() {
			break
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWaitReadyCancelled(t *testing.T) {
	if err := WaitReady(cancelled(), func() bool { return false }); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitReady with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestWaitReadyReady(t *testing.T) {
	if err := WaitReady(context.Background(), func() bool { return true }); err != nil {
		t.Fatalf("WaitReady with a ready check returned %v, want nil", err)
	}
}
