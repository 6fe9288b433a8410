// Package outbox gets validated rows into the platform exactly once: it stores
// every request before sending it (the outbox), sends the stored bytes under
// their Idempotency-Key, polls each import to its end, and resumes whatever was
// unfinished after a crash, a lost answer or a night offline.
package outbox

// Chunk states: queued → sent (outcome unknown) → accepted → finished, or failed.
const (
	ChunkQueued   = "queued"
	ChunkSent     = "sent"
	ChunkAccepted = "accepted"
	ChunkFinished = "finished"
	ChunkFailed   = "failed"
)

// Row states: every row ends created, failed (with the platform's reason) or
// not_sent (its chunk was refused as a whole).
const (
	RowPending = "pending"
	RowCreated = "created"
	RowFailed  = "failed"
	RowNotSent = "not_sent"
)
