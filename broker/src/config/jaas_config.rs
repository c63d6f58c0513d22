//! A `sasl.jaas.config` value, as Kafka's `JaasConfig` parses it:
//!
//! ```text
//! org.apache.kafka.common.security.plain.PlainLoginModule required
//!     username="admin" password="admin-secret" user_alice="alice-secret";
//! ```
//!
//! one login module (its class and control flag), then `key=value` options
//! (a value quoted, with `\` escaping the next character, or a bare word),
//! then `;`. Kafka takes exactly one module per mechanism.
//!
//! Invariant: errors never quote an option's value (they are passwords).

use std::collections::BTreeMap;

/// One parsed login module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JaasConfig {
    pub login_module: String,
    pub control_flag: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Equals,
    Semicolon,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '=' => {
                chars.next();
                out.push(Token::Equals);
            }
            ';' => {
                chars.next();
                out.push(Token::Semicolon);
            }
            '"' | '\'' => {
                let quote = c;
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a quoted value is not closed".into()),
                        Some('\\') => match chars.next() {
                            Some(escaped) => value.push(escaped),
                            None => return Err("a quoted value is not closed".into()),
                        },
                        Some(q) if q == quote => break,
                        Some(other) => value.push(other),
                    }
                }
                out.push(Token::Quoted(value));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '=' | ';' | '"' | '\'') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
        }
    }
    Ok(out)
}

impl JaasConfig {
    /// Parses a value holding exactly one login module. Err: why, without
    /// the value (the caller names the key).
    pub fn parse(text: &str) -> Result<JaasConfig, String> {
        let mut modules = Vec::new();
        let mut tokens = tokens(text)?.into_iter().peekable();
        while tokens.peek().is_some() {
            let Some(Token::Word(login_module)) = tokens.next() else {
                return Err("expected a login module class".into());
            };
            let control_flag = match tokens.next() {
                Some(Token::Word(flag))
                    if ["required", "requisite", "sufficient", "optional"]
                        .contains(&flag.to_ascii_lowercase().as_str()) =>
                {
                    flag.to_ascii_lowercase()
                }
                _ => return Err(format!("login module {login_module}: expected a control flag (required, requisite, sufficient or optional)")),
            };
            let mut options = BTreeMap::new();
            loop {
                match tokens.next() {
                    Some(Token::Semicolon) => break,
                    Some(Token::Word(key)) => {
                        if tokens.next() != Some(Token::Equals) {
                            return Err(format!("option {key}: expected ="));
                        }
                        let value = match tokens.next() {
                            Some(Token::Word(v)) | Some(Token::Quoted(v)) => v,
                            _ => return Err(format!("option {key}: expected a value")),
                        };
                        options.insert(key, value);
                    }
                    None => return Err("expected ; at the end of the login module".into()),
                    Some(_) => return Err("expected an option key=value or ;".into()),
                }
            }
            modules.push(JaasConfig {
                login_module,
                control_flag,
                options,
            });
        }
        match modules.len() {
            1 => Ok(modules.pop().expect("one")),
            n => Err(format!(
                "JAAS config property contains {n} login modules, should be 1 module"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafkas_plain_example_parses() {
        let c = JaasConfig::parse(
            r#"org.apache.kafka.common.security.plain.PlainLoginModule required
               username="admin" password="admin-secret"
               user_admin="admin-secret" user_alice='al"ice' user_bob=bare;"#,
        )
        .unwrap();
        assert_eq!(
            c.login_module,
            "org.apache.kafka.common.security.plain.PlainLoginModule"
        );
        assert_eq!(c.control_flag, "required");
        assert_eq!(c.options["user_alice"], "al\"ice");
        assert_eq!(c.options["user_bob"], "bare");
        assert_eq!(c.options.len(), 5);
    }

    #[test]
    fn escapes_and_errors() {
        let c = JaasConfig::parse(r#"M required a="x\"y\\z";"#).unwrap();
        assert_eq!(c.options["a"], r#"x"y\z"#);
        for bad in [
            "",
            "M required a=\"secret-value\"",
            "M always;",
            "M required a;",
            "M required a=\"unclosed;",
            "M required; N required;",
        ] {
            let e = JaasConfig::parse(bad).unwrap_err();
            assert!(!e.contains("secret-value"), "{e}");
        }
    }
}
