//! The tamper-evident audit chain: how an entry's hash is computed and how a chain is checked.
//!
//! Each entry's hash is an HMAC-SHA256, under a key kept outside the database, over the previous
//! entry's hash and the entry's own fields. Editing, deleting, inserting or reordering an entry
//! breaks the link at that point; without the key nobody can forge a new consistent chain.
//! Culling old entries leaves an *anchor* (the last culled sequence number and hash, itself
//! MAC'ed) so verification resumes from there, and a MAC'ed *head* records the newest entry so
//! that deleting entries at the end is detected too.

use crate::timestamp::Timestamp;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The hash that precedes the first entry of a chain that has never been culled.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A secret key for the chain, derived from the instance key by the configuration layer.
#[derive(Clone)]
pub struct AuditKey([u8; 32]);

impl AuditKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn mac(&self, parts: &[&[u8]]) -> String {
        // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
        let mut mac = match HmacSha256::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// A record an event touched, as `kind:id`. Ids only: never names or other content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub struct RecordRef {
    pub kind: &'static str,
    pub id: i64,
}

impl RecordRef {
    pub fn new(kind: &'static str, id: i64) -> Self {
        Self { kind, id }
    }
}

/// Writes the records touched in the canonical text form that is hashed and stored.
pub fn format_records(records: &[RecordRef]) -> String {
    let mut sorted: Vec<&RecordRef> = records.iter().collect();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|r| format!("{}:{}", r.kind, r.id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fields of an entry that the chain protects, exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFields<'a> {
    pub seq: i64,
    pub occurred_at: &'a str,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub route: &'a str,
    pub records: &'a str,
}

/// The hash of an entry given the hash of the one before it.
pub fn entry_hash(key: &AuditKey, prev_hash: &str, entry: &EntryFields<'_>) -> String {
    let actor = entry
        .actor_user_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    key.mac(&[
        b"stegvis-audit-entry-v1",
        prev_hash.as_bytes(),
        entry.seq.to_string().as_bytes(),
        entry.occurred_at.as_bytes(),
        actor.as_bytes(),
        entry.action.as_bytes(),
        entry.route.as_bytes(),
        entry.records.as_bytes(),
    ])
}

/// The MAC over a (sequence, hash) pair, used for both the anchor and the head.
pub fn checkpoint_mac(key: &AuditKey, label: &str, seq: i64, hash: &str) -> String {
    key.mac(&[
        b"stegvis-audit-checkpoint-v1",
        label.as_bytes(),
        seq.to_string().as_bytes(),
        hash.as_bytes(),
    ])
}

/// An entry as read back from storage, for verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub seq: i64,
    pub occurred_at: String,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub route: String,
    pub records: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A stored checkpoint: the anchor left by culling or the head of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub mac: String,
}

/// Where and why a chain failed verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("the culling anchor at entry {seq} has been altered")]
    AnchorAltered { seq: i64 },
    #[error("the head record at entry {seq} has been altered")]
    HeadAltered { seq: i64 },
    #[error(
        "entry {found} follows entry {expected_after}: entries are missing, inserted or reordered"
    )]
    SequenceGap { expected_after: i64, found: i64 },
    #[error("entry {seq} does not link to the entry before it")]
    BrokenLink { seq: i64 },
    #[error("entry {seq} has been altered")]
    EntryAltered { seq: i64 },
    #[error(
        "the chain ends at entry {last} but its head says {head}: entries at the end were deleted"
    )]
    TruncatedEnd { last: i64, head: i64 },
    #[error("entries exist but the head record is missing")]
    HeadMissing,
    #[error(
        "the instance key does not match this audit log: check that STEGVIS_SECRET_KEY or the key \
         file is this installation's (if it is, the head record and the first entry have both been altered)"
    )]
    WrongKey,
}

impl ChainBreak {
    /// The sequence number of the first entry found wrong.
    pub fn seq(&self) -> Option<i64> {
        match self {
            ChainBreak::AnchorAltered { seq }
            | ChainBreak::HeadAltered { seq }
            | ChainBreak::BrokenLink { seq }
            | ChainBreak::EntryAltered { seq } => Some(*seq),
            ChainBreak::SequenceGap { found, .. } => Some(*found),
            ChainBreak::TruncatedEnd { last, .. } => Some(*last + 1),
            ChainBreak::HeadMissing | ChainBreak::WrongKey => None,
        }
    }

    /// Tells a wrong key apart from tampering. With another key nothing verifies: the first
    /// entry (or the anchor) looks altered, and so does the head record. Someone altering the log
    /// without the key cannot make the head verify either, so a break at the very start together
    /// with a head that does not verify is reported as a key mismatch first.
    pub fn or_wrong_key(self, key: &AuditKey, head: Option<&Checkpoint>, at_start: bool) -> Self {
        let starts_wrong = matches!(self, ChainBreak::AnchorAltered { .. })
            || (at_start && matches!(self, ChainBreak::EntryAltered { .. }));
        let head_wrong = head.is_some_and(|h| checkpoint_mac(key, "head", h.seq, &h.hash) != h.mac);
        if starts_wrong && head_wrong {
            ChainBreak::WrongKey
        } else {
            self
        }
    }
}

/// Checks a chain entry by entry, so storage can stream millions of rows through it.
pub struct ChainVerifier<'k> {
    key: &'k AuditKey,
    last_seq: i64,
    last_hash: String,
    checked: u64,
}

impl<'k> ChainVerifier<'k> {
    /// Starts at the anchor left by culling, or at the genesis when nothing was culled.
    pub fn start(key: &'k AuditKey, anchor: Option<&Checkpoint>) -> Result<Self, ChainBreak> {
        let (last_seq, last_hash) = match anchor {
            None => (0, GENESIS_HASH.to_string()),
            Some(anchor) => {
                if checkpoint_mac(key, "anchor", anchor.seq, &anchor.hash) != anchor.mac {
                    return Err(ChainBreak::AnchorAltered { seq: anchor.seq });
                }
                (anchor.seq, anchor.hash.clone())
            }
        };
        Ok(Self {
            key,
            last_seq,
            last_hash,
            checked: 0,
        })
    }

    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.last_seq + 1 {
            return Err(ChainBreak::SequenceGap {
                expected_after: self.last_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != self.last_hash {
            return Err(ChainBreak::BrokenLink { seq: entry.seq });
        }
        let expected = entry_hash(
            self.key,
            &entry.prev_hash,
            &EntryFields {
                seq: entry.seq,
                occurred_at: &entry.occurred_at,
                actor_user_id: entry.actor_user_id,
                action: &entry.action,
                route: &entry.route,
                records: &entry.records,
            },
        );
        if expected != entry.hash {
            return Err(ChainBreak::EntryAltered { seq: entry.seq });
        }
        self.last_seq = entry.seq;
        self.last_hash = entry.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// Compares the end of the chain with the head record; returns how many entries were checked.
    pub fn finish(self, head: Option<&Checkpoint>) -> Result<u64, ChainBreak> {
        match head {
            None if self.checked == 0 => Ok(0),
            None => Err(ChainBreak::HeadMissing),
            Some(head) => {
                if checkpoint_mac(self.key, "head", head.seq, &head.hash) != head.mac {
                    return Err(ChainBreak::HeadAltered { seq: head.seq });
                }
                if head.seq != self.last_seq || head.hash != self.last_hash {
                    return Err(ChainBreak::TruncatedEnd {
                        last: self.last_seq,
                        head: head.seq,
                    });
                }
                Ok(self.checked)
            }
        }
    }
}

/// The outcome of verifying the whole chain.
#[derive(Debug)]
pub enum Verification {
    Intact { entries: u64 },
    Broken(ChainBreak),
}

/// An event as shown in the log review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: i64,
    pub occurred_at: Timestamp,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub route: String,
    pub records: String,
}

/// Narrows the log review; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actor_user_id: Option<i64>,
    pub record: Option<(String, i64)>,
    pub action_prefix: Option<String>,
    /// Inclusive lower bound, canonical timestamp text.
    pub from: Option<Timestamp>,
    /// Exclusive upper bound.
    pub until: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::new([7; 32])
    }

    fn chain(key: &AuditKey, n: i64) -> (Vec<StoredEntry>, Checkpoint) {
        let mut prev = GENESIS_HASH.to_string();
        let mut entries = Vec::new();
        for seq in 1..=n {
            let occurred_at = format!("2026-11-27T08:00:{seq:02}.000000Z");
            let records = format!("organisation:{seq}");
            let hash = entry_hash(
                key,
                &prev,
                &EntryFields {
                    seq,
                    occurred_at: &occurred_at,
                    actor_user_id: Some(1),
                    action: "organisation.read",
                    route: "GET /organisationer/{id}",
                    records: &records,
                },
            );
            entries.push(StoredEntry {
                seq,
                occurred_at,
                actor_user_id: Some(1),
                action: "organisation.read".into(),
                route: "GET /organisationer/{id}".into(),
                records,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        let head = Checkpoint {
            seq: n,
            hash: prev.clone(),
            mac: checkpoint_mac(key, "head", n, &prev),
        };
        (entries, head)
    }

    fn verify(
        key: &AuditKey,
        anchor: Option<&Checkpoint>,
        entries: &[StoredEntry],
        head: &Checkpoint,
    ) -> Result<u64, ChainBreak> {
        let mut verifier = ChainVerifier::start(key, anchor)?;
        for entry in entries {
            verifier.push(entry)?;
        }
        verifier.finish(Some(head))
    }

    #[test]
    fn another_key_is_reported_as_a_key_mismatch_not_as_an_altered_entry() {
        let (entries, head) = chain(&key(), 3);
        let other = AuditKey::new([8; 32]);
        let error = verify(&other, None, &entries, &head).unwrap_err();
        assert_eq!(error, ChainBreak::EntryAltered { seq: 1 });
        assert_eq!(
            error.or_wrong_key(&other, Some(&head), true),
            ChainBreak::WrongKey
        );
    }

    #[test]
    fn an_altered_first_entry_under_the_right_key_is_still_an_alteration() {
        let key = key();
        let (mut entries, head) = chain(&key, 3);
        entries[0].action = "person.read".to_string();
        let error = verify(&key, None, &entries, &head).unwrap_err();
        assert_eq!(
            error.or_wrong_key(&key, Some(&head), true),
            ChainBreak::EntryAltered { seq: 1 }
        );
    }

    #[test]
    fn an_intact_chain_verifies() {
        let key = key();
        let (entries, head) = chain(&key, 5);
        assert_eq!(verify(&key, None, &entries, &head), Ok(5));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let key = key();
        let (mut entries, head) = chain(&key, 5);
        entries[2].records = "organisation:99".into();
        assert_eq!(
            verify(&key, None, &entries, &head),
            Err(ChainBreak::EntryAltered { seq: 3 })
        );
    }

    #[test]
    fn a_deleted_entry_is_detected_where_the_gap_is() {
        let key = key();
        let (mut entries, head) = chain(&key, 5);
        entries.remove(1);
        let error = verify(&key, None, &entries, &head).unwrap_err();
        assert_eq!(error.seq(), Some(3));
    }

    #[test]
    fn reordered_entries_are_detected() {
        let key = key();
        let (mut entries, head) = chain(&key, 5);
        entries.swap(1, 2);
        assert!(verify(&key, None, &entries, &head).is_err());
    }

    #[test]
    fn an_inserted_entry_with_a_renumbered_tail_breaks_the_link() {
        let key = key();
        let (mut entries, head) = chain(&key, 3);
        let mut forged = entries[1].clone();
        forged.action = "user.read".into();
        entries.insert(2, forged);
        for (index, entry) in entries.iter_mut().enumerate() {
            entry.seq = index as i64 + 1;
        }
        assert!(verify(&key, None, &entries, &head).is_err());
    }

    #[test]
    fn deleting_the_newest_entries_is_caught_by_the_head() {
        let key = key();
        let (mut entries, head) = chain(&key, 5);
        entries.truncate(3);
        assert_eq!(
            verify(&key, None, &entries, &head),
            Err(ChainBreak::TruncatedEnd { last: 3, head: 5 })
        );
    }

    #[test]
    fn a_chain_made_with_another_key_fails() {
        let (entries, head) = chain(&AuditKey::new([8; 32]), 2);
        assert!(verify(&key(), None, &entries, &head).is_err());
    }

    #[test]
    fn a_culled_chain_verifies_from_its_anchor() {
        let key = key();
        let (entries, head) = chain(&key, 6);
        let anchor = Checkpoint {
            seq: 3,
            hash: entries[2].hash.clone(),
            mac: checkpoint_mac(&key, "anchor", 3, &entries[2].hash),
        };
        assert_eq!(verify(&key, Some(&anchor), &entries[3..], &head), Ok(3));
    }

    #[test]
    fn a_moved_anchor_is_detected() {
        let key = key();
        let (entries, head) = chain(&key, 6);
        let anchor = Checkpoint {
            seq: 4,
            hash: entries[2].hash.clone(),
            mac: checkpoint_mac(&key, "anchor", 3, &entries[2].hash),
        };
        assert_eq!(
            verify(&key, Some(&anchor), &entries[3..], &head),
            Err(ChainBreak::AnchorAltered { seq: 4 })
        );
    }

    #[test]
    fn records_are_written_sorted_and_without_duplicates() {
        let records = [
            RecordRef::new("user", 3),
            RecordRef::new("organisation", 9),
            RecordRef::new("user", 3),
        ];
        assert_eq!(format_records(&records), "organisation:9 user:3");
    }
}
