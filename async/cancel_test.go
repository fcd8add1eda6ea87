package async

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func TestOnCancelRunsOnCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var cleanupErr error
		cleanedAt := time.Duration(-1)
		err := Run(context.Background(), func(s *Scope) error {
			OnCancel(s, 5*time.Second, func(ctx context.Context) {
				<-ctx.Done() // a cleanup that takes its whole grace period
				cleanupErr = ctx.Err()
				cleanedAt = time.Since(start)
			})
			s.Go(func(ctx context.Context) error {
				time.Sleep(time.Second)
				return errFirst
			})
			return nil
		})
		if err != errFirst {
			t.Fatalf("Run returned %v, want %v", err, errFirst)
		}
		if cleanedAt != 6*time.Second {
			t.Fatalf("cleanup finished at %v, want 6s: 1s of work and 5s of grace before Run returned", cleanedAt)
		}
		if cleanupErr != context.DeadlineExceeded {
			t.Fatalf("cleanup context ended with %v, want context.DeadlineExceeded", cleanupErr)
		}
	})
}

func TestOnCancelSkippedOnNormalEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ran := false
		err := Run(context.Background(), func(s *Scope) error {
			OnCancel(s, time.Second, func(ctx context.Context) { ran = true })
			s.Go(func(ctx context.Context) error { return nil })
			return nil
		})
		if err != nil || ran {
			t.Fatalf("Run returned %v and ran the cleanup %v, want nil and false", err, ran)
		}
	})
}

func TestOnCancelPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		value := recoverPanic(func() {
			_ = Run(context.Background(), func(s *Scope) error {
				OnCancel(s, time.Second, func(ctx context.Context) { panic("cleanup failed") })
				s.Cancel(nil)
				return nil
			})
		})
		if p, ok := value.(*PanicError); !ok || p.Value != "cleanup failed" {
			t.Fatalf("Run panicked with %v, want the cleanup's *PanicError", value)
		}
	})
}
