package platform_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
)

// hits counts requests a server received and what credentials came with them.
type hits struct {
	n       atomic.Int32
	secrets atomic.Int32 // requests carrying a password or a bearer token
}

func (h *hits) handler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.n.Add(1)
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), "secret-pw") || r.Header.Get("Authorization") != "" {
			h.secrets.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

const tokens = `{"access_token":"at","refresh_token":"rt","token_type":"Bearer","expires_in":900,"user":{"id":"1","username":"u"}}`

func redirector(status int, to func() string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Location", to()+r.URL.Path)
		w.WriteHeader(status)
	}
}

func TestRedirectsNeverCarryCredentialsAway(t *testing.T) {
	t.Run("307 on auth/token to another host is not followed", func(t *testing.T) {
		var evil hits
		target := httptest.NewServer(evil.handler(200, tokens))
		defer target.Close()
		src := httptest.NewServer(redirector(http.StatusTemporaryRedirect, func() string { return target.URL }))
		defer src.Close()
		c, _ := platform.New(src.URL, platform.Options{RetryWait: time.Millisecond})
		_, err := c.Login(context.Background(), "u", "secret-pw")
		wantRedirectRefused(t, err, "sign-in requests never follow a redirect")
		if evil.n.Load() != 0 {
			t.Fatalf("the redirect target got %d requests (%d with the password)", evil.n.Load(), evil.secrets.Load())
		}
	})
	t.Run("307 on auth/token from https to http is not followed", func(t *testing.T) {
		var evil hits
		target := httptest.NewServer(evil.handler(200, tokens))
		defer target.Close()
		src := httptest.NewTLSServer(redirector(http.StatusTemporaryRedirect, func() string { return target.URL }))
		defer src.Close()
		c, _ := platform.New(src.URL, platform.Options{HTTPClient: src.Client(), RetryWait: time.Millisecond})
		_, err := c.Login(context.Background(), "u", "secret-pw")
		wantRedirectRefused(t, err, "")
		if evil.n.Load() != 0 {
			t.Fatalf("the http target got %d requests", evil.n.Load())
		}
	})
	t.Run("301 to the same host on another port does not carry the token", func(t *testing.T) {
		var evil hits
		target := httptest.NewServer(evil.handler(200, `{"groups":[]}`))
		defer target.Close()
		mux := http.NewServeMux()
		mux.HandleFunc("/api/v1/auth/token", (&hits{}).handler(200, tokens))
		mux.HandleFunc("/api/v1/groups", redirector(http.StatusMovedPermanently, func() string { return target.URL }))
		src := httptest.NewServer(mux)
		defer src.Close()
		c, _ := platform.New(src.URL, platform.Options{RetryWait: time.Millisecond})
		if _, err := c.Login(context.Background(), "u", "secret-pw"); err != nil {
			t.Fatal(err)
		}
		_, err := c.Groups(context.Background())
		wantRedirectRefused(t, err, "another address")
		if evil.n.Load() != 0 {
			t.Fatalf("the other port got %d requests (%d with the token)", evil.n.Load(), evil.secrets.Load())
		}
	})
	t.Run("a redirect within the same origin is followed", func(t *testing.T) {
		mux := http.NewServeMux()
		mux.HandleFunc("/api/v1/auth/token", (&hits{}).handler(200, tokens))
		mux.HandleFunc("/api/v1/groups", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/api/v1/groups-moved", http.StatusFound)
		})
		var moved hits
		mux.HandleFunc("/api/v1/groups-moved", moved.handler(200, `{"groups":[{"id":7,"name":"G"}]}`))
		src := httptest.NewServer(mux)
		defer src.Close()
		c, _ := platform.New(src.URL, platform.Options{})
		if _, err := c.Login(context.Background(), "u", "secret-pw"); err != nil {
			t.Fatal(err)
		}
		g, err := c.Groups(context.Background())
		if err != nil || len(g) != 1 || moved.secrets.Load() != 1 {
			t.Fatalf("groups %v, err %v, token sent %d times", g, err, moved.secrets.Load())
		}
	})
}

func wantRedirectRefused(t *testing.T, err error, words string) {
	t.Helper()
	var re *platform.RedirectError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "was not followed") || !strings.Contains(err.Error(), words) {
		t.Fatalf("want a refused redirect (%q), got %v", words, err)
	}
	if platform.IsUnreachable(err) {
		t.Fatal("a refused redirect must not read as offline")
	}
}

func TestOnlyLiteralLoopbackAllowsPlainHTTP(t *testing.T) {
	for host, ok := range map[string]bool{
		"http://127.0.0.1:1":           true,
		"http://127.9.9.9:1":           true,
		"http://[::1]:1":               true,
		"http://localhost:1":           true,
		"http://evil.localhost:1":      false,
		"http://localhost.evil.com:1":  false,
		"http://127.0.0.1.nip.io:1":    false,
		"http://[::ffff:10.0.0.1]:1":   false,
		"https://anything.localhost:1": true,
	} {
		if _, err := platform.New(host, platform.Options{}); (err == nil) != ok {
			t.Errorf("New(%q): err=%v, want ok=%v", host, err, ok)
		}
	}
}

func TestLoopbackNeverGoesThroughAProxy(t *testing.T) {
	var proxied hits
	proxy := httptest.NewServer(proxied.handler(200, tokens))
	defer proxy.Close()
	var direct hits
	srv := httptest.NewServer(direct.handler(200, tokens))
	defer srv.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	c, err := platform.New(srv.URL, platform.Options{HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "u", "secret-pw"); err != nil {
		t.Fatal(err)
	}
	if proxied.n.Load() != 0 || direct.n.Load() != 1 {
		t.Fatalf("proxy saw %d requests (%d with the password), the platform %d", proxied.n.Load(), proxied.secrets.Load(), direct.n.Load())
	}
}

func TestA500OnARepeatableCallIsRetried(t *testing.T) {
	for _, path := range []string{"/api/v1/auth/token", "/api/v1/groups"} {
		t.Run(path, func(t *testing.T) {
			var calls atomic.Int32
			mux := http.NewServeMux()
			answer := func(body string) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == path && calls.Add(1) == 1 {
						w.WriteHeader(500)
						io.WriteString(w, `{"error":{"code":"internal_error","message":"boom"}}`)
						return
					}
					io.WriteString(w, body)
				}
			}
			mux.HandleFunc("/api/v1/auth/token", answer(tokens))
			mux.HandleFunc("/api/v1/groups", answer(`{"groups":[]}`))
			srv := httptest.NewServer(mux)
			defer srv.Close()
			c, _ := platform.New(srv.URL, platform.Options{RetryWait: time.Millisecond})
			if _, err := c.Login(context.Background(), "u", "pw"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Groups(context.Background()); err != nil {
				t.Fatal(err)
			}
			if calls.Load() != 2 {
				t.Fatalf("%s called %d times, want 2 (one 500, one retry)", path, calls.Load())
			}
		})
	}
}

// trickle answers one byte at a time, never finishing in time.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	for {
		if _, err := io.WriteString(w, " "); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func TestATricklingPlatformHitsTheCallDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(trickle))
	defer srv.Close()
	// Each attempt alone could last 5 s and there are 4 of them: only the
	// call's deadline ends it at 0.4 s.
	c, _ := platform.New(srv.URL, platform.Options{AttemptTimeout: 5 * time.Second, CallTimeout: 400 * time.Millisecond,
		RetryCount: 3, RetryWait: time.Millisecond})
	start := time.Now()
	_, err := c.Login(context.Background(), "u", "pw")
	elapsed := time.Since(start)
	var te *platform.TimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "the platform did not answer within 0.4 s") {
		t.Fatalf("want the call's deadline in a sentence, got %v", err)
	}
	if !platform.IsUnreachable(err) {
		t.Fatal("a call that timed out should read as unreachable (the outbox waits and tries again)")
	}
	if elapsed > 4*time.Second {
		t.Fatalf("the call lasted %v", elapsed)
	}
}

// TestSubmitWithoutAnImportIsAnError: a 2xx that names no import (204, an
// empty object) cannot be followed; taken as success it had the outbox poll
// GET /client-imports/ for ever.
func TestSubmitWithoutAnImportIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"204 no content", http.StatusNoContent, ""},
		{"202 with an empty object", http.StatusAccepted, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			var platformHits hits
			mux.HandleFunc("/api/v1/auth/token", platformHits.handler(200, tokens))
			mux.HandleFunc("/api/v1/groups/101/client-imports", platformHits.handler(tc.status, tc.body))
			srv := httptest.NewServer(mux)
			defer srv.Close()
			c, err := platform.New(srv.URL, platform.Options{RetryWait: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := c.Login(ctx, "u", "secret-pw"); err != nil {
				t.Fatal(err)
			}
			res, err := c.SubmitImport(ctx, 101, "key-1", []byte(`{"clients":[]}`))
			if err == nil || !strings.Contains(err.Error(), "without naming the import") {
				t.Fatalf("SubmitImport = %+v, %v; want an error", res, err)
			}
		})
	}
}
