package export

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dnaplatform/massuploader/internal/template"
)

// WriteRetry opens the platform's template with the app's unzip limits, not
// excelize's 16 GB default (issue 12, item 2): a template that declares 600 MB
// is refused before anything is inflated.
func TestWriteRetryUsesTheUnzipLimits(t *testing.T) {
	tpl, err := template.Generic()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(tpl), int64(len(tpl)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		content, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(zf.Name)
		w.Write(content)
	}
	// A member that says it inflates to 600 MB (it holds nothing).
	if _, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/media/big.bin", Method: zip.Store, UncompressedSize64: 600 << 20}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	_, rows := sample()
	_, err = WriteRetry(filepath.Join(t.TempDir(), "retry.xlsx"), buf.Bytes(), rows)
	if err == nil || !strings.Contains(err.Error(), "unzip size exceeds") {
		t.Fatalf("got %v, want the unzip limit", err)
	}
}
