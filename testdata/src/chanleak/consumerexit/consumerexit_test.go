package consumerexit

import (
	"context"
	"io"
	"strings"
	"testing"
)

func TestFirstNegative(t *testing.T) {
	if got := firstNegative([]int{1, -2, 3}); got != -2 {
		t.Errorf("firstNegative = %d, want -2", got)
	}
	if got := firstNegative([]int{1, 2}); got != 0 {
		t.Errorf("firstNegative = %d, want 0", got)
	}
}

func TestFirstMatch(t *testing.T) {
	line, ok := firstMatch(context.Background(), strings.NewReader("a\nb ERROR\nc\n"), "ERROR")
	if !ok || line != "b ERROR" {
		t.Errorf("firstMatch = %q, %v; want %q, true", line, ok, "b ERROR")
	}
	if _, ok := firstMatch(context.Background(), strings.NewReader("a\nb\n"), "ERROR"); ok {
		t.Error("firstMatch found a line that does not match")
	}
}

func TestFirstReader(t *testing.T) {
	r := firstReader([]string{"a", "b", "c"})
	if r == nil {
		t.Fatal("firstReader = nil, want the second reader")
	}
	b, err := io.ReadAll(r)
	if err != nil || string(b) != "b" {
		t.Errorf("firstReader read %q, %v; want %q", b, err, "b")
	}
}
