package benchjson

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// Validate reports what would make a page say something untrue of the
// results, or draw something meaningless: a missing field, an id used
// twice, a median outside its rounds.
func (r *Results) Validate() error {
	if _, err := time.Parse(time.RFC3339, r.Date); err != nil {
		return fmt.Errorf("date: want RFC 3339, got %q", r.Date)
	}
	m := r.Machine
	switch {
	case r.Rounds < 1:
		return fmt.Errorf("rounds: want at least 1, got %d", r.Rounds)
	case m.Cores < 1 || m.CPU == "" || m.Go == "" || m.Node == "":
		return fmt.Errorf("machine: want its cores, cpu, go and node")
	case len(r.Figures) == 0:
		return fmt.Errorf("no figures")
	}
	ids := map[string]bool{}
	for i, f := range r.Figures {
		if err := f.Validate(); err != nil {
			return fmt.Errorf("figure %d (%s): %w", i+1, f.ID, err)
		}
		if ids[f.ID] {
			return fmt.Errorf("figure %d: id %s is used twice", i+1, f.ID)
		}
		ids[f.ID] = true
	}
	for i, m := range r.Micro {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("micro %d (%s %s): %w", i+1, m.Package, m.Name, err)
		}
	}
	return nil
}

// Validate reports a figure that lacks a field, has a target it cannot be
// held to, or a side whose median is not between its lowest and highest.
func (f Figure) Validate() error {
	switch {
	case f.ID == "" || f.Measure == "" || f.Title == "" || f.Lesson == "" || f.Unit == "":
		return fmt.Errorf("want its id, measure, title, lesson and unit")
	case f.Better != "higher" && f.Better != "lower" && f.Better != "":
		return fmt.Errorf("better: want higher, lower or nothing, got %q", f.Better)
	case f.Better == "" && f.Target != 0:
		return fmt.Errorf("a target needs a better side: higher or lower")
	case !finite(f.Ratio, f.Target):
		return fmt.Errorf("ratio and target: want numbers of 0 or more")
	}
	type named struct {
		name string
		side Side
	}
	sides := []named{{"go", f.Go}, {"node", f.Node}}
	if f.Before != nil {
		sides = append(sides, named{"before", *f.Before})
	}
	for _, s := range sides {
		if !finite(s.side.Min, s.side.Median, s.side.Max) || s.side.Min > s.side.Median || s.side.Median > s.side.Max {
			return fmt.Errorf("%s: want 0 ≤ min ≤ median ≤ max, got %v, %v, %v", s.name, s.side.Min, s.side.Median, s.side.Max)
		}
	}
	return nil
}

// Validate reports a micro benchmark without a name, or with a figure
// that is not a number of 0 or more.
func (m Micro) Validate() error {
	if m.Package == "" || m.Name == "" {
		return fmt.Errorf("want its package and name")
	}
	if !finite(m.NsPerOp, m.MBps, m.BytesPerOp, m.AllocsPerOp) || !finite(slices.Collect(maps.Values(m.Metrics))...) {
		return fmt.Errorf("want numbers of 0 or more")
	}
	return nil
}

// finite reports whether every value is a number of 0 or more.
func finite(values ...float64) bool {
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return false
		}
	}
	return true
}
