// Package bench compares the cost of the async runtime with raw goroutines,
// sync.WaitGroup, golang.org/x/sync/errgroup and github.com/sourcegraph/conc.
// It is a separate module so that the main module does not depend on the
// libraries it is measured against.
package bench
