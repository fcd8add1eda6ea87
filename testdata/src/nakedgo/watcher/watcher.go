// Package watcher has goroutines that wait for a context to end and then
// clean up. The fix runs the cleanup with context.AfterFunc, stopped when
// the function returns.
package watcher

import (
	"context"
	"io"
)

// Copy closes r when ctx ends during the copy.
func Copy(ctx context.Context, w io.Writer, r io.ReadCloser) error {
	go func() { // want `goroutine started in Copy`
		<-ctx.Done()
		r.Close()
	}()
	_, err := io.Copy(w, r)
	return err
}

// CopyAll starts one watcher per reader: in a loop the defers would pile
// up, so there is no fix.
func CopyAll(ctx context.Context, w io.Writer, rs []io.ReadCloser) {
	for _, r := range rs {
		go func() { // want `goroutine started in CopyAll`
			<-ctx.Done()
			r.Close()
		}()
		io.Copy(w, r)
	}
}

// Wait only waits: with nothing to clean up there is no fix.
func Wait(ctx context.Context) {
	go func() { // want `goroutine started in Wait`
		<-ctx.Done()
	}()
}
