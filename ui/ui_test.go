package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/dnaplatform/massuploader/internal/app"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/outbox"
	"github.com/dnaplatform/massuploader/internal/sandbox"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// answers is the user at the file dialogs.
type answers struct{ open, save string }

func (a *answers) Open(done func(string))           { done(a.open) }
func (a *answers) Save(_ string, done func(string)) { done(a.save) }

type harness struct {
	t     *testing.T
	u     *UI
	w     fyne.Window
	b     *app.App
	files *answers
	dir   string
}

func newHarness(t *testing.T, demo bool) *harness {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("MASSUPLOADER_CONFIG_DIR", dir)
	keyring.MockInit()
	b, err := app.Open(filepath.Join(dir, "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	b.SenderOptions = outbox.Options{PollFloor: 5 * time.Millisecond, OfflineWait: 20 * time.Millisecond, OfflineCap: 100 * time.Millisecond}
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	h := &harness{t: t, w: w, b: b, files: &answers{}, dir: dir}
	h.u = Create(a, w, Options{Demo: demo, App: b, Files: h.files, Inline: true})
	w.Resize(fyne.NewSize(1100, 720))
	return h
}

// objects lists everything laid out in the window now, dialogs included.
func (h *harness) objects() []fyne.CanvasObject {
	out := test.LaidOutObjects(h.w.Content())
	for _, o := range h.w.Canvas().Overlays().List() {
		out = append(out, test.LaidOutObjects(o)...)
	}
	return out
}

func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	for _, o := range h.objects() {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	h.t.Fatalf("no button %q on screen:\n%s", text, h.texts())
	return nil
}

func (h *harness) hasText(part string) bool {
	return strings.Contains(h.texts(), part)
}

func (h *harness) texts() string {
	var b strings.Builder
	for _, o := range h.objects() {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + x.Text + "]\n")
		}
	}
	return b.String()
}

func (h *harness) wantText(part string) {
	h.t.Helper()
	if !h.hasText(part) {
		h.t.Fatalf("want %q on screen, have:\n%s", part, h.texts())
	}
}

func find[T fyne.CanvasObject](h *harness) T {
	h.t.Helper()
	for _, o := range h.objects() {
		if x, ok := o.(T); ok {
			return x
		}
	}
	var zero T
	h.t.Fatalf("no %T on screen", zero)
	return zero
}

func entries(h *harness) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range h.objects() {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

func (h *harness) selectGroup(id int64) {
	h.t.Helper()
	list := find[*widget.List](h)
	for i, g := range h.u.groups {
		if g.ID == id {
			list.Select(i)
			return
		}
	}
	h.t.Fatalf("no group %d", id)
}

// warnedGroups names the rows of the group list that show a warning sign.
func (h *harness) warnedGroups() string {
	var names []string
	for _, o := range h.objects() {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			continue
		}
		label, isLabel := row.Objects[0].(*widget.Label)
		icon, isIcon := row.Objects[1].(*widget.Icon)
		if isLabel && isIcon && icon.Visible() {
			names = append(names, label.Text)
		}
	}
	return strings.Join(names, ", ")
}

func writeFile(t *testing.T, dir, name string, rows []fixtures.Row) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows}, fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSignInWrongThenRight(t *testing.T) {
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	h := newHarness(t, false)
	h.wantText("Sign in to the DNA Platform")
	e := entries(h)
	test.Type(e[0], run.URL)
	test.Type(e[1], sandbox.DemoUsername)
	test.Type(e[2], "wrong-password")
	test.Tap(h.button("Sign in"))
	h.wantText("The username or password is not correct")
	e[2].SetText("")
	test.Type(e[2], sandbox.DemoPassword)
	test.Tap(h.button("Sign in"))
	h.wantText("Acme Leadership Cohort  (101)")
	h.wantText("Signed in as Demo Coach on " + run.URL)
}

// TestWizardEndToEnd drives the demo: the blocked group, the template, a file
// with errors, a clean file, submit to completion, and the history.
func TestWizardEndToEnd(t *testing.T) {
	h := newHarness(t, true)
	h.wantText("Groups fresh from the platform.")
	h.wantText("Choose the group the new clients join")
	if got := h.warnedGroups(); got != "Contoso Interns  (103)" {
		t.Fatalf("groups marked with a warning sign: %q, want only the one without completion alerts", got)
	}

	h.selectGroup(103)
	h.wantText("Completion Alerts are not set for this group, so the platform refuses imports to it.")
	if !h.button("Next").Disabled() {
		t.Fatal("Next is enabled for a group without completion alerts")
	}
	h.selectGroup(101)
	h.wantText("Completion alerts go to: alerts@acme.example")
	h.wantText("2003  Natural Behavior Discovery – Classic")
	test.Tap(h.button("Next"))

	h.files.save = filepath.Join(h.dir, "acme.xlsx")
	test.Tap(h.button("Save template…"))
	h.wantText("Saved to " + h.files.save)
	if _, err := os.Stat(h.files.save); err != nil {
		t.Fatal(err)
	}
	test.Tap(h.button("Next"))

	rows := fixtures.Clients(6)
	rows[1][2] = "not-an-email"
	rows[3][5] = 2003
	h.files.open = writeFile(t, h.dir, "errors.xlsx", rows)
	test.Tap(h.button("Choose file…"))
	h.wantText("6 rows · 2 errors in 2 rows · 0 warnings")
	if !h.button("Submit").Disabled() {
		t.Fatal("Submit is enabled with errors")
	}
	p := h.previewState()
	if p.severity[[2]int{1, int(template.Email)}] != validate.Error || p.severity[[2]int{3, int(template.NaturalBehaviorReport)}] != validate.Error ||
		len(p.severity) != 2 {
		t.Fatalf("marked cells %v", p.severity)
	}
	// Clicking an issue selects its cell.
	var selected widget.TableCellID
	p.table.OnSelected = func(id widget.TableCellID) { selected = id }
	p.issues.Select(1)
	if selected != (widget.TableCellID{Row: 3, Col: 1 + int(template.NaturalBehaviorReport)}) {
		t.Fatalf("selected %+v", selected)
	}

	test.Tap(h.button("Back"))
	h.files.open = writeFile(t, h.dir, "clean.xlsx", fixtures.Clients(12))
	test.Tap(h.button("Choose file…"))
	h.wantText("12 rows · 0 errors · 0 warnings")
	h.wantText(`12 clients will be created in Acme Leadership Cohort; invitations go out as "Your Acme discovery invitation"; alerts to alerts@acme.example.`)
	test.Tap(h.button("Submit"))
	h.wantText("Done: 12 created, 0 not created")
	bar := find[*widget.ProgressBar](h)
	if bar.Value != 1 {
		t.Fatalf("progress %v", bar.Value)
	}
	h.wantText("Row 13 · created")
	h.button("Open results")
	if _, err := os.Stat(filepath.Join(h.dir, "clean - results.xlsx")); err != nil {
		t.Fatal("no results workbook")
	}
	test.Tap(h.button("History"))
	h.wantText("clean.xlsx to Acme Leadership Cohort · finished · 12 rows: 12 created, 0 not created")
}

func (h *harness) previewState() *preview { return h.u.preview }

// TestOfflineSubmitWaitsThenCompletes: signed in, the platform goes away; the
// cached group still works, the submission is queued, and it completes when
// the platform is back.
func TestOfflineSubmitWaitsThenCompletes(t *testing.T) {
	run, err := sandbox.Start(sandbox.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	h := newHarness(t, false)
	e := entries(h)
	test.Type(e[0], run.URL)
	test.Type(e[1], sandbox.DemoUsername)
	test.Type(e[2], sandbox.DemoPassword)
	test.Tap(h.button("Sign in"))
	h.selectGroup(101) // groups and reports are now cached

	addr := run.Addr()
	run.Stop()
	test.Tap(h.button("Refresh"))
	h.wantText("Groups saved less than a minute ago (the platform cannot be reached).")
	h.selectGroup(101)
	test.Tap(h.button("Next"))
	test.Tap(h.button("Next"))
	h.files.open = writeFile(t, h.dir, "offline.xlsx", fixtures.Clients(5))
	test.Tap(h.button("Choose file…"))
	h.wantText("5 rows · 0 errors · 1 warning")
	h.wantText("rows were not checked against existing clients")
	h.wantText("the import waits in the outbox and goes when it can")

	// The platform comes back a moment after the submission is queued.
	go func() {
		time.Sleep(300 * time.Millisecond)
		back, err := sandbox.Serve(run.Server, addr)
		if err == nil {
			t.Cleanup(back.Stop)
		}
	}()
	test.Tap(h.button("Submit"))
	h.wantText("Done: 5 created, 0 not created")
	ids, _ := h.b.Unfinished(context.Background())
	if len(ids) != 0 {
		t.Fatal("the outbox is not empty")
	}
}

func TestDropExplainsWhatItCannotUse(t *testing.T) {
	h := newHarness(t, true)
	h.u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(filepath.Join(h.dir, "notes.pdf"))})
	h.wantText("Choose the group these clients go to")
	h.selectGroup(101)
	h.u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(filepath.Join(h.dir, "notes.pdf"))})
	h.wantText("notes.pdf is not an .xlsx or .csv file")
	path := writeFile(t, h.dir, "dropped.xlsx", fixtures.Clients(5))
	h.u.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(path)})
	h.wantText("5 rows · 0 errors")
}
