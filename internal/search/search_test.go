package search

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSectionStepsAreShortAndInOrder(t *testing.T) {
	for _, c := range []struct {
		ids  []int
		want string
	}{
		{[]int{0}, "0"},
		{[]int{0, 1, 2}, "000"},
		{[]int{35}, "z"},
		{[]int{36}, "~10"},
		{[]int{3, 4, 104}, "30~2r"},
	} {
		got, err := sectionSteps(c.ids)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "sections %v", c.ids)
	}
	_, err := sectionSteps([]int{4, 2})
	assert.ErrorContains(t, err, "out of order")
	_, err = sectionSteps([]int{36 * 36})
	assert.ErrorContains(t, err, "more than it can number")
}
