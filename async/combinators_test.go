package async

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// after returns a function that sleeps d, unless its context ends first,
// and then returns v and err.
func after[T any](d time.Duration, v T, err error) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		if sleepErr := Sleep(ctx, d); sleepErr != nil {
			var zero T
			return zero, sleepErr
		}
		return v, err
	}
}

func TestAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		values, err := All(context.Background(),
			after(3*time.Second, "a", nil),
			after(time.Second, "b", nil),
			after(2*time.Second, "c", nil))
		if err != nil || !slices.Equal(values, []string{"a", "b", "c"}) {
			t.Fatalf("All returned (%q, %v), want ([a b c], nil)", values, err)
		}
	})
}

func TestAllFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		values, err := All(context.Background(),
			after(time.Hour, "slow", nil),
			after(time.Second, "", errFirst),
			after(2*time.Second, "", errSecond))
		if values != nil || err != errFirst {
			t.Fatalf("All returned (%q, %v), want (nil, %v)", values, err, errFirst)
		}
		if d := time.Since(start); d != time.Second {
			t.Fatalf("All returned after %v, want 1s", d)
		}
	})
}

func TestSettle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		results := Settle(context.Background(),
			after(time.Second, 1, errFirst),
			after(2*time.Second, 2, nil))
		want := []Result[int]{{Value: 1, Err: errFirst}, {Value: 2}}
		if !slices.Equal(results, want) {
			t.Fatalf("Settle returned %v, want %v", results, want)
		}
	})
}

func TestRace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var losersDone atomic.Int32
		loser := func(ctx context.Context) (string, error) {
			defer losersDone.Add(1)
			<-ctx.Done()
			return "", ctx.Err()
		}
		start := time.Now()
		v, err := Race(context.Background(), loser, after(time.Second, "fast", nil), loser)
		if v != "fast" || err != nil {
			t.Fatalf("Race returned (%q, %v), want (fast, nil)", v, err)
		}
		if n := losersDone.Load(); n != 2 {
			t.Fatalf("%d losers returned before Race did, want 2", n)
		}
		if d := time.Since(start); d != time.Second {
			t.Fatalf("Race returned after %v, want 1s", d)
		}
	})
}

func TestRaceFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := Race(context.Background(), after(time.Second, 1, errFirst), after(2*time.Second, 2, errSecond))
		if v != 0 || !errors.Is(err, errFirst) || !errors.Is(err, errSecond) {
			t.Errorf("Race returned (%d, %v), want both errors", v, err)
		}

		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errFirst)
		defer cancel()
		if _, err := Race(ctx, after(time.Hour, 1, nil)); err != errFirst {
			t.Errorf("Race with an expired context returned %v, want its cause %v", err, errFirst)
		}

		if _, err := Race[int](context.Background()); err != errNoFunctions {
			t.Errorf("Race with no functions returned %v, want %v", err, errNoFunctions)
		}
	})
}

func TestMap(t *testing.T) {
	checkLeaks(t)
	var running, maxRunning atomic.Int32
	square := func(ctx context.Context, n int) (int, error) {
		r := running.Add(1)
		defer running.Add(-1)
		for {
			m := maxRunning.Load()
			if r <= m || maxRunning.CompareAndSwap(m, r) {
				break
			}
		}
		return n * n, nil
	}
	items := []int{1, 2, 3, 4, 5, 6, 7, 8}
	got, err := Map(context.Background(), items, 2, square)
	if err != nil || !slices.Equal(got, []int{1, 4, 9, 16, 25, 36, 49, 64}) {
		t.Fatalf("Map returned (%v, %v)", got, err)
	}
	if m := maxRunning.Load(); m > 2 {
		t.Fatalf("%d calls ran at once, want at most 2", m)
	}
}

func TestMapError(t *testing.T) {
	checkLeaks(t)
	var calls atomic.Int32
	fail := func(ctx context.Context, n int) (int, error) {
		calls.Add(1)
		if n == 0 {
			return 0, errFirst
		}
		<-ctx.Done()
		return 0, ctx.Err()
	}
	got, err := Map(context.Background(), make([]int, 100), 1, fail)
	if got != nil || err != errFirst {
		t.Fatalf("Map returned (%v, %v), want (nil, %v)", got, err, errFirst)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("Map made %d calls, want 1: the first error stops new calls", n)
	}
}

func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := Timeout(context.Background(), time.Second, after(time.Hour, 1, nil))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Timeout returned %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Fatalf("Timeout returned after %v, want 1s", d)
		}

		v, err := Timeout(context.Background(), time.Second, after(time.Millisecond, 5, nil))
		if v != 5 || err != nil {
			t.Fatalf("Timeout returned (%d, %v), want (5, nil)", v, err)
		}
	})
}

func TestCombinatorsRepanic(t *testing.T) {
	checkLeaks(t)
	boom := func(ctx context.Context) (int, error) { panic("combinator child failed") }
	wait := func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	}
	calls := map[string]func(){
		"All":    func() { _, _ = All(context.Background(), wait, boom) },
		"Settle": func() { _ = Settle(context.Background(), wait, boom) },
		"Race":   func() { _, _ = Race(context.Background(), wait, boom) },
		"Map": func() {
			_, _ = Map(context.Background(), []int{1, 2}, 0, func(ctx context.Context, n int) (int, error) {
				if n == 2 {
					return boom(ctx)
				}
				return wait(ctx)
			})
		},
		"Watch": func() {
			_, _ = Watch(context.Background(), time.Hour, func(context.Context) error { return nil }, boom)
		},
	}
	for name, call := range calls {
		value := recoverPanic(call)
		p, ok := value.(*PanicError)
		if name == "Watch" {
			// f runs in the calling goroutine, so its panic is not wrapped.
			if value != "combinator child failed" {
				t.Errorf("Watch panicked with %v, want f's own value", value)
			}
			continue
		}
		if !ok || p.Value != "combinator child failed" {
			t.Errorf("%s panicked with %v, want the child's *PanicError", name, value)
		}
	}
}
