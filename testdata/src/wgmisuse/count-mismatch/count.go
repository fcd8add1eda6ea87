package countmismatch

import (
	"context"
	"errors"
	"strings"
	"sync"
)

func load(name string) string { return strings.ToUpper(name) }

// loadPair counts two goroutines but starts one.
func loadPair(a string) string {
	var out string
	var wg sync.WaitGroup
	wg.Add(2) // want `wg.Add\(2\) counts 2 goroutines but 1 go statements follow before wg.Wait\(\), so wg.Wait\(\) never returns`
	go func() {
		defer wg.Done()
		out = load(a)
	}()
	wg.Wait()
	return out
}

// loadValid counts every name, then skips the empty ones.
func loadValid(names []string) []string {
	results := make([]string, len(names))
	var wg sync.WaitGroup
	wg.Add(len(names))
	for i, name := range names {
		if name == "" {
			continue // want `wg.Add\(len\(names\)\) counts every item of names, but this continue skips the go statement for some, so wg.Wait never returns; call wg.Add\(1\) before the go statement instead`
		}
		go func() {
			defer wg.Done()
			results[i] = load(name)
		}()
	}
	wg.Wait()
	return results
}

var errBusy = errors.New("busy")

// limiter hands out a fixed number of slots.
type limiter struct{ slots chan struct{} }

func (l *limiter) Acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
		return errBusy
	}
}

func (l *limiter) Release() { <-l.slots }

type loader struct {
	wg      sync.WaitGroup
	sem     *limiter
	mu      sync.Mutex
	results []string
}

// start counts the goroutine, then returns when no slot is free, and Close
// waits forever.
func (l *loader) start(ctx context.Context, name string) error {
	l.wg.Add(1)
	if err := l.sem.Acquire(ctx); err != nil {
		return err // want `l.wg.Add\(1\) counts a goroutine that this path never starts: it leaves before the go statement without l.wg.Done\(\), so l.wg.Wait in Close never returns; call l.wg.Add\(1\) just before the go statement`
	}
	go func() {
		defer l.wg.Done()
		defer l.sem.Release()
		l.mu.Lock()
		l.results = append(l.results, load(name))
		l.mu.Unlock()
	}()
	return nil
}

func (l *loader) Close() []string {
	l.wg.Wait()
	return l.results
}

// loadSome counts each name, then skips the go statement when no slot is
// free, so wg.Wait never returns.
func loadSome(ctx context.Context, l *limiter, names []string) []string {
	results := make([]string, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		if err := l.Acquire(ctx); err != nil {
			continue // want `wg.Add\(1\) counts a goroutine that this path never starts`
		}
		go func() {
			defer wg.Done()
			defer l.Release()
			results[i] = load(name)
		}()
	}
	wg.Wait()
	return results
}
