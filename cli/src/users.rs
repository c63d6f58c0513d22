//! `tributary users add|list|remove`: SCRAM users, as `kafka-configs
//! --entity-type users --add-config 'SCRAM-SHA-512=[password=...]'` manages
//! them (AlterUserScramCredentials, DescribeUserScramCredentials). The
//! password is salted here, as Kafka's tools salt it: it never reaches the
//! broker. Read from stdin with `--password-stdin`, so that it stays out of
//! the process list and the shell history.

use bytes::Bytes;
use clap::{Args, Subcommand};
use protocol::messages::alter_user_scram_credentials_request::{
    ScramCredentialDeletion, ScramCredentialUpsertion,
};
use protocol::messages::describe_user_scram_credentials_request::UserName;
use protocol::messages::{
    AlterUserScramCredentialsRequest, DescribeUserScramCredentialsRequest, RequestBody,
};

use broker::sasl::scram::{ScramMechanism, MAX_ITERATIONS, MIN_ITERATIONS};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result};

#[derive(Args, Debug)]
pub struct UsersArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: UsersCommand,
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// Create a SCRAM user, or change its password.
    Add {
        name: String,
        /// SCRAM-SHA-256 or SCRAM-SHA-512.
        #[arg(long, default_value = "SCRAM-SHA-512")]
        mechanism: String,
        /// Kafka's bounds: 4096 to 16384.
        #[arg(long, default_value_t = 8192)]
        iterations: i32,
        /// The password (visible to other users of the machine: prefer --password-stdin).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// The users and their SCRAM mechanisms.
    List,
    /// Delete a user's credential for a mechanism.
    Remove {
        name: String,
        #[arg(long, default_value = "SCRAM-SHA-512")]
        mechanism: String,
    },
}

pub fn run(args: UsersArgs) -> i32 {
    crate::client::run_command(&args.connect, "tributary-users", |mut client| async move {
        match args.command {
            UsersCommand::Add {
                name,
                mechanism,
                iterations,
                password,
                password_stdin,
            } => {
                let password = match (password, password_stdin) {
                    (Some(p), _) => p,
                    (None, true) => read_password()?,
                    (None, false) => {
                        return Err(Error::Other(
                            "give the password with --password-stdin (or --password)".into(),
                        ))
                    }
                };
                add(&mut client, &name, &mechanism, iterations, &password).await
            }
            UsersCommand::List => list(&mut client).await,
            UsersCommand::Remove { name, mechanism } => {
                remove(&mut client, &name, &mechanism).await
            }
        }
    })
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::Other(format!("cannot read the password from stdin: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(Error::Other("the password read from stdin is empty".into()));
    }
    Ok(password)
}

fn mechanism(name: &str) -> Result<ScramMechanism> {
    ScramMechanism::by_name(name).ok_or_else(|| {
        Error::Other(format!(
            "unknown mechanism {name}: SCRAM-SHA-256 or SCRAM-SHA-512"
        ))
    })
}

/// The per-user results of an AlterUserScramCredentials.
async fn alter(client: &mut Client, request: AlterUserScramCredentialsRequest) -> Result<()> {
    let response = expect_body!(
        client
            .send(RequestBody::AlterUserScramCredentials(request))
            .await?,
        AlterUserScramCredentials
    )?;
    for r in response.results {
        if r.error_code != 0 {
            return Err(Error::kafka(r.error_code, r.error_message));
        }
    }
    Ok(())
}

async fn add(
    client: &mut Client,
    name: &str,
    mechanism_name: &str,
    iterations: i32,
    password: &str,
) -> Result<()> {
    let m = mechanism(mechanism_name)?;
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
        return Err(Error::Other(format!(
            "--iterations {iterations}: Kafka takes {MIN_ITERATIONS} to {MAX_ITERATIONS}"
        )));
    }
    let mut salt = uuid::Uuid::new_v4().as_bytes().to_vec();
    salt.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    let salted = m.salted_password(password.as_bytes(), &salt, iterations as u32);
    alter(
        client,
        AlterUserScramCredentialsRequest {
            upsertions: vec![ScramCredentialUpsertion {
                name: name.to_string(),
                mechanism: m.code,
                iterations,
                salt: Bytes::from(salt),
                salted_password: Bytes::from(salted),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .await?;
    println!("Set the {} credential of user {name}.", m.name);
    Ok(())
}

async fn remove(client: &mut Client, name: &str, mechanism_name: &str) -> Result<()> {
    let m = mechanism(mechanism_name)?;
    alter(
        client,
        AlterUserScramCredentialsRequest {
            deletions: vec![ScramCredentialDeletion {
                name: name.to_string(),
                mechanism: m.code,
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .await?;
    println!("Removed the {} credential of user {name}.", m.name);
    Ok(())
}

async fn list(client: &mut Client) -> Result<()> {
    let response = expect_body!(
        client
            .send(RequestBody::DescribeUserScramCredentials(
                DescribeUserScramCredentialsRequest {
                    users: None::<Vec<UserName>>,
                    ..Default::default()
                }
            ))
            .await?,
        DescribeUserScramCredentials
    )?;
    if response.error_code != 0 {
        return Err(Error::kafka(response.error_code, response.error_message));
    }
    for user in response.results {
        let credentials: Vec<String> = user
            .credential_infos
            .iter()
            .map(|c| {
                let name = ScramMechanism::by_code(c.mechanism).map_or("UNKNOWN", |m| m.name);
                format!("{name}=iterations={}", c.iterations)
            })
            .collect();
        println!("{}\t{}", user.user, credentials.join(","));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_are_kafkas_names() {
        assert_eq!(
            mechanism("SCRAM-SHA-512").unwrap(),
            broker::sasl::scram::SCRAM_SHA_512
        );
        assert!(mechanism("PLAIN").is_err());
    }
}
