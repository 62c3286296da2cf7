package load

import (
	"slices"
	"sync/atomic"
	"time"
)

// Counter counts what a run has done so far (bytes, round trips,
// connections), for a progress line read while the run goes on.
type Counter struct{ n atomic.Int64 }

func (c *Counter) Add(n int64) {
	if c != nil {
		c.n.Add(n)
	}
}

func (c *Counter) Load() int64 {
	if c == nil {
		return 0
	}
	return c.n.Load()
}

// Percentile is the p-th percentile (0 < p <= 100) of ds, nearest rank.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}
