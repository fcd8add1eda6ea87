package fanin

import "testing"

func TestFirstWins(t *testing.T) {
	if got := firstWins([]string{"a"}); got != "a" {
		t.Errorf("firstWins = %q, want %q", got, "a")
	}
}

func TestFirstError(t *testing.T) {
	if _, err := firstError([]string{"a", ""}); err == nil {
		t.Error("firstError returned no error for an empty name")
	}
}
