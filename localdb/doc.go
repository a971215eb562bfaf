// Package localdb is TourDesk's local store: one bbolt file per user
// profile holding records, their secondary indexes, a sort index, a
// search index, the outbox of local changes not yet acknowledged by the
// server, the conflict log and metadata (device id, clock, device
// sequence, schema version). It implements service.Store.
//
// # Transactions
//
// Every public method runs in one bbolt transaction; Update gives callers
// one too. A write of a record updates, in the same transaction, the
// record, its secondary indexes, sort key, search postings, the live count
// of its kind, the outbox (local changes only) and the persisted clock, so
// a failed or rolled-back Update leaves no trace in any of them. Values
// returned are copies: nothing aliases bbolt's memory after a method
// returns.
//
// # Records
//
// Records live in records/<kind> keyed by id, in a compact binary form
// (codec.go). Save stamps only the fields whose value changed
// (record.Changes) with the hybrid logical clock; a save that changes
// nothing writes nothing. Delete writes the tombstone field; deleted
// records drop out of every index but Get still returns them.
//
// # Search
//
// Text is folded for search and sorting (fold.go): NFKD, nonspacing marks
// removed, đ→d, lower case — so "nguyen" finds "Nguyễn", "da nang" finds
// "Đà Nẵng", "иванов" finds "Иванов". Words are runs of letters and digits;
// a chunk of words joined by punctuation is also indexed joined
// ("BK-2026-000123" → bk, 2026, 000123, bk2026000123), as is an email's
// local part. Han and kana are written without spaces, so each ideograph
// and each pair of neighbours is a term ("王小伟" → 王 小 伟 王小 小伟): a
// query of one ideograph finds every name holding it, a longer one ANDs
// its pairs. Phones (E.164) are indexed by the digits of the E.164 form
// and of the national form (84901234567 and 0901234567), in the same term
// space as words, so a query "0901 234" or "+84 90 123" is a prefix of one
// of them. A query of at least 4 digits and nothing but phone punctuation
// is read both as a phone number (its digits joined) and as words, and
// the results are merged.
//
// Postings are keys only, kept in a packed set (packed.go: blocks of
// front-coded keys) and laid out so that one posting list comes out of a
// cursor already in result order and a query can stop at its limit:
//
//	'T' + term + 0 + sk + 0 + num   every document holding term (of 3
//	                                runes or more, or ideographs)
//	'G' + gram + 0 + sk + 0 + num   every document holding a term that
//	                                begins with gram (a term's first 3
//	                                runes, or the whole term if shorter)
//
// where sk is the document's folded sort key (cut to 16 bytes) and num its
// 4-byte document number. Every query word but the last must match a term
// exactly; the last (the one being typed) matches as a prefix. A query
// word becomes a source of hits:
//
//   - an exact word, or a last word of exactly 3 runes: one posting list
//     (T or G), sorted;
//   - a last word of 1 or 2 runes: the G lists of every gram it begins,
//     merged as they are read (a sorted stream too);
//   - a longer last word: the T lists of every term it begins are read
//     and sorted in memory, unless they hold more than 1,000 documents —
//     then the G list of its first 3 runes (a sorted superset) is walked
//     and each document's stored term list is checked for the prefix.
//
// Several words are intersected by a leapfrog join of the sorted lists
// (each list seeks to the highest hit any other stands on), or, when a
// word was collected in memory, by checking its few hits against the
// terms of their docs entries. Either way work grows with the hits
// produced and the selectivity of the rarest word, not with the number of
// postings of a common word: "nguyen" (a third of Vietnamese customers)
// reads 50 postings for a limit of 50. The final hits are re-sorted by the
// full sort key (postings carry a cut one), so results are in sort order;
// which records make the cut at the limit may differ from a full sort only
// among names sharing their first 16 folded bytes.
//
// # Sync
//
// Each local change takes the next device sequence number and is appended
// to the outbox (Outbox, Ack). An outbox entry names its change rather
// than copying it: a Save stamps every field it changes with one stamp,
// unique to it, so the change is the fields of the record that still
// carry that stamp; a write that overwrites such a field before the ack
// copies the old value into the entry first. ApplyRemote merges records from the server
// without writing to the outbox and logs a Conflict when a remote value
// beats a field whose value is still an unacknowledged local change;
// RestoreConflict writes the losing value back as a new local change.
//
// # Schema
//
// Bucket names, key layouts, the schema version and the ordered
// migrations are all in keys.go. Open runs the pending migrations in one
// transaction.
package localdb
