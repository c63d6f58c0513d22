//! Users' SCRAM credentials as Kafka's `ScramControlManager` manages them:
//! which changes an AlterUserScramCredentials makes, with Kafka's per-user
//! errors, and what DescribeUserScramCredentials lists. Pure functions of
//! the request and the metadata's credentials; the caller writes the
//! changes to the metadata log as one command.
//!
//! Invariants: a user named twice in one request is refused as a whole
//! (DUPLICATE_RESOURCE); only valid changes reach the metadata; what is
//! described is a mechanism and its iterations, never a key or salt.

use std::collections::{BTreeMap, HashMap};

use metadata::ScramCredential;
use protocol::messages::alter_user_scram_credentials_request::{
    ScramCredentialDeletion, ScramCredentialUpsertion,
};
use protocol::messages::alter_user_scram_credentials_response::AlterUserScramCredentialsResult;
use protocol::messages::describe_user_scram_credentials_response::{
    CredentialInfo, DescribeUserScramCredentialsResult,
};

use crate::error::code;
use crate::sasl::scram::{ScramMechanism, MAX_ITERATIONS, MIN_ITERATIONS};

/// The stored credentials: user → mechanism → credential.
pub type Credentials = BTreeMap<String, BTreeMap<String, ScramCredential>>;

/// One change for the metadata: user, mechanism, the new credential or none.
pub type Change = (String, String, Option<ScramCredential>);

fn result(user: &str, error: Option<(i16, &str)>) -> AlterUserScramCredentialsResult {
    AlterUserScramCredentialsResult {
        user: user.to_string(),
        error_code: error.map_or(code::NONE, |(c, _)| c),
        error_message: error.map(|(_, m)| m.to_string()),
        ..Default::default()
    }
}

/// The results of an AlterUserScramCredentials (one per user, in request
/// order) and the changes it makes.
pub fn alter(
    deletions: &[ScramCredentialDeletion],
    upsertions: &[ScramCredentialUpsertion],
    stored: &Credentials,
) -> (Vec<AlterUserScramCredentialsResult>, Vec<Change>) {
    let mut times: HashMap<&str, usize> = HashMap::new();
    let names = deletions
        .iter()
        .map(|d| d.name.as_str())
        .chain(upsertions.iter().map(|u| u.name.as_str()));
    for name in names.clone() {
        *times.entry(name).or_default() += 1;
    }
    let mut results = Vec::new();
    let mut answered = std::collections::HashSet::new();
    let mut changes = Vec::new();
    let duplicate = (
        code::DUPLICATE_RESOURCE,
        "A user credential cannot be altered twice in the same request",
    );
    let unknown = (code::UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
    for d in deletions {
        if !answered.insert(d.name.as_str()) {
            continue;
        }
        let error = if times[d.name.as_str()] > 1 {
            Some(duplicate)
        } else {
            match ScramMechanism::by_code(d.mechanism) {
                None => Some(unknown),
                Some(m) if !stored.get(&d.name).is_some_and(|c| c.contains_key(m.name)) => Some((
                    code::RESOURCE_NOT_FOUND,
                    "Attempt to delete a user credential that does not exist",
                )),
                Some(m) => {
                    changes.push((d.name.clone(), m.name.to_string(), None));
                    None
                }
            }
        };
        results.push(result(&d.name, error));
    }
    for u in upsertions {
        if !answered.insert(u.name.as_str()) {
            continue;
        }
        let error = if times[u.name.as_str()] > 1 {
            Some(duplicate)
        } else if u.name.is_empty() {
            Some((code::UNACCEPTABLE_CREDENTIAL, "Username must not be empty"))
        } else {
            match ScramMechanism::by_code(u.mechanism) {
                None => Some(unknown),
                Some(_) if u.iterations < MIN_ITERATIONS => {
                    Some((code::UNACCEPTABLE_CREDENTIAL, "Too few iterations"))
                }
                Some(_) if u.iterations > MAX_ITERATIONS => {
                    Some((code::UNACCEPTABLE_CREDENTIAL, "Too many iterations"))
                }
                Some(_) if u.salt.is_empty() || u.salted_password.is_empty() => Some((
                    code::UNACCEPTABLE_CREDENTIAL,
                    "The salt and the salted password must not be empty",
                )),
                Some(m) => {
                    let credential = m.credential(&u.salt, &u.salted_password, u.iterations);
                    changes.push((u.name.clone(), m.name.to_string(), Some(credential)));
                    None
                }
            }
        };
        results.push(result(&u.name, error));
    }
    (results, changes)
}

/// What DescribeUserScramCredentials lists: every user with a credential
/// when `users` is null or empty, else the users named.
pub fn describe(
    users: Option<&[String]>,
    stored: &Credentials,
) -> Vec<DescribeUserScramCredentialsResult> {
    let infos = |creds: &BTreeMap<String, ScramCredential>| {
        creds
            .iter()
            .filter_map(|(name, c)| {
                Some(CredentialInfo {
                    mechanism: ScramMechanism::by_name(name)?.code,
                    iterations: c.iterations,
                    ..Default::default()
                })
            })
            .collect()
    };
    let Some(users) = users.filter(|u| !u.is_empty()) else {
        return stored
            .iter()
            .map(|(user, creds)| DescribeUserScramCredentialsResult {
                user: user.clone(),
                credential_infos: infos(creds),
                ..Default::default()
            })
            .collect();
    };
    let mut times: HashMap<&str, usize> = HashMap::new();
    for u in users {
        *times.entry(u.as_str()).or_default() += 1;
    }
    let mut seen = std::collections::HashSet::new();
    users
        .iter()
        .filter(|u| seen.insert(u.as_str()))
        .map(|user| {
            let mut r = DescribeUserScramCredentialsResult {
                user: user.clone(),
                ..Default::default()
            };
            let (error, message) = match (times[user.as_str()], stored.get(user)) {
                (n, _) if n > 1 => (
                    code::DUPLICATE_RESOURCE,
                    "Cannot describe SCRAM credentials for the same user twice in a single request",
                ),
                (_, None) => (
                    code::RESOURCE_NOT_FOUND,
                    "Attempt to describe a user credential that does not exist",
                ),
                (_, Some(creds)) => {
                    r.credential_infos = infos(creds);
                    return r;
                }
            };
            r.error_code = error;
            r.error_message = Some(message.to_string());
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn upsert(name: &str, mechanism: i8, iterations: i32) -> ScramCredentialUpsertion {
        ScramCredentialUpsertion {
            name: name.into(),
            mechanism,
            iterations,
            salt: Bytes::from_static(b"salt"),
            salted_password: Bytes::from_static(&[7; 32]),
            ..Default::default()
        }
    }

    fn delete(name: &str, mechanism: i8) -> ScramCredentialDeletion {
        ScramCredentialDeletion {
            name: name.into(),
            mechanism,
            ..Default::default()
        }
    }

    /// Applies changes as the metadata state does.
    fn apply(changes: Vec<Change>, stored: &mut Credentials) {
        for (user, mechanism, c) in changes {
            stored
                .entry(user)
                .or_default()
                .insert(mechanism, c.unwrap());
        }
    }

    fn codes(results: &[AlterUserScramCredentialsResult]) -> Vec<(&str, i16)> {
        results
            .iter()
            .map(|r| (r.user.as_str(), r.error_code))
            .collect()
    }

    #[test]
    fn upsertions_are_checked_as_kafka_checks_them() {
        let (results, changes) = alter(
            &[],
            &[
                upsert("alice", 1, 8192),
                upsert("bob", 3, 8192),
                upsert("carol", 2, 100),
                upsert("dave", 2, 20_000),
                upsert("", 1, 8192),
            ],
            &Credentials::new(),
        );
        assert_eq!(
            codes(&results),
            [
                ("alice", code::NONE),
                ("bob", code::UNSUPPORTED_SASL_MECHANISM),
                ("carol", code::UNACCEPTABLE_CREDENTIAL),
                ("dave", code::UNACCEPTABLE_CREDENTIAL),
                ("", code::UNACCEPTABLE_CREDENTIAL),
            ]
        );
        assert_eq!(
            results[2].error_message.as_deref(),
            Some("Too few iterations")
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].0.as_str(), changes[0].1.as_str()),
            ("alice", "SCRAM-SHA-256")
        );
    }

    #[test]
    fn a_user_twice_is_refused_and_a_missing_credential_cannot_be_deleted() {
        let mut stored = Credentials::new();
        apply(
            alter(&[], &[upsert("alice", 2, 4096)], &stored).1,
            &mut stored,
        );
        let (results, changes) = alter(
            &[delete("alice", 2), delete("bob", 1), delete("alice", 1)],
            &[upsert("alice", 1, 4096)],
            &stored,
        );
        assert_eq!(
            codes(&results),
            [
                ("alice", code::DUPLICATE_RESOURCE),
                ("bob", code::RESOURCE_NOT_FOUND)
            ]
        );
        assert!(changes.is_empty());
        let (results, changes) = alter(&[delete("alice", 2)], &[], &stored);
        assert_eq!(codes(&results), [("alice", code::NONE)]);
        assert_eq!(
            changes,
            [("alice".to_string(), "SCRAM-SHA-512".to_string(), None)]
        );
    }

    #[test]
    fn describe_lists_mechanisms_and_iterations_only() {
        let mut stored = Credentials::new();
        apply(
            alter(&[], &[upsert("alice", 2, 4096)], &stored).1,
            &mut stored,
        );
        let all = describe(None, &stored);
        assert_eq!(all.len(), 1);
        assert_eq!(
            (
                all[0].credential_infos[0].mechanism,
                all[0].credential_infos[0].iterations
            ),
            (2, 4096)
        );
        let named = describe(
            Some(&["bob".to_string(), "alice".to_string(), "bob".to_string()]),
            &stored,
        );
        let codes: Vec<_> = named
            .iter()
            .map(|r| (r.user.as_str(), r.error_code))
            .collect();
        assert_eq!(
            codes,
            [("bob", code::DUPLICATE_RESOURCE), ("alice", code::NONE)]
        );
    }
}
