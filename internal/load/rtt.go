package load

import (
	"context"
	"fmt"
	"io"
	"time"
)

// RTTResult is what a round-trip run measured.
type RTTResult struct {
	Trips int           `json:"trips"`
	P50   time.Duration `json:"p50_ns"`
	P99   time.Duration `json:"p99_ns"`
}

// RTT sends one size-byte line at a time on one connection for about d,
// waits for its echo, checks it, and times each round trip. The first
// trips warm the connection and the server up, and are not counted.
func RTT(ctx context.Context, addr string, size int, d time.Duration, trips *Counter) (RTTResult, error) {
	if size < 2 {
		return RTTResult{}, fmt.Errorf("a message of %d bytes is too short to be a line", size)
	}
	conn, err := dial(ctx, addr, Greeting)
	if err != nil {
		return RTTResult{}, err
	}
	defer conn.Close()
	context.AfterFunc(ctx, func() { conn.Close() })

	// A percentile needs trips to be taken from: at least minTrips are
	// timed, however long that takes.
	const warmUp, minTrips = 200, 100
	msg := make([]byte, size)
	echo := make([]byte, size)
	var times []time.Duration
	stop := time.Now().Add(d)
	for i := 0; i < warmUp || len(times) < minTrips || time.Now().Before(stop); i++ {
		// Each message differs from the one before: an echo of that one
		// would show.
		for j := range size - 1 {
			msg[j] = 'a' + byte((i+j)%26)
		}
		msg[size-1] = '\n'
		start := time.Now()
		if _, err := conn.Write(msg); err != nil {
			return RTTResult{}, fmt.Errorf("message %d: %w", i+1, err)
		}
		if _, err := io.ReadFull(conn, echo); err != nil {
			return RTTResult{}, fmt.Errorf("echo of message %d: %w", i+1, err)
		}
		took := time.Since(start)
		if string(echo) != string(msg) {
			return RTTResult{}, fmt.Errorf("message %d was %q, but %q came back", i+1, msg, echo)
		}
		if i >= warmUp {
			times = append(times, took)
			trips.Add(1)
		}
	}
	return RTTResult{Trips: len(times), P50: Percentile(times, 50), P99: Percentile(times, 99)}, nil
}
