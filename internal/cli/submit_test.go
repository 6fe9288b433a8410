package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
)

func TestSubmitDemoJSONResultsAndRetry(t *testing.T) {
	rows := fixtures.Clients(8)
	rows[2][2] = "existing.client@example.com" // validation catches it: nothing is sent
	path := writeClients(t, rows)
	code, _, errs := runCLI(t, nil, "submit", "--demo", "--group", "101", path)
	if code != ExitProblems || !strings.Contains(errs, "Not submitted: fix the 1 error first") {
		t.Fatalf("a file with errors was not refused: %d %s", code, errs)
	}

	rows[2][2] = "fine@example.com"
	path = writeClients(t, rows)
	code, out, errs := runCLI(t, nil, "submit", "--demo", "--json", "--group", "101", path)
	var res submitJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != ExitOK {
		t.Fatalf("%d %v\n%s\n%s", code, err, out, errs)
	}
	if len(res.Imports) != 1 || res.Imports[0].Created != 8 || len(res.Rows) != 8 || res.Rows[0].ClientID == "" || res.Rows[7].Row != 9 {
		t.Fatalf("%+v", res)
	}
	results := strings.TrimSuffix(path, ".xlsx") + " - results.xlsx"
	f, err := excelize.OpenFile(results)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	status, _ := f.GetCellValue("Results", "K2")
	id, _ := f.GetCellValue("Results", "L2")
	if status != "Created" || id != res.Rows[0].ClientID {
		t.Fatalf("results K2=%q L2=%q", status, id)
	}
}

// TestRetryFileHoldsOnlyTheFailedRows submits to a platform that refuses rows
// the file could not know about (clients created meanwhile), then validates
// the retry file: only those rows, with only their errors.
func TestRetryFileHoldsOnlyTheFailedRows(t *testing.T) {
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.Faults{DelayPerClient: sandbox.Duration(20 * time.Millisecond)}}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	login(t, run.URL)
	rows := fixtures.Clients(6)
	path := writeClients(t, rows)
	// Someone else creates two of these clients after the file was checked:
	// as soon as our import is posted, a colleague's import of rows 6 and 7
	// goes in too, and the sandbox creates them before it reaches ours.
	other, err := platform.New(run.URL, platform.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Login(context.Background(), sandbox.DemoUsername, sandbox.DemoPassword); err != nil {
		t.Fatal(err)
	}
	colleague := make(chan error, 1)
	go func() {
		for {
			for _, r := range run.Server.Requests() {
				if r.Method == "POST" && strings.HasSuffix(r.Path, "/client-imports") {
					var clients []platform.ImportClient
					for i, row := range rows[4:] {
						id := int64(1001)
						clients = append(clients, platform.ImportClient{Row: i + 2, FirstName: "Col", LastName: "League",
							Email: row[2].(string), CommunicationReportID: &id})
					}
					body, _ := platform.EncodeImport(platform.ImportRequest{TemplateVersion: template.Version, FileName: "colleague.xlsx", Clients: clients})
					_, err := other.SubmitImport(context.Background(), 101, "colleague", body)
					colleague <- err
					return
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	code, out, errs := runCLI(t, nil, "submit", "--group", "101", path)
	if err := <-colleague; err != nil {
		t.Fatal(err)
	}
	if code != ExitProblems || !strings.Contains(out, "User or Username already exists.") || !strings.Contains(out, "Retry file with the 2 rows") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	retry := strings.TrimSuffix(path, ".xlsx") + " - retry.xlsx"
	code, out, _ = runCLI(t, nil, "validate", "--group", "101", "--json", retry)
	var res validateJSON
	json.Unmarshal([]byte(out), &res)
	var codes []string
	for _, is := range res.Issues {
		codes = append(codes, fmt.Sprintf("%s@%d%s", is.Code, is.Row, is.Column))
	}
	if code != ExitProblems || res.Rows != 2 || strings.Join(codes, " ") != "too_few_rows@0 user_exists@2C user_exists@3C" {
		t.Fatalf("retry file: %d rows, %v", res.Rows, codes)
	}
}

// TestSubmitSurvivesSIGKILL runs submit in a child process and kills it with
// SIGKILL at random moments, 30 times against one platform; each time a second
// run of the same submit resumes from the outbox and finishes. Every intended
// client is created exactly once.
func TestSubmitSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test")
	}
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{Faults: sandbox.Faults{DelayPerClient: sandbox.Duration(2 * time.Millisecond)}, Seed: 30}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	login(t, run.URL)
	rnd := rand.New(rand.NewPCG(30, 30))
	total := 0
	killedAt := map[string]int{}
	for round := range 30 {
		n := 20 + rnd.IntN(300) // over 200 rows are two imports
		var rows []fixtures.Row
		for i := range n {
			r := fixtures.Client(i)
			r[2] = fmt.Sprintf("kill%02d-%04d@example.com", round, i)
			rows = append(rows, r)
		}
		path := writeClients(t, rows)
		total += n

		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CLI_CHILD=submit\x1f--platform\x1f"+run.URL+"\x1f--group\x1f101\x1f"+path,
			"MASSUPLOADER_USERNAME="+sandbox.DemoUsername, "MASSUPLOADER_PASSWORD="+sandbox.DemoPassword)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 100)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill just after the rows reach the outbox (before sending), just after
		// a part is sent (its answer may be lost), or while the import is polled,
		// each a few random milliseconds after its line is printed.
		phases := []struct{ name, line string }{
			{"before send", "clients for"}, {"after send", "Sending part"}, {"mid-poll", "Part 1 of"},
		}
		phase := phases[round%3]
		var last string
	wait:
		for l := range lines {
			last = l
			if strings.Contains(l, phase.line) {
				time.Sleep(time.Duration(rnd.IntN(15)) * time.Millisecond)
				break wait
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		for range lines {
		}
		killedAt[phase.name]++

		code, out, errs := runCLI(t, nil, "submit", "--platform", run.URL, "--group", "101", path)
		if code != ExitOK || !strings.Contains(out, fmt.Sprintf("%d of %d clients created", n, n)) {
			t.Fatalf("round %d (killed %s, after %q): %d\n%s\n%s", round, phase.name, last, code, out, errs)
		}
		if phase.name != "before send" && !strings.Contains(out, "Resuming") && !strings.Contains(out, "already submitted") {
			t.Fatalf("round %d: the second run did not resume from the outbox:\n%s", round, out)
		}
	}
	seen := map[string]int{}
	for _, c := range run.Server.Clients() {
		if strings.HasPrefix(c.Email, "kill") {
			seen[c.Email]++
		}
	}
	for email, k := range seen {
		if k != 1 {
			t.Errorf("%s created %d times", email, k)
		}
	}
	if len(seen) != total {
		t.Fatalf("%d clients created, want %d", len(seen), total)
	}
	t.Logf("30 kills (%v); %d clients created once each", killedAt, total)
}
