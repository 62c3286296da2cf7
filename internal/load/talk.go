package load

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// TalkResult is how late the conversation server's replies came.
type TalkResult struct {
	Talkers int `json:"talkers"`
	Replies int `json:"replies"`
	// Lateness is how long after the delay each reply's first byte came:
	// the time the server took beyond what it was asked to wait.
	P50 time.Duration `json:"late_p50_ns"`
	P99 time.Duration `json:"late_p99_ns"`
}

// replyPrefix starts each of the talk server's replies, followed by its
// number: "server message 12". Replies have no end mark; the next one's
// prefix, or its absence, ends a number.
const replyPrefix = "server message "

// Talk connects talkers clients to a conversation server, then has them
// all send at once, messages times each: a message, then wait for the
// reply (due delay later), and check its bytes. replies counts the
// replies so far. accepted, if not nil, is asked after each batch of
// connections: a message sent before the server accepts its connection
// would wait for the accept, and the wait count as lateness.
func Talk(ctx context.Context, addr string, talkers, messages int, delay time.Duration, accepted Accepted, replies *Counter) (TalkResult, error) {
	conns, err := dialMany(ctx, addr, "", talkers, 64, accepted, nil)
	if err != nil {
		return TalkResult{}, err
	}
	defer closeAll(conns)
	context.AfterFunc(ctx, func() { closeAll(conns) })

	lates := make([][]time.Duration, talkers)
	errs := make(chan error, talkers)
	begin := make(chan struct{})
	var wg sync.WaitGroup
	for i, conn := range conns {
		wg.Go(func() {
			<-begin
			var err error
			lates[i], err = talk(conn, i, messages, delay, replies)
			if err != nil {
				errs <- fmt.Errorf("talker %d: %w", i+1, err)
				closeAll(conns)
			}
		})
	}
	close(begin)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return TalkResult{}, err
	}
	var all []time.Duration
	for _, l := range lates {
		all = append(all, l...)
	}
	return TalkResult{Talkers: talkers, Replies: len(all), P50: Percentile(all, 50), P99: Percentile(all, 99)}, nil
}

// talk is one talker's side: each message, then its reply.
func talk(conn net.Conn, id, messages int, delay time.Duration, replies *Counter) ([]time.Duration, error) {
	var r replyReader
	lates := make([]time.Duration, 0, messages)
	for m := range messages {
		sent := time.Now()
		if _, err := fmt.Fprintf(conn, "talker %d, message %d", id+1, m+1); err != nil {
			return lates, fmt.Errorf("message %d: %w", m+1, err)
		}
		conn.SetReadDeadline(sent.Add(delay + time.Minute))
		if err := r.next(conn); err != nil {
			return lates, fmt.Errorf("reply to message %d: %w", m+1, err)
		}
		lates = append(lates, time.Since(sent)-delay)
		replies.Add(1)
	}
	return lates, nil
}

// replyReader checks the replies' bytes as they come: the prefix, then
// digits, then the next prefix. The digits of one reply may still come
// in the next read, and are checked there.
type replyReader struct {
	matched  int  // bytes of a reply's prefix matched so far
	inNumber bool // past a whole prefix and a first digit
	buf      [256]byte
}

// next reads until a new reply has its prefix and a first digit.
func (r *replyReader) next(conn net.Conn) error {
	started := false
	for {
		n, err := conn.Read(r.buf[:])
		for _, b := range r.buf[:n] {
			begun, err := r.take(b)
			if err != nil {
				return err
			}
			if begun && started {
				return fmt.Errorf("a second reply came: one message was answered twice")
			}
			started = started || begun
		}
		if started {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// take checks one byte against what may come next, and reports whether
// it is the first digit of a reply's number.
func (r *replyReader) take(b byte) (bool, error) {
	switch {
	case r.inNumber && isDigit(b):
		return false, nil
	case r.matched < len(replyPrefix) && b == replyPrefix[r.matched]:
		r.matched++
		r.inNumber = false
		return false, nil
	case r.matched == len(replyPrefix) && isDigit(b):
		r.matched, r.inNumber = 0, true
		return true, nil
	case r.matched < len(replyPrefix):
		return false, fmt.Errorf("the reply has %q where %q belongs", b, replyPrefix[r.matched])
	default:
		return false, fmt.Errorf("the reply has %q where its number belongs", b)
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
