package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/dnaplatform/massuploader/internal/validate"
)

// writeValidateJSON writes validate's --json answer issue by issue, so that
// a long list is never held a second time as one encoded buffer. The output
// is what json.Encoder with a two-space indent writes for validateJSON.
func writeValidateJSON(out io.Writer, r validateJSON) error {
	w := bufio.NewWriterSize(out, 64<<10)
	field := func(name string, v any, last bool) {
		b, _ := json.MarshalIndent(v, "  ", "  ")
		fmt.Fprintf(w, "  %q: %s", name, b)
		if !last {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("{\n")
	field("file", r.File, false)
	field("template_version", r.TemplateVersion, false)
	field("group", r.Group, false)
	field("rows", r.Rows, false)
	field("errors", r.Errors, false)
	field("warnings", r.Warnings, false)
	if len(r.Issues) == 0 {
		w.WriteString(`  "issues": []`)
	} else {
		w.WriteString("  \"issues\": [\n")
		for i, is := range r.Issues {
			b, err := json.MarshalIndent(is, "    ", "  ")
			if err != nil {
				return err
			}
			w.WriteString("    ")
			w.Write(b)
			if i < len(r.Issues)-1 {
				w.WriteString(",")
			}
			w.WriteString("\n")
		}
		w.WriteString("  ]")
	}
	if len(r.Omitted) > 0 {
		w.WriteString(",\n")
		field("omitted", r.Omitted, true)
	} else {
		w.WriteString("\n")
	}
	w.WriteString("}\n")
	return w.Flush()
}

// printOmitted says, after the listed issues, how many of each code were
// counted but not listed.
func printOmitted(w io.Writer, omitted map[string]int) {
	codes := make([]string, 0, len(omitted))
	for c := range omitted {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		fmt.Fprintf(w, "\n… and %s more %s issues, not listed (the first %d are).\n", fmt.Sprint(omitted[c]), c, validate.MaxIssuesPerCode)
	}
}
