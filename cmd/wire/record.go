package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"tcpgo/internal/capture"
	"tcpgo/internal/netns"
	"tcpgo/internal/tcpstates"
)

// How long things may take once the command has ended: the processes it
// left behind, to end on Ctrl-C before they are killed; the sockets, to
// send and acknowledge their last segments.
const (
	leftoversGrace = 2 * time.Second
	settleLimit    = 2 * time.Second
	sampleEvery    = 2 * time.Millisecond
)

// recording is a capture in progress, inside the namespace.
type recording struct {
	socket      *capture.Socket
	frames      []capture.Frame
	samples     []capture.Sample
	interrupted bool
	readErr     error // why the capture ended early, if it did
}

// record runs inside the namespaces: it captures lo while the command
// runs, then writes the .pcap and prints the ladder. It returns the
// status wire exits with.
func record(cfg config) (int, error) {
	if err := netns.LoopbackUp(); err != nil {
		return 0, err
	}
	socket, err := capture.Open("lo")
	if err != nil {
		return 0, err
	}
	defer socket.Close()
	cmd, cleanup, err := startCommand(cfg)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	rec := &recording{socket: socket}
	cmdErr := rec.run(cmd)
	if rec.readErr != nil {
		fmt.Fprintf(os.Stderr, "wire: the capture ended early: %v\n", rec.readErr)
	}
	if err := capture.WritePcap(cfg.pcap, rec.frames); err != nil {
		return 0, err
	}
	if err := rec.report(cfg); err != nil {
		return 0, err
	}
	return rec.status(cmdErr), nil
}

// startCommand starts what cfg asks to run, with nothing on its
// standard input: it runs in a process group the terminal does not read
// for. cleanup removes the folder a lesson's exchange used.
func startCommand(cfg config) (*exec.Cmd, func(), error) {
	cmd := exec.Command(cfg.command[0], cfg.command[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cleanup := func() {}
	if cfg.lesson != 0 {
		dir, err := os.MkdirTemp("", "wire-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		if cmd.Env, err = lessonEnv(cfg.bin, dir); err != nil {
			cleanup()
			return nil, nil, err
		}
		fmt.Fprintf(os.Stderr, "wire: %s\n", exchanges[cfg.lesson].about)
	}
	if err := cmd.Start(); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("cannot run %s: %w", cfg.command[0], err)
	}
	return cmd, cleanup, nil
}

// run captures until the command, and everything it started, has ended
// and the sockets are at rest; then it takes what the socket still holds.
func (rec *recording) run(cmd *exec.Cmd) error {
	frames := make(chan seen, 256)
	go rec.read(frames)
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	var cmdErr error
	ended := make(chan struct{})
	go func() {
		cmdErr = cmd.Wait()
		endLeftovers()
		waitAtRest()
		close(ended)
	}()
	rec.loop(frames, interrupts, ended)
	// The sockets are at rest: every frame is in the ring. The reader
	// passes on what it holds, and ends.
	rec.socket.Stop()
	for f := range frames {
		rec.add(f)
	}
	rec.keep(sample(), true)
	return cmdErr
}

// loop takes frames as they come, and samples the sockets' states after
// each and every few milliseconds, until ended is closed.
func (rec *recording) loop(frames <-chan seen, interrupts <-chan os.Signal, ended <-chan struct{}) {
	tick := time.NewTicker(sampleEvery)
	defer tick.Stop()
	for {
		select {
		case f, ok := <-frames:
			if !ok {
				// The reader failed (rec.readErr says why): no more
				// frames will come, but the command runs on.
				frames = nil
				continue
			}
			rec.add(f)
		case <-tick.C:
			rec.keep(sample(), false)
		case <-interrupts:
			// Ctrl-C: every process of our namespace is asked to end,
			// as the terminal would have asked them.
			rec.interrupted = true
			unix.Kill(-1, unix.SIGINT)
		case <-ended:
			return
		}
	}
}

// A seen is a frame, and the sockets' states read as soon as it came.
type seen struct {
	frame capture.Frame
	after capture.Sample
}

// read passes on the socket's frames until it is stopped. It reads the
// states here, at once, rather than where the frames are gathered: a
// whole exchange on loopback may take a millisecond.
func (rec *recording) read(frames chan<- seen) {
	defer close(frames)
	for {
		f, err := rec.socket.Next()
		if errors.Is(err, capture.ErrStopped) {
			return
		}
		if err != nil {
			rec.readErr = err
			return
		}
		frames <- seen{f, sample()}
	}
}

func (rec *recording) add(s seen) {
	rec.frames = append(rec.frames, s.frame)
	rec.keep(s.after, false)
}

// sample reads the states of the namespace's sockets. The states are a
// bonus: when they cannot be read, the segments still show.
func sample() capture.Sample {
	now := time.Now()
	snap, _ := tcpstates.Read()
	return capture.Sample{Time: now, Sockets: snap}
}

// keep adds a sample, if it differs from the last one, or if last asks
// to keep it anyway.
func (rec *recording) keep(s capture.Sample, last bool) {
	if n := len(rec.samples); !last && n > 0 && sameStates(rec.samples[n-1].Sockets, s.Sockets) {
		return
	}
	rec.samples = append(rec.samples, s)
}

func sameStates(a, b tcpstates.Snapshot) bool {
	return maps.EqualFunc(a, b, func(x, y tcpstates.Socket) bool { return x.State == y.State })
}

// endLeftovers asks what the command left running to end, as Ctrl-C
// would, and kills what has not ended after leftoversGrace. We are the
// first process of our process namespace, so every process in it is our
// child once its parent has gone, and kill(-1) reaches them all.
func endLeftovers() {
	unix.Kill(-1, unix.SIGINT)
	gone := make(chan struct{})
	go func() {
		for {
			_, err := unix.Wait4(-1, nil, 0, nil)
			if errors.Is(err, unix.ECHILD) {
				close(gone)
				return
			}
		}
	}()
	select {
	case <-gone:
	case <-time.After(leftoversGrace):
		unix.Kill(-1, unix.SIGKILL)
		<-gone
	}
}

// waitAtRest waits until no socket waits for a segment on its way, so
// that the capture has them all: see tcpstates.Snapshot.AtRest.
func waitAtRest() {
	deadline := time.Now().Add(settleLimit)
	for time.Now().Before(deadline) {
		snap, err := tcpstates.Read()
		if err != nil || snap.AtRest() {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// report prints the ladder, and where the .pcap went.
func (rec *recording) report(cfg config) error {
	l := capture.Build(rec.frames, rec.samples)
	if err := printLadder(cfg, l); err != nil {
		return err
	}
	if err := writeSummary(cfg, l); err != nil {
		return err
	}
	dropped, _ := rec.socket.Dropped()
	if dropped > 0 {
		fmt.Fprintf(os.Stderr, "wire: the kernel dropped %d packets the capture could not keep up with\n", dropped)
	}
	fmt.Printf("wire: %d segments, %d packets in all, written to %s\n", len(l.Segments), len(rec.frames), cfg.pcap)
	return missedAll(len(l.Segments))
}

// missedAll says so when the capture holds no segment while the kernel
// of our namespace sent some: a capture that lost them must not pass for
// an exchange without TCP. Its count can differ from ours either way
// (a large segment the kernel counts as the several it will be cut into,
// a few it sends without counting), so only none against some is sure.
func missedAll(captured int) error {
	sent, err := tcpSegmentsSent()
	if err != nil || captured > 0 || sent == 0 {
		return nil
	}
	return fmt.Errorf("the kernel sent %d TCP segments, and the capture holds none of them", sent)
}

// status is wire's exit status: the command's, unless Ctrl-C ended it.
func (rec *recording) status(cmdErr error) int {
	var exit *exec.ExitError
	switch {
	case cmdErr == nil || rec.interrupted:
		return 0
	case errors.As(cmdErr, &exit):
		fmt.Fprintf(os.Stderr, "wire: the command failed: %v\n", cmdErr)
		return 1
	default:
		fmt.Fprintf(os.Stderr, "wire: %v\n", cmdErr)
		return 1
	}
}
