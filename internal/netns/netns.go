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

// inside is set in the environment of the copy that Enter starts.
const inside = "TCPGO_NETNS_INSIDE"

// Inside reports whether this process is the copy Enter started.
func Inside() bool {
	return os.Getenv(inside) == "1"
}

// Enter runs this program again, with its arguments, inside new
// namespaces, and returns the status the copy exits with. Interrupts it
// receives go to the copy, which decides what to do with them.
func Enter() (int, error) {
	cmd, err := start(true)
	if err != nil && os.Geteuid() == 0 {
		// Root can make a network namespace without a user namespace,
		// where a system forbids those.
		cmd, err = start(false)
	}
	if err != nil {
		return 0, explain(err)
	}
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	go func() {
		for sig := range interrupts {
			cmd.Process.Signal(sig)
		}
	}()
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}

func start(userns bool) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, os.Args[1:]...)
	cmd.Args[0] = os.Args[0]
	cmd.Env = append(os.Environ(), inside+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWNET | syscall.CLONE_NEWPID,
		// A group of its own: Ctrl-C reaches us, and we pass it on,
		// once; the terminal does not send it to the copy a second time.
		Setpgid: true,
		// If we are killed, so is the copy, and with it every process
		// of its process namespace.
		Pdeathsig: syscall.SIGKILL,
	}
	if userns {
		// Our user id is root inside, and so holds the capabilities
		// the network namespace asks for: to bring up lo, to capture.
		cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	return cmd, cmd.Start()
}

// hint says what to check on a system that refuses us namespaces.
const hint = "check that unprivileged user namespaces are allowed (sysctl user.max_user_namespaces above 0; kernel.unprivileged_userns_clone=1 where it exists; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0), or run as root"

func explain(err error) error {
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, unix.ENOSPC) || errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("cannot make a private network namespace (%v): %s", err, hint)
	}
	return fmt.Errorf("cannot make a private network namespace: %w", err)
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
