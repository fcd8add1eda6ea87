package selectnodone

import (
	"context"
	"errors"
	"testing"
)

func TestNextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Next(ctx, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next with a cancelled context returned %v, want context.Canceled", err)
	}
}

func TestFirstCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := First(ctx, nil, nil); got != "" {
		t.Fatalf("First with a cancelled context returned %q, want \"\"", got)
	}
}

func TestPairCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Pair(ctx, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Pair with a cancelled context returned %v, want context.Canceled", err)
	}
}
