package async_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gostructlint/gostructlint/async"
)

// An async task that returns its result. The unstructured form starts a
// goroutine that sends on a channel, and the goroutine leaks when the
// caller returns early without receiving.
func ExampleSpawn() {
	err := async.Run(context.Background(), func(s *async.Scope) error {
		size := async.Spawn(s, func(ctx context.Context) (int, error) {
			return len("checksum me"), nil
		})

		n, err := size.Await(s.Context())
		if err != nil {
			return err
		}
		fmt.Println("size:", n)
		return nil
	})
	fmt.Println("err:", err)
	// Output:
	// size: 11
	// err: <nil>
}

// Copying a process's stdout and stderr at once. The unstructured form
// starts one goroutine per stream and often returns without waiting for
// them.
func ExampleAll() {
	stdout := strings.NewReader("build ok\n")
	stderr := strings.NewReader("warning: unused variable\n")
	var outBuf, errBuf strings.Builder

	copyStream := func(dst io.Writer, src io.Reader) func(context.Context) (int64, error) {
		return func(ctx context.Context) (int64, error) {
			return io.Copy(dst, src)
		}
	}
	n, err := async.All(context.Background(), copyStream(&outBuf, stdout), copyStream(&errBuf, stderr))
	fmt.Println(n, err)
	fmt.Print(outBuf.String(), errBuf.String())
	// Output:
	// [9 25] <nil>
	// build ok
	// warning: unused variable
}

// Racing two copies of a request. The loser is cancelled and has returned
// by the time Race does, unlike a goroutine left sending on a channel that
// no receiver reads anymore.
func ExampleRace() {
	primary := func(ctx context.Context) (string, error) {
		<-ctx.Done() // an unresponsive replica
		fmt.Println("primary cancelled:", ctx.Err())
		return "", ctx.Err()
	}
	mirror := func(ctx context.Context) (string, error) {
		return "payload from mirror", nil
	}

	v, err := async.Race(context.Background(), primary, mirror)
	fmt.Println(v, err)
	// Output:
	// primary cancelled: context canceled
	// payload from mirror <nil>
}

// process simulates an external process, such as one started with
// os/exec, so that the example runs everywhere.
type process struct {
	exited chan struct{}
}

func (p *process) Kill() {
	fmt.Println("process killed")
	close(p.exited)
}

func (p *process) Wait() error {
	<-p.exited
	return errors.New("signal: killed")
}

// Killing an external process when its task is cancelled. The unstructured
// form starts a goroutine that waits on ctx.Done() to kill the process and
// is never joined.
func ExampleOnCancel() {
	proc := &process{exited: make(chan struct{})}
	errUpstream := errors.New("upstream failed")

	err := async.Run(context.Background(), func(s *async.Scope) error {
		async.OnCancel(s, 100*time.Millisecond, func(ctx context.Context) {
			proc.Kill()
		})
		s.Go(func(ctx context.Context) error {
			return proc.Wait()
		})
		s.Go(func(ctx context.Context) error {
			return errUpstream
		})
		return nil
	})
	fmt.Println("err:", err)
	// Output:
	// process killed
	// err: upstream failed
}

// Streaming log lines from a producer to a consumer. Send and Recv return
// when the scope is cancelled, so neither side can block forever.
func ExampleRecv() {
	lines := make(chan string)
	err := async.Run(context.Background(), func(s *async.Scope) error {
		s.Go(func(ctx context.Context) error {
			defer close(lines)
			for _, line := range []string{"starting", "listening on :8080", "ready"} {
				if err := async.Send(ctx, lines, line); err != nil {
					return err
				}
			}
			return nil
		})

		for {
			line, err := async.Recv(s.Context(), lines)
			if err == async.ErrClosed {
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Println("log:", line)
		}
	})
	fmt.Println("err:", err)
	// Output:
	// log: starting
	// log: listening on :8080
	// log: ready
	// err: <nil>
}

// A sync.WaitGroup plus an error channel, replaced by one scope. The first
// error cancels the other workers and is returned once all have stopped.
func ExampleRun() {
	errDisk := errors.New("disk full")
	err := async.Run(context.Background(), func(s *async.Scope) error {
		for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
			s.Go(func(ctx context.Context) error {
				if name == "b.txt" {
					return fmt.Errorf("write %s: %w", name, errDisk)
				}
				<-ctx.Done() // the other writers stop on cancellation
				return ctx.Err()
			})
		}
		return nil
	})
	fmt.Println("err:", err)
	// Output:
	// err: write b.txt: disk full
}

// Fork-join cleanup of several services: every service is closed, even
// when another fails to close, and every error is reported.
func ExampleSettle() {
	closeService := func(name string, err error) func(context.Context) (string, error) {
		return func(ctx context.Context) (string, error) {
			return name, err
		}
	}
	results := async.Settle(context.Background(),
		closeService("database", nil),
		closeService("cache", errors.New("connection reset")),
		closeService("queue", nil))
	for _, r := range results {
		fmt.Println(r.Value, r.Err)
	}
	// Output:
	// database <nil>
	// cache connection reset
	// queue <nil>
}

// Polling a status until it is ready. Poll stops when the context ends, so
// the loop cannot outlive its caller.
func ExamplePoll() {
	statuses := []string{"pending", "provisioning", "ready"}
	attempt := 0
	err := async.Poll(context.Background(), time.Millisecond, func(ctx context.Context) (bool, error) {
		status := statuses[attempt]
		attempt++
		fmt.Println("status:", status)
		return status == "ready", nil
	})
	fmt.Println("err:", err)
	// Output:
	// status: pending
	// status: provisioning
	// status: ready
	// err: <nil>
}

// A command with a watchdog goroutine. When the health check fails, the
// command is cancelled and the check's error is returned.
func ExampleWatch() {
	checks := 0
	healthy := func(ctx context.Context) error {
		checks++
		if checks == 3 {
			return errors.New("heartbeat missed")
		}
		return nil
	}
	command := func(ctx context.Context) (string, error) {
		<-ctx.Done() // a command that runs until it is stopped
		return "", ctx.Err()
	}

	out, err := async.Watch(context.Background(), time.Millisecond, healthy, command)
	fmt.Printf("out: %q, err: %v, checks: %d\n", out, err, checks)
	// Output:
	// out: "", err: heartbeat missed, checks: 3
}

// Bounding a call in time. Timeout returns after f has returned, so the
// timed-out work does not keep running in the background.
func ExampleTimeout() {
	slowQuery := func(ctx context.Context) (int, error) {
		if err := async.Sleep(ctx, time.Hour); err != nil {
			return 0, err
		}
		return 42, nil
	}
	_, err := async.Timeout(context.Background(), time.Millisecond, slowQuery)
	fmt.Println("err:", err)
	// Output:
	// err: context deadline exceeded
}

// Processing items with at most two calls at once, results in item order.
func ExampleMap() {
	lengths, err := async.Map(context.Background(), []string{"alpha", "be", "gamma"}, 2,
		func(ctx context.Context, s string) (int, error) {
			return len(s), nil
		})
	fmt.Println(lengths, err)
	// Output:
	// [5 2 5] <nil>
}

// Collecting every failure instead of stopping at the first, for example
// when checking several independent health endpoints.
func ExampleSupervise() {
	errDB := errors.New("database unreachable")
	errCache := errors.New("cache unreachable")
	err := async.Run(context.Background(), func(s *async.Scope) error {
		s.Go(func(ctx context.Context) error { return errDB })
		s.Go(func(ctx context.Context) error { return errCache })
		s.Go(func(ctx context.Context) error { return nil })
		return nil
	}, async.Supervise())
	fmt.Println(errors.Is(err, errDB), errors.Is(err, errCache))
	// Output:
	// true true
}

// Bounding the number of children that run at once. Go blocks while the
// limit is reached, so the loop starts the next child only when a slot is
// free.
func ExampleWithLimit() {
	var mu sync.Mutex
	running, maxRunning := 0, 0
	err := async.Run(context.Background(), func(s *async.Scope) error {
		for range 10 {
			s.Go(func(ctx context.Context) error {
				mu.Lock()
				running++
				maxRunning = max(maxRunning, running)
				mu.Unlock()

				mu.Lock()
				running--
				mu.Unlock()
				return nil
			})
		}
		return nil
	}, async.WithLimit(2))
	fmt.Println("at most 2 at once:", maxRunning <= 2, err)
	// Output:
	// at most 2 at once: true <nil>
}
