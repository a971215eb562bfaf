// Package record is TourDesk's replication model: every entity is a Record
// of named fields, each carrying the Stamp of its last change, and two
// versions of a record merge field by field, the higher stamp winning.
//
// Stamps come from a hybrid logical clock (Clock): wall milliseconds, a
// logical counter and the device id. A laptop whose wall clock runs behind
// still produces stamps above every stamp it has seen, so its edits are not
// silently lost; one whose clock runs ahead wins only until others catch up,
// and the server clamps far-future stamps (see sync/server).
//
// Merge is commutative, associative and idempotent; replicas that saw the
// same changes hold the same record whatever the order.
package record
