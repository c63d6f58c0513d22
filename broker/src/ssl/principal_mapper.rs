//! The principal of a TLS client, as Kafka's `SslPrincipalMapper` and
//! default principal builder make it: the subject of the client's
//! certificate written as Java's `X500Principal.getName()` does (RFC 2253:
//! the last RDN first, `CN=client,OU=eng,O=Acme,C=US`), mapped by
//! `ssl.principal.mapping.rules`:
//!
//! ```text
//! RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?)$/$1@$2/L,DEFAULT
//! ```
//!
//! Rules are tried in order; the first whose pattern matches the whole
//! name gives the principal (`$n` are its groups, `/L` or `/U` lower- or
//! upper-cases the result); `DEFAULT` is the name itself. A name no rule
//! maps has no principal: the connection is refused, as Kafka's
//! `NoMatchingRule` fails its authentication.
//!
//! Invariant: the rules are parsed once, at start; bad rules stop the
//! broker with a message naming the key.

use regex::Regex;
use x509_parser::prelude::{FromDer, X509Certificate};

/// One parsed rule.
#[derive(Debug, Clone)]
enum Rule {
    Default,
    Map {
        /// The pattern anchored at both ends (Java's `matches()`).
        whole: Regex,
        /// The pattern as written, for `replaceAll`.
        pattern: Regex,
        /// The replacement in the regex crate's syntax (`${1}`).
        replacement: String,
        lower: bool,
        upper: bool,
    },
}

/// `ssl.principal.mapping.rules`, parsed.
#[derive(Debug, Clone)]
pub struct SslPrincipalMapper {
    rules: Vec<Rule>,
}

impl SslPrincipalMapper {
    /// Parses the rules; Err says which rule is bad (the caller names the key).
    pub fn parse(rules: &str) -> Result<SslPrincipalMapper, String> {
        let mut parsed = Vec::new();
        let mut rest = rules.trim();
        while !rest.is_empty() {
            let (rule, after) = if let Some(after) = rest.strip_prefix("DEFAULT") {
                (Rule::Default, after)
            } else if let Some(body) = rest.strip_prefix("RULE:") {
                let (pattern, after) = until_slash(body)
                    .ok_or_else(|| format!("Invalid rule: {rest} (no / after the pattern)"))?;
                let (replacement, after) = until_slash(after)
                    .ok_or_else(|| format!("Invalid rule: {rest} (no / after the replacement)"))?;
                let (lower, upper) = (after.starts_with('L'), after.starts_with('U'));
                let compile = |p: &str| {
                    Regex::new(p).map_err(|e| format!("Invalid rule pattern {pattern}: {e}"))
                };
                let rule = Rule::Map {
                    whole: compile(&format!("^(?:{pattern})$"))?,
                    pattern: compile(&pattern)?,
                    replacement: java_replacement(&replacement),
                    lower,
                    upper,
                };
                (rule, after)
            } else {
                return Err(format!("Invalid rule: {rest}"));
            };
            parsed.push(rule);
            // What follows a rule up to the next separator is ignored, as
            // Kafka's lazy `.*?` does.
            rest = match after.find([',', '\n']) {
                Some(i) => after[i + 1..].trim_start(),
                None => "",
            };
        }
        if parsed.is_empty() {
            return Err("no rules".into());
        }
        Ok(SslPrincipalMapper { rules: parsed })
    }

    /// The principal name of a distinguished name; `None`: no rule maps it.
    pub fn name(&self, dn: &str) -> Option<String> {
        self.rules.iter().find_map(|rule| match rule {
            Rule::Default => Some(dn.to_string()),
            Rule::Map {
                whole,
                pattern,
                replacement,
                lower,
                upper,
            } => {
                if !whole.is_match(dn) {
                    return None;
                }
                let mapped = pattern.replace_all(dn, replacement.as_str()).into_owned();
                Some(match (lower, upper) {
                    (true, _) => mapped.to_lowercase(),
                    (_, true) => mapped.to_uppercase(),
                    _ => mapped,
                })
            }
        })
    }
}

/// The text up to the first unescaped `/` (`\/` stands for `/`), and what
/// follows it.
fn until_slash(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, '/')) => out.push('/'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '/' => return Some((out, &s[i + 1..])),
            _ => out.push(c),
        }
    }
    None
}

/// Java's `$1` in a replacement is the regex crate's `${1}` (which would
/// read `$1a` as a group named `1a`).
fn java_replacement(r: &str) -> String {
    let mut out = String::new();
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            let mut n = String::new();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                n.push(d);
            }
            out.push_str(&format!("${{{n}}}"));
        } else if c == '$' {
            out.push_str("$$");
        } else {
            out.push(c);
        }
    }
    out
}

/// The keywords Java's RFC 2253 form uses; other attributes are written
/// as their OID and `#` with the hex of the value's DER encoding.
const KEYWORDS: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
];

/// The subject of a DER certificate in RFC 2253 form, as Java writes it.
pub fn subject_name(der: &[u8]) -> Result<String, String> {
    let (_, cert) =
        X509Certificate::from_der(der).map_err(|e| format!("bad client certificate: {e}"))?;
    let mut rdns = Vec::new();
    for rdn in cert.subject().iter_rdn() {
        let mut parts = Vec::new();
        for attr in rdn.iter() {
            let oid = attr.attr_type().to_id_string();
            let part = match (KEYWORDS.iter().find(|(o, _)| *o == oid), attr.as_str()) {
                (Some((_, keyword)), Ok(value)) => format!("{keyword}={}", escape(value)),
                _ => format!("{oid}=#{}", hex(attr.attr_value().data)),
            };
            parts.push(part);
        }
        rdns.push(parts.join("+"));
    }
    rdns.reverse();
    Ok(rdns.join(","))
}

/// RFC 2253 escaping of an attribute value.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DN: &str = "CN=kafka-client,OU=ServiceUsers,O=Acme,L=Lisboa,ST=Lisboa,C=PT";

    #[test]
    fn default_is_the_distinguished_name() {
        let m = SslPrincipalMapper::parse("DEFAULT").unwrap();
        assert_eq!(m.name(DN).as_deref(), Some(DN));
    }

    #[test]
    fn rules_apply_in_order_with_groups_and_case() {
        // Kafka's documented example rules.
        let m = SslPrincipalMapper::parse(
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/ , RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,\nDEFAULT",
        )
        .unwrap();
        assert_eq!(m.name(DN).as_deref(), Some("kafka-client"));
        assert_eq!(
            m.name("CN=Admin,OU=Ops,O=Acme,L=Porto,ST=Porto,C=PT")
                .as_deref(),
            Some("admin@ops")
        );
        assert_eq!(m.name("CN=other").as_deref(), Some("CN=other"));
        let upper = SslPrincipalMapper::parse("RULE:^CN=([^,]*).*$/$1x/U").unwrap();
        assert_eq!(upper.name(DN).as_deref(), Some("KAFKA-CLIENTX"));
    }

    #[test]
    fn a_name_no_rule_maps_has_no_principal() {
        let m = SslPrincipalMapper::parse("RULE:^CN=(.*?),OU=Nobody$/$1/").unwrap();
        assert_eq!(m.name(DN), None);
    }

    #[test]
    fn escaped_slashes_and_bad_rules() {
        let m = SslPrincipalMapper::parse(r"RULE:^CN=a\/b$/ab/").unwrap();
        assert_eq!(m.name("CN=a/b").as_deref(), Some("ab"));
        for bad in ["RULE:^CN=(.*$/$1/", "RULE:^CN=x", "NOPE", ""] {
            assert!(SslPrincipalMapper::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_escaped_as_rfc_2253_says() {
        assert_eq!(escape("a,b+c"), r"a\,b\+c");
        assert_eq!(escape(" #x "), r"\ #x\ ");
        assert_eq!(escape("#x"), r"\#x");
    }
}
