//! The `hearth` binary's commands. `main.rs` only parses arguments; each
//! command here opens the store, does one job and reports in plain words.

#![forbid(unsafe_code)]

pub mod cli;
mod outcomes;
mod population;
mod returns;
mod seed;
mod staff;
mod users;

use cli::{Cli, Command, DataArgs, ServeArgs};
use hearth_store::Store;
use hearth_web::{AppState, Application, Config};
use std::net::SocketAddr;
use std::path::Path;

/// Errors a command reports before exiting with a failure status.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Store(#[from] hearth_store::StoreError),
    #[error("{0}")]
    Web(#[from] hearth_web::error::WebError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Return(#[from] hearth_returns::ReadError),
}

pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    // sqlx warns of every statement slower than a second with its SQL text:
    // placeholders, not values, but a bulk load would flood the log.
    let filter =
        EnvFilter::try_from_env("HEARTH_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

/// Opens the store the arguments name and brings its schema up to date.
pub async fn open(data: &DataArgs) -> Result<Store, CliError> {
    let store = match (&data.database, &data.data_dir) {
        (Some(url), _) => Store::connect(url).await?,
        (None, Some(dir)) => Store::open_data_dir(dir).await?,
        (None, None) => Store::open_data_dir(Path::new("data")).await?,
    };
    store.migrate().await?;
    Ok(store)
}

async fn serve(store: Store, args: &ServeArgs, banner: Option<String>) -> Result<(), CliError> {
    let config = Config {
        idle_timeout_secs: args.idle_minutes.max(1) * 60,
        secure_cookies: args.secure_cookies,
        ..Config::default()
    };
    let state = AppState::new(store, config).await?;
    let addr: SocketAddr = format!("{}:{}", args.bind, args.port)
        .parse()
        .map_err(|_| CliError::Usage(format!("'{}' is not an address to listen on", args.bind)))?;
    let app = Application::bind(addr, state).await?;
    let local = app.local_addr()?;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        local.ip().to_string()
    };
    let url = format!("http://{host}:{}/", local.port());
    println!("Hearth is running at {url}");
    if let Some(b) = banner {
        println!("{b}");
    }
    tracing::info!(port = local.port(), "listening");
    app.run().await?;
    Ok(())
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Demo {
            serve: args,
            data_dir,
            size,
            seed,
        } => {
            let store = open(&DataArgs {
                data_dir: Some(data_dir.clone()),
                database: None,
            })
            .await?;
            if store.event_count().await? == 0 {
                println!(
                    "Creating a synthetic council in {} (seed {seed}, size {size})...",
                    data_dir.display()
                );
                seed::load(&store, seed, size, true).await?;
            }
            let banner = seed::demo_banner(&store).await?;
            serve(store, &args, Some(banner)).await
        }
        Command::Serve { data, serve: args } => {
            let store = open(&data).await?;
            serve(store, &args, None).await
        }
        Command::Migrate { data } => {
            let store = match (&data.database, &data.data_dir) {
                (Some(url), _) => Store::connect(url).await?,
                (None, dir) => {
                    Store::open_data_dir(dir.as_deref().unwrap_or(Path::new("data"))).await?
                }
            };
            let n = store.migrate().await?;
            println!(
                "{n} migration(s) applied; the {} database is up to date.",
                store.backend().name()
            );
            Ok(())
        }
        Command::Rebuild { data } => {
            let store = open(&data).await?;
            let events = store.event_count().await?;
            let docs = store.rebuild().await?;
            println!("Rebuilt {docs} projected records from {events} journal events.");
            Ok(())
        }
        Command::Synth {
            data,
            seed,
            size,
            with_demo_logins,
        } => {
            if !(size > 0.0 && size <= 200.0) {
                return Err(CliError::Usage(
                    "--size must be more than 0 and at most 200".into(),
                ));
            }
            let store = open(&data).await?;
            if store.event_count().await? > 0 {
                return Err(CliError::Usage(
                    "the database already holds records; synth only fills an empty database".into(),
                ));
            }
            let stats = seed::load(&store, seed, size, with_demo_logins).await?;
            println!("{stats}");
            Ok(())
        }
        Command::Validate { collection } => returns::validate(collection),
        Command::Export { data, collection } => {
            let store = open(&data).await?;
            returns::export(&store, collection).await
        }
        Command::Import {
            data,
            collection: cli::ImportCollection::Staff { input },
        } => {
            let store = open(&data).await?;
            staff::import(&store, &input).await
        }
        Command::Import {
            data,
            collection: cli::ImportCollection::Population { input },
        } => {
            let store = open(&data).await?;
            population::import(&store, &input).await
        }
        Command::Import { data, collection } => {
            let store = open(&data).await?;
            returns::import(&store, collection).await
        }
        Command::Outcomes { data, args } => {
            let store = open(&data).await?;
            outcomes::run(&store, &args).await
        }
        Command::User { data, action } => {
            let store = open(&data).await?;
            users::run(&store, action).await
        }
    }
}
