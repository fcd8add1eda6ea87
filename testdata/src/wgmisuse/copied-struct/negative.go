package copiedstruct

import "sync"

type counter struct {
	wg *sync.WaitGroup
	n  int
}

// Add has a value receiver, but the group sits behind a pointer.
func (c counter) Add() { c.wg.Add(1) }

// Len has a value receiver and does not touch the group.
func (b batch) Len() int { return len(b.items) }
