package ticker

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log that the ticker and the test may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestBuildReturnsRunError(t *testing.T) {
	want := errors.New("compile failed")
	var log syncBuffer
	err := build(context.Background(), func(context.Context) error {
		time.Sleep(5 * time.Millisecond)
		return want
	}, time.Millisecond, &log)
	if !errors.Is(err, want) {
		t.Errorf("build = %v, want %v", err, want)
	}
}

func TestUploadReturnsSendResult(t *testing.T) {
	var log syncBuffer
	if err := upload(func() error { return nil }, &log); err != nil {
		t.Errorf("upload = %v, want nil", err)
	}
}
