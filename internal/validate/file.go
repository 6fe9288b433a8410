package validate

import (
	"errors"
	"io"

	"github.com/dnaplatform/massuploader/internal/workbook"
)

// ReadFile reads and checks a file in one streaming pass: each row is checked
// as it is read. A file that cannot be read gives a *workbook.FileError; turn
// it into an issue with FileErrorIssue.
func ReadFile(path string, ctx Context) (*Engine, error) {
	r, err := workbook.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	e := NewEngine(ctx, r.Header)
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return e, nil
		}
		if err != nil {
			return nil, err
		}
		e.Add(row)
	}
}

// FileErrorIssue turns a file that cannot be read into its issue.
func FileErrorIssue(err error) Issue {
	var fe *workbook.FileError
	if errors.As(err, &fe) {
		return Issue{Severity: Error, Code: fe.Code, Value: fe.File, Message: "The file " + fe.File + " cannot be used: " + fe.Message + "."}
	}
	return Issue{Severity: Error, Code: CodeUnreadableFile, Message: err.Error()}
}
