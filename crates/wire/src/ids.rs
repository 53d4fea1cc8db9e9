//! Id newtypes, so an organization id can never be passed where a user id belongs.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The nil id (`00000000-…`), which Bitwarden sends for "no value".
            pub const NIL: Self = Self(Uuid::nil());
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Bitwarden writes GUIDs lower-case and hyphenated.
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }
    };
}

id_type!(
    /// An organization (cloud or self-hosted; they have different ids).
    OrganizationId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A user's membership in an organization (Bitwarden's OrganizationUser).
    OrganizationUserId
);
id_type!(
    /// A self-hosted installation registered with the cloud.
    InstallationId
);
id_type!(
    /// An organization connection (billing sync) on a self-hosted server.
    ConnectionId
);
id_type!(
    /// A Families sponsorship row.
    SponsorshipId
);
