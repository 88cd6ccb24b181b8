package osv

// Limits on what a database may hold, so that a wrong or hostile directory
// (a huge file, millions of files, a record with a range list that never
// ends) costs a clear error, not the machine's memory or minutes. They are
// far above the Go vulnerability database's own: 4,300 records, 18 MB in
// all, the largest record 13 KB, at most 12 range events for one module.
// Variables, so that tests can lower them.
var (
	// maxRecordSize is the size limit of one record file.
	maxRecordSize int64 = 4 << 20
	// maxDatabaseSize is the limit of all the records together: the
	// records past it (in file name order) are left out, with an error.
	maxDatabaseSize int64 = 256 << 20
	// maxRecords is the limit of a database's record files: a directory
	// with more is an error as a whole (it is likely not a database).
	maxRecords = 100_000
	// maxRangeEvents is the limit of range events for one affected module
	// of a record.
	maxRangeEvents = 1000
)

// MaxRecordSize is the size limit of one record; fixlint osv update
// refuses a larger one as the loader would.
func MaxRecordSize() int64 { return maxRecordSize }

// MaxDatabaseSize is the size limit of all the records together.
func MaxDatabaseSize() int64 { return maxDatabaseSize }

// MaxRecords is the limit of a database's records.
func MaxRecords() int { return maxRecords }
