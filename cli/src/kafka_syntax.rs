//! Kafka's tool syntax, accepted where it maps one-to-one onto a tributary
//! subcommand: `kafka-topics.sh --create --topic T ...` is `tributary topics
//! create --topic T ...`, `kafka-consumer-groups.sh --describe --group G` is
//! `tributary groups describe --group G`. The action flag is rewritten into
//! the subcommand before clap parses the command line; every other flag is
//! left for clap (the subcommands already take Kafka's flag names).
//!
//! Invariant: a command line without an action flag is returned unchanged,
//! and nothing after `--` is looked at.

/// kafka-topics.sh's actions and the `topics` subcommand of each.
const TOPICS_ACTIONS: &[(&str, &str)] = &[
    ("--create", "create"),
    ("--list", "list"),
    ("--describe", "describe"),
    ("--alter", "alter"),
    ("--delete", "delete"),
];

/// kafka-consumer-groups.sh's actions and the `groups` subcommand of each.
const GROUPS_ACTIONS: &[(&str, &str)] = &[
    ("--list", "list"),
    ("--describe", "describe"),
    ("--delete", "delete"),
    ("--reset-offsets", "reset-offsets"),
];

/// Rewrites a Kafka-style action flag into its subcommand. `Err` is the
/// message for a command line with several actions (Kafka refuses those too).
pub fn rewrite(args: Vec<String>) -> Result<Vec<String>, String> {
    let actions = match args.get(1).map(String::as_str) {
        Some("topics") => TOPICS_ACTIONS,
        Some("groups") => GROUPS_ACTIONS,
        _ => return Ok(args),
    };
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let found: Vec<(usize, &str)> = args[2..end]
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            actions
                .iter()
                .find(|(flag, _)| flag == a)
                .map(|(_, sub)| (i + 2, *sub))
        })
        .collect();
    match found.as_slice() {
        [] => Ok(args),
        [(at, sub)] => {
            let mut out = args.clone();
            out.remove(*at);
            out.insert(2, (*sub).to_string());
            // `groups --describe --offsets` is Kafka's default view.
            if args[1] == "groups" && *sub == "describe" {
                out.retain(|a| a != "--offsets");
            }
            Ok(out)
        }
        _ => {
            let flags: Vec<&str> = actions.iter().map(|(f, _)| *f).collect();
            Err(format!(
                "Command must include exactly one action: {}",
                flags.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn rw(s: &str) -> String {
        rewrite(argv(s)).unwrap().join(" ")
    }

    #[test]
    fn topics_actions_become_subcommands() {
        assert_eq!(
            rw("tributary topics --create --topic t --partitions 3 --replication-factor 1"),
            "tributary topics create --topic t --partitions 3 --replication-factor 1"
        );
        assert_eq!(
            rw("tributary topics --bootstrap-server h:1 --list"),
            "tributary topics list --bootstrap-server h:1"
        );
        assert_eq!(
            rw("tributary topics --describe --topic t"),
            "tributary topics describe --topic t"
        );
        assert_eq!(
            rw("tributary topics --topic t --delete"),
            "tributary topics delete --topic t"
        );
        assert!(rewrite(argv("tributary topics --list --describe")).is_err());
    }

    #[test]
    fn groups_actions_become_subcommands() {
        assert_eq!(
            rw("tributary groups --all-groups --describe"),
            "tributary groups describe --all-groups"
        );
        assert_eq!(
            rw("tributary groups --describe --group g --offsets"),
            "tributary groups describe --group g"
        );
        assert_eq!(rw("tributary groups --list"), "tributary groups list");
    }

    #[test]
    fn other_command_lines_are_unchanged() {
        for s in [
            "tributary topics list",
            "tributary topics create t",
            "tributary produce t -- --list",
            "tributary consume --describe",
            "tributary",
        ] {
            assert_eq!(rw(s), s);
        }
    }
}
