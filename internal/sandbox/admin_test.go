package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func startTest(t *testing.T, f Faults) *Running {
	t.Helper()
	run, err := Start(Options{Faults: f, Seed: 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(run.Close)
	return run
}

func do(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestFaultsChangeAtRunTime(t *testing.T) {
	run := startTest(t, DefaultFaults())
	status, got := do(t, "GET", run.URL+"/sandbox/faults", "")
	if status != 200 || !strings.Contains(got, `"delay_per_client":"50ms"`) || !strings.Contains(got, `"token_ttl":"15m0s"`) {
		t.Fatalf("%d %s", status, got)
	}
	// Only the named knobs change.
	status, got = do(t, "POST", run.URL+"/sandbox/faults", `{"fault_rate":1,"latency":"5ms"}`)
	if status != 200 || !strings.Contains(got, `"fault_rate":1`) || !strings.Contains(got, `"delay_per_client":"50ms"`) {
		t.Fatalf("%d %s", status, got)
	}
	for range 5 {
		status, _ = do(t, "POST", run.URL+"/api/v1/auth/token", `{"username":"coach@demo.example","password":"demo-password"}`)
		if status != 500 && status != 502 && status != 503 {
			t.Fatalf("fault rate 1 answered %d", status)
		}
	}
	// The sandbox's own endpoints are never faulty.
	status, _ = do(t, "POST", run.URL+"/sandbox/faults", `{"fault_rate":0}`)
	if status != 200 {
		t.Fatalf("reset faults: %d", status)
	}
	status, _ = do(t, "POST", run.URL+"/api/v1/auth/token", `{"username":"coach@demo.example","password":"demo-password"}`)
	if status != 200 {
		t.Fatalf("after clearing faults: %d", status)
	}
	status, got = do(t, "POST", run.URL+"/sandbox/faults", `{"latency":"soon"}`)
	if status != 422 || !strings.Contains(got, "validation_failed") {
		t.Fatalf("bad body: %d %s", status, got)
	}
}

func TestFaultRateIsRepeatableForASeed(t *testing.T) {
	pattern := func() string {
		run := startTest(t, Faults{FaultRate: 0.5})
		var b strings.Builder
		for range 40 {
			status, _ := do(t, "GET", run.URL+"/api/v1/groups", "")
			if status == 401 {
				b.WriteByte('.')
			} else {
				b.WriteByte('x')
			}
		}
		return b.String()
	}
	a, b := pattern(), pattern()
	if a != b {
		t.Fatalf("same seed, different faults:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, ".") || !strings.Contains(a, "x") {
		t.Fatalf("fault rate 0.5 gave %s", a)
	}
}

func TestResetRestoresDemoData(t *testing.T) {
	run := startTest(t, Faults{})
	s := run.Server
	s.mu.Lock()
	s.clients = append(s.clients, Client{ID: "x", Email: "new@example.com", Username: "new@example.com"})
	s.taken["new@example.com"] = true
	s.mu.Unlock()
	do(t, "POST", run.URL+"/api/v1/auth/token", `{"username":"coach@demo.example","password":"demo-password"}`)
	if status, _ := do(t, "POST", run.URL+"/sandbox/reset", ""); status != 204 {
		t.Fatalf("reset: %d", status)
	}
	status, got := do(t, "GET", run.URL+"/sandbox/clients", "")
	var out struct{ Clients []Client }
	if err := json.Unmarshal([]byte(got), &out); err != nil || status != 200 {
		t.Fatal(status, err)
	}
	if len(out.Clients) != 3 || out.Clients[1].Username != "mgarcia" {
		t.Fatalf("clients after reset: %+v", out.Clients)
	}
	if _, got := do(t, "GET", run.URL+"/sandbox/requests", ""); got != `{"requests":[]}` {
		t.Fatalf("requests after reset: %s", got)
	}
	if _, got := do(t, "GET", run.URL+"/sandbox/mailbox", ""); got != `{"messages":[]}` {
		t.Fatalf("mailbox after reset: %s", got)
	}
}

func TestUnknownAPICallIsJSON404(t *testing.T) {
	run := startTest(t, Faults{})
	status, got := do(t, "GET", run.URL+"/api/v1/nothing", "")
	if status != 404 || !strings.Contains(got, `"code":"not_found"`) {
		t.Fatalf("%d %s", status, got)
	}
}

func TestTokenTTL(t *testing.T) {
	run := startTest(t, Faults{TokenTTL: Duration(50 * time.Millisecond)})
	_, got := do(t, "POST", run.URL+"/api/v1/auth/token", `{"username":"COACH@demo.example ","password":"demo-password"}`)
	var s struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(got), &s); err != nil || s.AccessToken == "" {
		t.Fatalf("token: %s", got)
	}
	get := func() (int, string) {
		req, _ := http.NewRequest("GET", run.URL+"/api/v1/reports", nil)
		req.Header.Set("Authorization", "Bearer "+s.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := get(); status != 200 {
		t.Fatalf("fresh token: %d", status)
	}
	time.Sleep(80 * time.Millisecond)
	if status, body := get(); status != 401 || !strings.Contains(body, "token_expired") {
		t.Fatalf("expired token: %d %s", status, body)
	}
}
