// Package fanin holds goroutines started in a loop whose results the
// parent does not all receive.
package fanin

import "errors"

func query(s string) (string, error) {
	if s == "" {
		return "", errors.New("empty")
	}
	return s, nil
}

// firstWins takes the first answer and leaves the other senders blocked.
func firstWins(replicas []string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() { // want `goroutines started in a loop send on unbuffered channel ch, but firstWins receives from it only once: every sender but the first blocks forever`
			v, _ := query(r)
			ch <- v
		}()
	}
	return <-ch
}

type result struct {
	v   string
	err error
}

// firstError returns at the first error inside the receive loop.
func firstError(names []string) ([]string, error) {
	ch := make(chan result)
	for _, n := range names {
		go func() { // want `goroutines started in a loop send on unbuffered channel ch, but firstError can leave its receive loop and return at line 44`
			v, err := query(n)
			ch <- result{v, err}
		}()
	}
	var out []string
	for range names {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.v)
	}
	return out, nil
}

// countedLoop starts n goroutines with a counted loop.
func countedLoop(n int) string {
	ch := make(chan string)
	for i := 0; i < n; i++ {
		go func() { // want `goroutines started in a loop send on unbuffered channel ch, but countedLoop receives from it only once`
			v, _ := query("x")
			ch <- v
		}()
	}
	return <-ch
}

// Near misses below: no finding.

// collectAll receives once per sender and only leaves at the end.
func collectAll(names []string) ([]string, error) {
	ch := make(chan result)
	for _, n := range names {
		go func() {
			v, err := query(n)
			ch <- result{v, err}
		}()
	}
	var out []string
	var first error
	for range names {
		r := <-ch
		if r.err != nil && first == nil {
			first = r.err
		}
		out = append(out, r.v)
	}
	return out, first
}

// bufferedForAll has room for every sender.
func bufferedForAll(replicas []string) string {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func() {
			v, _ := query(r)
			ch <- v
		}()
	}
	return <-ch
}
