package goroutine

import "testing"

func TestProbeStopped(t *testing.T) {
	stop := make(chan bool)
	close(stop)
	release := make(chan struct{})
	defer close(release)
	if Probe(stop, func() bool { <-release; return true }) {
		t.Fatal("Probe with a closed stop channel returned true, want false")
	}
}
