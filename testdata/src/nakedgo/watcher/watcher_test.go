package watcher

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error {
	c.closed++
	return nil
}

// TestCopyDoesNotCloseAfterReturn cancels the context after Copy returned:
// the fixed code must not close the reader then.
func TestCopyDoesNotCloseAfterReturn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &closeCounter{Reader: strings.NewReader("log line")}
	var out bytes.Buffer
	if err := Copy(ctx, &out, r); err != nil {
		t.Fatal(err)
	}
	cancel()
	if out.String() != "log line" {
		t.Errorf("copied %q, want %q", out.String(), "log line")
	}
	if r.closed != 0 {
		t.Errorf("reader closed %d times after Copy returned, want 0", r.closed)
	}
}
