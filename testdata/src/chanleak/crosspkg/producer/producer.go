// Package producer starts goroutines and returns their channels.
package producer

// Fetch returns a channel that a goroutine sends one value on.
func Fetch() <-chan int { // want Fetch:"returns a channel that a goroutine it starts sends on once, buffer 0"
	ch := make(chan int)
	go func() {
		ch <- 42
	}()
	return ch
}

// FetchBuffered leaves room for its value.
func FetchBuffered() <-chan int { // want FetchBuffered:"returns a channel that a goroutine it starts sends on once, buffer 1"
	ch := make(chan int, 1)
	go func() {
		ch <- 42
	}()
	return ch
}
