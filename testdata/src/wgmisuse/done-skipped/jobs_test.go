package doneskipped

import (
	"slices"
	"testing"
)

func TestProcessAllSkipsFailedJobs(t *testing.T) {
	got := processAll([]string{"a", "", "c"})
	if want := []string{"done a", "", "done c"}; !slices.Equal(got, want) {
		t.Errorf("processAll = %q, want %q", got, want)
	}
	got = processFirst([][]string{{"a", "b"}, {"", "c"}})
	if want := []string{"done adone b", ""}; !slices.Equal(got, want) {
		t.Errorf("processFirst = %q, want %q", got, want)
	}
	var s server
	s.serve([]string{"a", ""})
	s.close()
}
