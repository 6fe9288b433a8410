package validate

import (
	"fmt"
	"testing"
)

func BenchmarkCheckerRow(b *testing.B) {
	chk := NewChecker(ctxFor(101), currentHeader())
	row := mkRow(2, "Ada", "Lovelace", "client000001@example.com", "", "1001", "2001", "en", "", "REF-000001")
	for b.Loop() {
		chk.Row(row)
	}
}

func BenchmarkEngineAdd(b *testing.B) {
	rows := make([]mkRowArgs, 1000)
	for i := range rows {
		rows[i] = mkRowArgs{fmt.Sprintf("client%06d@example.com", i), fmt.Sprintf("REF-%06d", i)}
	}
	b.ResetTimer()
	for b.Loop() {
		e := NewEngine(ctxFor(101), currentHeader())
		for i, r := range rows {
			e.Add(mkRow(i+2, "Ada", "Lovelace", r.email, "", "1001", "2001", "en", "", r.ref))
		}
	}
}

type mkRowArgs struct{ email, ref string }
