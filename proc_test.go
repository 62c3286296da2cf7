package tcpgo

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"tcpgo/internal/procfs"
)

// The steps of the lessons are the article's programs, kept plain: they
// take -addr but write no address file. These commands learn what a
// server step is doing from /proc instead, by the process ID of the
// script's most recent background command:
//
//	waitlisten VAR   wait until it listens on TCP, and set $VAR to the address
//	waitsockets N    wait until it holds exactly N sockets (1: the listener
//	                 alone, so every client it had is finished)
//	fdmark           remember how many descriptors it has open
//	fdgrowth N       print how many more it has now than at the mark, and
//	                 how many that makes for each of N clients
//	fdback           wait, a second at most, until it is back to the mark

// lastBackground returns the PID of the most recent background command.
func lastBackground(ts *testscript.TestScript) int {
	cmds := ts.BackgroundCmds()
	if len(cmds) == 0 {
		ts.Fatalf("no background command is running")
	}
	return cmds[len(cmds)-1].Process.Pid
}

func cmdWaitListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitlisten VAR")
	}
	pid := lastBackground(ts)
	var addr string
	err := waitFor(waitTimeout, func() (bool, error) {
		var err error
		addr, err = procfs.Listening(pid)
		return addr != "", err
	})
	if err != nil {
		ts.Fatalf("waitlisten: process %d has no IPv4 TCP listener: %v", pid, err)
	}
	ts.Setenv(args[0], addr)
}

func cmdWaitSockets(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitsockets N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	pid := lastBackground(ts)
	ts.Check(waitFor(waitTimeout, func() (bool, error) {
		inodes, err := procfs.Sockets(pid)
		return len(inodes) == want, err
	}))
}

func cmdFdMark(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: fdmark")
	}
	n, err := procfs.Descriptors(lastBackground(ts))
	ts.Check(err)
	state := stateOf(ts)
	state.fdMark, state.fdMarked = n, true
}

// fdMark returns the count of the script's last fdmark.
func fdMark(ts *testscript.TestScript) int {
	state := stateOf(ts)
	if !state.fdMarked {
		ts.Fatalf("no fdmark yet")
	}
	return state.fdMark
}

func cmdFdGrowth(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: fdgrowth N")
	}
	clients, err := strconv.Atoi(args[0])
	ts.Check(err)
	n, err := procfs.Descriptors(lastBackground(ts))
	ts.Check(err)
	more := n - fdMark(ts)
	fmt.Fprintf(ts.Stdout(), "%d clients connected: %d descriptors more than before, %.0f for each\n", clients, more, float64(more)/float64(clients))
}

func cmdFdBack(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: fdback")
	}
	pid, mark := lastBackground(ts), fdMark(ts)
	n := 0
	err := waitFor(time.Second, func() (bool, error) {
		var err error
		n, err = procfs.Descriptors(pid)
		return n == mark, err
	})
	if errors.Is(err, errStillWaiting) {
		ts.Fatalf("a second after the clients left, %d descriptors more than before", n-mark)
	}
	ts.Check(err)
	fmt.Fprintln(ts.Stdout(), "the clients gone: back to as many descriptors as before, within a second")
}

// waitRead waits until the process at the other end of conn, on this
// machine, has read every byte conn sent: none is left unacknowledged in
// our send queue, nor unread in its receive queue.
func waitRead(conn net.Conn) error {
	ours := conn.LocalAddr().String() + " " + conn.RemoteAddr().String()
	theirs := conn.RemoteAddr().String() + " " + conn.LocalAddr().String()
	return waitFor(waitTimeout, func() (bool, error) {
		queues, err := tcpQueues()
		if err != nil {
			return false, err
		}
		if _, ok := queues[ours]; !ok {
			return false, fmt.Errorf("no connection %s in /proc/net/tcp", ours)
		}
		return queues[ours][0] == 0 && queues[theirs][1] == 0, nil
	})
}

// tcpQueues maps each IPv4 connection, "local remote", to the bytes in
// its send and receive queues.
func tcpQueues() (map[string][2]uint64, error) {
	data, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return nil, err
	}
	queues := map[string][2]uint64{}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		// sl local_address rem_address st tx_queue:rx_queue ...
		fields := strings.Fields(line)
		if len(fields) < 5 {
			continue
		}
		local, err1 := procfs.HexAddr(fields[1])
		remote, err2 := procfs.HexAddr(fields[2])
		tx, rx, _ := strings.Cut(fields[4], ":")
		txn, err3 := strconv.ParseUint(tx, 16, 64)
		rxn, err4 := strconv.ParseUint(rx, 16, 64)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, err
		}
		queues[local+" "+remote] = [2]uint64{txn, rxn}
	}
	return queues, nil
}
