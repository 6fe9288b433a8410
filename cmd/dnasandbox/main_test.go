package main

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintsListeningFirst runs the real binary as a user would.
func TestPrintsListeningFirst(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "dnasandbox")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--delay-per-client", "0s", "--seed", "3")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on http://127.0.0.1:")
	if !ok || url == "" {
		t.Fatalf("first line %q", line)
	}
	base := "http://127.0.0.1:" + url
	resp, err := http.Post(base+"/api/v1/auth/token", "application/json",
		strings.NewReader(`{"username":"coach@demo.example","password":"demo-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"token_type":"Bearer"`) {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	resp2, err := http.Get(base + "/sandbox/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	b, _ = io.ReadAll(resp2.Body)
	if !strings.Contains(string(b), `"delay_per_client":"0s"`) {
		t.Fatalf("flags not applied: %s", b)
	}
}

func TestBadFlag(t *testing.T) {
	if err := run([]string{"--fault-rate", "lots"}); err == nil {
		t.Fatal("want an error for a bad flag value")
	}
}
