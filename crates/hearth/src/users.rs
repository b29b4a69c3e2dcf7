//! `hearth user ...`: account administration from the command line.

use crate::cli::UserAction;
use crate::CliError;
use hearth_core::audit::{AuditEvent, Audited, Outcome};
use hearth_core::event::{Event, EventBody};
use hearth_core::identifiers::RegistrationNumber;
use hearth_core::ids::UserId;
use hearth_core::model::*;
use hearth_store::Store;
use hearth_web::password;
use hearth_web::session::{random_token, token_hash};
use std::io::Read;

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

async fn find(store: &Store, username: &str) -> Result<Practitioner, CliError> {
    store
        .practitioner_by_username(username)
        .await?
        .ok_or_else(|| CliError::Usage(format!("there is no user called '{username}'")))
}

pub async fn run(store: &Store, action: UserAction) -> Result<(), CliError> {
    match action {
        UserAction::Add {
            username,
            name,
            discipline,
            registration,
            team,
            agency,
            password_stdin,
        } => {
            let username = username.trim().to_lowercase();
            if username.is_empty()
                || !username
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
            {
                return Err(CliError::Usage(
                    "a username uses letters, numbers, dots, hyphens or underscores".into(),
                ));
            }
            if store.credential_by_username(&username).await?.is_some()
                || store.practitioner_by_username(&username).await?.is_some()
            {
                return Err(CliError::Usage(format!(
                    "the username '{username}' is already taken"
                )));
            }
            let discipline = Discipline::from_code(&discipline).ok_or_else(|| {
                CliError::Usage(format!(
                    "unknown discipline '{discipline}'; use one of: {}",
                    Discipline::ALL
                        .iter()
                        .map(|d| d.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let registration_number = registration
                .map(|r| RegistrationNumber::parse(&r).map_err(|e| CliError::Usage(e.to_string())))
                .transpose()?;
            let team_id = match team {
                Some(t) => Some(
                    store
                        .teams()
                        .await?
                        .into_iter()
                        .find(|x| x.name.eq_ignore_ascii_case(t.trim()))
                        .ok_or_else(|| CliError::Usage(format!("there is no team called '{t}'")))?
                        .id,
                ),
                None => None,
            };
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                let s = s.trim_end_matches(['\n', '\r']).to_string();
                password::check_strength(&s).map_err(|m| CliError::Usage(m.into()))?;
                s
            } else {
                random_token()
            };
            let id = UserId::new();
            let mut events = vec![Event::new(
                None,
                today(),
                EventBody::PractitionerRegistered {
                    practitioner: Practitioner {
                        id,
                        username: username.clone(),
                        display_name: name,
                        discipline,
                        registration_number,
                        employment: if agency {
                            Employment::Agency
                        } else {
                            Employment::Permanent
                        },
                        email: None,
                        active: true,
                        memberships: vec![],
                    },
                },
            )];
            if let Some(team_id) = team_id {
                events.push(Event::new(
                    None,
                    today(),
                    EventBody::MembershipStarted {
                        user_id: id,
                        membership: Membership {
                            team_id,
                            unit_id: None,
                            from: today(),
                            to: None,
                        },
                    },
                ));
            }
            store.append(events).await?;
            store
                .set_credential(id, &username, &password::hash(&password).await?)
                .await?;
            store
                .audit(&AuditEvent::new(
                    None,
                    Audited::UserAdded,
                    Some(id.0),
                    Outcome::Allowed,
                ))
                .await?;
            if password_stdin {
                println!("Added {username}.");
            } else {
                println!("Added {username}. One-time password (shown once): {password}");
            }
            Ok(())
        }
        UserAction::List { json } => {
            let mut users = store.practitioners().await?;
            users.sort_by(|a, b| a.username.cmp(&b.username));
            if json {
                let v: Vec<serde_json::Value> = users
                    .iter()
                    .map(|p| serde_json::json!({
                        "id": p.id, "username": p.username, "display_name": p.display_name,
                        "discipline": p.discipline, "employment": p.employment, "active": p.active,
                    }))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                for p in users {
                    println!(
                        "{:<28} {:<32} {:<32} {}",
                        p.username,
                        p.display_name,
                        p.discipline.label(),
                        if p.active { "active" } else { "disabled" }
                    );
                }
            }
            Ok(())
        }
        UserAction::Disable { username } => {
            let p = find(store, &username).await?;
            if p.active {
                store
                    .append(vec![Event::new(
                        None,
                        today(),
                        EventBody::PractitionerDisabled { user_id: p.id },
                    )])
                    .await?;
            }
            store.disable_credential(p.id).await?;
            store
                .audit(&AuditEvent::new(
                    None,
                    Audited::UserDisabled,
                    Some(p.id.0),
                    Outcome::Allowed,
                ))
                .await?;
            println!(
                "Disabled {}: sessions ended and API tokens revoked.",
                p.username
            );
            Ok(())
        }
        UserAction::ResetPassword { username } => {
            let p = find(store, &username).await?;
            let new = random_token();
            store
                .set_credential(p.id, &p.username, &password::hash(&new).await?)
                .await?;
            store.end_sessions(p.id).await?;
            store
                .audit(&AuditEvent::new(
                    None,
                    Audited::PasswordReset,
                    Some(p.id.0),
                    Outcome::Allowed,
                ))
                .await?;
            println!(
                "New one-time password for {} (shown once): {new}",
                p.username
            );
            Ok(())
        }
        UserAction::Token { username } => {
            let p = find(store, &username).await?;
            if !p.active {
                return Err(CliError::Usage(format!("{username} is disabled")));
            }
            let token = random_token();
            store.add_api_token(&token_hash(&token), p.id).await?;
            store
                .audit(&AuditEvent::new(
                    None,
                    Audited::TokenIssued,
                    Some(p.id.0),
                    Outcome::Allowed,
                ))
                .await?;
            println!("{token}");
            Ok(())
        }
    }
}
