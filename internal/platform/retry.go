package platform

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// safeToRepeat marks a POST that the platform treats as idempotent (signing in,
// refreshing within the grace period, revoking, looking up): repeating it after a
// lost answer cannot create anything twice.
type repeatableKey struct{}

func shouldRetry(resp *resty.Response, err error) bool {
	if resp == nil || resp.Request == nil {
		return false // failed before sending (middleware); nothing to repeat
	}
	req := resp.Request
	if req.Context().Err() != nil {
		return false
	}
	if !repeatable(req) {
		return false
	}
	if err != nil {
		return !isRedirectRefusal(err)
	}
	// SPEC §4: transport errors, 408, 429, 500, 502, 503 and 504 are worth
	// another try; a repeatable call cannot do anything twice.
	switch resp.StatusCode() {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func repeatable(req *resty.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead:
		return true
	}
	if req.Header.Get("Idempotency-Key") != "" {
		return true
	}
	ok, _ := req.Context().Value(repeatableKey{}).(bool)
	return ok
}

// retryAfter reads Retry-After (seconds or an HTTP date); resty clamps the result
// to RetryMaxWait, and 0 means its own capped exponential backoff with jitter.
func retryAfter(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
	return parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()), nil
}

func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
