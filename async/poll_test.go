package async

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := Sleep(context.Background(), time.Second); err != nil {
			t.Fatalf("Sleep returned %v", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Fatalf("Sleep lasted %v, want 1s", d)
		}

		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errFirst)
		defer cancel()
		if err := Sleep(ctx, time.Hour); err != errFirst {
			t.Fatalf("Sleep returned %v, want the context's cause %v", err, errFirst)
		}
		if err := Sleep(ctx, 0); err != errFirst {
			t.Fatalf("Sleep(0) on an ended context returned %v, want %v", err, errFirst)
		}
		if err := Sleep(context.Background(), -1); err != nil {
			t.Fatalf("Sleep(-1) returned %v", err)
		}
	})
}

func TestPollUntilDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var calls []time.Duration
		err := Poll(context.Background(), time.Second, func(ctx context.Context) (bool, error) {
			calls = append(calls, time.Since(start))
			return len(calls) == 3, nil
		})
		if err != nil {
			t.Fatalf("Poll returned %v", err)
		}
		want := []time.Duration{0, time.Second, 2 * time.Second}
		if len(calls) != 3 || calls[0] != want[0] || calls[1] != want[1] || calls[2] != want[2] {
			t.Fatalf("check ran at %v, want %v", calls, want)
		}
	})
}

func TestPollStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := Poll(context.Background(), time.Second, func(ctx context.Context) (bool, error) {
			return false, errFirst
		})
		if err != errFirst {
			t.Errorf("Poll returned %v, want check's error", err)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
		defer cancel()
		calls := 0
		err = Poll(ctx, time.Second, func(ctx context.Context) (bool, error) {
			calls++
			return false, nil
		})
		if !errors.Is(err, context.DeadlineExceeded) || calls != 3 {
			t.Errorf("Poll returned %v after %d checks, want context.DeadlineExceeded after 3", err, calls)
		}
	})
}

func TestWatchCheckFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		checks := 0
		check := func(ctx context.Context) error {
			checks++
			if checks == 3 {
				return errFirst
			}
			return nil
		}
		var fCause error
		v, err := Watch(context.Background(), time.Second, check, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			fCause = context.Cause(ctx)
			return 1, ctx.Err()
		})
		if v != 0 || err != errFirst {
			t.Fatalf("Watch returned (%d, %v), want (0, %v)", v, err, errFirst)
		}
		if fCause != errFirst {
			t.Fatalf("f saw cause %v, want check's error", fCause)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Fatalf("Watch returned after %v, want 3s", d)
		}
	})
}

func TestWatchFinishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		checks := 0
		check := func(ctx context.Context) error {
			checks++
			return nil
		}
		v, err := Watch(context.Background(), time.Second, check, after(2500*time.Millisecond, 9, nil))
		if v != 9 || err != nil {
			t.Fatalf("Watch returned (%d, %v), want (9, nil)", v, err)
		}
		if checks != 2 {
			t.Fatalf("check ran %d times, want 2", checks)
		}

		_, err = Watch(context.Background(), time.Second, check, after(time.Millisecond, 0, errSecond))
		if err != errSecond {
			t.Fatalf("Watch returned %v, want f's error", err)
		}
	})
}

func TestWatchZeroInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		checks := 0
		check := func(ctx context.Context) error {
			checks++
			return nil
		}
		v, err := Watch(context.Background(), 0, check, after(time.Second, 4, nil))
		if v != 4 || err != nil {
			t.Fatalf("Watch returned (%d, %v), want (4, nil)", v, err)
		}
		if checks != 0 {
			t.Errorf("check ran %d times with a zero interval, want 0", checks)
		}
	})
}
