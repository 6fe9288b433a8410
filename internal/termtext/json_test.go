package termtext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONEscapesWhatEncodingJSONLeavesRaw: DEL, C1 (U+009B is a one-byte CSI
// on some terminals) and bidi overrides reach a terminal from --json output
// unless escaped; the escaped output still decodes to the same value.
func TestJSONEscapesWhatEncodingJSONLeavesRaw(t *testing.T) {
	value := map[string]string{"m": "Ada\x7f \u009b2J \u202eevil\u202c Zoë 李"}
	raw, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	for name, chunk := range map[string]int{"whole": len(raw), "byte by byte": 1, "in twos": 2} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			w := JSON(&out)
			for i := 0; i < len(raw); i += chunk {
				if _, err := w.Write(raw[i:min(len(raw), i+chunk)]); err != nil {
					t.Fatal(err)
				}
			}
			if strings.ContainsAny(out.String(), "\x7f\u009b\u202e\u202c") {
				t.Fatalf("raw control left: %q", out.String())
			}
			var back map[string]string
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["m"] != value["m"] {
				t.Fatalf("decodes to %q (%v)", back["m"], err)
			}
			if !strings.Contains(out.String(), "Zoë 李") {
				t.Errorf("letters were escaped: %s", out.String())
			}
		})
	}
}
