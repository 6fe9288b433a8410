// Package keyringtest holds the one test that uses the real OS keyring (the
// Secret Service on Linux), apart from the unit tests that mock it.
package keyringtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dnaplatform/massuploader/internal/cli"
	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/platform"
	"github.com/dnaplatform/massuploader/internal/sandbox"
)

// TestMain doubles as the "second process": with KEYRING_READ=host/user it
// prints what the keyring holds for that account and exits.
func TestMain(m *testing.M) {
	if who := os.Getenv("KEYRING_READ"); who != "" {
		host, user, _ := strings.Cut(who, "/")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s := credentials.New()
		token, err := s.Load(ctx, host, user)
		switch {
		case s.Degraded() != "":
			fmt.Println("degraded:", s.Degraded())
		case err != nil:
			fmt.Println("none")
		default:
			fmt.Println("token:", token)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func readFromAnotherProcess(t *testing.T, host, user string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KEYRING_READ="+host+"/"+user)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("second process: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func run(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{In: strings.NewReader(stdin), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	code := cli.Run(context.Background(), env, args)
	return code, out.String() + errb.String()
}

// TestSecretService: login stores the token in the real keyring, a second
// process reads it, the platform accepts it, and logout removes it.
func TestSecretService(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run this test inside dbus-run-session with gnome-keyring unlocked (see scripts/dev)")
		}
		t.Skip("no D-Bus session bus: run inside dbus-run-session with an unlocked gnome-keyring (scripts/dev test does)")
	}
	t.Setenv("MASSUPLOADER_CONFIG_DIR", t.TempDir())
	sb, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	host := strings.TrimPrefix(sb.URL, "http://")

	code, out := run(t, sandbox.DemoPassword+"\n", "login", "--platform", sb.URL, "--username", sandbox.DemoUsername)
	if code != cli.ExitOK {
		t.Fatalf("login: %d %s", code, out)
	}
	if !strings.Contains(out, "system keyring (massuploader, "+sandbox.DemoUsername+"@"+host+")") {
		t.Fatalf("the sign-in did not reach the keyring: %s", out)
	}
	got := readFromAnotherProcess(t, host, sandbox.DemoUsername)
	token, ok := strings.CutPrefix(got, "token: ")
	if !ok || !strings.HasPrefix(token, "rt_") {
		t.Fatalf("second process read %q", got)
	}
	c, _ := platform.New(sb.URL, platform.Options{})
	c.Resume(token, platform.User{})
	if _, err := c.Groups(context.Background()); err != nil {
		t.Fatalf("the stored token does not work: %v", err)
	}

	code, out = run(t, "", "logout", "--platform", sb.URL)
	if code != cli.ExitOK || !strings.Contains(out, "Signed out") {
		t.Fatalf("logout: %d %s", code, out)
	}
	if got := readFromAnotherProcess(t, host, sandbox.DemoUsername); got != "none" {
		t.Fatalf("after logout the keyring holds %q", got)
	}
}
