package resultchannel

import (
	"context"
	"slices"
	"testing"
	"time"
)

// These tests run against the fixture and against its golden rewrites.

func TestLookup(t *testing.T) {
	got, err := lookup(context.Background(), "ab", time.Hour)
	if err != nil || got != "AB!" {
		t.Errorf("lookup = %q, %v, want AB!, nil", got, err)
	}
}

func TestFirstWord(t *testing.T) {
	if got := firstWord("hello world"); got != "hello" {
		t.Errorf("firstWord = %q, want hello", got)
	}
}

func TestCount(t *testing.T) {
	if got := count("a b c"); got != 2 {
		t.Errorf("count = %d, want 2", got)
	}
}

func TestCollect(t *testing.T) {
	got := collect([]string{" a", "b "})
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("collect = %q, want %q", got, want)
	}
}

func TestSum(t *testing.T) {
	if got := sum(4); got != 6 {
		t.Errorf("sum(4) = %d, want 6", got)
	}
}
