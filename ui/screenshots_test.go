package ui

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/dnaplatform/massuploader/internal/fixtures"
)

// variantTheme is the app's real theme held to one variant, for screenshots.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// TestScreenshots writes a PNG of every step, as a user sees it, into
// $SCREENSHOTS_DIR (make screenshots); without it, the test is skipped.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR (make screenshots)")
	}
	variant := theme.VariantLight
	if os.Getenv("SCREENSHOTS_THEME") == "dark" {
		variant = theme.VariantDark
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, false)
	fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant})
	shot := func(name string) {
		t.Helper()
		h.w.Content().Refresh()
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	shot("0-sign-in")
	test.Tap(h.button("Try the demo"))
	h.selectGroup(103)
	shot("1-group-blocked")
	h.selectGroup(101)
	shot("1-group")
	test.Tap(h.button("Next"))
	h.files.save = filepath.Join(h.dir, "Clients for Acme Leadership Cohort.xlsx")
	test.Tap(h.button("Save template…"))
	shot("2-template")
	test.Tap(h.button("Next"))
	shot("3-file")
	rows := fixtures.Clients(14)
	rows[1][2] = "bob@gmial"
	rows[3][5] = 2003
	rows[6][0] = "Ann\u200b"
	rows[8][2] = "existing.client@example.com"
	rows[10][7] = "2020-01-01"
	rows[12][6] = "Klingon"
	h.files.open = writeFile(t, h.dir, "Acme spring cohort.xlsx", rows)
	test.Tap(h.button("Choose file…"))
	shot("4-preview-errors")
	h.u.preview.issues.Select(2)
	shot("4-preview-fix")
	test.Tap(h.button("Back"))
	h.files.open = writeFile(t, h.dir, "Acme spring cohort (fixed).xlsx", fixtures.Clients(14))
	test.Tap(h.button("Choose file…"))
	shot("4-preview-clean")
	test.Tap(h.button("Submit"))
	shot("5-done")
	test.Tap(h.button("History"))
	shot("6-history")
}
