//! Generates `protocol/src/messages/` from Apache Kafka's JSON message specs.
//!
//! ```text
//! cargo run -p codegen -- [--specs DIR] [--out DIR]
//! cargo run -p codegen -- --fetch
//! ```
//!
//! Defaults: the specs of [`SPEC_FOLDERS`] (the wire messages, and the
//! records the broker keeps in its own logs) of the Kafka release pinned in
//! `tools/codegen/kafka-specs.lock` (fetched once into
//! `~/.cache/tributary-kafka-specs/`, see `kafka_specs`), output to
//! `protocol/src/messages`. `--specs DIR` reads every spec of one folder. `--fetch` only fills that cache and prints its
//! folder. The output is committed; the test `committed_messages_are_not_stale`
//! fails when it differs from a fresh run.
//!
//! The generated code carries the facts of the specs (names, types, versions,
//! defaults, tags) and none of their prose.

mod emit;
mod jar;
mod kafka_specs;
mod spec;

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut specs = None;
    let mut out = root.join("protocol/src/messages");
    let mut fetch_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--specs" => specs = Some(PathBuf::from(args.next().expect("--specs DIR"))),
            "--out" => out = PathBuf::from(args.next().expect("--out DIR")),
            "--fetch" => fetch_only = true,
            other => {
                eprintln!(
                    "unknown argument {other}; usage: codegen [--specs DIR] [--out DIR] | --fetch"
                );
                std::process::exit(2);
            }
        }
    }
    let files = match specs {
        Some(dir) if !fetch_only => spec_files(&dir, None),
        _ => match pinned_specs() {
            Ok(dir) if fetch_only => {
                println!("{}", dir.display());
                return;
            }
            Ok(dir) => pinned_spec_files(&dir),
            Err(e) => Err(e),
        },
    };
    let generated = files.and_then(|files| generate(&files, &out));
    match generated {
        Ok(n) => eprintln!("generated {n} messages into {}", out.display()),
        Err(e) => {
            eprintln!("codegen failed: {e}");
            std::process::exit(1);
        }
    }
}

/// The folders of the pinned specs that are generated, and which of their
/// specs (`None`: all): the wire messages (kafka-clients), the records of
/// `__transaction_state` and a classic group's record in
/// `__consumer_offsets`. (`storage/producer_snapshot.rs` reads and writes
/// the producer snapshot file itself, with its CRC; `group/offsets.rs` the
/// offset commit records.)
const SPEC_FOLDERS: [(&str, Option<&[&str]>); 3] = [
    ("clients", None),
    ("transaction-coordinator", None),
    (
        "group-coordinator",
        Some(&["GroupMetadataKey.json", "GroupMetadataValue.json"]),
    ),
];

/// The spec files of [`SPEC_FOLDERS`] under the pinned specs' folder.
fn pinned_spec_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for (folder, only) in SPEC_FOLDERS {
        files.extend(spec_files(&root.join(folder), only)?);
    }
    Ok(files)
}

/// The `.json` specs of `dir` (those named in `only`, when given), sorted.
fn spec_files(dir: &Path, only: Option<&[&str]>) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            only.is_none_or(|names| names.contains(&name))
        })
        .collect();
    files.sort();
    if let Some(names) = only {
        if files.len() != names.len() {
            return Err(format!("{}: expected the specs {names:?}", dir.display()));
        }
    }
    Ok(files)
}

/// The pinned Kafka specs, fetched into the cache if needed.
fn pinned_specs() -> Result<PathBuf, String> {
    kafka_specs::ensure(&kafka_specs::Source::from_env()?)
}

/// Reads the `specs` files and writes one module per message into `out`,
/// plus `mod.rs`. Returns the number of messages.
pub fn generate(specs: &[PathBuf], out: &Path) -> Result<usize, String> {
    let mut messages = Vec::new();
    for path in specs {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let message = spec::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        messages.push(message);
    }
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    // Remove stale generated modules so that a deleted spec disappears too.
    for entry in std::fs::read_dir(out).map_err(|e| e.to_string())?.flatten() {
        if entry.path().extension().is_some_and(|x| x == "rs") {
            std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
        }
    }
    let mut written = Vec::new();
    for m in &messages {
        let file = out.join(format!("{}.rs", spec::snake(&m.name)));
        std::fs::write(&file, emit::message_module(m)).map_err(|e| e.to_string())?;
        written.push(file);
    }
    let mod_rs = out.join("mod.rs");
    std::fs::write(&mod_rs, emit::mod_rs(&messages)).map_err(|e| e.to_string())?;
    written.push(mod_rs);
    rustfmt(&written)?;
    Ok(messages.len())
}

fn rustfmt(files: &[PathBuf]) -> Result<(), String> {
    let status = std::process::Command::new("rustfmt")
        .args(["--edition", "2021"])
        .args(files)
        .status()
        .map_err(|e| format!("running rustfmt: {e}"))?;
    if !status.success() {
        return Err(format!("rustfmt failed: {status}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed `protocol/src/messages` must be exactly what the generator
    /// writes today from the pinned specs: edit the generator, never the output.
    /// Without the specs in the cache and without network it fails, saying what
    /// to run.
    #[test]
    fn committed_messages_are_not_stale() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let specs = pinned_specs()
            .and_then(|dir| pinned_spec_files(&dir))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = std::env::temp_dir().join(format!("tributary-codegen-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        generate(&specs, &out).expect("generate");
        let committed = root.join("protocol/src/messages");
        let mut names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        let mut committed_names: Vec<_> = std::fs::read_dir(&committed)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        committed_names.sort();
        assert_eq!(
            names, committed_names,
            "generated file set differs; run `cargo run -p codegen`"
        );
        for name in names {
            let fresh = std::fs::read_to_string(out.join(&name)).unwrap();
            let old = std::fs::read_to_string(committed.join(&name)).unwrap();
            assert!(
                fresh == old,
                "{name:?} is stale; run `cargo run -p codegen`"
            );
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}
