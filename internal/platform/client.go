package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// Options tunes a Client. The zero value is what the app uses.
type Options struct {
	// HTTPClient carries the requests; nil means a client with sane timeouts.
	HTTPClient *http.Client
	// AttemptTimeout bounds one HTTP attempt, answer included (default 30 s).
	AttemptTimeout time.Duration
	// CallTimeout bounds one call, its retries and waits included (default
	// 2 min): a platform that answers a byte at a time cannot hold a call
	// longer. The caller's context may end it sooner.
	CallTimeout time.Duration
	// RetryCount is how many times a call that may be repeated is retried
	// (default 5, so that a platform failing 30 % of its answers still fails a
	// call only 0.3^6 ≈ 0.07 % of the time; negative means never). Callers with
	// work that must get through (the submission outbox) keep trying on their
	// own, with the same key.
	RetryCount int
	// RetryWait is the first backoff step (default 250 ms); RetryMaxWait caps every
	// wait, Retry-After included (default 20 s).
	RetryWait, RetryMaxWait time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// OnSession is called with every new session, from sign-in or refresh, before
	// its tokens are used: a rotated refresh token is stored before the old one is
	// forgotten. An error from it fails the call that caused the refresh.
	OnSession func(context.Context, Session) error
}

// Client talks to one platform. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	rc          *resty.Client
	callTimeout time.Duration
	onSession   func(context.Context, Session) error

	mu      sync.Mutex
	session Session

	// refreshing is a one-slot semaphore: concurrent callers that meet an expired
	// token share one refresh instead of racing to rotate the refresh token.
	refreshing chan struct{}
}

// ErrNotSignedIn is returned by calls that need a session when there is none.
var ErrNotSignedIn = errors.New("platform: not signed in")

// ErrInsecureURL is returned for an http:// platform that is not on this machine.
var ErrInsecureURL = errors.New("platform: the address must start with https:// (plain http:// is only allowed for this computer)")

// CheckBaseURL parses a platform address and refuses plain HTTP except for
// loopback hosts, where the sandbox runs.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("platform: %q is not a web address: %w", raw, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("platform: %q has no host name; write it like https://platform.example.com", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%w: %s", ErrInsecureURL, raw)
		}
	default:
		return nil, fmt.Errorf("platform: %q must start with https://", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// New returns a client of the platform at baseURL (e.g. https://dna.example.com).
func New(baseURL string, opts Options) (*Client, error) {
	base, err := CheckBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if opts.AttemptTimeout <= 0 {
		opts.AttemptTimeout = 30 * time.Second
	}
	if opts.RetryCount == 0 {
		opts.RetryCount = 5
	} else if opts.RetryCount < 0 {
		opts.RetryCount = 0
	}
	if opts.RetryWait <= 0 {
		opts.RetryWait = 250 * time.Millisecond
	}
	if opts.RetryMaxWait <= 0 {
		opts.RetryMaxWait = 20 * time.Second
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "massuploader"
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = 2 * time.Minute
	}
	hc := opts.HTTPClient
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = directForLoopback(tr.Proxy)
		hc = &http.Client{Transport: tr}
	} else if tr, ok := hc.Transport.(*http.Transport); ok {
		tr.Proxy = directForLoopback(tr.Proxy)
	}
	rc := resty.NewWithClient(hc).
		SetBaseURL(base.String()).
		SetTimeout(opts.AttemptTimeout).
		SetHeader("User-Agent", opts.UserAgent).
		SetHeader("Accept", "application/json").
		SetLogger(quietLogger{}).
		SetResponseBodyLimit(64 << 20).
		SetRetryCount(opts.RetryCount).
		SetRetryWaitTime(opts.RetryWait).
		SetRetryMaxWaitTime(opts.RetryMaxWait).
		SetRetryAfter(retryAfter).
		SetRedirectPolicy(redirectPolicy).
		// AddRetryCondition replaces resty's default "retry on any error"; this one
		// condition decides everything, see shouldRetry.
		AddRetryCondition(shouldRetry)
	return &Client{
		base:        base,
		callTimeout: opts.CallTimeout,
		rc:          rc,
		onSession:   opts.OnSession,
		refreshing:  make(chan struct{}, 1),
	}, nil
}

// BaseURL is the platform's address as the client uses it.
func (c *Client) BaseURL() string { return c.base.String() }

// Host is the platform's host (and port), as credentials are keyed by it.
func (c *Client) Host() string { return c.base.Host }

// Session returns the current session (tokens included: never log it).
func (c *Client) Session() Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session
}

// Resume continues a session from a stored refresh token: the first call that
// needs a session refreshes it.
func (c *Client) Resume(refreshToken string, user User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = Session{RefreshToken: refreshToken, User: user, TokenType: "Bearer"}
}

// SignedIn tells whether the client holds a session it can use or refresh.
func (c *Client) SignedIn() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session.AccessToken != "" || c.session.RefreshToken != ""
}

// call is one API request.
type call struct {
	method       string
	path         string
	query        url.Values
	body         []byte // JSON, sent unchanged on every attempt
	header       map[string]string
	authed       bool
	safeToRepeat bool
	out          any // a 2xx JSON answer is decoded into it
}

func (c *Client) send(ctx context.Context, k call, token string) (*resty.Response, error) {
	if k.safeToRepeat {
		ctx = context.WithValue(ctx, repeatableKey{}, true)
	}
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.callTimeout, errCallDeadline)
	defer cancel()
	req := c.rc.R().SetContext(ctx)
	if k.query != nil {
		req.SetQueryParamsFromValues(k.query)
	}
	if k.body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(k.body)
	}
	for h, v := range k.header {
		req.SetHeader(h, v)
	}
	if token != "" {
		req.SetAuthToken(token)
	}
	resp, err := req.Execute(k.method, k.path)
	if err != nil {
		if parent.Err() == nil && (errors.Is(context.Cause(ctx), errCallDeadline) || isAttemptTimeout(err)) {
			limit := c.callTimeout
			if ctx.Err() == nil {
				limit = c.rc.GetClient().Timeout
			}
			return resp, &TimeoutError{Method: k.method, Path: k.path, Limit: limit}
		}
		var re *RedirectError
		if errors.As(err, &re) {
			return resp, re
		}
		if ctxErr := parent.Err(); ctxErr != nil {
			return resp, fmt.Errorf("platform: %s %s: %w", k.method, k.path, ctxErr)
		}
		return resp, fmt.Errorf("platform: %s %s: %w", k.method, k.path, err)
	}
	if resp.StatusCode() >= 400 {
		return resp, c.errorFrom(k, resp)
	}
	return resp, nil
}

func (c *Client) errorFrom(k call, resp *resty.Response) *Error {
	e := &Error{
		Method:     k.method,
		Path:       k.path,
		Status:     resp.StatusCode(),
		RetryAfter: parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()),
	}
	var body ErrorBody
	if json.Unmarshal(resp.Body(), &body) == nil && body.Error.Code != "" {
		e.Code, e.Message, e.Rows = body.Error.Code, body.Error.Message, body.Error.Rows
	} else {
		e.Message = http.StatusText(resp.StatusCode())
	}
	return e
}

// do sends a call; an authenticated one that meets 401 token_expired refreshes
// the session once (shared with concurrent callers) and is sent again.
func (c *Client) do(ctx context.Context, k call) (*resty.Response, error) {
	token := ""
	if k.authed {
		var err error
		if token, err = c.accessToken(ctx); err != nil {
			return nil, err
		}
	}
	resp, err := c.send(ctx, k, token)
	if k.authed && ErrorCode(err) == CodeTokenExpired {
		if token, err = c.refreshAfter(ctx, token); err != nil {
			return nil, err
		}
		resp, err = c.send(ctx, k, token)
	}
	if err != nil {
		return resp, err
	}
	if k.out != nil && resp.StatusCode() != http.StatusNoContent && resp.StatusCode() != http.StatusNotModified {
		if err := json.Unmarshal(resp.Body(), k.out); err != nil {
			return resp, fmt.Errorf("platform: %s %s: the answer is not the expected JSON: %w", k.method, k.path, err)
		}
	}
	return resp, nil
}

// accessToken returns a usable access token, refreshing first when only a
// refresh token is held.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	s := c.Session()
	if s.AccessToken != "" {
		return s.AccessToken, nil
	}
	if s.RefreshToken == "" {
		return "", ErrNotSignedIn
	}
	return c.refreshAfter(ctx, "")
}

// refreshAfter refreshes the session unless another caller already replaced the
// access token that failed, and returns the access token to use.
func (c *Client) refreshAfter(ctx context.Context, failed string) (string, error) {
	select {
	case c.refreshing <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("platform: waiting for a session refresh: %w", ctx.Err())
	}
	defer func() { <-c.refreshing }()
	if cur := c.Session().AccessToken; cur != "" && cur != failed {
		return cur, nil
	}
	s, err := c.Refresh(ctx)
	if err != nil {
		return "", err
	}
	return s.AccessToken, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("platform: encoding %T: %v", v, err)) // only for our own plain structs
	}
	return b
}

func (c *Client) adopt(ctx context.Context, s Session) error {
	if c.onSession != nil {
		if err := c.onSession(ctx, s); err != nil {
			return fmt.Errorf("platform: keeping the new session: %w", err)
		}
	}
	c.mu.Lock()
	c.session = s
	c.mu.Unlock()
	return nil
}

// Login signs in with a username and password (POST auth/token).
func (c *Client) Login(ctx context.Context, username, password string) (Session, error) {
	var s Session
	_, err := c.do(ctx, call{
		method: http.MethodPost, path: "/api/v1/auth/token", safeToRepeat: true,
		body: mustJSON(map[string]string{"username": username, "password": password}),
		out:  &s,
	})
	if err != nil {
		return Session{}, err
	}
	if s.AccessToken == "" || s.RefreshToken == "" {
		return Session{}, fmt.Errorf("platform: POST /api/v1/auth/token: the answer holds no tokens")
	}
	return s, c.adopt(ctx, s)
}

// Refresh trades the refresh token for a new session (POST auth/refresh); the
// old refresh token stops working, so OnSession stores the new one first.
func (c *Client) Refresh(ctx context.Context) (Session, error) {
	old := c.Session()
	if old.RefreshToken == "" {
		return Session{}, ErrNotSignedIn
	}
	var s Session
	_, err := c.do(ctx, call{
		method: http.MethodPost, path: "/api/v1/auth/refresh", safeToRepeat: true,
		body: mustJSON(map[string]string{"refresh_token": old.RefreshToken}),
		out:  &s,
	})
	if err != nil {
		return Session{}, err
	}
	if s.AccessToken == "" || s.RefreshToken == "" {
		return Session{}, fmt.Errorf("platform: POST /api/v1/auth/refresh: the answer holds no tokens")
	}
	return s, c.adopt(ctx, s)
}

// Revoke ends the session on the platform (POST auth/revoke) and forgets it here,
// whether or not the platform answered.
func (c *Client) Revoke(ctx context.Context) error {
	s := c.Session()
	c.mu.Lock()
	c.session = Session{}
	c.mu.Unlock()
	if s.RefreshToken == "" {
		return nil
	}
	_, err := c.do(ctx, call{
		method: http.MethodPost, path: "/api/v1/auth/revoke", safeToRepeat: true,
		body: mustJSON(map[string]string{"refresh_token": s.RefreshToken}),
	})
	return err
}

// Groups lists the groups the user may schedule clients in.
func (c *Client) Groups(ctx context.Context) ([]Group, error) {
	var out struct {
		Groups []Group `json:"groups"`
	}
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/api/v1/groups", authed: true, out: &out})
	return out.Groups, err
}

// Reports lists the report catalog.
func (c *Client) Reports(ctx context.Context) ([]Report, error) {
	var out struct {
		Reports []Report `json:"reports"`
	}
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/api/v1/reports", authed: true, out: &out})
	return out.Reports, err
}

// Template downloads the import template; with the ETag of a cached copy, an
// unchanged template answers NotModified and no data.
func (c *Client) Template(ctx context.Context, etag string) (Template, error) {
	k := call{method: http.MethodGet, path: "/api/v1/client-import-template", authed: true}
	if etag != "" {
		k.header = map[string]string{"If-None-Match": etag}
	}
	resp, err := c.do(ctx, k)
	if err != nil {
		return Template{}, err
	}
	t := Template{ETag: resp.Header().Get("ETag"), Version: resp.Header().Get("X-Template-Version")}
	if resp.StatusCode() == http.StatusNotModified {
		t.NotModified = true
		if t.ETag == "" {
			t.ETag = etag
		}
		return t, nil
	}
	t.Data = bytes.Clone(resp.Body())
	return t, nil
}

// Lookup tells which emails and usernames already belong to clients; it splits
// long lists into requests of at most MaxLookupItems each.
func (c *Client) Lookup(ctx context.Context, q LookupRequest) (LookupResult, error) {
	var all LookupResult
	for start := 0; start < len(q.Emails) || start < len(q.Usernames) || start == 0; start += MaxLookupItems {
		part := LookupRequest{Emails: window(q.Emails, start), Usernames: window(q.Usernames, start)}
		var out LookupResult
		_, err := c.do(ctx, call{
			method: http.MethodPost, path: "/api/v1/clients/lookup", authed: true, safeToRepeat: true,
			body: mustJSON(part), out: &out,
		})
		if err != nil {
			return LookupResult{}, err
		}
		all.ExistingEmails = append(all.ExistingEmails, out.ExistingEmails...)
		all.ExistingUsernames = append(all.ExistingUsernames, out.ExistingUsernames...)
	}
	return all, nil
}

func window(s []string, start int) []string {
	if start >= len(s) {
		return []string{}
	}
	return s[start:min(len(s), start+MaxLookupItems)]
}

// EncodeImport turns an import request into the exact bytes to store in the
// outbox and send, unchanged, on every attempt.
func EncodeImport(r ImportRequest) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("platform: encoding the import: %w", err)
	}
	return b, nil
}

// SubmitImport sends an encoded import to a group under an Idempotency-Key that
// the caller chose once for this operation: repeating it, after a lost answer,
// replays the first answer instead of importing twice.
func (c *Client) SubmitImport(ctx context.Context, groupID int64, idempotencyKey string, body []byte) (SubmitResult, error) {
	k := call{
		method: http.MethodPost, path: fmt.Sprintf("/api/v1/groups/%d/client-imports", groupID),
		authed: true, body: body,
	}
	if idempotencyKey != "" {
		k.header = map[string]string{"Idempotency-Key": idempotencyKey}
	}
	var res SubmitResult
	k.out = &res.Import
	resp, err := c.do(ctx, k)
	if err != nil {
		return SubmitResult{}, err
	}
	if res.Import.ID == "" {
		// A 2xx without an import (204, 304, an empty body) cannot be followed:
		// the caller sends again under the same key, which replays the answer
		// the platform kept, or creates nothing twice.
		return SubmitResult{}, fmt.Errorf("platform: POST %s: the platform answered %d without naming the import it started", k.path, resp.StatusCode())
	}
	res.Location = resp.Header().Get("Location")
	res.Replayed = resp.Header().Get("Idempotent-Replayed") == "true"
	return res, nil
}

// Import reads an import's progress, with the wait the platform asks for before
// the next poll (0 when finished or not said).
func (c *Client) Import(ctx context.Context, id string) (Import, time.Duration, error) {
	var imp Import
	resp, err := c.do(ctx, call{
		method: http.MethodGet, path: "/api/v1/client-imports/" + url.PathEscape(id), authed: true, out: &imp,
	})
	if err != nil {
		return Import{}, 0, err
	}
	return imp, parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()), nil
}

// Imports lists recent imports, newest first, without their rows; groupID 0
// means every group.
func (c *Client) Imports(ctx context.Context, groupID int64, limit int) ([]Import, error) {
	q := url.Values{}
	if groupID != 0 {
		q.Set("group_id", strconv.FormatInt(groupID, 10))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out struct {
		Imports []Import `json:"imports"`
	}
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/api/v1/client-imports", query: q, authed: true, out: &out})
	return out.Imports, err
}

// quietLogger keeps resty from printing to the terminal; its messages carry no
// secrets, but they are noise for a coach.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
