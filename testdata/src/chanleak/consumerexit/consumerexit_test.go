package consumerexit

import "testing"

func TestFirstNegative(t *testing.T) {
	if got := firstNegative([]int{1, -2, 3}); got != -2 {
		t.Errorf("firstNegative = %d, want -2", got)
	}
	if got := firstNegative([]int{1, 2}); got != 0 {
		t.Errorf("firstNegative = %d, want 0", got)
	}
}
