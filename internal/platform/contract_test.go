package platform_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
)

// fakeClock is the sandbox's clock in tests that need time to pass.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	run   *sandbox.Running
	clock *fakeClock
}

func startSandbox(t *testing.T, f sandbox.Faults) env {
	t.Helper()
	clock := &fakeClock{t: time.Now()}
	run, err := sandbox.Start(sandbox.Options{Faults: f, Seed: 7, Now: clock.Now}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	return env{run: run, clock: clock}
}

func newClient(t *testing.T, e env, opts platform.Options) *platform.Client {
	t.Helper()
	if opts.RetryWait == 0 {
		opts.RetryWait = 10 * time.Millisecond
	}
	if opts.RetryMaxWait == 0 {
		opts.RetryMaxWait = 2 * time.Second
	}
	c, err := platform.New(e.run.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func signedIn(t *testing.T, e env, opts platform.Options) *platform.Client {
	t.Helper()
	c := newClient(t, e, opts)
	if _, err := c.Login(context.Background(), sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

func fast() sandbox.Faults {
	return sandbox.Faults{TokenTTL: sandbox.Duration(time.Hour)}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func wantCode(t *testing.T, err error, status int, code string) *platform.Error {
	t.Helper()
	var pe *platform.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	if pe.Status != status || pe.Code != code {
		t.Fatalf("want %d %s, got %d %s (%s)", status, code, pe.Status, pe.Code, pe.Message)
	}
	return pe
}

func id(v int64) *int64 { return &v }

func client(row int, first, last, email string, cdna, nb int64) platform.ImportClient {
	c := platform.ImportClient{Row: row, FirstName: first, LastName: last, Email: email}
	if cdna != 0 {
		c.CommunicationReportID = id(cdna)
	}
	if nb != 0 {
		c.NaturalBehaviorReportID = id(nb)
	}
	return c
}

func body(t *testing.T, clients ...platform.ImportClient) []byte {
	t.Helper()
	b, err := platform.EncodeImport(platform.ImportRequest{TemplateVersion: "2026.11", FileName: "clients.xlsx", Clients: clients})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func manyClients(n int, domain string) []platform.ImportClient {
	out := make([]platform.ImportClient, n)
	for i := range out {
		out[i] = client(i+2, "Client", "Number", fmt.Sprintf("client%03d@%s", i, domain), 0, 2001)
	}
	return out
}

func waitFinished(t *testing.T, c *platform.Client, importID string) platform.Import {
	t.Helper()
	ctx := ctxT(t)
	for {
		imp, _, err := c.Import(ctx, importID)
		if err != nil {
			t.Fatalf("polling %s: %v", importID, err)
		}
		if imp.Finished() {
			return imp
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func countRequests(run *sandbox.Running, method, path string) int {
	n := 0
	for _, r := range run.Server.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func TestRefusesPlainHTTPExceptLoopback(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://platform.example.com":  false,
		"ftp://platform.example.com":   false,
		"platform.example.com":         false,
		"https://platform.example.com": true,
		"http://127.0.0.1:8787":        true,
		"http://localhost:8787/":       true,
		"http://[::1]:8787":            true,
	} {
		_, err := platform.New(url, platform.Options{})
		if (err == nil) != ok {
			t.Errorf("New(%q): err=%v, want ok=%v", url, err, ok)
		}
	}
}

func TestLogin(t *testing.T) {
	e := startSandbox(t, fast())
	c := newClient(t, e, platform.Options{})
	_, err := c.Login(ctxT(t), sandbox.DemoUsername, "wrong")
	wantCode(t, err, 401, platform.CodeInvalidCredentials)
	if c.SignedIn() {
		t.Fatal("signed in after a wrong password")
	}
	var stored []platform.Session
	c = newClient(t, e, platform.Options{OnSession: func(_ context.Context, s platform.Session) error {
		stored = append(stored, s)
		return nil
	}})
	s, err := c.Login(ctxT(t), sandbox.DemoUsername, sandbox.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if s.User.Username != sandbox.DemoUsername || s.TokenType != "Bearer" || s.ExpiresIn != 3600 {
		t.Fatalf("session = %+v", s)
	}
	if len(stored) != 1 || stored[0].RefreshToken != s.RefreshToken {
		t.Fatalf("OnSession saw %d sessions", len(stored))
	}
}

func TestNotSignedIn(t *testing.T) {
	e := startSandbox(t, fast())
	c := newClient(t, e, platform.Options{})
	if _, err := c.Groups(ctxT(t)); !errors.Is(err, platform.ErrNotSignedIn) {
		t.Fatalf("want ErrNotSignedIn, got %v", err)
	}
	c.Resume("rt_not-a-real-token", platform.User{})
	_, err := c.Groups(ctxT(t))
	wantCode(t, err, 401, platform.CodeInvalidToken)
}

func TestCatalogCalls(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	ctx := ctxT(t)

	groups, err := c.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 4 || groups[0].ID != 101 || groups[0].Name != "Acme Leadership Cohort" ||
		len(groups[2].CompletionAlertEmails) != 0 || groups[3].MaxClientsPerImport != 50 ||
		groups[0].InvitationEmail.Subject == "" {
		t.Fatalf("groups = %+v", groups)
	}
	reports, err := c.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 5 || reports[4].ID != 2003 || reports[4].Available || reports[1].SupportsLanguage("es") ||
		reports[0].Process != platform.ProcessCommunicationDNA {
		t.Fatalf("reports = %+v", reports)
	}

	tpl, err := c.Template(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if tpl.NotModified || tpl.ETag == "" || tpl.Version != "2026.11" || !strings.HasPrefix(string(tpl.Data), "PK") {
		t.Fatalf("template: etag %q version %q, %d bytes", tpl.ETag, tpl.Version, len(tpl.Data))
	}
	again, err := c.Template(ctx, tpl.ETag)
	if err != nil {
		t.Fatal(err)
	}
	if !again.NotModified || len(again.Data) != 0 || again.ETag != tpl.ETag {
		t.Fatalf("with If-None-Match: %+v", again)
	}
	stale, err := c.Template(ctx, `"old"`)
	if err != nil || stale.NotModified || len(stale.Data) == 0 {
		t.Fatalf("with a stale ETag: %v %+v", err, stale.NotModified)
	}

	found, err := c.Lookup(ctx, platform.LookupRequest{
		Emails:    []string{"Existing.Client@Example.com", "new.person@example.com", "maria.garcia@northwind.example"},
		Usernames: []string{"MGarcia", "jsmith", "nobody"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(found.ExistingEmails, ",") != "existing.client@example.com,maria.garcia@northwind.example" ||
		strings.Join(found.ExistingUsernames, ",") != "mgarcia,jsmith" {
		t.Fatalf("lookup = %+v", found)
	}
}

func TestLookupSplitsLongLists(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	emails := make([]string, 2500)
	for i := range emails {
		emails[i] = fmt.Sprintf("person%d@example.com", i)
	}
	emails[2400] = "john.smith@example.org"
	found, err := c.Lookup(ctxT(t), platform.LookupRequest{Emails: emails})
	if err != nil {
		t.Fatal(err)
	}
	if len(found.ExistingEmails) != 1 || found.ExistingEmails[0] != "john.smith@example.org" {
		t.Fatalf("lookup = %+v", found)
	}
	if n := countRequests(e.run, "POST", "/api/v1/clients/lookup"); n != 3 {
		t.Fatalf("%d lookup requests, want 3", n)
	}
}

func TestLookupOverLimitIsRefusedByThePlatform(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	tok := c.Session().AccessToken
	req, _ := http.NewRequest("POST", e.run.URL+"/api/v1/clients/lookup",
		strings.NewReader(`{"emails":[`+strings.Repeat(`"a@b.c",`, 1000)+`"a@b.c"]}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 422 {
		t.Fatalf("status %d, want 422", resp.StatusCode)
	}
}

func TestExpiredTokenIsRefreshedOnceAndRetried(t *testing.T) {
	e := startSandbox(t, fast())
	var sessions atomic.Int32
	c := signedIn(t, e, platform.Options{OnSession: func(context.Context, platform.Session) error {
		sessions.Add(1)
		return nil
	}})
	first := c.Session()
	e.run.Server.ExpireAccessTokens()

	// Ten callers meet the expired token at once: one refresh serves them all.
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			_, err := c.Groups(ctxT(t))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("after expiry: %v", err)
		}
	}
	if n := countRequests(e.run, "POST", "/api/v1/auth/refresh"); n != 1 {
		t.Fatalf("%d refreshes, want 1", n)
	}
	if sessions.Load() != 2 {
		t.Fatalf("OnSession called %d times, want 2 (login + refresh)", sessions.Load())
	}
	now := c.Session()
	if now.AccessToken == first.AccessToken || now.RefreshToken == first.RefreshToken {
		t.Fatal("tokens did not rotate")
	}
	var expired int
	for _, r := range e.run.Server.Requests() {
		if r.Status == 401 {
			expired++
		}
	}
	if expired < 1 || expired > 10 {
		t.Fatalf("%d answers 401", expired)
	}
}

func TestRefreshFailureIsReported(t *testing.T) {
	e := startSandbox(t, fast())
	c2 := newClient(t, e, platform.Options{OnSession: func(context.Context, platform.Session) error {
		return errors.New("keyring locked")
	}})
	if _, err := c2.Login(ctxT(t), sandbox.DemoUsername, sandbox.DemoPassword); err == nil || !strings.Contains(err.Error(), "keyring locked") {
		t.Fatalf("want the OnSession error, got %v", err)
	}
	if c2.SignedIn() {
		t.Fatal("a session that could not be kept is in use")
	}
}

func TestRefreshTokenRotation(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	ctx := ctxT(t)
	old := c.Session().RefreshToken
	if _, err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	rotated := c.Session().RefreshToken
	if rotated == old {
		t.Fatal("refresh token did not rotate")
	}

	// The old token keeps working for 60 s (a lost answer can be retried)…
	within := newClient(t, e, platform.Options{})
	within.Resume(old, platform.User{})
	if _, err := within.Refresh(ctx); err != nil {
		t.Fatalf("old token within the grace period: %v", err)
	}
	// …and not after.
	e.clock.Advance(61 * time.Second)
	after := newClient(t, e, platform.Options{})
	after.Resume(old, platform.User{})
	_, err := after.Refresh(ctx)
	wantCode(t, err, 401, platform.CodeInvalidToken)

	// The rotated one works.
	if _, err := c.Refresh(ctx); err != nil {
		t.Fatalf("rotated token: %v", err)
	}
}

func TestRevoke(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	rt := c.Session().RefreshToken
	if err := c.Revoke(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if c.SignedIn() {
		t.Fatal("still signed in after revoke")
	}
	other := newClient(t, e, platform.Options{})
	other.Resume(rt, platform.User{})
	_, err := other.Refresh(ctxT(t))
	wantCode(t, err, 401, platform.CodeInvalidToken)
}

func TestSubmitAndProcess(t *testing.T) {
	f := fast()
	f.DelayPerClient = sandbox.Duration(time.Millisecond)
	e := startSandbox(t, f)
	c := signedIn(t, e, platform.Options{})
	ctx := ctxT(t)
	zw := client(3, "Zoë\u200b", "Ng", "zoe@example.com", 1001, 0)
	req := body(t,
		client(2, "Ada", "Lovelace", "ada@example.com", 1001, 2001),
		zw,
		client(4, "Existing", "Client", "EXISTING.client@example.com", 1001, 0),
		client(5, "Twice", "Over", "ada@example.com", 1001, 0),
		client(6, "Lea", "Ng", "lea@example.com", 0, 2003),
		client(7, "Seán", "Ó Briain", "sean@example.ie", 1001, 2002),
		client(8, "Chen", "Wei", "chen@example.cn", 0, 2002),
	)
	res, err := c.SubmitImport(ctx, 101, "key-process", req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replayed || res.Location != "/api/v1/client-imports/"+res.Import.ID || res.Import.Status != platform.ImportQueued || res.Import.Total != 7 {
		t.Fatalf("submit = %+v", res)
	}
	imp := waitFinished(t, c, res.Import.ID)
	if imp.Status != platform.ImportCompleted || imp.Processed != 7 || imp.Created != 3 || imp.Failed != 4 || imp.FinishedAt == nil {
		t.Fatalf("import = %+v", imp)
	}
	want := map[int]string{2: "created", 3: "invalid_characters:Invalid characters found",
		4: "user_exists:User or Username already exists.", 5: "user_exists:User or Username already exists.",
		6: "internal_error:Object reference not set to an instance of an object", 7: "created", 8: "created"}
	for _, r := range imp.Rows {
		got := r.Status
		if r.Error != nil {
			got = r.Error.Code + ":" + r.Error.Message
		} else if r.ClientID == "" {
			t.Errorf("row %d created without a client id", r.Row)
		}
		if got != want[r.Row] {
			t.Errorf("row %d: %s, want %s", r.Row, got, want[r.Row])
		}
	}
	// Group 102 does not allow report 1002.
	res, err = c.SubmitImport(ctx, 102, "key-102", body(t, client(2, "Bo", "Li", "bo@example.com", 1002, 0)))
	if err != nil {
		t.Fatal(err)
	}
	imp = waitFinished(t, c, res.Import.ID)
	if e := imp.Rows[0].Error; e == nil || e.Code != platform.CodeReportNotAllowed ||
		e.Message != "Please provide proper report Ids as per group access setting of Group: Northwind Sales Team" {
		t.Fatalf("row = %+v", imp.Rows[0])
	}

	var invitations, alerts int
	for _, m := range e.run.Server.Mailbox() {
		switch m.Kind {
		case sandbox.KindInvitation:
			invitations++
			if m.Subject != "Your Acme discovery invitation" || m.FromName != "Acme Coaching" {
				t.Errorf("invitation = %+v", m)
			}
		case sandbox.KindCompletionAlert:
			alerts++
		}
	}
	if invitations != 3 || alerts != 3 { // 101 has one alert address, 102 two
		t.Fatalf("%d invitations, %d alerts", invitations, alerts)
	}

	list, err := c.Imports(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].GroupID != 102 || list[1].GroupID != 101 || list[0].Rows != nil {
		t.Fatalf("imports = %+v", list)
	}
	only101, err := c.Imports(ctx, 101, 10)
	if err != nil || len(only101) != 1 || only101[0].Created != 3 {
		t.Fatalf("imports of 101 = %+v, %v", only101, err)
	}
}

func TestImportRetryAfterWhileUnfinished(t *testing.T) {
	f := fast()
	f.DelayPerClient = sandbox.Duration(200 * time.Millisecond)
	e := startSandbox(t, f)
	c := signedIn(t, e, platform.Options{})
	res, err := c.SubmitImport(ctxT(t), 101, "slow", body(t, manyClients(5, "slow.example")...))
	if err != nil {
		t.Fatal(err)
	}
	imp, wait, err := c.Import(ctxT(t), res.Import.ID)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Finished() || wait != time.Second {
		t.Fatalf("status %s, Retry-After %v", imp.Status, wait)
	}
	_, _, err = c.Import(ctxT(t), "imp_nope")
	wantCode(t, err, 404, platform.CodeNotFound)
}

func TestIdempotentReplay(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	ctx := ctxT(t)
	b := body(t, manyClients(3, "replay.example")...)
	first, err := c.SubmitImport(ctx, 101, "same-key", b)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.SubmitImport(ctx, 101, "same-key", b)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Replayed || first.Replayed || second.Import.ID != first.Import.ID || second.Location != first.Location {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	j1, _ := json.Marshal(first.Import)
	j2, _ := json.Marshal(second.Import)
	if string(j1) != string(j2) {
		t.Fatalf("replayed body differs:\n%s\n%s", j1, j2)
	}
	waitFinished(t, c, first.Import.ID)
	if n := len(e.run.Server.Clients()); n != 3+3 {
		t.Fatalf("%d clients, want 6", n)
	}

	// Another body under the same key is refused.
	_, err = c.SubmitImport(ctx, 101, "same-key", body(t, manyClients(4, "replay.example")...))
	wantCode(t, err, 422, platform.CodeIdempotencyKeyReused)
	// So is the same body to another group.
	_, err = c.SubmitImport(ctx, 102, "same-key", b)
	wantCode(t, err, 422, platform.CodeIdempotencyKeyReused)

	// After 24 h the key is forgotten: the same request is a new import.
	e.clock.Advance(24*time.Hour + time.Minute)
	c2 := signedIn(t, e, platform.Options{})
	later, err := c2.SubmitImport(ctx, 101, "same-key", b)
	if err != nil {
		t.Fatal(err)
	}
	if later.Replayed || later.Import.ID == first.Import.ID {
		t.Fatalf("after 24 h: %+v", later)
	}
}

func TestSubmitRefusals(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{})
	ctx := ctxT(t)
	ok := body(t, client(2, "Ada", "Lovelace", "ada@example.com", 1001, 0))

	_, err := c.SubmitImport(ctx, 101, "", ok)
	wantCode(t, err, 400, platform.CodeIdempotencyKeyMissing)

	_, err = c.SubmitImport(ctx, 103, "k-103", ok)
	pe := wantCode(t, err, 409, platform.CodeCompletionAlertsMissing)
	if pe.Message != platform.MsgCompletionAlertsMissing {
		t.Fatalf("message %q", pe.Message)
	}

	_, err = c.SubmitImport(ctx, 104, "k-104", body(t, manyClients(60, "many.example")...))
	wantCode(t, err, 413, platform.CodeTooManyClients)

	bad := platform.ImportClient{Row: 2, FirstName: "", LastName: "X", Email: "not-an-email", Username: "a b", Language: "xx", InviteOn: "2020-01-01"}
	bad.CommunicationReportID = id(2001)
	_, err = c.SubmitImport(ctx, 101, "k-bad", body(t, bad))
	pe = wantCode(t, err, 422, platform.CodeValidationFailed)
	codes := map[string]bool{}
	for _, r := range pe.Rows {
		if r.Row != 2 {
			t.Errorf("row %d", r.Row)
		}
		codes[r.Code] = true
	}
	for _, want := range []string{"required", "invalid_email", "invalid_username", "invalid_language", "date_out_of_range", "report_wrong_column"} {
		if !codes[want] {
			t.Errorf("validation_failed lacks %s: %+v", want, pe.Rows)
		}
	}
	_, err = c.SubmitImport(ctx, 101, "k-json", []byte(`{"clients": [`))
	wantCode(t, err, 422, platform.CodeValidationFailed)

	_, err = c.SubmitImport(ctx, 999, "k-999", ok)
	wantCode(t, err, 404, platform.CodeNotFound)

	// A refusal is not kept under its key: once fixed, the same key goes through.
	if _, err := c.SubmitImport(ctx, 101, "k-104", ok); err != nil {
		t.Fatalf("same key after a refusal: %v", err)
	}
	if n := len(e.run.Server.Clients()); n > 3+1 {
		t.Fatalf("refused submissions created clients: %d", n)
	}
}

func TestRequestInProgress(t *testing.T) {
	f := fast()
	f.Latency = sandbox.Duration(600 * time.Millisecond)
	e := startSandbox(t, f)
	c := signedIn(t, e, platform.Options{})
	b := body(t, client(2, "Ada", "Lovelace", "ada@example.com", 1001, 0))
	done := make(chan error, 1)
	go func() {
		_, err := c.SubmitImport(context.Background(), 101, "busy-key", b)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	_, err := c.SubmitImport(ctxT(t), 101, "busy-key", b)
	pe := wantCode(t, err, 409, platform.CodeRequestInProgress)
	if pe.RetryAfter != time.Second {
		t.Fatalf("Retry-After %v", pe.RetryAfter)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	f := fast()
	f.RateLimit = 2
	e := startSandbox(t, f)
	c := signedIn(t, e, platform.Options{})
	start := time.Now()
	for i := range 5 {
		if _, err := c.Reports(ctxT(t)); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	var limited int
	for _, r := range e.run.Server.Requests() {
		if r.Status == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("the sandbox never answered 429")
	}
	// Each 429 said Retry-After: 1, and the client waited that long.
	if elapsed := time.Since(start); elapsed < time.Duration(limited)*time.Second {
		t.Fatalf("%d answers 429 but only %v elapsed", limited, elapsed)
	}

	noRetry := newClient(t, e, platform.Options{RetryCount: -1})
	var pe *platform.Error
	for range 10 {
		_, err := noRetry.Login(ctxT(t), sandbox.DemoUsername, sandbox.DemoPassword)
		if errors.As(err, &pe) {
			break
		}
	}
	if pe == nil || pe.Status != 429 || pe.Code != platform.CodeRateLimited || pe.RetryAfter != time.Second {
		t.Fatalf("want 429 rate_limited with Retry-After 1s, got %+v", pe)
	}
}

func TestFaultsAreRetriedOnlyWhenSafe(t *testing.T) {
	e := startSandbox(t, fast())
	c := signedIn(t, e, platform.Options{RetryCount: 3})
	e.run.Server.SetFaults(sandbox.Faults{FaultRate: 1, TokenTTL: sandbox.Duration(time.Hour)})
	ctx := ctxT(t)

	_, err := c.Groups(ctx)
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Status < 500 {
		t.Fatalf("want a 5xx, got %v", err)
	}
	// A GET may be repeated: retried on 500/502/503 (SPEC §4).
	gets := countRequests(e.run, "GET", "/api/v1/groups")
	if gets != 4 {
		t.Fatalf("%d GETs ending in %d", gets, pe.Status)
	}

	// A submission without a key is never repeated.
	_, err = c.SubmitImport(ctx, 101, "", body(t, client(2, "A", "B", "ab@example.com", 1001, 0)))
	if err == nil {
		t.Fatal("want an error")
	}
	if n := countRequests(e.run, "POST", "/api/v1/groups/101/client-imports"); n != 1 {
		t.Fatalf("keyless POST sent %d times", n)
	}
	// With a key, it is (on 500/502/503/transport errors).
	e.run.Server.SetFaults(sandbox.Faults{TokenTTL: sandbox.Duration(time.Hour)})
	c2 := signedIn(t, e, platform.Options{RetryCount: 8})
	e.run.Server.SetFaults(sandbox.Faults{FaultRate: 0.5, TokenTTL: sandbox.Duration(time.Hour)})
	var okCount int
	for i := range 10 {
		if _, err := c2.SubmitImport(ctx, 101, fmt.Sprintf("k%d", i), body(t, client(2, "A", "B", fmt.Sprintf("k%d@example.com", i), 1001, 0))); err == nil {
			okCount++
		} else if pe := (*platform.Error)(nil); errors.As(err, &pe) && pe.Status < 500 {
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	if okCount == 0 {
		t.Fatal("no keyed submission got through a 50% fault rate")
	}
}

func TestDroppedSubmissionRetriedWithSameKeyImportsOnce(t *testing.T) {
	f := fast()
	f.DropRate = 1
	e := startSandbox(t, f)
	ctx := ctxT(t)
	b := body(t, manyClients(20, "drop.example")...)

	// Without retries, the caller sees the lost answer as unreachable. (Fresh
	// connections: net/http itself resends a keyed request once on a reused one.)
	manual := signedIn(t, e, platform.Options{RetryCount: -1,
		HTTPClient: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}})
	_, err := manual.SubmitImport(ctx, 101, "drop-key", b)
	if err == nil || !platform.IsUnreachable(err) {
		t.Fatalf("want a lost answer, got %v", err)
	}
	// …and sending again under the same key replays the import it made.
	again, err := manual.SubmitImport(ctx, 101, "drop-key", b)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Replayed {
		t.Fatal("second send was not a replay")
	}
	// The client's own retries do the same on their own.
	auto := signedIn(t, e, platform.Options{})
	res, err := auto.SubmitImport(ctx, 101, "drop-key-2", body(t, manyClients(20, "drop2.example")...))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Replayed {
		t.Fatal("auto retry was not a replay")
	}
	waitFinished(t, auto, again.Import.ID)
	waitFinished(t, auto, res.Import.ID)

	list, err := auto.Imports(ctx, 101, 100)
	if err != nil || len(list) != 2 {
		t.Fatalf("%d imports (%v), want 2", len(list), err)
	}
	seen := map[string]int{}
	for _, cl := range e.run.Server.Clients() {
		seen[strings.ToLower(cl.Email)]++
	}
	for email, n := range seen {
		if n != 1 {
			t.Errorf("%s created %d times", email, n)
		}
	}
	if len(seen) != 3+40 {
		t.Fatalf("%d clients, want 43", len(seen))
	}
}

func TestContextCancelsRetries(t *testing.T) {
	e := startSandbox(t, sandbox.Faults{FaultRate: 1, TokenTTL: sandbox.Duration(time.Hour)})
	c := newClient(t, e, platform.Options{RetryCount: 50, RetryWait: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Login(ctx, sandbox.DemoUsername, sandbox.DemoPassword)
	if err == nil {
		t.Fatal("want an error")
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("cancel took %v", time.Since(start))
	}
}

func TestUnreachable(t *testing.T) {
	e := startSandbox(t, fast())
	c := newClient(t, e, platform.Options{RetryCount: 1})
	e.run.Stop()
	_, err := c.Login(ctxT(t), sandbox.DemoUsername, sandbox.DemoPassword)
	if !platform.IsUnreachable(err) {
		t.Fatalf("want unreachable, got %v", err)
	}
	if strings.Contains(err.Error(), sandbox.DemoPassword) {
		t.Fatal("the error holds the password")
	}
}
