//! Organization connections in the database.

use crate::db::{self, get_bool, get_id, get_int, Pool};
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::connections::{BillingSyncConfig, OrganizationConnectionType};
use wire::ids::ConnectionId;
use wire::OrganizationId;

/// A connection row; `config` is the stored JSON text.
#[derive(Clone, Debug)]
pub struct Connection {
    pub id: ConnectionId,
    pub organization_id: OrganizationId,
    pub connection_type: u8,
    pub enabled: bool,
    pub config: ConnectionConfig,
}

/// What a connection's config column holds. Its `Debug` hides unreadable
/// text, which may hold a billing sync key.
#[derive(Clone, PartialEq)]
pub enum ConnectionConfig {
    /// NULL or blank.
    Missing,
    /// Text that is not a billing sync config; kept as it was, so a sync can
    /// report it and an unrelated update does not destroy it.
    Unreadable(String),
    BillingSync(BillingSyncConfig),
}

impl std::fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => f.write_str("Missing"),
            Self::Unreadable(_) => f.write_str("Unreadable([redacted])"),
            Self::BillingSync(config) => f.debug_tuple("BillingSync").field(config).finish(),
        }
    }
}

impl ConnectionConfig {
    /// The billing sync config, when the column holds one.
    pub fn billing_sync(&self) -> Option<&BillingSyncConfig> {
        match self {
            Self::BillingSync(config) => Some(config),
            Self::Missing | Self::Unreadable(_) => None,
        }
    }

    /// Reads the stored JSON (Bitwarden's PascalCase config).
    pub fn from_column(text: Option<String>) -> Self {
        match text.filter(|t| !t.trim().is_empty()) {
            None => Self::Missing,
            Some(text) => serde_json::from_str(&text)
                .map_or_else(|_| Self::Unreadable(text), Self::BillingSync),
        }
    }

    fn to_column(&self) -> Result<Option<String>, sqlx::Error> {
        match self {
            Self::Missing => Ok(None),
            Self::Unreadable(text) => Ok(Some(text.clone())),
            Self::BillingSync(config) => serde_json::to_string(config)
                .map(Some)
                .map_err(|e| sqlx::Error::Encode(Box::new(e))),
        }
    }
}

fn from_row(row: &AnyRow) -> Result<Connection, sqlx::Error> {
    Ok(Connection {
        id: get_id(row, "id")?,
        organization_id: get_id(row, "organization_id")?,
        connection_type: u8::try_from(get_int(row, "connection_type")?).unwrap_or(0),
        enabled: get_bool(row, "enabled")?,
        config: ConnectionConfig::from_column(row.try_get("config")?),
    })
}

const COLUMNS: &str = "id, organization_id, connection_type, enabled, config";

/// The org's connection of a type.
pub async fn find_for_org(
    pool: &Pool,
    org: OrganizationId,
    kind: OrganizationConnectionType,
) -> Result<Option<Connection>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM organization_connections WHERE organization_id = $1 AND connection_type = $2"))
        .bind(org.to_string())
        .bind(i64::from(u8::from(kind)))
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A connection by id.
pub async fn find(pool: &Pool, id: ConnectionId) -> Result<Option<Connection>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_connections WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Enabled connections of a type whose organization is enabled too.
pub async fn enabled_for_enabled_organizations(
    pool: &Pool,
    kind: OrganizationConnectionType,
) -> Result<Vec<Connection>, sqlx::Error> {
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query(&format!(
        "SELECT {columns} FROM organization_connections c JOIN organizations o ON o.id = c.organization_id \
         WHERE c.connection_type = $1 AND c.enabled = 1 AND o.enabled = 1 ORDER BY c.organization_id"
    ))
    .bind(i64::from(u8::from(kind)))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Inserts a connection; `Ok(false)` when the org already has one of this type.
pub async fn insert(pool: &Pool, connection: &Connection) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO organization_connections (id, organization_id, connection_type, enabled, config) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(connection.id.to_string())
    .bind(connection.organization_id.to_string())
    .bind(i64::from(connection.connection_type))
    .bind(db::flag(connection.enabled))
    .bind(connection.config.to_column()?)
    .execute(pool)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Replaces a connection's state and config.
pub async fn update(pool: &Pool, connection: &Connection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organization_connections SET enabled = $1, config = $2 WHERE id = $3")
        .bind(db::flag(connection.enabled))
        .bind(connection.config.to_column()?)
        .bind(connection.id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes a connection.
pub async fn delete(pool: &Pool, id: ConnectionId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM organization_connections WHERE id = $1")
        .bind(id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}
