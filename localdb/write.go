package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/tourdesk/tourdesk/app"
	"github.com/tourdesk/tourdesk/app/record"
)

// Save implements service.Tx. Values must be valid JSON and must not name
// the tombstone field (use Delete); either is an error matching
// app.ErrInvalid. A save that changes nothing writes nothing (no outbox
// entry, no clock tick on disk). The returned record is the caller's.
func (t *tx) Save(kind app.Kind, id string, values map[string]json.RawMessage) (record.Record, error) {
	if kind == "" || id == "" {
		return record.Record{}, fmt.Errorf("localdb: save %s %q: empty kind or id: %w", kind, id, app.ErrInvalid)
	}
	for name, v := range values {
		if name == record.Deleted {
			return record.Record{}, fmt.Errorf("localdb: save %s %s: %s is set by Delete only: %w", kind, id, name, app.ErrInvalid)
		}
		if !json.Valid(v) {
			return record.Record{}, fmt.Errorf("localdb: save %s %s: field %s is not valid JSON: %w", kind, id, name, app.ErrInvalid)
		}
	}
	num, rec, found, err := t.load(kind, id)
	if err != nil {
		return record.Record{}, err
	}
	if !found {
		rec = record.Record{Kind: string(kind), ID: id, Fields: map[string]record.Field{}}
	}
	changes := record.Changes(rec, values, t.s.clock.Now())
	if len(changes) == 0 {
		return rec, nil
	}
	if err := t.change(kind, id, num, found, rec, changes); err != nil {
		return record.Record{}, fmt.Errorf("localdb: save %s %s: %w", kind, id, err)
	}
	out := rec.Clone()
	for name, f := range changes {
		out.Fields[name] = f
	}
	return out, nil
}

// Delete implements service.Tx: it writes the tombstone (a local change
// like any other) and drops the record from every index. Deleting a
// deleted record writes nothing; an absent one matches app.ErrNotFound.
func (t *tx) Delete(kind app.Kind, id string) error {
	num, rec, found, err := t.load(kind, id)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("localdb: delete %s %s: %w", kind, id, app.ErrNotFound)
	}
	if rec.IsDeleted() {
		return nil
	}
	changes := record.Changes(rec, map[string]json.RawMessage{record.Deleted: json.RawMessage("true")}, t.s.clock.Now())
	if err := t.change(kind, id, num, found, rec, changes); err != nil {
		return fmt.Errorf("localdb: delete %s %s: %w", kind, id, err)
	}
	return nil
}

// change applies a local change to rec (as loaded) and writes the record,
// its indexes and an outbox entry.
func (t *tx) change(kind app.Kind, id string, num uint32, found bool, old record.Record, changes map[string]record.Field) error {
	rec := old.Clone()
	for name, f := range changes {
		rec.Fields[name] = f
	}
	t.stamped = true
	if err := t.write(kind, id, num, found, old, rec); err != nil {
		return err
	}
	return t.appendOutbox(kind, id, changes)
}

// write stores rec (replacing old, if found) under its document number,
// issuing one for a new record, and brings the indexes, the sort index,
// the search postings and the live count up to date.
func (t *tx) write(kind app.Kind, id string, num uint32, found bool, old, rec record.Record) error {
	recs, err := t.subW(bucketRecords, kind)
	if err != nil {
		return err
	}
	docs, err := t.subW(bucketDocs, kind)
	if err != nil {
		return err
	}
	// Ids are UUIDv7 and document numbers sequential: both buckets grow at
	// their end, so pages can be filled instead of split in half.
	recs.FillPercent, docs.FillPercent = 1, 1
	if num == 0 {
		n, err := docs.NextSequence()
		if err != nil {
			return err
		}
		if n > math.MaxUint32 {
			return fmt.Errorf("localdb: %s: out of document numbers", kind)
		}
		num = uint32(n)
	}
	if found {
		if err := t.keepOverwritten(old, rec); err != nil {
			return err
		}
	}
	if err := recs.Put([]byte(id), encodeRecord(num, rec)); err != nil {
		return err
	}
	var oldEntry, newEntry *entry
	if found && !old.IsDeleted() {
		if v := docs.Get(numKey(num)); v != nil {
			if oldEntry, err = decodeEntry(v); err != nil {
				return fmt.Errorf("index entry of %s %s: %w", kind, id, err)
			}
			oldEntry.pairs = indexPairs(kind, old)
		}
	}
	if !rec.IsDeleted() {
		if t.hint != nil && t.hint.id == id {
			newEntry = t.hint // computed ahead from the same fields
		} else {
			newEntry = makeEntry(kind, id, rec)
		}
	}
	if err := t.reindex(kind, num, oldEntry, newEntry); err != nil {
		return err
	}
	wasLive, isLive := found && !old.IsDeleted(), !rec.IsDeleted()
	if wasLive != isLive {
		meta := t.btx.Bucket(bucketMeta)
		key := metaCountKey(string(kind))
		n := getU64(meta.Get(key))
		if isLive {
			n++
		} else if n > 0 {
			n--
		}
		if err := meta.Put(key, u64(n)); err != nil {
			return err
		}
	}
	return nil
}

// makeEntry computes what a live record is indexed under. Kinds this
// version does not know are kept but indexed under nothing (and sorted by
// id).
func makeEntry(kind app.Kind, id string, rec record.Record) *entry {
	info, _ := app.Info(kind)
	e := &entry{id: id}
	if info.Sort != "" {
		e.sortkey = sortKey(rec.Fields[info.Sort].Value)
	}
	e.pairs = indexPairs(kind, rec)
	terms := map[string]bool{}
	for _, field := range info.Search {
		for _, v := range jsonStrings(rec.Fields[field].Value) {
			textTerms(terms, v)
		}
	}
	for _, field := range info.Phones {
		for _, v := range jsonStrings(rec.Fields[field].Value) {
			phoneTerms(terms, v)
		}
	}
	e.terms = sortedKeys(terms)
	return e
}

// indexPairs returns the secondary index entries of a record.
func indexPairs(kind app.Kind, rec record.Record) []pair {
	info, _ := app.Info(kind)
	var pairs []pair
	seen := map[pair]bool{}
	for _, field := range info.Index {
		for _, v := range jsonStrings(rec.Fields[field].Value) {
			p := pair{field, v}
			if len(v) <= maxIndexValue && !seen[p] {
				seen[p] = true
				pairs = append(pairs, p)
			}
		}
	}
	return pairs
}

// postings returns the search keys of an entry under document num. A
// term shorter than a gram is its own gram, with the same documents in
// its T and G lists: it is posted under G only.
func (e *entry) postings(num uint32) map[string]bool {
	sk := postingSK(e.sortkey)
	out := make(map[string]bool, 3*len(e.terms))
	for _, term := range e.terms {
		if !shortTerm(term) {
			out[string(postingKey(nsTerm, term, sk, num))] = true
		}
	}
	for _, g := range grams(e.terms) {
		out[string(postingKey(nsGram, g, sk, num))] = true
	}
	return out
}

func (e *entry) indexKeys(num uint32) map[string]bool {
	out := make(map[string]bool, len(e.pairs))
	for _, p := range e.pairs {
		out[string(indexKey(p.field, p.value, num))] = true
	}
	return out
}

// reindex replaces the keys of old (nil: none) by those of new (nil: none)
// in the index, sort and search buckets of kind and stores new as the
// document's entry.
func (t *tx) reindex(kind app.Kind, num uint32, old, new *entry) error {
	if old == nil && new == nil {
		return nil
	}
	docs, err := t.subW(bucketDocs, kind)
	if err != nil {
		return err
	}
	idx, err := t.subW(bucketIndex, kind)
	if err != nil {
		return err
	}
	srt, err := t.subW(bucketSort, kind)
	if err != nil {
		return err
	}
	sx, err := t.subW(bucketSearch, kind)
	if err != nil {
		return err
	}
	if t.bulk != nil && old == nil {
		// A record new to the indexes: its keys are only added.
		sk := postingSK(new.sortkey)
		keys := make([]string, 0, len(new.pairs))
		for _, p := range new.pairs {
			keys = append(keys, string(indexKey(p.field, p.value, num)))
		}
		t.bulk.add(idx, keys)
		keys = make([]string, 0, 2*len(new.terms))
		for _, term := range new.terms {
			if !shortTerm(term) {
				keys = append(keys, string(postingKey(nsTerm, term, sk, num)))
			}
		}
		for _, g := range grams(new.terms) {
			keys = append(keys, string(postingKey(nsGram, g, sk, num)))
		}
		t.bulk.add(sx, keys)
		t.bulk.add(srt, []string{string(sortIndexKey(new.sortkey, new.id))})
		return docs.Put(numKey(num), encodeEntry(new))
	}
	var oldIdx, newIdx, oldPost, newPost map[string]bool
	if old != nil {
		oldIdx, oldPost = old.indexKeys(num), old.postings(num)
	}
	if new != nil {
		newIdx, newPost = new.indexKeys(num), new.postings(num)
	}
	if err := t.replaceKeys(packedSet{idx}, oldIdx, newIdx); err != nil {
		return err
	}
	if err := t.replaceKeys(packedSet{sx}, oldPost, newPost); err != nil {
		return err
	}
	var oldSort, newSort map[string]bool
	if old != nil {
		oldSort = map[string]bool{string(sortIndexKey(old.sortkey, old.id)): true}
	}
	if new != nil {
		newSort = map[string]bool{string(sortIndexKey(new.sortkey, new.id)): true}
	}
	if err := t.replaceKeys(packedSet{srt}, oldSort, newSort); err != nil {
		return err
	}
	if new == nil {
		return docs.Delete(numKey(num))
	}
	v := encodeEntry(new)
	if bytes.Equal(docs.Get(numKey(num)), v) {
		return nil
	}
	return docs.Put(numKey(num), v)
}

// replaceKeys deletes the keys of old missing from new and adds the keys
// of new missing from old, each in key order.
func replaceKeys(p packedSet, old, new map[string]bool) error {
	var del, put []string
	for k := range old {
		if !new[k] {
			del = append(del, k)
		}
	}
	for k := range new {
		if !old[k] {
			put = append(put, k)
		}
	}
	slices.Sort(del)
	slices.Sort(put)
	for _, k := range del {
		if err := p.Delete([]byte(k)); err != nil {
			return err
		}
	}
	for _, k := range put {
		if err := p.Put([]byte(k)); err != nil {
			return err
		}
	}
	return nil
}
