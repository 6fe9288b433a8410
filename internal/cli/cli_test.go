package cli

import (
	"os"

	"bytes"
	"context"
	"encoding/json"
	"github.com/zalando/go-keyring"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dnaplatform/massuploader/internal/fixtures"
	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

// TestMain keeps the tests off the user's config directory and keyring.
func TestMain(m *testing.M) {
	if child := os.Getenv("CLI_CHILD"); child != "" { // a submit to be killed (submit_test.go)
		os.Exit(Run(context.Background(), OSEnv(), strings.Split(child, "\x1f")))
	}
	dir, err := os.MkdirTemp("", "massuploader-cli")
	if err != nil {
		panic(err)
	}
	os.Setenv("MASSUPLOADER_CONFIG_DIR", dir)
	keyring.MockInit()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := Run(ctx, e, args)
	return code, out.String(), errb.String()
}

func writeClients(t *testing.T, rows []fixtures.Row) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clients.xlsx")
	if err := fixtures.WriteXLSX(path, fixtures.Sheet{Headers: fixtures.CurrentHeaders(), Rows: rows}, fixtures.Options{Version: template.Version}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateClean(t *testing.T) {
	path := writeClients(t, fixtures.Clients(12))
	code, out, errs := runCLI(t, nil, "validate", "--demo", "--group", "101", path)
	if code != ExitOK || !strings.Contains(out, "12 rows · 0 errors · 0 warnings") || !strings.Contains(out, "ready to submit") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

func TestValidateJSON(t *testing.T) {
	rows := fixtures.Clients(6)
	rows[1][2] = "not-an-email"
	rows[3][2] = "existing.client@example.com"
	rows[4][2] = rows[0][2]
	rows[5][4] = 1002
	path := writeClients(t, rows)
	// Flags after the file work too.
	code, out, errs := runCLI(t, nil, "validate", path, "--demo", "--json", "--group", "102")
	if code != ExitProblems {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	var res validateJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, is := range res.Issues {
		got = append(got, is.Code+"@"+is.Column+string(rune('0'+is.Row)))
	}
	want := "invalid_email@C3 user_exists@C5 duplicate_in_file@C6 report_not_allowed@E7"
	if strings.Join(got, " ") != want || res.File != "clients.xlsx" || res.TemplateVersion != "2026.11" ||
		res.Group.ID != 102 || res.Group.Name != "Northwind Sales Team" || res.Rows != 6 || res.Errors != 4 || res.Warnings != 0 {
		t.Fatalf("got %s\n%+v", strings.Join(got, " "), res)
	}
	for _, key := range []string{`"severity"`, `"code"`, `"row"`, `"column"`, `"field"`, `"value"`, `"message"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestValidateUnreadableIsExit1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	if err := fixtures.WriteCSV(path, nil, nil, ",", false); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, nil, "validate", "--demo", "--group", "101", "--json", path)
	var res validateJSON
	json.Unmarshal([]byte(out), &res)
	if code != ExitProblems || len(res.Issues) != 1 || res.Issues[0].Code != validate.CodeUnreadableFile || res.Issues[0].Row != 0 {
		t.Fatalf("exit %d %s", code, out)
	}
}

func TestValidateExit2(t *testing.T) {
	path := writeClients(t, fixtures.Clients(5))
	for _, args := range [][]string{
		{"validate", "--demo", "--group", "999", path},
		{"validate", "--demo", path},
		{"validate", "--group", "101", path},
		{"validate", "--demo", "--platform", "https://x.example", "--group", "101", path},
		{"validate", "--demo", "--group", "101"},
		{"validate", "--platform", "http://dna.example.com", "--group", "101", path},
		{"validate", "--platform", "http://127.0.0.1:1", "--group", "101", path},
		{"validate", "--bogus"},
		{"nonsense"},
	} {
		code, _, errs := runCLI(t, map[string]string{"MASSUPLOADER_USERNAME": "u", "MASSUPLOADER_PASSWORD": "p"}, args...)
		if code != ExitFailed || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	_, _, errs := runCLI(t, nil, "validate", "--demo", "--group", "999", path)
	if !strings.Contains(errs, "101 Acme Leadership Cohort") {
		t.Errorf("unknown group message does not list the groups: %s", errs)
	}
}

func TestTemplateForGroup(t *testing.T) {
	out := filepath.Join(t.TempDir(), "t.xlsx")
	code, stdout, errs := runCLI(t, nil, "template", "--demo", "--group", "101", "-o", out)
	if code != ExitOK || !strings.Contains(stdout, "Acme Leadership Cohort") {
		t.Fatalf("exit %d %s %s", code, stdout, errs)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Instructions,Clients,Lists" {
		t.Fatalf("sheets %s", got)
	}
	if visible, _ := f.GetSheetVisible("Lists"); visible {
		t.Fatal("Lists is visible")
	}
	dvs, err := f.GetDataValidations("Clients")
	if err != nil || len(dvs) != 3 {
		t.Fatalf("%d validations, %v", len(dvs), err)
	}
	nb, _ := f.GetCellValue("Lists", "B3")
	if nb != "2002 — Natural Behavior Discovery – Financial" {
		t.Fatalf("Lists!B3 = %q", nb)
	}
	if v, _ := f.GetCellValue("Lists", "B4"); v != "" {
		t.Fatalf("unavailable report 2003 is offered: %q", v)
	}
	props, _ := f.GetCustomProps()
	if len(props) == 0 || props[0].Value != template.Version {
		t.Fatalf("props %+v", props)
	}

	generic := filepath.Join(t.TempDir(), "g.xlsx")
	if code, _, errs := runCLI(t, nil, "template", "--demo", "-o", generic); code != ExitOK {
		t.Fatalf("generic: %d %s", code, errs)
	}
	if code, _, _ := runCLI(t, nil, "template", "--demo", "--group", "101"); code != ExitFailed {
		t.Fatal("no -o accepted")
	}
}

// TestTemplateRoundTripsThroughLibreOffice fills the group's template with demo
// rows (picking from its dropdown lists), saves it with LibreOffice, and checks
// that the dropdowns survive and the file validates with no errors.
func TestTemplateRoundTripsThroughLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	tpl := filepath.Join(dir, "t.xlsx")
	if code, _, errs := runCLI(t, nil, "template", "--demo", "--group", "101", "-o", tpl); code != ExitOK {
		t.Fatal(errs)
	}
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	cdna, _ := f.GetCellValue("Lists", "A2")
	nb, _ := f.GetCellValue("Lists", "B2")
	for i, r := range fixtures.Clients(6) {
		r[4], r[5], r[6] = cdna, nb, "English"
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Clients", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	outDir := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, filled)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved := filepath.Join(outDir, "filled.xlsx")
	lo, err := excelize.OpenFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := lo.GetDataValidations("Clients")
	lo.Close()
	if len(dvs) != 3 {
		t.Fatalf("after LibreOffice: %d dropdowns", len(dvs))
	}
	code, out, _ := runCLI(t, nil, "validate", "--demo", "--group", "101", saved)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "--version")
	if code != ExitOK || !strings.HasPrefix(out, "massuploader ") || !strings.Contains(out, "commit ") {
		t.Fatalf("%d %q", code, out)
	}
}
