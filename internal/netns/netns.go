// Package netns runs a program again inside namespaces of its own: a
// user namespace, in which it is root without being root on the system,
// a network namespace, whose loopback only it uses, and a process
// namespace, so that nothing it starts outlives it.
package netns

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// stage is set in the environment of the copies Enter starts: 1 in the
// first, 2 in the second.
const stage = "TCPGO_NETNS_STAGE"

// Stage says which copy of the program this process is: 0 for the one
// the user ran, 1 and 2 for those Enter starts. The work is for stage 2.
func Stage() int {
	switch os.Getenv(stage) {
	case "1":
		return 1
	case "2":
		return 2
	}
	return 0
}

// Enter runs this program again, with its arguments, one stage further
// in, and returns the status the copy exits with. Interrupts it receives
// go to the copy, which decides what to do with them.
//
// Stage 1 is in a new user namespace, where it is root, and a new
// network namespace, which it owns. There it makes the kernel's table of
// connections small for the network namespaces it makes (the table is
// shared with the whole system otherwise, and reading /proc/net/tcp walks
// all of it, a millisecond or more each time). Stage 2 is in such a
// namespace, and in a process namespace of its own.
func Enter() (int, error) {
	var cmd *exec.Cmd
	var err error
	switch Stage() {
	case 0:
		cmd, err = start(1, syscall.CLONE_NEWUSER|syscall.CLONE_NEWNET)
		if err != nil && os.Geteuid() == 0 {
			// Root can make a network namespace without a user
			// namespace, where a system forbids those.
			cmd, err = start(1, syscall.CLONE_NEWNET)
		}
	case 1:
		smallTable()
		cmd, err = start(2, syscall.CLONE_NEWNET|syscall.CLONE_NEWPID)
	default:
		return 0, errors.New("stage 2 enters no further")
	}
	if err != nil {
		return 0, explain(err)
	}
	return wait(cmd)
}

// smallTable asks for a table of 128 connections in the network
// namespaces made from here on. Kernels before 6.1 have no such setting;
// the capture works without it, only slower.
func smallTable() {
	os.WriteFile("/proc/sys/net/ipv4/tcp_child_ehash_entries", []byte("128"), 0)
}

// wait passes interrupts on to cmd, and returns its exit status.
func wait(cmd *exec.Cmd) (int, error) {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	go func() {
		for sig := range interrupts {
			cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}

// start starts the copy of stage n in the namespaces flags make.
func start(n int, flags uintptr) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, os.Args[1:]...)
	cmd.Args[0] = os.Args[0]
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", stage, n))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: flags,
		// A group of its own: Ctrl-C reaches us, and we pass it on,
		// once; the terminal does not send it to the copy a second time.
		Setpgid: true,
		// If we are killed, so is the copy, and with it, in the end,
		// every process of stage 2's process namespace.
		Pdeathsig: syscall.SIGKILL,
	}
	if flags&syscall.CLONE_NEWUSER != 0 {
		// Our user id is root inside, and so holds the capabilities
		// the network namespace asks for: to bring up lo, to capture.
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	return cmd, cmd.Start()
}

// hint says what to check on a system that refuses us namespaces.
const hint = "check that unprivileged user namespaces are allowed (sysctl user.max_user_namespaces above 0; kernel.unprivileged_userns_clone=1 where it exists; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0), or run as root"

// explain says why the copy could not start, in the kernel's words,
// which clone(2) gives: ENOSPC, "no space left on device", is the limit
// of user namespaces, which a sysctl of zero sets.
func explain(err error) error {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return fmt.Errorf("cannot make a private network namespace: %w", err)
	}
	reason := errno.Error()
	switch errno {
	case unix.ENOSPC:
		reason = "no more user namespaces allowed"
	case unix.EPERM, unix.EACCES, unix.EINVAL:
	default:
		return fmt.Errorf("cannot make a private network namespace: %w", err)
	}
	return fmt.Errorf("cannot make a private network namespace (%s): %s", reason, hint)
}

// LoopbackUp brings up lo, which a new network namespace starts with
// down: the same as `ip link set lo up`.
func LoopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("cannot read the flags of lo: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	err = unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
	if errors.Is(err, unix.EPERM) {
		// AppArmor on Ubuntu lets the namespace be made, then takes
		// away the capabilities it should hold.
		return fmt.Errorf("cannot bring up lo in the new namespace (%v): %s", err, hint)
	}
	if err != nil {
		return fmt.Errorf("cannot bring up lo: %w", err)
	}
	return nil
}
