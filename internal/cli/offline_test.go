package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/credentials"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/validate"
)

func withConfigDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("MASSUPLOADER_CONFIG_DIR", dir)
	keyring.MockInit()
	return dir
}

func login(t *testing.T, url string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{In: strings.NewReader(sandbox.DemoPassword + "\n"), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	if code := Run(context.Background(), env, []string{"login", "--platform", url, "--username", sandbox.DemoUsername}); code != ExitOK {
		t.Fatalf("login: %d %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "Signed in to "+url+" as Demo Coach") || !strings.Contains(out.String(), "system keyring") {
		t.Fatalf("login said %q", out.String())
	}
}

// TestOfflineUsesTheCache signs in, uses the platform once (filling the
// cache), stops it, and still validates and writes the template from the
// cache, warning that existing clients were not checked.
func TestOfflineUsesTheCache(t *testing.T) {
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	login(t, run.URL)

	clean := writeClients(t, fixtures.Clients(6))
	code, out, errs := runCLI(t, nil, "validate", "--group", "101", "--json", clean) // the default profile
	if code != ExitOK || errs != "" {
		t.Fatalf("online: %d %s %s", code, out, errs)
	}
	tpl := filepath.Join(t.TempDir(), "t.xlsx")
	if code, _, errs := runCLI(t, nil, "template", "--platform", run.URL, "--group", "101", "-o", tpl); code != ExitOK {
		t.Fatalf("template online: %s", errs)
	}

	run.Stop() // the network is gone
	time.Sleep(10 * time.Millisecond)
	code, out, errs = runCLI(t, nil, "validate", "--platform", run.URL, "--group", "101", "--json", clean)
	var res validateJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("offline validate: %d %q %s", code, out, errs)
	}
	if code != ExitOK || len(res.Issues) != 1 || res.Issues[0].Code != validate.CodeExistingNotChecked ||
		!strings.Contains(errs, "offline: using the groups saved") {
		t.Fatalf("offline validate: %d %+v %s", code, res.Issues, errs)
	}
	tpl2 := filepath.Join(t.TempDir(), "t2.xlsx")
	code, out, errs = runCLI(t, nil, "template", "--group", "101", "-o", tpl2)
	if code != ExitOK || !strings.Contains(errs, "offline: using the template saved") {
		t.Fatalf("offline template: %d %s %s", code, out, errs)
	}
	// A group that was never seen cannot be made up.
	if code, _, errs := runCLI(t, nil, "validate", "--group", "999", clean); code != ExitFailed || !strings.Contains(errs, "no group 999") {
		t.Fatalf("unknown group offline: %d %s", code, errs)
	}
}

func TestNothingCachedOfflineIsExit2(t *testing.T) {
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	login(t, run.URL)
	run.Stop()
	code, _, errs := runCLI(t, nil, "validate", "--group", "101", writeClients(t, fixtures.Clients(5)))
	if code != ExitFailed || !strings.Contains(errs, "cannot be reached") {
		t.Fatalf("%d %s", code, errs)
	}
}

// TestSecretsStayInTheKeyring runs sign-in, token refresh, validation and
// sign-out, then looks for the password and every refresh token in everything
// the app wrote and printed.
func TestSecretsStayInTheKeyring(t *testing.T) {
	dir := withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	var printed strings.Builder
	record := func(parts ...string) {
		for _, p := range parts {
			printed.WriteString(p)
		}
	}
	var out, errb bytes.Buffer
	env := Env{In: strings.NewReader(sandbox.DemoPassword + "\n"), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	Run(context.Background(), env, []string{"login", "--platform", run.URL, "--username", sandbox.DemoUsername})
	record(out.String(), errb.String())
	host := strings.TrimPrefix(run.URL, "http://")
	var tokens []string
	first, err := keyring.Get(credentials.Service, credentials.Account(host, sandbox.DemoUsername))
	if err != nil || first == "" {
		t.Fatalf("no token in the keyring: %v", err)
	}
	tokens = append(tokens, first)
	run.Server.ExpireAccessTokens()
	file := writeClients(t, fixtures.Clients(5))
	for range 2 { // each run resumes from the keyring: a refresh, a rotation
		_, o, e := runCLI(t, nil, "validate", "--group", "101", "--json", file)
		record(o, e)
		tok, _ := keyring.Get(credentials.Service, credentials.Account(host, sandbox.DemoUsername))
		tokens = append(tokens, tok)
	}
	if tokens[1] == tokens[0] || tokens[2] == tokens[1] {
		t.Fatal("the refresh token did not rotate")
	}
	_, o, e := runCLI(t, nil, "logout")
	record(o, e)
	if _, err := keyring.Get(credentials.Service, credentials.Account(host, sandbox.DemoUsername)); err == nil {
		t.Fatal("logout left the token in the keyring")
	}
	secrets := append(tokens, sandbox.DemoPassword)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds a secret", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if strings.Contains(printed.String(), s) {
			t.Error("the output holds a secret")
		}
	}
	if !strings.Contains(printed.String(), "Signed out") {
		t.Fatalf("printed: %s", printed.String())
	}
}

// TestPasswordLeavesTheEnvironment signs in with MASSUPLOADER_PASSWORD and
// checks that the process no longer holds it: a child process or a crash
// report would inherit it.
func TestPasswordLeavesTheEnvironment(t *testing.T) {
	withConfigDir(t)
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	t.Setenv("MASSUPLOADER_PASSWORD", sandbox.DemoPassword)
	var out, errb bytes.Buffer
	env := OSEnv()
	env.In, env.Out, env.Err = strings.NewReader(""), &out, &errb
	if code := Run(context.Background(), env, []string{"login", "--platform", run.URL, "--username", sandbox.DemoUsername}); code != ExitOK {
		t.Fatalf("login: %d\n%s", code, errb.String())
	}
	if _, set := os.LookupEnv("MASSUPLOADER_PASSWORD"); set {
		t.Fatal("MASSUPLOADER_PASSWORD is still in the environment after it was read")
	}
}
