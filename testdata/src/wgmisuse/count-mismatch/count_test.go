package countmismatch

import (
	"context"
	"slices"
	"testing"
)

func TestLoadCounts(t *testing.T) {
	if got := loadPair("a"); got != "A" {
		t.Errorf("loadPair = %q, want A", got)
	}
	if got, want := loadValid([]string{"a", "", "c"}), []string{"A", "", "C"}; !slices.Equal(got, want) {
		t.Errorf("loadValid = %q, want %q", got, want)
	}
	l := &loader{sem: &limiter{slots: make(chan struct{}, 1)}}
	l.sem.slots <- struct{}{} // no slot free: start fails
	if err := l.start(context.Background(), "a"); err == nil {
		t.Fatal("start with no free slot succeeded")
	}
	l.sem.Release()
	if err := l.start(context.Background(), "b"); err != nil {
		t.Fatal(err)
	}
	if got := l.Close(); !slices.Equal(got, []string{"B"}) {
		t.Errorf("results = %q, want [B]", got)
	}

	full := &limiter{slots: make(chan struct{}, 1)}
	full.slots <- struct{}{}
	if got := loadSome(context.Background(), full, []string{"a", "b"}); !slices.Equal(got, []string{"", ""}) {
		t.Errorf("loadSome with no free slot = %q, want two empty results", got)
	}
}
