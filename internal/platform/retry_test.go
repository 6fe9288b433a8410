package platform_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
)

// TestWhichAnswersAreRetried is SPEC §4's list: a repeatable call is tried
// again on 408, 429, 500, 502, 503 and 504, and on nothing else.
func TestWhichAnswersAreRetried(t *testing.T) {
	for status, retried := range map[int]bool{
		408: true, 429: true, 500: true, 502: true, 503: true, 504: true,
		400: false, 401: false, 403: false, 404: false, 409: false, 422: false, 501: false,
	} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.WriteHeader(status)
			}))
			defer srv.Close()
			c, _ := platform.New(srv.URL, platform.Options{RetryCount: 2, RetryWait: time.Millisecond, RetryMaxWait: time.Millisecond})
			c.Resume("rt", platform.User{})
			_, _, err := c.Import(context.Background(), "x") // refreshes first: POST auth/refresh
			if err == nil {
				t.Fatal("want an error")
			}
			want := int32(1)
			if retried {
				want = 3
			}
			if calls.Load() != want {
				t.Fatalf("%d answered %d times, want %d", status, calls.Load(), want)
			}
		})
	}
}
