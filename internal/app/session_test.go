package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/sandbox"
)

func TestSignInResumeSignOut(t *testing.T) {
	url := sandboxURL(t)
	dir := t.TempDir()
	ctx := context.Background()
	keyring.MockInit()
	a, err := Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.DataPath() != filepath.Join(dir, "app.db") {
		t.Errorf("data path %s", a.DataPath())
	}
	if ok, err := a.Resume(ctx); ok || err != nil {
		t.Fatalf("resumed with nobody signed in: %v, %v", ok, err)
	}
	if s := a.Status(ctx); s.SignedIn {
		t.Errorf("status signed in: %+v", s)
	}
	if _, _, err := a.Groups(ctx); err == nil {
		t.Error("groups without a sign-in")
	}
	err = a.SignIn(ctx, url, sandbox.DemoUsername, "wrong")
	var s Sentence
	if !errors.As(err, &s) || !strings.Contains(err.Error(), "not correct") {
		t.Fatalf("wrong password: %v", err)
	}
	sess, err := a.Login(ctx, url, sandbox.DemoUsername, sandbox.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Who() == "" || sess.Host() == "" || a.Session() != sess {
		t.Errorf("session %+v", sess)
	}
	if KeyringAccount(sess.Host(), sess.Profile.Username) == "" || KeyringService == "" {
		t.Error("no keyring names")
	}
	groups, src, err := a.Groups(ctx)
	if err != nil || len(groups) == 0 || !src.Live {
		t.Fatalf("groups %d, %+v, %v", len(groups), src, err)
	}

	b, err := Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ok, err := b.Resume(ctx); !ok || err != nil {
		t.Fatalf("resume: %v, %v", ok, err)
	}
	if err := b.ResumeAt(ctx, url, sandbox.DemoUsername); err != nil {
		t.Fatal(err)
	}
	if err := b.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.SignOut(ctx); err != nil {
		t.Errorf("signing out twice: %v", err)
	}
	if err := b.ResumeAt(ctx, url, sandbox.DemoUsername); !errors.Is(err, ErrNoProfile) {
		t.Errorf("resume after sign-out: %v", err)
	}
}

func TestDemoKeepsUserDataApart(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	ctx := context.Background()
	a, err := Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.StartDemo(ctx); err != nil {
		t.Fatal(err)
	}
	run := a.Demo()
	if run == nil || !a.Status(ctx).Demo {
		t.Fatal("no demo running")
	}
	if err := a.StartDemo(ctx); err != nil { // a second start replaces the first
		t.Fatal(err)
	}
	if err := a.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if a.Demo() != nil || a.Session() != nil {
		t.Fatal("the demo still runs after signing out")
	}
	if files := a.RecentFiles(ctx); len(files) != 0 {
		t.Errorf("the user's store is not back: %v", files)
	}
}

func TestConnect(t *testing.T) {
	url := sandboxURL(t)
	ctx := context.Background()
	keyring.MockInit()
	tests := []struct {
		name    string
		target  Target
		wantErr string
	}{
		{name: "demo", target: Target{Demo: true}},
		{name: "a sign-in used once", target: Target{Platform: url, Username: sandbox.DemoUsername, Password: sandbox.DemoPassword}},
		{name: "nowhere", target: Target{}, wantErr: "say where"},
		{name: "a platform never signed in to", target: Target{Platform: url}, wantErr: "not signed in yet"},
		{name: "a wrong password", target: Target{Platform: url, Username: sandbox.DemoUsername, Password: "wrong"}, wantErr: "not correct"},
		{name: "an insecure address", target: Target{Platform: "http://example.com", Username: "u", Password: "p"}, wantErr: "https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("MASSUPLOADER_CONFIG_DIR", t.TempDir())
			a, err := Connect(ctx, tt.target)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if _, _, err := a.Group(ctx, 101); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTemplates(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	dir := t.TempDir()
	tpl, src, err := a.SaveGenericTemplate(ctx, filepath.Join(dir, "generic.xlsx"))
	if err != nil || tpl.Version == "" || !src.Live {
		t.Fatalf("generic: %v, %+v, %v", tpl.Version, src, err)
	}
	path := filepath.Join(dir, "group.xlsx")
	if _, _, err := a.SaveTemplate(ctx, group(t, a, 101), path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Fatalf("template file: %v, %v", info, err)
	}
	if _, _, err := a.SaveTemplate(ctx, group(t, a, 101), filepath.Join(dir, "missing", "x.xlsx")); err == nil {
		t.Error("saved into a folder that does not exist")
	}
	if got := SourceNote("groups", src, time.Now); got != "" {
		t.Errorf("a live source got a note: %q", got)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	old := Source{FetchedAt: now.Add(-90 * time.Minute)}
	if got := SourceNote("groups", old, func() time.Time { return now }); got != "offline: using the groups saved 1h30m0s ago\n" {
		t.Errorf("note %q", got)
	}
}
