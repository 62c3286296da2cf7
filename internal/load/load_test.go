package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// serve runs handle for each connection to a fresh listener on a free
// port of loopback, and returns its address. Cleanup closes the listener
// and waits for every handler.
func serve(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer conn.Close()
				handle(conn)
			})
		}
	})
	return ln.Addr().String()
}

// echo greets and echoes, then ends its side once the client has: what
// the lessons' echo servers do.
func echo(conn net.Conn) {
	io.WriteString(conn, Greeting)
	io.Copy(conn, conn)
}

func TestEchoChecksAndCountsEveryByte(t *testing.T) {
	addr := serve(t, echo)
	var echoed Counter
	r, err := Echo(context.Background(), addr, 3, 50*time.Millisecond, &echoed)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Conns)
	assert.Positive(t, r.Bytes)
	assert.Equal(t, r.Bytes, echoed.Load())
	assert.Positive(t, r.MBps())
}

// The stream is made of lines within robust-server's limit, each ending
// with "\n", so that a line server echoes all of it.
func TestTheStreamIsLinesOfAtMost1000Bytes(t *testing.T) {
	one := period[:len(period)/2]
	require.True(t, bytes.HasSuffix(one, []byte("\n")))
	for line := range bytes.Lines(one) {
		require.LessOrEqual(t, len(line), 1000, "%q", line)
	}
	assert.Equal(t, int64(len(one)), lineEnd(int64(len(one)-1)))
}

func TestEchoSaysWhichByteCameBackWrong(t *testing.T) {
	addr := serve(t, func(conn net.Conn) {
		io.WriteString(conn, Greeting)
		buf := make([]byte, 100)
		n, _ := io.ReadFull(conn, buf)
		buf[42] ^= 0x20 // a letter's case turned over
		conn.Write(buf[:n])
	})
	_, err := Echo(context.Background(), addr, 1, 10*time.Millisecond, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "byte 42 of the echo is ")
}

func TestEchoNoticesAnEchoCutShort(t *testing.T) {
	addr := serve(t, func(conn net.Conn) {
		io.WriteString(conn, Greeting)
		io.CopyN(conn, conn, 10) // then close: the rest never comes back
	})
	_, err := Echo(context.Background(), addr, 1, 10*time.Millisecond, nil)
	require.Error(t, err)
	assert.Regexp(t, `connection 1: (sent \d+ bytes, but 10 came back before the server closed|after 10 bytes of echo: .*reset by peer|sending: .*)`, err.Error())
}

func TestAWrongGreetingIsAnError(t *testing.T) {
	addr := serve(t, func(conn net.Conn) { io.WriteString(conn, "hi there\r\n") })
	_, err := Echo(context.Background(), addr, 1, 10*time.Millisecond, nil)
	assert.ErrorContains(t, err, `the server greeted with "hi ther", not "hello\r\n"`)
}

func TestRTTTimesEachRoundTrip(t *testing.T) {
	addr := serve(t, echo)
	var trips Counter
	r, err := RTT(context.Background(), addr, 64, 20*time.Millisecond, &trips)
	require.NoError(t, err)
	assert.Positive(t, r.Trips)
	assert.Equal(t, int64(r.Trips), trips.Load())
	assert.Positive(t, r.P50)
	assert.LessOrEqual(t, r.P50, r.P99)
}

func TestRTTNoticesAnEchoOfTheWrongMessage(t *testing.T) {
	addr := serve(t, func(conn net.Conn) {
		io.WriteString(conn, Greeting)
		buf := make([]byte, 64)
		io.ReadFull(conn, buf)
		conn.Write(buf)
		conn.Write(buf) // the first message again, for the second
	})
	_, err := RTT(context.Background(), addr, 64, time.Second, nil)
	assert.ErrorContains(t, err, "message 2 was ")
}

func TestHoldKeepsEveryConnectionOpen(t *testing.T) {
	var mu sync.Mutex
	open := 0
	gone := make(chan struct{}, 100)
	addr := serve(t, func(conn net.Conn) {
		mu.Lock()
		open++
		mu.Unlock()
		io.WriteString(conn, Greeting)
		io.Copy(io.Discard, conn) // until the client closes
		gone <- struct{}{}
	})
	var asked []int
	h, err := Hold(context.Background(), addr, Greeting, 300, func(opened int) error {
		asked = append(asked, opened)
		return nil
	}, nil)
	require.NoError(t, err)
	assert.Equal(t, 300, h.Len())
	mu.Lock()
	assert.Equal(t, 300, open, "each connection was greeted, so accepted")
	mu.Unlock()
	assert.Equal(t, []int{256, 300}, asked, "asked after each batch")
	h.Close()
	for range 300 {
		<-gone
	}
}

// talkServer answers each message after delay, as lesson 4's server
// does, with reply(n) as its n-th reply.
func talkServer(delay time.Duration, reply func(n int) string) func(net.Conn) {
	var mu sync.Mutex
	count := 0
	return func(conn net.Conn) {
		buf := make([]byte, 256)
		for {
			if _, err := conn.Read(buf); err != nil {
				return
			}
			time.Sleep(delay) // the delay is what the server is asked to do
			mu.Lock()
			text := reply(count)
			count++
			mu.Unlock()
			io.WriteString(conn, text)
		}
	}
}

func TestTalkTimesHowLateEachReplyCame(t *testing.T) {
	addr := serve(t, talkServer(20*time.Millisecond, func(n int) string { return fmt.Sprint(replyPrefix, n) }))
	var replies Counter
	r, err := Talk(context.Background(), addr, 10, 3, 20*time.Millisecond, nil, &replies)
	require.NoError(t, err)
	assert.Equal(t, 30, r.Replies)
	assert.EqualValues(t, 30, replies.Load())
	assert.GreaterOrEqual(t, r.P50, time.Duration(0), "no reply comes before its delay")
	assert.LessOrEqual(t, r.P50, r.P99)
}

func TestTalkChecksTheRepliesBytes(t *testing.T) {
	for _, c := range []struct{ reply, want string }{
		{"server massage 1", `the reply has 'a' where 'e' belongs`},
		{"server message x", `the reply has 'x' where its number belongs`},
		{"server message 1server message 2", `a second reply came`},
	} {
		addr := serve(t, talkServer(0, func(int) string { return c.reply }))
		_, err := Talk(context.Background(), addr, 1, 2, 0, nil, nil)
		assert.ErrorContains(t, err, c.want, c.reply)
	}
}

// A reply's number may come in two reads: its digits are checked in the
// next one.
func TestAReplysNumberMayBeSplit(t *testing.T) {
	var r replyReader
	for i, b := range []byte("server message 12server message 345") {
		begun, err := r.take(b)
		require.NoError(t, err)
		assert.Equal(t, i == 15 || i == 32, begun, "byte %d", i)
	}
	_, err := r.take(' ')
	assert.ErrorContains(t, err, "where 's' belongs")
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i))
	}
	assert.Equal(t, time.Duration(50), Percentile(ds, 50))
	assert.Equal(t, time.Duration(99), Percentile(ds, 99))
	assert.Equal(t, time.Duration(100), Percentile(ds, 100))
	assert.Equal(t, time.Duration(0), Percentile(nil, 50))
	assert.Equal(t, time.Duration(100), ds[0], "the caller's slice is left in its order")
}

func TestAnAddressThatRefusesSaysSo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	_, err = Echo(context.Background(), addr, 1, time.Millisecond, nil)
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "connection refused"), err.Error())
}

// No run leaves a goroutine behind: each test ends with none of ours.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestEchoGivesUpOnAServerThatFallsSilent(t *testing.T) {
	defer func(d time.Duration) { silence = d }(silence)
	silence = 100 * time.Millisecond
	addr := serve(t, func(conn net.Conn) {
		io.WriteString(conn, Greeting)
		io.Copy(io.Discard, conn) // reads everything, echoes nothing
	})
	// The sender fills its window and waits: only the silence ends it.
	_, err := Echo(context.Background(), addr, 1, time.Hour, nil)
	assert.ErrorContains(t, err, "after 0 bytes of echo, nothing more for 100ms")
}

func TestEchoStopsWhenItsContextEnds(t *testing.T) {
	addr := serve(t, echo)
	ctx, cancel := context.WithCancel(context.Background())
	var echoed Counter
	done := make(chan error, 1)
	go func() {
		_, err := Echo(ctx, addr, 2, time.Hour, &echoed)
		done <- err
	}()
	// Once bytes are flowing, Ctrl-C.
	for echoed.Load() == 0 {
		select {
		case err := <-done:
			t.Fatalf("Echo ended before any echo came: %v", err)
		case <-time.After(time.Millisecond): // polling a counter: waiting for an event
		}
	}
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
}

func TestRTTMessagesOfAnySizeComeBackWhole(t *testing.T) {
	addr := serve(t, echo)
	for _, size := range []int{2, 3, 64, 1000} {
		r, err := RTT(context.Background(), addr, size, time.Millisecond, nil)
		require.NoError(t, err, "size %d", size)
		assert.GreaterOrEqual(t, r.Trips, 100)
	}
}
