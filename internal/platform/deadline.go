package platform

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// errCallDeadline is the cause of a call's context ending at CallTimeout.
var errCallDeadline = errors.New("the call's time limit passed")

// TimeoutError is a call the platform did not answer in time: no answer, or
// one too slow to finish (a byte at a time). It counts as unreachable.
type TimeoutError struct {
	Method, Path string
	Limit        time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("platform: %s %s: the platform did not answer within %s", e.Method, e.Path, seconds(e.Limit))
}

// Timeout marks it as a net.Error timeout for callers that ask.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary is part of net.Error.
func (e *TimeoutError) Temporary() bool { return true }

var _ net.Error = (*TimeoutError)(nil)

func seconds(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d s", int(d/time.Second))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// isAttemptTimeout tells whether err is http.Client's own timeout of one
// attempt (Options.AttemptTimeout).
func isAttemptTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
