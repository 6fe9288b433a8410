package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/bench"
	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

func codes(issues []validate.Issue) string {
	var s []string
	for _, is := range issues {
		s = append(s, fmt.Sprintf("%s@%d%s=%s", is.Code, is.Row, is.Column, is.Value))
	}
	return strings.Join(s, " ")
}

func TestAnnotatedValidatesLikeTheOriginal(t *testing.T) {
	dir := t.TempDir()
	rows := fixtures.Clients(6)
	rows[1][2] = "=bad@"
	rows[3][5] = 1001
	rows[4][0] = "Ann\u200b"
	src := filepath.Join(dir, "src.xlsx")
	if err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows}, fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	ctx := bench.Context()
	e, err := validate.ReadFile(src, ctx)
	if err != nil {
		t.Fatal(err)
	}
	issues := e.Issues()
	out := filepath.Join(dir, "src - problems marked.xlsx")
	if err := WriteAnnotated(src, out, "Clients", issues); err != nil {
		t.Fatal(err)
	}
	again, err := validate.ReadFile(out, ctx)
	if err != nil {
		t.Fatal(err)
	}
	if codes(again.Issues()) != codes(issues) {
		t.Fatalf("re-imported:\n%s\noriginal:\n%s", codes(again.Issues()), codes(issues))
	}
	f, _ := excelize.OpenFile(out)
	comments, _ := f.GetComments("Clients")
	link, target, _ := f.GetCellHyperLink("Problems", "C3")
	value, _ := f.GetCellValue("Problems", "E3")
	f.Close()
	if len(comments) != 3 || !link || !strings.HasPrefix(target, "'Clients'!") || !strings.HasPrefix(value, "'=") {
		t.Fatalf("%d comments, link %v %q, value %q", len(comments), link, target, value)
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	if st, err := os.Stat(strings.TrimSuffix(out, ".xlsx") + ".pdf"); err != nil || st.Size() == 0 {
		t.Fatal("LibreOffice made no PDF")
	}
}

// A formula that calls another program does not stay live in the marked copy.
func TestAnnotatedDropsDDEFormulas(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	if err := fixtures.WriteXLSX(src, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: fixtures.Clients(2)}, fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	// Cells as Excel saves a formula with its cached value.
	setCells(t, src, map[string]string{
		"A2": `<c r="A2" t="str"><f>cmd|'/c calc'!A1</f><v>Ada</v></c>`,
		"B2": `<c r="B2" t="str"><f>LOWER("X")</f><v>x</v></c>`,
	})
	e, err := validate.ReadFile(src, bench.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(codes(e.Issues()), "unreadable_file@2A=Ada") {
		t.Fatalf("the DDE formula is not an issue: %s", codes(e.Issues()))
	}
	out := filepath.Join(dir, "marked.xlsx")
	if err := WriteAnnotated(src, out, "Clients", e.Issues()); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	dde, _ := g.GetCellFormula("Clients", "A2")
	value, _ := g.GetCellValue("Clients", "A2")
	lower, _ := g.GetCellFormula("Clients", "B2")
	if dde != "" || value != "Ada" || lower == "" {
		t.Fatalf("A2 formula %q value %q; B2 formula %q", dde, value, lower)
	}
}

// setCells replaces cells of the first sheet's XML.
func setCells(t *testing.T, path string, cells map[string]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err = fixtures.Rezip(data, func(name string, content []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			for ref, c := range cells {
				content = regexp.MustCompile(`<c r="`+ref+`"[^>]*>.*?</c>`).ReplaceAll(content, []byte(c))
			}
		}
		return content
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
