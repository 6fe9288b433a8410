package cli

import (
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/fixtures"
)

// TestValidateJSONEscapesTerminalControls: a name holding a C1 CSI or a bidi
// override is quoted back in the value; --json must not hand it raw
// to the terminal.
func TestValidateJSONEscapesTerminalControls(t *testing.T) {
	rows := fixtures.Clients(5)
	rows[0][0] = "Ada\u009b2J"
	rows[1][0] = "Bob\u202eevil"
	path := writeClients(t, rows)
	code, out, _ := runCLI(t, nil, "validate", "--demo", "--group", "101", "--json", path)
	if code != ExitProblems {
		t.Fatalf("exit %d: %s", code, out)
	}
	if strings.ContainsAny(out, "\u009b\u202e") {
		t.Fatalf("raw control characters in --json output: %q", out)
	}
	if !strings.Contains(out, `Ada\u009b2J`) || !strings.Contains(out, `Bob\u202eevil`) {
		t.Errorf("the values are not quoted back escaped: %s", out)
	}
}
