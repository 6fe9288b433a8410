package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Running is a sandbox served over loopback HTTP.
type Running struct {
	// URL is the base address, like http://127.0.0.1:40123.
	URL    string
	Server *Server
	http   *http.Server
	done   chan struct{}
}

// Start creates a sandbox with the demo data and serves it on addr ("" means
// 127.0.0.1 on a free port). Stop ends it.
func Start(opts Options, addr string) (*Running, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	run, err := Serve(s, addr)
	if err != nil {
		s.Close()
		return nil, err
	}
	return run, nil
}

// Serve serves an existing sandbox on addr; after Stop, the same sandbox (and
// its data) can be served again, on the same address, to model a platform that
// was unreachable for a while.
func Serve(s *Server, addr string) (*Running, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listening on %s: %w", addr, err)
	}
	run := &Running{
		URL:    "http://" + ln.Addr().String(),
		Server: s,
		http:   &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan struct{}),
	}
	go func() {
		defer close(run.done)
		if err := run.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Printf("sandbox: %v\n", err)
		}
	}()
	return run, nil
}

// Addr is the host:port the sandbox listens on.
func (r *Running) Addr() string { return r.URL[len("http://"):] }

// Stop closes the listener and every connection at once, as a network failure
// would; the sandbox's data stays in r.Server.
func (r *Running) Stop() {
	_ = r.http.Close()
	<-r.done
}

// Shutdown stops serving gracefully, then ends background processing.
func (r *Running) Shutdown(ctx context.Context) error {
	err := r.http.Shutdown(ctx)
	r.Server.Close()
	return err
}

// Close stops serving and ends background processing for good.
func (r *Running) Close() {
	r.Stop()
	r.Server.Close()
}
