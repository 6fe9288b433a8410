package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
)

// A command-line check of a file must not pick up the edits the window keeps
// for the same content (drafts are keyed by the file's hash, in the shared
// database); the window's Open must.
func TestCheckIgnoresTheWindowsDraft(t *testing.T) {
	url := sandboxURL(t)
	dir := t.TempDir()
	ctx := context.Background()
	window := user(t, dir, url)
	path := fixture(t, "clean-12.xlsx")
	g := group(t, window, 101)
	c, err := window.Open(ctx, path, g)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetCell(2, template.Email, "not-an-email"); err != nil {
		t.Fatal(err)
	}
	if err := window.KeepDraft(ctx, c); err != nil {
		t.Fatal(err)
	}
	window.Close()

	cli := user(t, dir, url)
	checked, err := cli.Check(ctx, path, g)
	if err != nil {
		t.Fatal(err)
	}
	if checked.Counts.Errors != 0 || checked.Draft.Dirty() {
		t.Fatalf("Check picked up the window's draft: %d errors, dirty %v", checked.Counts.Errors, checked.Draft.Dirty())
	}
	opened, err := cli.Open(ctx, path, g)
	if err != nil {
		t.Fatal(err)
	}
	if opened.Counts.Errors != 1 || !opened.Draft.Dirty() {
		t.Fatalf("Open lost the draft: %d errors, dirty %v", opened.Counts.Errors, opened.Draft.Dirty())
	}
	if files := cli.RecentFiles(ctx); len(files) == 0 || files[0].Path != path {
		t.Errorf("recent files %+v, want %s first", files, path)
	}
}

func TestEditsUndoRedoAndFixes(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	c, err := a.Open(ctx, fixture(t, "every-row-code.xlsx"), group(t, a, 101))
	if err != nil {
		t.Fatal(err)
	}
	before := c.Counts.Errors
	tests := []struct {
		name    string
		code    string
		certain bool
		kind    string
	}{
		{name: "invisible characters", code: "invalid_characters", certain: true, kind: "remove_hidden"},
		{name: "existing client", code: "user_exists", certain: true, kind: RemoveExisting},
		{name: "a language with no code", code: "invalid_language"},
		{name: "a row's missing name", code: "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := issueOf(t, c, tt.code)
			fx, ok := c.FixFor(is)
			if tt.kind == "" {
				if ok {
					t.Fatalf("FixFor(%s) proposed %+v", tt.code, fx)
				}
				return
			}
			if !ok || fx.Kind != tt.kind || fx.Certain != tt.certain {
				t.Fatalf("FixFor(%s) = %+v, %v", tt.code, fx, ok)
			}
			if all := c.FixAll(fx.Kind); len(all) < len(fx.Changes) {
				t.Errorf("FixAll(%s) = %d changes, want at least %d", fx.Kind, len(all), len(fx.Changes))
			}
			for _, ch := range fx.Changes {
				if c.Describe(ch) == "" {
					t.Errorf("no description of %+v", ch)
				}
			}
		})
	}
	if _, ok := c.FixFor(Issue{Row: 0, Code: "missing_sheet"}); ok {
		t.Error("a file issue got a fix")
	}
	fx, _ := c.FixFor(issueOf(t, c, "invalid_characters"))
	c.Apply(fx.Changes)
	if c.Counts.Errors != before-1 || !c.Draft.Dirty() {
		t.Fatalf("after the fix: %d errors (want %d), dirty %v", c.Counts.Errors, before-1, c.Draft.Dirty())
	}
	if !c.Undo() || c.Counts.Errors != before {
		t.Fatalf("undo: %d errors, want %d", c.Counts.Errors, before)
	}
	if !c.Redo() || c.Counts.Errors != before-1 {
		t.Fatalf("redo: %d errors, want %d", c.Counts.Errors, before-1)
	}
	if c.Redo() {
		t.Error("redo with nothing undone")
	}
	c.Apply(c.FixAll(RemoveExisting))
	if c.Engine.Active() != c.Engine.Len()-1 {
		t.Errorf("active rows %d, want %d", c.Engine.Active(), c.Engine.Len()-1)
	}
	if err := c.SetCell(9999, template.Email, "x@example.com"); err == nil {
		t.Error("an edit of a row not in the file was accepted")
	}
	if len(c.Tidy()) != 0 && (&Checked{}).Tidy() != nil {
		t.Error("tidy of an unreadable file proposed changes")
	}
}

func issueOf(t *testing.T, c *Checked, code string) Issue {
	t.Helper()
	for _, is := range c.Issues {
		if is.Code == code {
			return is
		}
	}
	t.Fatalf("no %s issue", code)
	return Issue{}
}

func TestSaveEdits(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	g := group(t, a, 101)
	open := func(t *testing.T, name string) *Checked {
		c, err := a.Open(ctx, fixture(t, name), g)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SetCell(2, template.FirstName, "Grace"); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("over the file", func(t *testing.T) {
		c := open(t, "clean-12.xlsx")
		old := c.SHA256
		path, err := a.SaveEdits(ctx, c, "")
		if err != nil || path != c.Path {
			t.Fatalf("saved to %q, %v", path, err)
		}
		if c.SHA256 == old || c.Draft.Dirty() {
			t.Errorf("after saving: hash kept %v, dirty %v", c.SHA256 == old, c.Draft.Dirty())
		}
		again, err := a.Check(ctx, path, g)
		if err != nil || again.Engine.Row(0).Cells[template.FirstName].Value != "Grace" {
			t.Fatalf("the saved file does not hold the edit: %v", err)
		}
	})
	t.Run("as a copy", func(t *testing.T) {
		c := open(t, "clean-12.xlsx")
		target := filepath.Join(t.TempDir(), "copy.xlsx")
		path, err := a.SaveEdits(ctx, c, target)
		if err != nil || path != target {
			t.Fatalf("saved to %q, %v", path, err)
		}
		if !c.Draft.Dirty() {
			t.Error("saving a copy dropped the edits of the file")
		}
		if _, err := os.Stat(target); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("changed on disk", func(t *testing.T) {
		c := open(t, "clean-12.xlsx")
		if err := os.WriteFile(c.Path, []byte("changed"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveEdits(ctx, c, ""); !errors.Is(err, ErrChangedOnDisk) {
			t.Fatalf("err = %v, want ErrChangedOnDisk", err)
		}
	})
	t.Run("csv becomes a template", func(t *testing.T) {
		c := open(t, "three-rows.csv")
		path, err := a.SaveEdits(ctx, c, "")
		if err != nil || filepath.Ext(path) != ".xlsx" {
			t.Fatalf("saved to %q, %v", path, err)
		}
		again, err := a.Check(ctx, path, g)
		if err != nil || again.Rows() != 3 {
			t.Fatalf("the new template: %v rows, %v", again.Rows(), err)
		}
	})
	t.Run("nothing to save", func(t *testing.T) {
		if _, err := a.SaveEdits(ctx, &Checked{}, ""); err == nil {
			t.Error("saved an unreadable file")
		}
	})
}

func TestExportAnnotated(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	g := group(t, a, 101)
	tests := []struct {
		name    string
		file    string
		wantErr bool
	}{
		{name: "xlsx", file: "every-row-code.xlsx"},
		{name: "csv", file: "three-rows.csv", wantErr: true},
		{name: "unreadable", file: "truncated.xlsx", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := a.Check(ctx, fixture(t, tt.file), g)
			if err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(t.TempDir(), "marked.xlsx")
			err = a.ExportAnnotated(c, target)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if _, serr := os.Stat(target); (serr == nil) == tt.wantErr {
				t.Errorf("file written %v, want %v", serr == nil, !tt.wantErr)
			}
		})
	}
}
