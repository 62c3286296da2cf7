package tcpgo

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// waitTimeout bounds every wait of a test or a script command, so that a
// broken program fails the test instead of hanging it.
const waitTimeout = 20 * time.Second

// errStillWaiting is what waitFor returns once its time is up.
var errStillWaiting = errors.New("still waiting")

// waitFor calls done every few milliseconds until it returns true or an
// error, for at most within. It is how the tests learn of an event that
// sends no word (a file appears, /proc changes): each look is cheap, and
// the few milliseconds between looks are no guess at how long the event
// takes.
func waitFor(within time.Duration, done func() (bool, error)) error {
	deadline := time.Now().Add(within)
	for {
		ok, err := done()
		if ok || err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w after %s", errStillWaiting, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitForFile returns the contents of path as soon as it exists. Servers
// write their address file by renaming a finished one into place, so it
// is never seen half written.
func waitForFile(path string) (string, error) {
	var data []byte
	err := waitFor(waitTimeout, func() (bool, error) {
		var err error
		data, err = os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		return err == nil, err
	})
	if errors.Is(err, errStillWaiting) {
		return "", fmt.Errorf("%s did not appear within %s", path, waitTimeout)
	}
	return string(data), err
}
