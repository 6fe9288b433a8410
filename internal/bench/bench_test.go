package bench

import (
	"fmt"
	"os"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
	"github.com/dnaplatform/massuploader/internal/validate"
)

var dir string

func TestMain(m *testing.M) {
	var err error
	if dir, err = os.MkdirTemp("", "massbench"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func sizes(b *testing.B) []int {
	if testing.Short() {
		return []int{200, 10000}
	}
	return []int{200, 10000, 100000}
}

func BenchmarkRead(b *testing.B) {
	for _, kind := range []string{Inline, Shared} {
		for _, n := range sizes(b) {
			path, err := File(dir, kind, n)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%d/plain", kind, n), func(b *testing.B) {
				for b.Loop() {
					if got, err := PlainRead(path, false); err != nil || got != n {
						b.Fatal(got, err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/%d/plain-raw", kind, n), func(b *testing.B) {
				for b.Loop() {
					if got, err := PlainRead(path, true); err != nil || got != n {
						b.Fatal(got, err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/%d/read+validate", kind, n), func(b *testing.B) {
				for b.Loop() {
					e, err := ReadValidate(path)
					if err != nil || e.Len() != n {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkEditRevalidate measures what a single-cell edit costs at 10 000
// rows: the row and its duplicates re-checked, and the whole issue list rebuilt.
func BenchmarkEditRevalidate(b *testing.B) {
	path, err := File(dir, Shared, 10000)
	if err != nil {
		b.Fatal(err)
	}
	e, err := ReadValidate(path)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		row := (i * 7919) % e.Len()
		value := fmt.Sprintf("edited%d@example.com", i)
		if i%2 == 1 {
			value = e.Row((row + 1) % e.Len()).Cells[template.Email].Value // a duplicate appears
		}
		e.SetCell(row, template.Email, value)
		_ = validate.Count(e.Issues())
		i++
	}
}

func TestBenchFilesValidateClean(t *testing.T) {
	path, err := File(t.TempDir(), Shared, 200)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ReadValidate(path)
	if err != nil {
		t.Fatal(err)
	}
	if issues := e.Issues(); len(issues) != 0 {
		t.Fatalf("benchmark rows are not clean: %+v", issues[0])
	}
}
