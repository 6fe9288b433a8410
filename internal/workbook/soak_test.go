package workbook_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/dnaplatform/massuploader/internal/workbook"
)

// TestSoakDamagedCopies reads 100 randomly damaged copies of the testdata
// workbooks (cut at a random byte, a random byte changed, an entry's declared
// size changed): each is refused or reads exactly as the original, never as
// a shorter clean list. Seeded, so a failure repeats.
func TestSoakDamagedCopies(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*.xlsx"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata workbooks: %v", err)
	}
	type original struct {
		name   string
		data   []byte
		header workbook.Header
		rows   []workbook.Row
	}
	var originals []original
	for _, p := range paths {
		h, rows, err := workbook.ReadAll(p)
		if err != nil {
			continue // a fixture that is refused as it is (truncated, password-protected)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		originals = append(originals, original{filepath.Base(p), data, h, rows})
	}
	r := rand.New(rand.NewPCG(12, 2026))
	dir := t.TempDir()
	refused := 0
	for i := range 100 {
		o := originals[r.IntN(len(originals))]
		data, how := damage(r, o.data)
		if i%4 == 3 {
			// A part cut inside a package that is itself whole: what a
			// program that died while writing the sheet leaves.
			data, how = cutPart(t, r, o.data)
		}
		path := filepath.Join(dir, o.name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, rows, err := workbook.ReadAll(path)
		if err != nil {
			refused++
			continue
		}
		if !reflect.DeepEqual(rows, o.rows) || !reflect.DeepEqual(h, o.header) {
			t.Errorf("run %d, %s, %s: read %d rows without complaint, the original has %d (or its header differs)", i, o.name, how, len(rows), len(o.rows))
		}
	}
	t.Logf("%d of 100 damaged copies refused, the rest read as their originals", refused)
}

// cutPart cuts one XML part of a package at a random byte and packs it again.
func cutPart(t *testing.T, r *rand.Rand, data []byte) ([]byte, string) {
	parts := []string{sheetPart, "xl/sharedStrings.xml", "xl/workbook.xml"}
	part := parts[r.IntN(len(parts))]
	how := part + " cut"
	out := editPart(t, data, part, func(b []byte) []byte {
		n := r.IntN(len(b) + 1)
		how += " at byte " + strconv.Itoa(n)
		return b[:n]
	})
	return out, how
}
