package countmismatch

import (
	"context"
	"sync"
)

// loadBoth counts two goroutines and starts two.
func loadBoth(a, b string) (string, string) {
	var x, y string
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		x = load(a)
	}()
	go func() {
		defer wg.Done()
		y = load(b)
	}()
	wg.Wait()
	return x, y
}

// loadEvery counts every name and starts a goroutine for each.
func loadEvery(names []string) []string {
	results := make([]string, len(names))
	var wg sync.WaitGroup
	wg.Add(len(names))
	for i, name := range names {
		go func() {
			defer wg.Done()
			results[i] = load(name)
		}()
	}
	wg.Wait()
	return results
}

// loadSkipDone calls Done for the items it skips.
func loadSkipDone(names []string) []string {
	results := make([]string, len(names))
	var wg sync.WaitGroup
	wg.Add(len(names))
	for i, name := range names {
		if name == "" {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			results[i] = load(name)
		}()
	}
	wg.Wait()
	return results
}

// startUndo undoes the count on the error path.
func (l *loader) startUndo(ctx context.Context, name string) error {
	l.wg.Add(1)
	if err := l.sem.Acquire(ctx); err != nil {
		l.wg.Done()
		return err
	}
	go func() {
		defer l.wg.Done()
		defer l.sem.Release()
		load(name)
	}()
	return nil
}

// loadLocal returns early, but the return skips the Wait as well, and no
// one else can reach the group.
func loadLocal(ctx context.Context, l *limiter, names []string) error {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		if err := l.Acquire(ctx); err != nil {
			return err
		}
		go func() {
			defer wg.Done()
			defer l.Release()
			load(name)
		}()
	}
	wg.Wait()
	return nil
}

// loadThree counts three, and one goroutine calls Done three times.
func loadThree(names [3]string) [3]string {
	var out [3]string
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		for i, name := range names {
			out[i] = load(name)
			wg.Done()
		}
	}()
	wg.Wait()
	return out
}

// startDeferredUndo undoes the count in a deferred closure when start fails.
func (l *loader) startDeferredUndo(ctx context.Context, name string) (err error) {
	defer func() {
		if err != nil {
			l.wg.Done()
		}
	}()
	l.wg.Add(1)
	if err := l.sem.Acquire(ctx); err != nil {
		return err
	}
	go func() {
		defer l.wg.Done()
		defer l.sem.Release()
		load(name)
	}()
	return nil
}

// loadCounted counts two goroutines through a variable and starts one.
// NOTE: only constant counts are compared with the go statements, so this
// mismatch is missed.
func loadCounted(a string) string {
	var out string
	var wg sync.WaitGroup
	n := 2
	wg.Add(n)
	go func() {
		defer wg.Done()
		out = load(a)
	}()
	wg.Wait()
	return out
}
