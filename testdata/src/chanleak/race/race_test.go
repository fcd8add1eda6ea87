package race

import (
	"context"
	"testing"
)

func TestFirstReply(t *testing.T) {
	if err := firstReply("a", "b"); err != nil {
		t.Errorf("firstReply = %v, want nil", err)
	}
}

func TestFirstOfThree(t *testing.T) {
	if err := firstOfThree("a", "b", "c"); err != nil {
		t.Errorf("firstOfThree = %v, want nil", err)
	}
}

func TestBothOrFirstError(t *testing.T) {
	if err := bothOrFirstError("", ""); err == nil {
		t.Error("bothOrFirstError returned no error for empty addresses")
	}
	if err := bothOrFirstError("a", "b"); err != nil {
		t.Errorf("bothOrFirstError = %v, want nil", err)
	}
}

func TestUntilCancelled(t *testing.T) {
	if err := untilCancelled(context.Background(), "a", "b"); err != nil {
		t.Errorf("untilCancelled = %v, want nil", err)
	}
}
