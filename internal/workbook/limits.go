package workbook

import "github.com/xuri/excelize/v2"

// Budgets of what an import file may be. Beyond any of them the file is
// refused with a sentence naming the cap, never read in part: a file of at
// most MaxFileSize is judged in seconds and well under 1 GB of memory.
const (
	// UnzipSizeLimit caps what a package may inflate to in all, and
	// UnzipXMLSizeLimit what excelize keeps of one part in memory. Every
	// excelize.Open in the app uses these (see ExcelizeOptions).
	UnzipSizeLimit    = 512 << 20
	UnzipXMLSizeLimit = 16 << 20

	// MaxDataRows is the most data rows a list may hold.
	MaxDataRows = 100_000
	// MaxSharedStrings and MaxSharedStringBytes bound the workbook's table of
	// texts: 100 000 rows of nine distinct texts fit with room to spare.
	MaxSharedStrings     = 2_000_000
	MaxSharedStringBytes = 128 << 20
	// MaxColumns is the most cells a row may hold (Excel's own limit), and
	// MaxCells the most cells the list sheet may hold in all (100 000 rows
	// of 50 columns), so that no sheet under the unzip limit takes long.
	MaxColumns = 16_384
	MaxCells   = 5_000_000
	// maxSheetRow is Excel's last row.
	maxSheetRow = 1_048_576
)

// ExcelizeOptions are the options every excelize.OpenFile/OpenReader in the
// app passes, so that no part of it opens a package with the library's
// 16 GB default unzip limit.
func ExcelizeOptions() excelize.Options {
	return excelize.Options{UnzipSizeLimit: UnzipSizeLimit, UnzipXMLSizeLimit: UnzipXMLSizeLimit}
}
