package validate

import (
	"reflect"
	"testing"
)

func TestLimitKeepsTheFirstOfEachCode(t *testing.T) {
	var issues []Issue
	for i := range 5 {
		issues = append(issues, Issue{Code: CodeInvalidEmail, Row: i + 2}, Issue{Code: CodeRequired, Row: i + 2})
	}
	issues = append(issues, Issue{Code: CodeTooFewRows})
	kept, omitted := Limit(issues, 2)
	if len(kept) != 5 || kept[0].Row != 2 || kept[3].Row != 3 || kept[4].Code != CodeTooFewRows {
		t.Fatalf("kept %+v", kept)
	}
	if !reflect.DeepEqual(omitted, map[string]int{CodeInvalidEmail: 3, CodeRequired: 3}) {
		t.Fatalf("omitted %v", omitted)
	}
	if _, none := Limit(issues, 5); none != nil {
		t.Fatalf("nothing to leave out, got %v", none)
	}
}
