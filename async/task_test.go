package async

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestSpawnAwait(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		task := Spawn(s, func(ctx context.Context) (string, error) { return "ready", nil })
		v, err := task.Await(context.Background())
		if v != "ready" || err != nil {
			t.Errorf("Await returned (%q, %v), want (%q, nil)", v, err, "ready")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
}

func TestTaskErrorStaysWithAwait(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		task := Spawn(s, func(ctx context.Context) (int, error) { return 0, errFirst })
		if _, err := task.Await(s.Context()); err != errFirst {
			t.Errorf("Await returned %v, want %v", err, errFirst)
		}
		if s.Context().Err() != nil {
			t.Errorf("a task error cancelled the scope")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v, want nil: the task's error belongs to Await", err)
	}
}

func TestAwaitContextBoundsWaitOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_ = Run(context.Background(), func(s *Scope) error {
			task := Spawn(s, func(ctx context.Context) (int, error) {
				time.Sleep(time.Minute)
				return 7, nil
			})

			waitCtx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errSecond)
			defer cancel()
			if _, err := task.Await(waitCtx); err != errSecond {
				t.Errorf("Await with an expired context returned %v, want its cause %v", err, errSecond)
			}

			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if v, err := task.Await(context.Background()); v != 7 || err != nil {
						t.Errorf("Await returned (%d, %v), want (7, nil)", v, err)
					}
				}()
			}
			wg.Wait()
			if v, _ := task.Await(context.Background()); v != 7 {
				t.Errorf("Await after completion returned %d, want the kept result 7", v)
			}
			return nil
		})
	})
}

func TestTaskCancel(t *testing.T) {
	checkLeaks(t)
	err := Run(context.Background(), func(s *Scope) error {
		long := Spawn(s, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		other := Spawn(s, func(ctx context.Context) (int, error) { return 1, nil })

		long.Cancel()
		<-long.Done()
		if _, err := long.Await(context.Background()); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled task returned %v, want context.Canceled", err)
		}
		if v, err := other.Await(context.Background()); v != 1 || err != nil {
			t.Errorf("sibling task returned (%d, %v), want (1, nil)", v, err)
		}
		if s.Context().Err() != nil {
			t.Errorf("Task.Cancel cancelled the scope")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
}

func TestTaskPanic(t *testing.T) {
	checkLeaks(t)
	var awaitPanic any
	runPanic := recoverPanic(func() {
		_ = Run(context.Background(), func(s *Scope) error {
			task := Spawn(s, func(ctx context.Context) (int, error) { panic("task failed") })
			awaitPanic = recoverPanic(func() { _, _ = task.Await(context.Background()) })
			return nil
		})
	})

	p, ok := awaitPanic.(*PanicError)
	if !ok || p.Value != "task failed" {
		t.Fatalf("Await panicked with %v, want *PanicError with the task's value", awaitPanic)
	}
	if runPanic != p {
		t.Fatalf("Run panicked with %v, want the same *PanicError as Await", runPanic)
	}
}

func TestTaskGoexit(t *testing.T) {
	checkLeaks(t)
	_ = Run(context.Background(), func(s *Scope) error {
		task := Spawn(s, func(ctx context.Context) (int, error) {
			returnViaGoexit()
			return 0, nil
		})
		if _, err := task.Await(context.Background()); err != errGoexit {
			t.Errorf("Await returned %v, want %v", err, errGoexit)
		}
		return nil
	})
}

func TestTaskDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_ = Run(context.Background(), func(s *Scope) error {
			task := Spawn(s, func(ctx context.Context) (int, error) {
				time.Sleep(time.Second)
				return 3, nil
			})
			early := task.Done()
			select {
			case <-early:
				t.Errorf("Done is closed before the task completed")
			default:
			}
			if task.Done() != early {
				t.Errorf("Done returned a different channel on the second call")
			}

			<-early
			if v, err := task.Await(s.Context()); v != 3 || err != nil {
				t.Errorf("Await returned (%d, %v), want (3, nil)", v, err)
			}

			late := Spawn(s, func(ctx context.Context) (int, error) { return 4, nil })
			if v, err := late.Await(s.Context()); v != 4 || err != nil {
				t.Errorf("Await with the scope's context returned (%d, %v), want (4, nil)", v, err)
			}
			<-late.Done() // completed before anyone asked for the channel
			return nil
		})
	})
}
