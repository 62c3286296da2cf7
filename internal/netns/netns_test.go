package netns

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

// A system that refuses user namespaces gets one line that names the
// settings to check.
func TestARefusalNamesTheSettingsToCheck(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EPERM, unix.ENOSPC, unix.EINVAL} {
		msg := explain(errno).Error()
		assert.NotContains(t, msg, "\n")
		for _, setting := range []string{"user.max_user_namespaces", "kernel.unprivileged_userns_clone", "kernel.apparmor_restrict_unprivileged_userns", "root"} {
			assert.Contains(t, msg, setting)
		}
	}
	assert.Contains(t, explain(unix.ENOSPC).Error(), "(no more user namespaces allowed)")
	assert.False(t, strings.Contains(explain(unix.ENOMEM).Error(), "sysctl"), "only a refusal gets the hint")
}

func TestTheStageComesFromTheEnvironment(t *testing.T) {
	t.Setenv(stage, "")
	assert.Equal(t, 0, Stage())
	t.Setenv(stage, "2")
	assert.Equal(t, 2, Stage())
	_, err := Enter()
	assert.ErrorContains(t, err, "stage 2 enters no further")
}
