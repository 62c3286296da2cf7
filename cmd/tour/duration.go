package main

import (
	"errors"
	"time"
)

// duration is a flag.Value for a time.Duration. It is flag's own
// Duration but for the error: flag's says "parse error" when a unit is
// missing ("-idle 2"), where this one shows what a duration looks like.
// A flag's usage names it with `duration` in backquotes, as flag names
// its own.
type duration time.Duration

func (d *duration) String() string { return time.Duration(*d).String() }

func (d *duration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("not a duration such as 2s or 300ms")
	}
	*d = duration(v)
	return nil
}
