package funcvalue

import "testing"

func TestReceiveInCallback(t *testing.T) {
	if got := receiveInCallback(); got != 1 {
		t.Errorf("receiveInCallback = %d, want 1", got)
	}
}
