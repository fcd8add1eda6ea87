package minimalfirst

import "testing"

func TestSumAll(t *testing.T) {
	if got := sumAll([][]int{{1, 2}, {3}, nil}); got != 6 {
		t.Errorf("sumAll = %d, want 6", got)
	}
}
