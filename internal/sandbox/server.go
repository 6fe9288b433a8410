package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/template"
)

// Faults are the sandbox's knobs; all can change while it runs (POST /sandbox/faults).
type Faults struct {
	// DelayPerClient is how long processing one row takes.
	DelayPerClient Duration `json:"delay_per_client"`
	// Latency is added before every API answer.
	Latency Duration `json:"latency"`
	// FaultRate is the share of API requests answered 500, 502 or 503 before any work.
	FaultRate float64 `json:"fault_rate"`
	// DropRate is the share of new submissions that are processed and whose
	// connection is then closed with no answer.
	DropRate float64 `json:"drop_rate"`
	// RateLimit is API requests per second; past it, 429 rate_limited. 0 = none.
	RateLimit float64 `json:"rate_limit"`
	// TokenTTL is the lifetime of access tokens.
	TokenTTL Duration `json:"token_ttl"`
}

// DefaultFaults are the dnasandbox defaults: a realistic pace and no faults.
func DefaultFaults() Faults {
	return Faults{DelayPerClient: Duration(50 * time.Millisecond), TokenTTL: Duration(15 * time.Minute)}
}

// Duration is a time.Duration that reads and writes JSON as "1.5s" (or a number
// of nanoseconds).
type Duration time.Duration

// MarshalJSON writes the duration as text.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "150ms" or a number of nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		*d = Duration(v)
		return nil
	}
	var n float64
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a duration is text like \"150ms\" or a number of nanoseconds")
	}
	*d = Duration(time.Duration(n))
	return nil
}

// Options configure a new sandbox.
type Options struct {
	Faults Faults
	// Seed makes fault decisions and generated IDs repeatable; 0 picks one at random.
	Seed uint64
	// Now is the sandbox's clock (default time.Now); tests move it to expire
	// tokens and idempotency keys.
	Now func() time.Time
}

// Server is the sandbox platform. It is safe for concurrent use.
type Server struct {
	now      func() time.Time
	template []byte
	etag     string

	mu       sync.Mutex
	faults   Faults
	limiter  *rate.Limiter
	rng      *mrand.Rand
	accounts []account
	reports  []platform.Report
	groups   []platform.Group
	clients  []Client
	taken    map[string]bool // lower-cased emails and usernames of every client
	access   map[string]accessToken
	refresh  map[string]*refreshToken
	imports  map[string]*importJob
	order    []string // import IDs, oldest first
	keys     map[string]*keyRecord
	mailbox  []Message
	requests []RequestLog

	gen    int             // bumped by Reset: processing of older imports stops
	ctx    context.Context // ends processing when the server stops
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// RequestLog is one API request as the sandbox saw it (GET /sandbox/requests).
type RequestLog struct {
	Time           time.Time `json:"time"`
	Method         string    `json:"method"`
	Path           string    `json:"path"`
	Status         int       `json:"status"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	Replayed       bool      `json:"replayed,omitempty"`
	Dropped        bool      `json:"dropped,omitempty"`
	Fault          bool      `json:"fault,omitempty"`
}

// New returns a sandbox holding the demo data.
func New(opts Options) (*Server, error) {
	data, err := template.Generic()
	if err != nil {
		return nil, fmt.Errorf("sandbox: building the template: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	seed := opts.Seed
	if seed == 0 {
		seed = mrand.Uint64()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		now:      opts.Now,
		template: data,
		etag:     fmt.Sprintf("%q", "tpl-"+template.Version+"-"+shortHash(data)),
		rng:      mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		ctx:      ctx,
		cancel:   cancel,
	}
	s.setFaultsLocked(opts.Faults)
	s.resetLocked()
	return s, nil
}

// Close stops background processing; unfinished imports stay as they are.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

func (s *Server) resetLocked() {
	s.accounts = demoAccounts()
	s.reports = DemoReports()
	s.groups = DemoGroups()
	s.clients = demoClients()
	s.taken = map[string]bool{}
	for _, c := range s.clients {
		s.taken[strings.ToLower(c.Email)] = true
		s.taken[strings.ToLower(c.Username)] = true
	}
	s.access = map[string]accessToken{}
	s.refresh = map[string]*refreshToken{}
	s.imports = map[string]*importJob{}
	s.order = nil
	s.keys = map[string]*keyRecord{}
	s.mailbox = nil
	s.requests = nil
}

func (s *Server) setFaultsLocked(f Faults) {
	f.FaultRate = clamp01(f.FaultRate)
	f.DropRate = clamp01(f.DropRate)
	if f.TokenTTL <= 0 {
		f.TokenTTL = DefaultFaults().TokenTTL
	}
	if f.DelayPerClient < 0 {
		f.DelayPerClient = 0
	}
	if f.Latency < 0 {
		f.Latency = 0
	}
	s.faults = f
	s.limiter = nil
	if f.RateLimit > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(f.RateLimit), max(1, int(math.Ceil(f.RateLimit))))
	}
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	return min(v, 1)
}

// Faults returns the knobs in force.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// SetFaults changes the knobs while the sandbox runs.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaultsLocked(f)
}

// Handler serves the API (/api/v1/…) and the sandbox's own endpoints (/sandbox/…).
func (s *Server) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("POST /api/v1/auth/token", s.handleToken)
	api.HandleFunc("POST /api/v1/auth/refresh", s.handleRefresh)
	api.HandleFunc("POST /api/v1/auth/revoke", s.handleRevoke)
	api.HandleFunc("GET /api/v1/groups", s.authed(s.handleGroups))
	api.HandleFunc("GET /api/v1/reports", s.authed(s.handleReports))
	api.HandleFunc("GET /api/v1/client-import-template", s.authed(s.handleTemplate))
	api.HandleFunc("POST /api/v1/clients/lookup", s.authed(s.handleLookup))
	api.HandleFunc("POST /api/v1/groups/{id}/client-imports", s.authed(s.handleSubmit))
	api.HandleFunc("GET /api/v1/client-imports/{id}", s.authed(s.handleGetImport))
	api.HandleFunc("GET /api/v1/client-imports", s.authed(s.handleListImports))
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, platform.CodeNotFound, "No such API call: "+r.Method+" "+r.URL.Path)
	})

	root := http.NewServeMux()
	root.Handle("/api/", s.faulty(api))
	root.HandleFunc("GET /sandbox/clients", s.handleSandboxClients)
	root.HandleFunc("GET /sandbox/mailbox", s.handleSandboxMailbox)
	root.HandleFunc("GET /sandbox/requests", s.handleSandboxRequests)
	root.HandleFunc("GET /sandbox/faults", s.handleGetFaults)
	root.HandleFunc("POST /sandbox/faults", s.handleSetFaults)
	root.HandleFunc("POST /sandbox/reset", s.handleReset)
	root.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "DNA Platform sandbox: API v1 under /api/v1, controls under /sandbox (SPEC §4, §5).")
	})
	return root
}

// logWriter records the status an API answer was given.
type logWriter struct {
	http.ResponseWriter
	entry *RequestLog
}

func (l *logWriter) WriteHeader(code int) {
	if l.entry.Status == 0 {
		l.entry.Status = code
	}
	l.ResponseWriter.WriteHeader(code)
}

func (l *logWriter) Write(b []byte) (int, error) {
	if l.entry.Status == 0 {
		l.entry.Status = http.StatusOK
	}
	return l.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (to drop it).
func (l *logWriter) Unwrap() http.ResponseWriter { return l.ResponseWriter }

type logKey struct{}

func entryOf(r *http.Request) *RequestLog {
	e, _ := r.Context().Value(logKey{}).(*RequestLog)
	if e == nil {
		return &RequestLog{}
	}
	return e
}

// faulty applies, in this order, the request log, the rate limit, the fault
// rate and the latency to every API request.
func (s *Server) faulty(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entry := &RequestLog{Method: r.Method, Path: r.URL.Path, IdempotencyKey: r.Header.Get("Idempotency-Key")}
		defer func() {
			s.mu.Lock()
			entry.Time = s.now()
			s.requests = append(s.requests, *entry)
			s.mu.Unlock()
		}()
		lw := &logWriter{ResponseWriter: w, entry: entry}
		r = r.WithContext(context.WithValue(r.Context(), logKey{}, entry))

		s.mu.Lock()
		f := s.faults
		limited := s.limiter != nil && !s.limiter.Allow()
		fault := f.FaultRate > 0 && s.rng.Float64() < f.FaultRate
		faultStatus := []int{500, 502, 503}[s.rng.IntN(3)]
		s.mu.Unlock()

		if limited {
			lw.Header().Set("Retry-After", "1")
			writeError(lw, http.StatusTooManyRequests, platform.CodeRateLimited, "Too many requests; wait and try again.")
			return
		}
		if f.Latency > 0 && !isSubmit(r) { // a submission waits after claiming its key
			if !sleep(r.Context(), time.Duration(f.Latency)) {
				return
			}
		}
		if fault {
			entry.Fault = true
			code, msg := platform.CodeInternalError, "The server met an unexpected condition."
			if faultStatus != 500 {
				code, msg = platform.CodeUnavailable, "The service is temporarily unavailable; try again."
				lw.Header().Set("Retry-After", "1")
			}
			writeError(lw, faultStatus, code, msg)
			return
		}
		next.ServeHTTP(lw, r)
	})
}

func isSubmit(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/client-imports")
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, platform.CodeInternalError, "encoding the answer: "+err.Error())
		return
	}
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, platform.ErrorBody{Error: platform.ErrorDetail{Code: code, Message: message}})
}

// readJSON decodes a request body of at most limit bytes, answering 422 itself
// when it cannot.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) ([]byte, bool) {
	body, err := readBody(r, limit)
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, platform.CodeValidationFailed, err.Error())
		return nil, false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, http.StatusUnprocessableEntity, platform.CodeValidationFailed, "The request body is not valid JSON: "+err.Error())
		return nil, false
	}
	return body, true
}

func readBody(r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("the request body is larger than %d bytes", limit)
	}
	return body, err
}

func (s *Server) newID(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func shortHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
