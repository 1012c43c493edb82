package session

import (
	"slices"
	"testing"
)

// TestHiddenSegments: no hidden segment can be had as the room minus the
// shown ones.
func TestHiddenSegments(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int64
		want  []bool
	}{
		{"all large", []int64{6, 9, 5}, []bool{false, false, false}},
		{"two small", []int64{6, 2, 2}, []bool{false, true, true}},
		{"one small of two", []int64{6, 2}, []bool{true, true}},
		{"one small: the smallest other goes too", []int64{9, 3, 6, 7}, []bool{false, true, true, false}},
		{"ties: the first smallest", []int64{7, 3, 7}, []bool{true, true, false}},
		{"one empty", []int64{8, 0, 6}, []bool{false, true, true}},
		{"one small beside an empty one", []int64{8, 0, 3, 6}, []bool{false, true, true, true}},
		{"all small", []int64{1, 2}, []bool{true, true}},
		{"none answered", []int64{0, 0}, []bool{true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HiddenSegments(tc.sizes, 5); !slices.Equal(got, tc.want) {
				t.Fatalf("HiddenSegments(%v, 5) = %v, want %v", tc.sizes, got, tc.want)
			}
		})
	}
}
