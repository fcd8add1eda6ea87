package notests

import "testing"

func TestStart(t *testing.T) {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
	start(func() {})
}
