package waitinloop

import (
	"slices"
	"testing"
)

func TestStartAllStartsEveryPlugin(t *testing.T) {
	names := startAll([]*plugin{{"a"}, {"b"}, {"c"}})
	slices.Sort(names)
	if want := []string{"a", "b", "c"}; !slices.Equal(names, want) {
		t.Errorf("started %q, want %q", names, want)
	}
}
