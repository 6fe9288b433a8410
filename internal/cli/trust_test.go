package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/store"
	"github.com/dnaplatform/massuploader/internal/validate"
)

func credsFor() map[string]string {
	return map[string]string{"MASSUPLOADER_USERNAME": sandbox.DemoUsername, "MASSUPLOADER_PASSWORD": sandbox.DemoPassword}
}

// TestSubmitFinishesUnderFaults is `dnasandbox --fault-rate 0.3`: 30 % of the
// platform's answers are 500, 502 or 503. A single submit of 450 rows (group
// 101, limit 200: three imports) must still finish with every client created.
func TestSubmitFinishesUnderFaults(t *testing.T) {
	withConfigDir(t)
	f := sandbox.DefaultFaults()
	f.FaultRate, f.DelayPerClient = 0.3, sandbox.Duration(time.Millisecond)
	run, err := sandbox.Start(sandbox.Options{Faults: f, Seed: 12}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	path := writeClients(t, fixtures.Clients(450))
	code, out, errs := runCLI(t, credsFor(), "submit", "--platform", run.URL, "--group", "101", path)
	if code != ExitOK || !strings.Contains(out, "450 of 450 clients created") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	faults := 0
	for _, r := range run.Server.Requests() {
		if r.Fault {
			faults++
		}
	}
	if faults == 0 {
		t.Fatal("the sandbox injected no fault")
	}
	t.Logf("%d faults answered", faults)
}

// TestTwoSubmitsOfOneFileAtOnce runs two submits of one file at the same
// moment, sharing one database (two terminals, or a terminal and the desktop
// window): one submission, every client created once, both runs end well.
func TestTwoSubmitsOfOneFileAtOnce(t *testing.T) {
	dir := withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.Faults{DelayPerClient: sandbox.Duration(time.Millisecond)}, Seed: 3}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	path := writeClients(t, fixtures.Clients(450))
	before := len(run.Server.Clients())
	var wg sync.WaitGroup
	codes, outs := make([]int, 2), make([]string, 2)
	start := make(chan struct{})
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var errs string
			codes[i], outs[i], errs = runCLI(t, credsFor(), "submit", "--platform", run.URL, "--group", "101", path)
			outs[i] += errs
		}()
	}
	close(start)
	wg.Wait()
	joined := false
	for i := range 2 {
		joined = joined || strings.Contains(outs[i], "already being submitted") || strings.Contains(outs[i], "Resuming")
		if codes[i] != ExitOK || !strings.Contains(outs[i], "450 of 450 clients created") {
			t.Errorf("run %d: exit %d\n%s", i+1, codes[i], outs[i])
		}
	}
	st, err := store.Open(filepath.Join(dir, "massuploader.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	subs, err := outbox.List(t.Context(), st, 0, 10)
	if err != nil || len(subs) != 1 {
		t.Fatalf("%d submissions (%v), want 1", len(subs), err)
	}
	keys := map[string]bool{}
	for _, r := range run.Server.Requests() {
		if r.IdempotencyKey != "" {
			keys[r.IdempotencyKey] = true
		}
	}
	if len(keys) != 3 {
		t.Fatalf("%d idempotency keys sent, want 3", len(keys))
	}
	if n := len(run.Server.Clients()) - before; n != 450 {
		t.Fatalf("%d clients on the platform, want 450", n)
	}
	if !joined {
		t.Fatalf("neither run said it followed the other:\n%s\n%s", outs[0], outs[1])
	}
}

// TestProgressBarKeepsImpossibleCounts feeds the bar what a faulty platform
// may report: it must not panic, and it says once that the numbers are wrong.
func TestProgressBarKeepsImpossibleCounts(t *testing.T) {
	for _, tty := range []bool{true, false} {
		t.Run(fmt.Sprintf("terminal=%v", tty), func(t *testing.T) {
			var buf bytes.Buffer
			p := &progress{w: &buf, tty: tty}
			for _, e := range []outbox.Event{
				{Rows: 450, Processed: -5, Message: "a"},
				{Rows: 450, Processed: 900, Created: 900, Message: "b"},
				{Rows: 450, Processed: 451, Failed: -1, Message: "c", Done: true},
			} {
				p.at = time.Time{}
				p.event(e)
			}
			p.end()
			if n := strings.Count(buf.String(), "which cannot be"); n != 1 {
				t.Fatalf("the platform's fault was said %d times:\n%s", n, buf.String())
			}
			if tty && !strings.Contains(buf.String(), "450/450") {
				t.Fatalf("the bar did not stop at the total:\n%s", buf.String())
			}
		})
	}
}

// TestTerminalTextIsEscaped prints what a file and the platform said, with
// escape sequences that would retitle and clear a terminal.
func TestTerminalTextIsEscaped(t *testing.T) {
	const evil = "Coach\x1b]0;pwned\x07\x1b[2J"
	var buf bytes.Buffer
	printIssues(&buf, validateJSON{File: "c\x1b[31m.xlsx", Group: groupJSON{101, evil}, Rows: 1,
		Issues: []validate.Issue{{Row: 1, Column: "A", Severity: "error", Code: "wrong_header", Message: "header " + evil}}})
	failf(Env{Err: &buf}, "submit: %v", fmt.Errorf("platform said: %s", evil))
	p := &progress{w: &buf}
	p.event(outbox.Event{Rows: 1, Message: "The platform refused this part: " + evil})
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("a control character reached the terminal: %q", out)
	}
	if strings.Count(out, `Coach\x1b]0;pwned\x07\x1b[2J`) != 4 {
		t.Fatalf("the text was not shown escaped:\n%s", out)
	}
	buf.Reset()
	printIssues(&buf, validateJSON{Group: groupJSON{1, "Zoë Ørsted 山田太郎"}})
	if !strings.Contains(buf.String(), "Zoë Ørsted 山田太郎") {
		t.Fatalf("non-ASCII names must stay as they are: %s", buf.String())
	}
}
