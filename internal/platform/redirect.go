package platform

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-resty/resty/v2"
)

// maxRedirects bounds a chain of same-origin redirects.
const maxRedirects = 5

// RedirectError is a redirect the client refused to follow: nothing was sent to
// its target. It is never retried and does not mean "offline".
type RedirectError struct {
	Method, Path string // the request that was redirected
	To           string // where the platform pointed
	Reason       string // why it was not followed, as a sentence fragment
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("platform: %s %s: the platform answered with a redirect to %s, which was not followed: %s; check the platform address",
		e.Method, e.Path, e.To, e.Reason)
}

// redirectPolicy follows a redirect only where credentials may go: never for
// sign-in calls (auth/*, whose body is the password or a refresh token), never
// to another origin (scheme, host and port: every other call carries the
// access token), and never from https to http.
var redirectPolicy = resty.RedirectPolicyFunc(func(req *http.Request, via []*http.Request) error {
	first, prev := via[0], via[len(via)-1]
	refuse := func(reason string) error {
		return &RedirectError{Method: first.Method, Path: first.URL.Path, To: req.URL.Redacted(), Reason: reason}
	}
	switch {
	case strings.Contains(first.URL.Path, "/auth/"):
		return refuse("sign-in requests never follow a redirect, so the password and tokens were not sent there")
	case prev.URL.Scheme == "https" && req.URL.Scheme != "https":
		return refuse("it leaves https for an unencrypted address")
	case !sameOrigin(first, req):
		return refuse("it leads to another address (scheme, host or port), where the sign-in must not go")
	case len(via) >= maxRedirects:
		return refuse(fmt.Sprintf("more than %d redirects in a row", maxRedirects-1))
	}
	return nil
})

func sameOrigin(a, b *http.Request) bool {
	return a.URL.Scheme == b.URL.Scheme && strings.EqualFold(a.URL.Hostname(), b.URL.Hostname()) && port(a) == port(b)
}

func port(r *http.Request) string {
	if p := r.URL.Port(); p != "" {
		return p
	}
	if r.URL.Scheme == "https" {
		return "443"
	}
	return "80"
}

// isRedirectRefusal tells whether err is a refused redirect.
func isRedirectRefusal(err error) bool {
	var re *RedirectError
	return errors.As(err, &re)
}
