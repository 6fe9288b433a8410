package outbox

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
)

type env struct {
	run    *sandbox.Running
	st     *store.Store
	client *platform.Client
	groups map[int64]platform.Group
}

func setup(t testing.TB, f sandbox.Faults, seed uint64) *env {
	t.Helper()
	run, err := sandbox.Start(sandbox.Options{Faults: f, Seed: seed}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := platform.New(run.URL, platform.Options{RetryWait: 5 * time.Millisecond, RetryMaxWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for {
		if _, err = c.Login(ctx, sandbox.DemoUsername, sandbox.DemoPassword); err == nil {
			break
		}
	}
	e := &env{run: run, st: st, client: c, groups: map[int64]platform.Group{}}
	for _, g := range sandbox.DemoGroups() {
		e.groups[g.ID] = g
	}
	return e
}

func fast(events func(Event)) Options {
	return Options{OnEvent: events, PollFloor: 2 * time.Millisecond, OfflineWait: 5 * time.Millisecond, OfflineCap: 40 * time.Millisecond}
}

func rows(n int, tag string) []Row {
	out := make([]Row, n)
	for i := range out {
		email := fmt.Sprintf("%s%04d@example.com", tag, i)
		nb := int64(2001)
		out[i] = Row{
			Client:   platform.ImportClient{Row: i + 2, FirstName: "Ada", LastName: "Lovelace", Email: email, NaturalBehaviorReportID: &nb},
			Original: []string{"Ada", "Lovelace", email, "", "", "2001", "", "", ""},
		}
	}
	return out
}

func enqueue(t testing.TB, e *env, group int64, rs []Row) int64 {
	t.Helper()
	// Each set of rows stands for its own file: one file is one submission.
	id, err := Enqueue(context.Background(), e.st, Request{ProfileID: 1, Group: e.groups[group], FilePath: "/files/clients.xlsx",
		FileSHA256: "sha-of-" + rs[0].Client.Email, TemplateVersion: "2026.11", Rows: rs})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSplitSendPollFinish(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 1)
	var mu sync.Mutex
	var events []Event
	id := enqueue(t, e, 101, rows(450, "split"))
	sub, err := Load(context.Background(), e.st, id)
	if err != nil || len(sub.Chunks) != 3 || sub.Chunks[0].Rows != 200 || sub.Chunks[2].Rows != 50 || sub.Chunks[0].State != ChunkQueued {
		t.Fatalf("%+v %v", sub, err)
	}
	keys := map[string]bool{}
	for _, c := range sub.Chunks {
		keys[c.IdempotencyKey] = true
	}
	if len(keys) != 3 {
		t.Fatal("chunks share a key")
	}
	sub, err = NewSender(e.st, e.client, fast(func(ev Event) { mu.Lock(); events = append(events, ev); mu.Unlock() })).Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	rowsN, processed, created, failed := sub.Totals()
	if !sub.Finished() || rowsN != 450 || processed != 450 || created != 450 || failed != 0 {
		t.Fatalf("%+v", sub)
	}
	res, _ := Results(context.Background(), e.st, id)
	for _, r := range res {
		if r.Status != RowCreated || r.ClientID == "" || len(r.Original) != 9 {
			t.Fatalf("row %+v", r)
		}
	}
	last := events[len(events)-1]
	if !last.Done || last.Created != 450 || last.Chunks != 3 {
		t.Fatalf("last event %+v", last)
	}
	if n := countSubmits(e.run); n != 3 {
		t.Fatalf("%d submit requests, want 3", n)
	}
	// Running a finished submission again sends nothing.
	if _, err := NewSender(e.st, e.client, fast(nil)).Run(context.Background(), id); err != nil || countSubmits(e.run) != 3 {
		t.Fatal("a finished submission was sent again")
	}
}

func countSubmits(run *sandbox.Running) int {
	n := 0
	for _, r := range run.Server.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/client-imports") {
			n++
		}
	}
	return n
}

func TestRowFailuresKeepThePlatformsWords(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 2)
	rs := rows(4, "words")
	rs[1].Client.Email = "existing.client@example.com"
	rs[2].Client.FirstName = "Ann\u200b"
	id := enqueue(t, e, 101, rs)
	if _, err := NewSender(e.st, e.client, fast(nil)).Run(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	res, _ := Results(context.Background(), e.st, id)
	got := []string{}
	for _, r := range res {
		got = append(got, r.Status+":"+r.ErrorMessage)
	}
	want := "created: failed:User or Username already exists. failed:Invalid characters found created:"
	if strings.Join(got, " ") != want {
		t.Fatalf("%q", strings.Join(got, " "))
	}
}

func TestRefusedChunkRowsAreNotSent(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 3)
	id := enqueue(t, e, 103, rows(3, "refused"))
	sub, err := NewSender(e.st, e.client, fast(nil)).Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	c := sub.Chunks[0]
	if c.State != ChunkFailed || c.ErrorCode != platform.CodeCompletionAlertsMissing ||
		!strings.HasPrefix(c.ErrorMessage, platform.MsgCompletionAlertsMissing) {
		t.Fatalf("%+v", c)
	}
	res, _ := Results(context.Background(), e.st, id)
	for _, r := range res {
		if r.Status != RowNotSent || r.ErrorCode != platform.CodeCompletionAlertsMissing {
			t.Fatalf("%+v", r)
		}
	}
	if _, _, _, failed := sub.Totals(); failed != 3 {
		t.Fatal(failed)
	}
}

// TestOfflineThenOnline: the platform is down when the submission starts; it
// waits (with backoff, no busy loop) and goes when the platform is back.
func TestOfflineThenOnline(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 4)
	id := enqueue(t, e, 101, rows(20, "offline"))
	addr := e.run.Addr()
	e.run.Stop()
	var mu sync.Mutex
	offline := 0
	done := make(chan error, 1)
	go func() {
		_, err := NewSender(e.st, e.client, fast(func(ev Event) {
			mu.Lock()
			if ev.Offline {
				offline++
			}
			mu.Unlock()
		})).Run(context.Background(), id)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	waits := offline
	mu.Unlock()
	if waits < 2 || waits > 60 {
		t.Fatalf("%d offline waits in 300 ms", waits)
	}
	back, err := sandbox.Serve(e.run.Server, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the submission did not go when the platform came back")
	}
	sub, _ := Load(context.Background(), e.st, id)
	if _, _, created, _ := sub.Totals(); created != 20 {
		t.Fatal(created)
	}
}

func TestExpiredKeyIsCheckedBeforeResending(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 5)
	ctx := context.Background()
	// Case 1: the lost submission did arrive: its clients exist.
	rs := rows(3, "lost")
	id := enqueue(t, e, 101, rs)
	sub, _ := Load(ctx, e.st, id)
	var body []byte
	e.st.DB().QueryRow(`SELECT request FROM chunks WHERE id = ?`, sub.Chunks[0].ID).Scan(&body)
	res, err := e.client.SubmitImport(ctx, 101, "another-key", body) // as if our answer was lost
	if err != nil {
		t.Fatal(err)
	}
	for {
		imp, _, _ := e.client.Import(ctx, res.Import.ID)
		if imp.Finished() {
			break
		}
	}
	old := store.Time(time.Now().Add(-25 * time.Hour))
	e.st.DB().Exec(`UPDATE chunks SET state = ?, first_sent_at = ? WHERE id = ?`, ChunkSent, old, sub.Chunks[0].ID)
	sub, err = NewSender(e.st, e.client, fast(nil)).Run(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Chunks[0].State != ChunkFailed || sub.Chunks[0].ErrorCode != "outcome_unknown" || countSubmits(e.run) != 1 {
		t.Fatalf("%+v, %d submits", sub.Chunks[0], countSubmits(e.run))
	}
	results, _ := Results(ctx, e.st, id)
	if results[0].Status != RowFailed || results[0].ErrorCode != "outcome_unknown" {
		t.Fatalf("%+v", results[0])
	}
	// Case 2: nothing arrived: it is sent again.
	id2 := enqueue(t, e, 101, rows(3, "never"))
	sub2, _ := Load(ctx, e.st, id2)
	e.st.DB().Exec(`UPDATE chunks SET state = ?, first_sent_at = ? WHERE id = ?`, ChunkSent, old, sub2.Chunks[0].ID)
	sub2, err = NewSender(e.st, e.client, fast(nil)).Run(ctx, id2)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, created, _ := sub2.Totals(); created != 3 {
		t.Fatalf("%+v", sub2.Chunks[0])
	}
}

func TestSignInNeededStopsAndKeepsTheWork(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 6)
	id := enqueue(t, e, 101, rows(2, "signin"))
	e.client.Revoke(context.Background()) // the session is gone
	_, err := NewSender(e.st, e.client, fast(nil)).Run(context.Background(), id)
	if err != ErrSignIn {
		t.Fatalf("want ErrSignIn, got %v", err)
	}
	ids, _ := Unfinished(context.Background(), e.st, 1)
	if len(ids) != 1 || ids[0] != id {
		t.Fatal("the submission left the outbox")
	}
}

// expiringOnce answers the first submission and the first poll with the 401
// token_expired that a client meets when its fresh token expired again before
// a slow retry was served.
type expiringOnce struct {
	Platform
	submitted, polled bool
}

func (p *expiringOnce) SubmitImport(ctx context.Context, g int64, key string, body []byte) (platform.SubmitResult, error) {
	if !p.submitted {
		p.submitted = true
		return platform.SubmitResult{}, &platform.Error{Status: 401, Code: platform.CodeTokenExpired}
	}
	return p.Platform.SubmitImport(ctx, g, key, body)
}

func (p *expiringOnce) Import(ctx context.Context, id string) (platform.Import, time.Duration, error) {
	if !p.polled {
		p.polled = true
		return platform.Import{}, 0, &platform.Error{Status: 401, Code: platform.CodeTokenExpired}
	}
	return p.Platform.Import(ctx, id)
}

func TestExpiredTokenIsNotARefusal(t *testing.T) {
	e := setup(t, sandbox.Faults{}, 10)
	id := enqueue(t, e, 101, rows(3, "expired"))
	sub, err := NewSender(e.st, &expiringOnce{Platform: e.client}, fast(nil)).Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, created, _ := sub.Totals(); created != 3 || countSubmits(e.run) != 1 {
		t.Fatalf("%+v, %d submits", sub.Chunks[0], countSubmits(e.run))
	}
}
