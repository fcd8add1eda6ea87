package copied

import "testing"

func TestSumWaitsForEveryWorker(t *testing.T) {
	if got := sum(5); got != 10 {
		t.Errorf("sum(5) = %d, want 10", got)
	}
	if got := sumLiteral(5); got != 10 {
		t.Errorf("sumLiteral(5) = %d, want 10", got)
	}
}
